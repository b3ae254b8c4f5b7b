using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>Keras' validation_split: the last rows before shuffling, floor(n · (1 − split)) of them train.</summary>
public class ValidationSplitTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(25, 2, (i, j) => Math.Sin(i + 2 * j));
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(25, 1, (i, _) => Math.Cos(0.3 * i));

    private static Model<double> Model() => Sequential.Build<double>([Layers.Input(2), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)], 6);

    [Fact]
    public void A_split_trains_on_the_first_rows_and_validates_on_the_last_as_given_validation_data_would()
    {
        var options = new FitOptions<double> { Epochs = 4, BatchSize = 5, Seed = 2 };
        var split = Training.Fit(Model(), new Adam(0.05), Loss.MeanSquaredError, X, Y, options with { ValidationSplit = 0.3 });
        // floor(25 · 0.7) = 17 rows train, the last 8 validate.
        var given = Training.Fit(Model(), new Adam(0.05), Loss.MeanSquaredError, X.SubMatrix(0, 17, 0, 2), Y.SubMatrix(0, 17, 0, 1),
            options with { Validation = new(X.SubMatrix(17, 8, 0, 2), Y.SubMatrix(17, 8, 0, 1)) });
        Assert.Equal(given.History, split.History);
        Assert.Equal(given.Model, split.Model);
        Assert.Contains("val_loss", split.History.Keys);
    }

    [Fact]
    public void Given_validation_data_win_and_bad_splits_are_refused()
    {
        var validation = new Dataset<double>(X.SubMatrix(0, 3, 0, 2), Y.SubMatrix(0, 3, 0, 1));
        var options = new FitOptions<double> { Epochs = 1, BatchSize = 5, Validation = validation };
        Assert.Equal(Training.Fit(Model(), new Adam(), Loss.MeanSquaredError, X, Y, options).History,
            Training.Fit(Model(), new Adam(), Loss.MeanSquaredError, X, Y, options with { ValidationSplit = 0.5 }).History);
        var whole = new FitOptions<double> { ValidationSplit = 1 };
        Assert.Contains("ValidationSplit must be in [0, 1), got 1",
            Assert.Throws<ArgumentException>(() => Training.Fit(Model(), new Adam(), Loss.MeanSquaredError, X, Y, whole)).Message);
        var half = new FitOptions<double> { ValidationSplit = 0.5 };
        Assert.Contains("cannot be split", Assert.Throws<ArgumentException>(() =>
            Training.Fit(Model(), new Adam(), Loss.MeanSquaredError, X.SubMatrix(0, 1, 0, 2), Y.SubMatrix(0, 1, 0, 1), half)).Message);
    }
}
