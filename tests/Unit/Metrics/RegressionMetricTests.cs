using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Metrics;

/// <summary>Keras' <c>metrics=['mse', 'mae']</c>: the formulas by hand, their names in a History, and the data term they
/// report beside a penalized loss.</summary>
public class RegressionMetricTests
{
    private static readonly Matrix<double> Predictions = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -2.0 }, { 0.5, 4.0 }, { 3.0, 0.0 } });
    private static readonly Matrix<double> Targets = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, -1.0 }, { 2.5, 4.0 }, { 1.0, 0.25 } });

    [Fact]
    public void Mse_and_mae_are_the_means_over_every_value()
    {
        // Differences 1, -1, -2, 0, 2, -0.25: squares sum to 10.0625, absolute values to 6.25, over 6 values.
        Assert.Equal(10.0625 / 6, Metric.MeanSquaredError.Compute(Predictions, Targets), 15);
        Assert.Equal(6.25 / 6, Metric.MeanAbsoluteError.Compute(Predictions, Targets), 15);
        Assert.Equal("mse", Metric.MeanSquaredError.Name);
        Assert.Equal("mae", Metric.MeanAbsoluteError.Name);
    }

    [Fact]
    public void Targets_of_another_width_are_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Metric.MeanSquaredError.Compute(Predictions, Targets.SubMatrix(0, 3, 0, 1)));
        Assert.Contains("MeanSquaredError", error.Message);
        Assert.Contains("3x1", error.Message);
    }

    [Fact]
    public void Beside_an_unpenalized_mse_loss_the_metric_equals_the_loss_and_val_mse_is_Evaluates_mse()
    {
        var (x, y, validation) = Data();
        var model = Sequential.Build<double>([Layers.Input(1), Layers.Dense(4, Activation.Tanh), Layers.Dense(1)], 3);
        var fit = Training.Fit(model, new Adam(0.05), Loss.MeanSquaredError, x, y,
            new FitOptions<double> { Epochs = 5, BatchSize = 4, Validation = validation, Metrics = [Metric.MeanSquaredError, Metric.MeanAbsoluteError] });
        for (int e = 0; e < 5; e++) Assert.Equal(fit.History.Loss[e], fit.History["mse"][e], 12);
        var evaluated = Evaluation.Evaluate(fit.Model, Loss.MeanSquaredError, validation.X, validation.Y, batchSize: 4);
        Assert.Equal(evaluated.Loss, fit.History["val_mse"][^1], 12);
        var absolute = fit.Model.Predict(validation.X) - validation.Y;
        Assert.Equal(absolute.Enumerate().Average(Math.Abs), fit.History["val_mae"][^1], 12);
    }

    [Fact]
    public void With_an_L2_penalty_val_loss_is_val_mse_plus_the_penalty_of_the_weights()
    {
        var (x, y, validation) = Data();
        var model = Sequential.Build<double>(
            [Layers.Input(1), Layers.Dense(4, Activation.Tanh, kernelRegularizer: Regularizers.L2(0.1)), Layers.Dense(1)], 3);
        var fit = Training.Fit(model, new Adam(0.05), Loss.MeanSquaredError, x, y,
            new FitOptions<double> { Epochs = 3, BatchSize = 12, Validation = validation, Metrics = [Metric.MeanSquaredError] });
        var kernel = ((Dense<double>)fit.Model.Layers[0]).Kernel;
        double penalty = 0.1 * kernel.Enumerate().Sum(w => w * w);
        Assert.True(penalty > 1e-3);
        Assert.Equal(fit.History["val_mse"][^1] + penalty, fit.History.ValidationLoss[^1], 12);
    }

    private static (Matrix<double> X, Matrix<double> Y, Dataset<double> Validation) Data()
    {
        var x = Matrix<double>.Build.Dense(12, 1, (i, _) => i / 4.0);
        var y = x.Map(v => Math.Log(v + 1));
        var xv = Matrix<double>.Build.Dense(7, 1, (i, _) => 0.3 + i / 2.0);
        return (x, y, new Dataset<double>(xv, xv.Map(v => Math.Log(v + 1) + 0.05)));
    }
}
