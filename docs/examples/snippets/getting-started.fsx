// Getting started in F#: build, train, evaluate, predict, save.
// Run after a Release build: dotnet fsi docs/examples/snippets/getting-started.fsx
// <references>
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
// </references>
// <data>
open Functional.Core
open Functional.Core.Random
open Functional.Models

// A batch is a MathNet matrix with one sample per row. Here: 100 points of y = 2x + 3 + noise.
let xs = Ranges.Arange(0.0, 10.0, 0.1)
let noise = NumpyRandomState(0L).Normal xs.Count
let x = MatrixData.Column<float32> xs
let y = xs |> Seq.mapi (fun i v -> 2.0 * v + 3.0 + noise[i]) |> MatrixData.Column<float32>
// </data>

// <model>
// Layers are specifications; a list of them needs its element type, LayerSpec, written once.
let layers : LayerSpec list = [ Layers.Input 1; Layers.Dense(8, Activation.Tanh); Layers.Dense 1 ]
let model = Sequential.Build<float32>(layers, 0UL)
printfn "%s" (model.Summary())
// </model>

// <train>
// Options and optimizers are C# records: construct them with named properties, copy them with With(...).
let options = FitOptions<float32>(Epochs = 200, BatchSize = 20, Seed = 1UL)
let adam = Adam(LearningRate = 0.05)
let result = model.Fit(adam, Loss.MeanSquaredError, x, y, options)
printfn "loss after epoch 1: %.3f, after epoch %d: %.3f" result.History.Loss[0] result.History.Epochs.Count (result.History.Final())

let longer = model.Fit(adam, Loss.MeanSquaredError, x, y, options.With(Epochs = 400))
printfn "with 400 epochs: %.3f" (longer.History.Final())
let faster = model.Fit(adam.WithLearningRate 0.1, Loss.MeanSquaredError, x, y, options)
printfn "at learning rate 0.1: %.3f" (faster.History.Final())
// </train>

// <use>
let trained = result.Model
let evaluation = trained.Evaluate(Loss.MeanSquaredError, x, y)
printfn "MSE on the training data: %.3f" evaluation.Loss

[ 0.0; 5.0; 10.0 ]
|> MatrixData.Column<float32>
|> trained.Predict
|> MatrixData.ToDoubles
|> Seq.map (sprintf "%.2f")
|> String.concat ", "
|> printfn "predictions at 0, 5, 10: %s"

let path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "functional-getting-started-fs.model")
ModelFile.Save(trained, path)
printfn "saved and loaded back equal: %b" (ModelFile.Load<float32> path = trained)
System.IO.File.Delete path
// </use>
