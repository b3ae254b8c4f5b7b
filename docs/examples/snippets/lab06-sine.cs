// Lab part 6 (extra credit): fit sin(x) on [0, 5 pi] and choose the network by validation loss.
// Run: dotnet run docs/examples/snippets/lab06-sine.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

var random = new NumpyRandomState(0);
var xs = Ranges.Linspace(0, 5 * Math.PI, 1000);
var noise = random.Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => Math.Sin(v) + 0.1 * noise[i]));
var xv = random.RandomSample(100).Select(r => r * Math.PI * 5).ToArray(); // np.random.random(100)*np.pi*5, in that order
var nv = random.Normal(100);
var validation = new Dataset<float>(MatrixData.Column<float>(xv), MatrixData.Column<float>(xv.Select((v, i) => Math.Sin(v) + 0.1 * nv[i])));

// A small grid: depth and activation. Each candidate is scored by its validation loss after 100 epochs.
var candidates = Search.Product(new[] { 1, 2 }, new[] { Activation.Tanh, Activation.Relu });
var ranked = Search.Grid(candidates, c =>
{
    var layers = new List<LayerSpec> { Layers.Input(1) };
    for (int k = 0; k < c.Item1; k++) layers.Add(Layers.Dense(32, c.Item2));
    layers.Add(Layers.Dense(1));
    var options = new FitOptions<float> { Epochs = 100, BatchSize = 32, Validation = validation };
    return Training.Fit(Sequential.Build<float>(layers, seed: 0), new Adam(0.01), Loss.MeanSquaredError, x, y, options).History.Final("val_loss");
});
foreach (var r in ranked) Console.WriteLine($"{r.Rank}. {r.Config.Item1} x 32 {r.Config.Item2} units: val MSE {r.Score:F4}");
