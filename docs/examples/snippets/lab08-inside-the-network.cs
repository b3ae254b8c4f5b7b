// Inside the network (the report's next chapter): part 3's tanh units taken apart, and an MNIST classifier's first
// layer and least sure digits (a subset here, to run in seconds; the report trains on all 60 000).
// Run: dotnet run docs/examples/snippets/lab08-inside-the-network.cs   (MNIST from FUNCTIONAL_DATA_DIR or the user cache)
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Random;
using Functional.Models;

// Part 3's second cell: the stream continues from the first, so its noise is draws 101 to 200; Adam(0.1), batch 200.
var random = new NumpyRandomState(0);
var xs = Ranges.Arange(0, 10, 0.1);
random.Normal(xs.Count);
var noise = random.Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + noise[i] * 0.1));
var cell = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1));
var tanh = Training.Fit(cell, new Adam(0.1), Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 100, BatchSize = 200 }).Model;

// prediction = b2 + Σᵢ w2ᵢ · tanh(w1ᵢ · x + b1ᵢ): each unit's contribution, rebuilt by hand in double.
var (hidden, output) = ((Dense<float>)tanh.Layers[0], (Dense<float>)tanh.Layers[1]);
double Unit(int i, double at) => output.Kernel[i, 0] * Math.Tanh(hidden.Kernel[0, i] * at + hidden.Bias[0, i]);
foreach (var at in new[] { 0.0, 2.5, 9.9 })
{
    var parts = Enumerable.Range(0, 3).Select(i => Unit(i, at)).ToArray();
    double sum = output.Bias[0, 0] + parts.Sum();
    Console.WriteLine($"x = {at}: units {string.Join(" + ", parts.Select(p => p.ToString("F3")))} + bias {output.Bias[0, 0]:F3} = {sum:F4}; " +
                      $"model {tanh.Predict(MatrixData.Column<float>([at]))[0, 0]:F4}");
}

// The classifier: its first layer's kernel is 784 x 128, one column of pixel weights per unit.
var data = Mnist.Load();
const int trainCount = 5_000, testCount = 1_000;
var xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784);
var yTrain = Labels.ToColumn<float>(data.Train.Labels.Take(trainCount).ToArray());
var classifier = Sequential.Create(seed: 0,
    Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax));
var trained = Training.Fit(classifier, new Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain, new FitOptions<float> { Epochs = 2 }).Model;
var kernel = ((Dense<float>)trained.Layers[1]).Kernel;
var unit0 = kernel.Column(0);                                             // 784 weights: reshape to 28 x 28 to draw them
Console.WriteLine($"unit 0: weights from {unit0.Minimum():F3} to {unit0.Maximum():F3}");

// The least sure test digits: the smallest top probability, with the runner-up.
var probabilities = trained.Predict(data.Test.Images.SubMatrix(0, testCount, 0, 784));
var unsure = Enumerable.Range(0, testCount)
    .Select(i => (Index: i, Top: probabilities.Row(i).Select((p, c) => (p, c)).OrderByDescending(t => t.p).Take(2).ToArray()))
    .OrderBy(d => d.Top[0].p).Take(3);
foreach (var (index, top) in unsure)
    Console.WriteLine($"test digit {index} (label {data.Test.Labels[index]}): {top[0].c} {100 * top[0].p:F0}%, {top[1].c} {100 * top[1].p:F0}%");
