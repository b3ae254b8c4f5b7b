// Fighting overfitting (the report's next chapter after part 4): part 4's network and data, five ways.
// Run: dotnet run docs/examples/snippets/lab07-fighting-overfitting.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// Part 4's data: train on x = 0 ... 9, validate on x1 = 0 ... 9.9, ln(x + 1) + 0.2 * noise from one stream.
var random = new NumpyRandomState(0);
Dataset<float> NoisyLn(IReadOnlyList<double> xs)
{
    var noise = random.Normal(xs.Count);
    return new(MatrixData.Column<float>(xs), MatrixData.Column<float>(xs.Select((v, i) => Math.Log(v + 1) + noise[i] * 0.2)));
}
var train = NoisyLn(Enumerable.Range(0, 10).Select(i => (double)i).ToArray());
var validation = NoisyLn(Ranges.Arange(0, 10, 0.1));

// Part 4's network with a remedy's pieces: L2 on both kernels, Dropout after the hidden layer.
LayerSpec[] Network(Regularizer? l2, double dropout) =>
    dropout > 0
        ? [Layers.Input(1), Layers.Dense(3, Activation.Tanh, kernelRegularizer: l2), Layers.Dropout(dropout), Layers.Dense(1, kernelRegularizer: l2)]
        : [Layers.Input(1), Layers.Dense(3, Activation.Tanh, kernelRegularizer: l2), Layers.Dense(1, kernelRegularizer: l2)];

// metrics=['mse'] records val_mse: the data term alone (a penalized model's val_loss also holds its penalty).
var cell = new FitOptions<float> { Epochs = 500, BatchSize = 10, Validation = validation, Metrics = [Metric.MeanSquaredError] };
var early = cell with { Callbacks = [new EarlyStopping("val_loss", Patience: 50, RestoreBestWeights: true)] };
(string Name, LayerSpec[] Layers, FitOptions<float> Options)[] remedies =
[
    ("none", Network(null, 0), cell),
    ("early stopping", Network(null, 0), early),
    ("L2 0.01", Network(Regularizers.L2(0.01), 0), cell),
    ("dropout 0.2", Network(null, 0.2), cell),
    ("L2 0.01 + dropout 0.2", Network(Regularizers.L2(0.01), 0.2), cell),
];
foreach (var (name, layers, options) in remedies)
{
    var fit = Training.Fit(Sequential.Build<float>(layers, seed: 0), new Adam(0.01), Loss.MeanSquaredError, train.X, train.Y, options);
    // The model Fit returns, scored on the validation points without any penalty.
    double returned = Metric.MeanSquaredError.Compute(fit.Model.Predict(validation.X), validation.Y);
    Console.WriteLine($"{name,-22} best val_mse {fit.History["val_mse"].Min():F4}, returned model's val MSE {returned:F4} " +
                      $"after {fit.History.Epochs.Count} epochs");
}
