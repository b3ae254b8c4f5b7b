// Getting started in C#: build, train, evaluate, predict, save. Run: dotnet run docs/examples/snippets/getting-started.cs
#:project ../../../src/Models/Models.csproj
// <data>
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// A batch is a MathNet matrix with one sample per row. Here: 100 points of y = 2x + 3 + noise.
var xs = Ranges.Arange(0, 10, 0.1);
var noise = new NumpyRandomState(seed: 0).Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => 2 * v + 3 + noise[i]));
// </data>

// <model>
// Layers are specifications; Sequential.Create turns them into a model with seeded Glorot-uniform weights.
var model = Sequential.Create(seed: 0,
    Layers.Input(1),
    Layers.Dense(8, Activation.Tanh),
    Layers.Dense(1));
Console.WriteLine(model.Summary());
// </model>

// <train>
// Options are an immutable record: start from the defaults and change what you need.
var options = new FitOptions<float> { Epochs = 200, BatchSize = 20, Seed = 1 };
var result = Training.Fit(model, new Adam(LearningRate: 0.05), Loss.MeanSquaredError, x, y, options);

// Training returns a new model and its history; `model` is unchanged.
Console.WriteLine($"loss after epoch 1: {result.History.Loss[0]:F3}, after epoch {result.History.Epochs.Count}: {result.History.Final():F3}");
var longer = Training.Fit(model, new Adam(LearningRate: 0.05), Loss.MeanSquaredError, x, y, options with { Epochs = 400 });
Console.WriteLine($"with 400 epochs: {longer.History.Final():F3}");
// </train>

// <use>
var trained = result.Model;
var evaluation = Evaluation.Evaluate(trained, Loss.MeanSquaredError, x, y);
Console.WriteLine($"MSE on the training data: {evaluation.Loss:F3}");

var predictions = trained.Predict(MatrixData.Column<float>([0.0, 5.0, 10.0]));
Console.WriteLine($"predictions at 0, 5, 10: {string.Join(", ", MatrixData.ToDoubles(predictions).Select(p => p.ToString("F2")))}");

var path = Path.Combine(Path.GetTempPath(), "functional-getting-started.model");
ModelFile.Save(trained, path);
Console.WriteLine($"saved and loaded back equal: {ModelFile.Load<float>(path).Equals(trained)}");
File.Delete(path);
// </use>
