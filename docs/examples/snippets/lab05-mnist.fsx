// Lab part 5 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab05-mnist.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Data
open Functional.Core.Metrics
open Functional.Models

let data = Mnist.Load()
let trainCount, testCount = 5_000, 1_000
let xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784)
let yTrain = data.Train.Labels |> Seq.take trainCount |> Seq.toArray |> Labels.ToColumn<float32>
let xTest = data.Test.Images.SubMatrix(0, testCount, 0, 784)
let testLabels = data.Test.Labels |> Seq.take testCount |> Seq.toArray

let model =
    Sequential.Create(0UL, Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax))
let result =
    model.Fit(Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain,
              FitOptions<float32>(Epochs = 2, Metrics = [ Metric.SparseCategoricalAccuracy ]))

let predicted = result.Model.Predict xTest |> ArgMax.Rows
let confusion = ConfusionMatrix.From(predicted, testLabels, 10)
printfn "test accuracy %.3f" confusion.Accuracy
printfn "%O" confusion
