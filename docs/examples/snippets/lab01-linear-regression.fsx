// Lab part 1 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab01-linear-regression.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

let xs = Ranges.Arange(0.0, 10.0, 0.1)
let noise = NumpyRandomState(0L).Normal xs.Count
let x = MatrixData.Column<float32> xs
let y = xs |> Seq.mapi (fun i v -> 2.0 * v + 3.0 + noise[i]) |> MatrixData.Column<float32>

let result =
    Sequential.Create(0UL, Layers.Input 1, Layers.Dense 1)
        .Fit(Adam(LearningRate = 100.0), Loss.MeanSquaredError, x, y, FitOptions<float32>(Epochs = 100, BatchSize = 100))

let dense = result.Model.Layers[0] :?> Dense<float32>
printfn "y = %.3f x + %.3f, final loss %.3f" dense.Kernel[0, 0] dense.Bias[0, 0] (result.History.Final())
