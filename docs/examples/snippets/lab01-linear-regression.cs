// Lab part 1: fit y = 2x + 3 + noise with one Dense unit. Run: dotnet run docs/examples/snippets/lab01-linear-regression.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// The notebook's data: np.random.seed(0); x = np.arange(0, 10, 0.1); y = 2x + 3 + np.random.normal(size=100).
var xs = Ranges.Arange(0, 10, 0.1);
var noise = new NumpyRandomState(0).Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => 2 * v + 3 + noise[i]));

// One Dense unit is y = kernel * x + bias. The lab trains it with Adam at learning rate 100 for 100 epochs of one batch.
var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(1));
var result = Training.Fit(model, new Adam(LearningRate: 100), Loss.MeanSquaredError, x, y,
    new FitOptions<float> { Epochs = 100, BatchSize = 100 });

var dense = (Dense<float>)result.Model.Layers[0];
Console.WriteLine($"y = {dense.Kernel[0, 0]:F3} x + {dense.Bias[0, 0]:F3}, final loss {result.History.Final():F3}");
