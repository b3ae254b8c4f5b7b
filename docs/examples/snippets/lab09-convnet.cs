// Beyond the lab: Keras' "simple MNIST convnet" (a subset here, to run in seconds; the report trains on 54 000 digits).
// Run: dotnet run docs/examples/snippets/lab09-convnet.cs   (MNIST from FUNCTIONAL_DATA_DIR or the user cache)
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Data;
using Functional.Models;

var data = Mnist.Load();
const int trainCount = 6_000, testCount = 1_000;
var xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784);          // 28 x 28 x 1 values per row, pixels / 255
var yTrain = Labels.ToColumn<float>(data.Train.Labels.Take(trainCount).ToArray());
var xTest = data.Test.Images.SubMatrix(0, testCount, 0, 784);
var yTest = Labels.ToColumn<float>(data.Test.Labels.Take(testCount).ToArray());

var model = Sequential.Create(seed: 0,
    Layers.Input(28, 28, 1),
    Layers.Conv2D(32, 3, Activation.Relu), Layers.MaxPooling2D(2),
    Layers.Conv2D(64, 3, Activation.Relu), Layers.MaxPooling2D(2),
    Layers.Flatten(), Layers.Dropout(0.5), Layers.Dense(10, Activation.Softmax));
Console.WriteLine(model.Summary());

// Keras' fit(batch_size=128, validation_split=0.1): the last 10 % of the training digits validate.
var options = new FitOptions<float> { Epochs = 2, BatchSize = 128, ValidationSplit = 0.1, Metrics = [Metric.SparseCategoricalAccuracy] };
var fit = Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain, options);
var test = Evaluation.Evaluate(fit.Model, Loss.SparseCategoricalCrossentropy(), xTest, yTest, [Metric.SparseCategoricalAccuracy]);
Console.WriteLine($"val_accuracy {fit.History.Final("val_accuracy"):F3}, test accuracy {test["accuracy"]:F3}");
