// Lab part 3: a straight line cannot fit ln(x + 1); three tanh units can.
// Run: dotnet run docs/examples/snippets/lab03-hidden-layer.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// y = ln(x + 1) + 0.1 * noise: the best any model can do is an MSE near 0.1^2 = 0.01.
var xs = Ranges.Arange(0, 10, 0.1);
var noise = new NumpyRandomState(0).Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + 0.1 * noise[i]));
var options = new FitOptions<float> { Epochs = 100, BatchSize = 10 };

LayerSpec[] linear = [Layers.Input(1), Layers.Dense(1)];
LayerSpec[] hidden = [Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)];
foreach (var (name, layers) in new[] { ("linear", linear), ("3 tanh units", hidden) })
{
    var result = Training.Fit(Sequential.Build<float>(layers, seed: 0), new Adam(0.01), Loss.MeanSquaredError, x, y, options);
    Console.WriteLine($"{name,-13} final MSE {result.History.Final():F4}");
}
