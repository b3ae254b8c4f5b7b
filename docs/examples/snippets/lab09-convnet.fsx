// Beyond the lab in F#: Keras' MNIST convnet. Run after a Release build: dotnet fsi docs/examples/snippets/lab09-convnet.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Data
open Functional.Models

let data = Mnist.Load()
let trainCount, testCount = 6_000, 1_000
let xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784)
let yTrain = Labels.ToColumn<float32>(Seq.take trainCount data.Train.Labels |> Array.ofSeq)
let xTest = data.Test.Images.SubMatrix(0, testCount, 0, 784)
let yTest = Labels.ToColumn<float32>(Seq.take testCount data.Test.Labels |> Array.ofSeq)

let model =
    Sequential.Create(0UL,
        Layers.Input(28, 28, 1),
        Layers.Conv2D(32, 3, Activation.Relu), Layers.MaxPooling2D 2,
        Layers.Conv2D(64, 3, Activation.Relu), Layers.MaxPooling2D 2,
        Layers.Flatten(), Layers.Dropout 0.5, Layers.Dense(10, Activation.Softmax))

let options =
    FitOptions<float32>(Epochs = 2, BatchSize = 128, ValidationSplit = 0.1, Metrics = [ Metric.SparseCategoricalAccuracy ])
let fit = model.Fit(Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain, options)
let test = Evaluation.Evaluate(fit.Model, Loss.SparseCategoricalCrossentropy(), xTest, yTest, [ Metric.SparseCategoricalAccuracy ])
printfn "val_accuracy %.3f, test accuracy %.3f" (fit.History.Final "val_accuracy") test["accuracy"]
