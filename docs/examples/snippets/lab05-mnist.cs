// Lab part 5: a 784-128-10 network on MNIST digits (a subset here, to run in seconds; the report trains on all 60 000).
// Run: dotnet run docs/examples/snippets/lab05-mnist.cs   (MNIST from FUNCTIONAL_DATA_DIR or the user cache)
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Metrics;
using Functional.Models;

var data = Mnist.Load();
const int trainCount = 5_000, testCount = 1_000;
var xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784);           // one image per row, pixels in [0, 1]
var yTrain = Labels.ToColumn<float>(data.Train.Labels.Take(trainCount).ToArray());
var xTest = data.Test.Images.SubMatrix(0, testCount, 0, 784);
var testLabels = data.Test.Labels.Take(testCount).ToArray();

var model = Sequential.Create(seed: 0,
    Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax));
var result = Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain,
    new FitOptions<float> { Epochs = 2, Metrics = [Metric.SparseCategoricalAccuracy] });

var predicted = ArgMax.Rows(result.Model.Predict(xTest));
var confusion = ConfusionMatrix.From(predicted, testLabels, classes: 10);
Console.WriteLine($"test accuracy {confusion.Accuracy:F3}, mistakes {Classification.Misclassified(predicted, testLabels).Count}");
Console.WriteLine(confusion);
