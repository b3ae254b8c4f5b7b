// The lazy epoch sequence and the diagnostics channel from F#.
// Run after a Release build: dotnet fsi docs/examples/snippets/concepts.fsx
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

// <epochs>
// Stream the run and stop when the loss improves by less than 0.1 % in an epoch: the epochs after it never run.
let converged =
    model.Epochs(Adam(LearningRate = 1.0), Loss.MeanSquaredError, x, y, FitOptions<float32>(Epochs = 1000, BatchSize = 100))
    |> Seq.pairwise
    |> Seq.takeWhile (fun (before, after) -> after.Log["loss"] > 2.0 || after.Log["loss"] < before.Log["loss"] * 0.999)
    |> Seq.map snd
    |> Seq.last
printfn "converged after epoch %d: %O" converged.Epoch converged.Log
// </epochs>

// <diagnostics>
// Warnings and notices arrive as Diagnostic records; this one says the inputs are far outside the training range.
let subscription = Diagnostics.Subscribe(fun d -> printfn "%O %s: %s" d.Level d.Source d.Message)
converged.Model.Predict(MatrixData.Column<float32> [ 1000.0 ]) |> ignore
subscription.Dispose()
// </diagnostics>
