// Lab part 3: a straight line cannot fit ln(x + 1); three tanh units can. The notebook's two cells, as written.
// Run: dotnet run docs/examples/snippets/lab03-hidden-layer.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// np.random.seed(0), then y = np.log(x+1) + np.random.normal(size=len(x))*0.1 in both cells: the second cell does not
// re-seed, so its noise is the next 100 draws of the same stream. The best any model can do is an MSE near 0.1^2 = 0.01.
var random = new NumpyRandomState(0);
var xs = Ranges.Arange(0, 10, 0.1);
var x = MatrixData.Column<float>(xs);
MathNet.Numerics.LinearAlgebra.Matrix<float> NoisyLn()
{
    var noise = random.Normal(xs.Count);
    return MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + noise[i] * 0.1));
}

// The first cell: the linear model, Adam(learning_rate=0.1), 100 epochs, batch 100.
var line = Training.Fit(Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(1)), new Adam(0.1), Loss.MeanSquaredError,
    x, NoisyLn(), new FitOptions<float> { Epochs = 100, BatchSize = 100 });
Console.WriteLine($"Dense(1)                 final MSE {line.History.Final():F4}");

// The second cell: Dense(3, tanh) -> Dense(1), Adam(learning_rate=0.1), 100 epochs, batch 200 (one batch of all 100 points).
var hidden = Training.Fit(Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)), new Adam(0.1),
    Loss.MeanSquaredError, x, NoisyLn(), new FitOptions<float> { Epochs = 100, BatchSize = 200 });
Console.WriteLine($"Dense(3, tanh), Dense(1) final MSE {hidden.History.Final():F4}");
