// Lab part 2 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab02-learning-rate-sweep.fsx
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
let model = Sequential.Create(0UL, Layers.Input 1, Layers.Dense 1)
let options = FitOptions<float32>(Epochs = 100, BatchSize = 100)

let finalLoss rate = model.Fit(Adam(LearningRate = rate), Loss.MeanSquaredError, x, y, options).History.Final()

let sweep = Ranges.Logspace(-5.0, 2.0, 8) |> Seq.map (fun rate -> rate, finalLoss rate) |> Seq.toList
for rate, loss in sweep do printfn "learning rate %-8g final loss %12g" rate loss
sweep |> List.minBy snd |> fst |> printfn "best learning rate: %g"
