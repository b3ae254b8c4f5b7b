// Lab part 4 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab04-overfitting.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

let random = NumpyRandomState 0L
let draw n =
    let xs = random.Uniform(n, 0.0, 10.0)
    let noise = random.Normal n
    let ys = xs |> Seq.mapi (fun i v -> log (v + 1.0) + 0.1 * noise[i])
    Dataset<float32>(MatrixData.Column<float32> xs, MatrixData.Column<float32> ys)
let train = draw 10
let validation = draw 100

let options =
    FitOptions<float32>(Epochs = 500, BatchSize = 10, Validation = validation,
                        Callbacks = [ EarlyStopping(Monitor = "val_loss", Patience = 50, RestoreBestWeights = true) ])
let result =
    Sequential.Create(0UL, Layers.Input 1, Layers.Dense(10, Activation.Tanh), Layers.Dense 1)
        .Fit(Adam(LearningRate = 0.01), Loss.MeanSquaredError, train, options)

let history = result.History
printfn "stopped: %O" history.Stop
match Option.ofNullable history.RestoredEpoch with
| Some epoch -> printfn "kept the weights of epoch %d: val_loss %.4f" epoch (Seq.min history.ValidationLoss)
| None -> printfn "ran all %d epochs" history.Epochs.Count
