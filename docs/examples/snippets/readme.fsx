// The README's F# example (the part between the region markers is what the README shows).
// Run after a Release build: dotnet fsi docs/examples/snippets/readme.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
// <readme>
open Functional.Core
open Functional.Core.Random
open Functional.Models

let random = NumpyRandomState 0L
let xs = Ranges.Arange(0.0, 10.0, 0.1)
let noise = random.Normal xs.Count
let x = MatrixData.Column<float32> xs
let y = xs |> Seq.mapi (fun i v -> 2.0 * v + 3.0 + noise[i]) |> MatrixData.Column<float32>

let model = Sequential.Create(0UL, Layers.Input 1, Layers.Dense 1)
let result = model.Fit(Adam(LearningRate = 0.1), Loss.MeanSquaredError, x, y, FitOptions<float32>(Epochs = 100, BatchSize = 100))
printfn "final loss %.3f" (result.History.Final "loss")
// </readme>
