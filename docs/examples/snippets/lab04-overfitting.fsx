// Lab part 4 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab04-overfitting.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

// Train on x = 0 ... 9, validate on x1 = 0 ... 9.9: ln(x + 1) + 0.2 * noise, drawn in the cell's order from one stream.
let random = NumpyRandomState 0L
let noisyLn (xs: float list) =
    let noise = random.Normal xs.Length
    let ys = xs |> List.mapi (fun i v -> log (v + 1.0) + noise[i] * 0.2)
    Dataset<float32>(MatrixData.Column<float32> xs, MatrixData.Column<float32> ys)
let train = noisyLn [ for i in 0 .. 9 -> float i ]
let validation = noisyLn (List.ofSeq (Ranges.Arange(0.0, 10.0, 0.1)))

let model = Sequential.Create(0UL, Layers.Input 1, Layers.Dense(3, Activation.Tanh), Layers.Dense 1)
let cell = FitOptions<float32>(Epochs = 500, BatchSize = 10, Validation = validation)
let fit options = model.Fit(Adam(LearningRate = 0.01), Loss.MeanSquaredError, train, options)

let history = (fit cell).History
let best = history.ValidationLoss |> Seq.indexed |> Seq.minBy snd |> fst
printfn "the cell: lowest val_loss %.4f at epoch %d; after 500 epochs val_loss %.4f" (Seq.min history.ValidationLoss) (best + 1) (history.Final "val_loss")

// The extension: Keras' EarlyStopping, patience 50, restoring the best weights.
let stopped = (fit (cell.With(Callbacks = [ EarlyStopping(Monitor = "val_loss", Patience = 50, RestoreBestWeights = true) ]))).History
match Option.ofNullable stopped.RestoredEpoch with
| Some epoch -> printfn "early stopping kept the weights of epoch %d" epoch
| None -> printfn "early stopping never stopped: all %d epochs ran" stopped.Epochs.Count
