// Lab part 4: ten noisy points and ten tanh units overfit; early stopping on the validation loss keeps the best epoch.
// Run: dotnet run docs/examples/snippets/lab04-overfitting.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// 10 training and 100 validation points of ln(x + 1) + 0.1 * noise, x uniform in [0, 10).
var random = new NumpyRandomState(0);
Dataset<float> Draw(int n)
{
    var xs = random.Uniform(n, 0, 10);
    var noise = random.Normal(n);
    return new(MatrixData.Column<float>(xs), MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + 0.1 * noise[i])));
}
var train = Draw(10);
var validation = Draw(100);

var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(10, Activation.Tanh), Layers.Dense(1));
var options = new FitOptions<float>
{
    Epochs = 500, BatchSize = 10, Validation = validation,
    Callbacks = [new EarlyStopping(Monitor: "val_loss", Patience: 50, RestoreBestWeights: true)],
};
var result = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, train.X, train.Y, options);

var history = result.History;
Console.WriteLine($"stopped: {history.Stop}");
Console.WriteLine($"kept the weights of epoch {history.RestoredEpoch}: val_loss {history.ValidationLoss.Min():F4}, " +
                  $"last epoch's val_loss {history.Final("val_loss"):F4}, train loss {history.Final():F4}");
