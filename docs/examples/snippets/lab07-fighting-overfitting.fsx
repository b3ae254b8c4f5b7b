// Fighting overfitting in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab07-fighting-overfitting.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
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

// Part 4's network, with an optional L2 penalty on both kernels and an optional Dropout after the hidden layer.
let network (l2: Regularizer option) (dropout: float option) : LayerSpec list =
    let penalty = Option.toObj l2
    [ yield Layers.Input 1
      yield Layers.Dense(3, Activation.Tanh, kernelRegularizer = penalty)
      match dropout with
      | Some rate -> yield Layers.Dropout rate
      | None -> ()
      yield Layers.Dense(1, kernelRegularizer = penalty) ]

let cell = FitOptions<float32>(Epochs = 500, BatchSize = 10, Validation = validation, Metrics = [ Metric.MeanSquaredError ])
let early = cell.With(Callbacks = [ EarlyStopping("val_loss", Patience = 50, RestoreBestWeights = true) ])
let remedies =
    [ "none", network None None, cell
      "early stopping", network None None, early
      "L2 0.01", network (Some(Regularizers.L2 0.01)) None, cell
      "dropout 0.2", network None (Some 0.2), cell
      "L2 0.01 + dropout 0.2", network (Some(Regularizers.L2 0.01)) (Some 0.2), cell ]

for name, layers, options in remedies do
    let fit = Sequential.Build<float32>(layers, 0UL).Fit(Adam(LearningRate = 0.01), Loss.MeanSquaredError, train, options)
    let returned = Metric.MeanSquaredError.Compute(fit.Model.Predict validation.X, validation.Y)
    printfn "%-22s best val_mse %.4f, returned model's val MSE %.4f after %d epochs"
        name (Seq.min fit.History["val_mse"]) returned fit.History.Epochs.Count
