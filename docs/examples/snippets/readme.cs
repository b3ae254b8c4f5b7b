// The README's C# example (the part between the region markers is what the README shows).
// Run: dotnet run docs/examples/snippets/readme.cs
#:project ../../../src/Models/Models.csproj
// <readme>
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

var random = new NumpyRandomState(0);                 // np.random.seed(0)
var xs = Ranges.Arange(0, 10, 0.1);                   // np.arange(0, 10, 0.1)
var noise = random.Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => 2 * v + 3 + noise[i]));

var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(1));
var result = Training.Fit(model, new Adam(LearningRate: 0.1), Loss.MeanSquaredError, x, y,
    new FitOptions<float> { Epochs = 100, BatchSize = 100 });
Console.WriteLine($"final loss {result.History.Loss[^1]:F3}");
Console.WriteLine(result.Model.Summary());
// </readme>
