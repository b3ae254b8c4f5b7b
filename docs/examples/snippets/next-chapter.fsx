// The next chapter in F#: dropout, an L2 penalty, AdamW with clipping, and Keras' callbacks.
// Run after a Release build: dotnet fsi docs/examples/snippets/next-chapter.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open System
open System.IO
open Functional.Core
open Functional.Core.Random
open Functional.Models

let random = NumpyRandomState 0L
let noisyLn (xs: float list) =
    let noise = random.Normal xs.Length
    let ys = xs |> List.mapi (fun i v -> log (v + 1.0) + noise[i] * 0.2)
    Dataset<float32>(MatrixData.Column<float32> xs, MatrixData.Column<float32> ys)
let train = noisyLn [ for i in 0 .. 9 -> float i ]
let validation = noisyLn (List.ofSeq (Ranges.Arange(0.0, 10.0, 0.1)))

// <regularized>
let model =
    Sequential.Create(0UL,
        Layers.Input 1,
        Layers.Dense(32, Activation.Tanh, kernelRegularizer = Regularizers.L2 1e-3),
        Layers.Dropout 0.2,
        Layers.Dense 1)
let optimizer = AdamW(LearningRate = 1e-2, WeightDecay = 1e-4, ClipNorm = Nullable 1.0)
// </regularized>

// <callbacks>
let folder = Path.Combine(Path.GetTempPath(), $"next-chapter-fsx-{Environment.ProcessId}")
Directory.CreateDirectory folder |> ignore
let options =
    FitOptions<float32>(Epochs = 500, BatchSize = 10, Seed = 1UL, Validation = validation,
        Callbacks = [ EarlyStopping("val_loss", Patience = 50, RestoreBestWeights = true) :> Callback
                      ReduceLROnPlateau("val_loss", Factor = 0.5, Patience = 20)
                      CsvLogger(Path.Combine(folder, "log.csv")) ])
let history = model.Fit(optimizer, Loss.MeanSquaredError, train, options).History
printfn "%O" history.Stop
printfn "best val_loss %.4f; learning rates used: %s" (Seq.min history.ValidationLoss)
    (history["learning_rate"] |> Seq.distinct |> Seq.map string |> String.concat ", ")
// </callbacks>
Directory.Delete(folder, true)
