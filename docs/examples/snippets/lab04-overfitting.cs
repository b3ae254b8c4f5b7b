// Lab part 4: train on 10 points, validate on 100; then early stopping on the validation loss keeps the best epoch.
// Run: dotnet run docs/examples/snippets/lab04-overfitting.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// The cell's data: np.random.seed(0); x = np.arange(0,10) (the integers 0 ... 9), y = np.log(x+1) + 0.2 * noise;
// x1 = np.arange(0,10,0.1), y1 = np.log(x1+1) + 0.2 * noise, the noise drawn in that order from one stream.
var random = new NumpyRandomState(0);
Dataset<float> NoisyLn(IReadOnlyList<double> xs)
{
    var noise = random.Normal(xs.Count);
    return new(MatrixData.Column<float>(xs), MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + noise[i] * 0.2)));
}
var train = NoisyLn(Enumerable.Range(0, 10).Select(i => (double)i).ToArray());
var validation = NoisyLn(Ranges.Arange(0, 10, 0.1));

// The cell's model and fit: Dense(3, tanh) -> Dense(1), Adam(1e-2), 500 epochs, batch 10, validation_data=(x1, y1).
var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1));
var cell = new FitOptions<float> { Epochs = 500, BatchSize = 10, Validation = validation };
var history = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, train.X, train.Y, cell).History;
int best = history.ValidationLoss.Select((loss, i) => (loss, i)).Min().i + 1;
Console.WriteLine($"the cell: lowest val_loss {history.ValidationLoss.Min():F4} at epoch {best}; after 500 epochs " +
                  $"val_loss {history.Final("val_loss"):F4}, train loss {history.Final():F4}");

// The extension: the same run with Keras' EarlyStopping, which stops 50 epochs after the best and restores its weights.
var stopping = cell with { Callbacks = [new EarlyStopping(Monitor: "val_loss", Patience: 50, RestoreBestWeights: true)] };
var stopped = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, train.X, train.Y, stopping).History;
Console.WriteLine($"early stopping: {stopped.Stop}");
