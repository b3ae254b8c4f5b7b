// Lab part 2: the same model at 8 learning rates; which ends with the lowest loss?
// Run: dotnet run docs/examples/snippets/lab02-learning-rate-sweep.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

var xs = Ranges.Arange(0, 10, 0.1);
var noise = new NumpyRandomState(0).Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => 2 * v + 3 + noise[i]));
var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(1));
var options = new FitOptions<float> { Epochs = 100, BatchSize = 100 };

// Search.Grid trains one model per rate (in parallel) and ranks them by the score, lowest first.
var ranked = Search.Grid(Ranges.Logspace(-5, 2, 8),
    rate => Training.Fit(model, new Adam(rate), Loss.MeanSquaredError, x, y, options).History.Final());
foreach (var r in ranked.OrderBy(r => r.Config))
    Console.WriteLine($"learning rate {r.Config,-8:G3} final loss {r.Score,12:G6}");
Console.WriteLine($"best learning rate: {ranked[0].Config:G3}");
