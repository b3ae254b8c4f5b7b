// The lab's MNIST part as a .NET 10 file-based C# program: a 784-128-10 network trained with Adam on a subset of
// MNIST, then its test accuracy and confusion matrix. Run from anywhere:
//   dotnet run docs/examples/lab.cs [train-count] [test-count] [epochs]     (defaults 10000 2000 3)
// MNIST comes from FUNCTIONAL_DATA_DIR or the user cache (${XDG_CACHE_HOME:-~/.cache}/functional/mnist), fetched
// there on first use (`bash .ci/run` fills it).
#:project ../../src/Models/Models.csproj
#:property TreatWarningsAsErrors=true

using System.Globalization;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Metrics;
using Functional.Models;

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
int trainCount = Arg(0, 10_000), testCount = Arg(1, 2_000), epochs = Arg(2, 3);

var data = Mnist.Load();
var xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, data.Train.PixelsPerImage);   // pixels scaled to [0, 1]
var yTrain = Labels.ToColumn<float>(data.Train.Labels.Take(trainCount).ToArray());          // digit per row
var xTest = data.Test.Images.SubMatrix(0, testCount, 0, data.Test.PixelsPerImage);
var testLabels = data.Test.Labels.Take(testCount).ToArray();
var yTest = Labels.ToColumn<float>(testLabels);

var model = Sequential.Create(seed: 0,
    Layers.Input(28, 28),
    Layers.Flatten(),
    Layers.Dense(128, Activation.Relu),
    Layers.Dense(10, Activation.Softmax));
Console.WriteLine(model.Summary());

var loss = Loss.SparseCategoricalCrossentropy();
var options = new FitOptions<float>
{
    Epochs = epochs,
    BatchSize = 32,
    Metrics = [Metric.SparseCategoricalAccuracy],
};
var result = Training.Fit(model, new Adam(), loss, xTrain, yTrain, options);
foreach (var epoch in result.History.Epochs) Console.WriteLine($"epoch {epoch.Epoch}: {epoch}");

var evaluation = Evaluation.Evaluate(result.Model, loss, xTest, yTest, [Metric.SparseCategoricalAccuracy], batchSize: 1000);
var predicted = ArgMax.Rows(result.Model.Predict(xTest, batchSize: 1000));
var confusion = ConfusionMatrix.From(predicted, testLabels, classes: 10);

Console.WriteLine(FormattableString.Invariant($"trained on {trainCount} images for {epochs} epochs, tested on {testCount}"));
Console.WriteLine(FormattableString.Invariant($"test loss: {evaluation.Loss:F4}"));
Console.WriteLine(FormattableString.Invariant($"test accuracy: {evaluation[Metric.SparseCategoricalAccuracy.Name]:F4}"));
Console.WriteLine(confusion);
