using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using static Functional.Tests.Unit.Misuse.Misuse;

namespace Functional.Tests.Unit.Misuse;

/// <summary>Training and evaluating wrong: data, metrics that do not suit the targets, options, callbacks.</summary>
public class TrainingMisuse
{
    private static Model<float> Regression() => Sequential.Create(0, Layers.Input(1), Layers.Dense(4, Activation.Tanh), Layers.Dense(1));
    private static Model<float> Classifier() => Sequential.Create(0, Layers.Input(2), Layers.Dense(3, Activation.Softmax));
    private static Matrix<float> X(int n, int columns = 1) => Matrix<float>.Build.Dense(n, columns, (i, j) => (i + j) / 10f);
    private static Matrix<float> Column(params float[] values) => Matrix<float>.Build.Dense(values.Length, 1, values);
    private static Matrix<float> OneHot(params int[] labels) => Matrix<float>.Build.Dense(labels.Length, 3, (i, j) => j == labels[i] ? 1 : 0);

    private static void FitRegression(FitOptions<float> options) =>
        Regression().Fit(new Adam(0.01), Loss.MeanSquaredError, X(4), Column(1, 2, 3, 4), options);

    public static readonly Dictionary<string, Misuse> Cases = new()
    {
        ["accuracy of regression targets"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Metrics = [Metric.Accuracy] }), "Fit", "0/1 targets", "regression"),
        ["sparse accuracy of one-hot targets under MSE"] = Of<ArgumentException>(
            () => Classifier().Fit(new Adam(0.01), Loss.MeanSquaredError, X(4, 2), OneHot(0, 1, 2, 0),
                new FitOptions<float> { Epochs = 1, Metrics = [Metric.SparseCategoricalAccuracy] }), "SparseCategoricalAccuracy", "4x3", "CategoricalAccuracy"),
        ["sparse accuracy of a single output"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Metrics = [Metric.SparseCategoricalAccuracy] }), "one", "BinaryAccuracy"),
        ["categorical accuracy of class indices"] = Of<ArgumentException>(
            () => Classifier().Evaluate(Loss.SparseCategoricalCrossentropy(), X(4, 2), Column(0, 1, 2, 0), [Metric.CategoricalAccuracy]),
            "Evaluate", "CategoricalAccuracy", "SparseCategoricalAccuracy"),
        ["Evaluate: accuracy of regression targets"] = Of<ArgumentException>(
            () => Regression().Evaluate(Loss.MeanSquaredError, X(4), Column(1, 2, 3, 4), [Metric.Accuracy]), "Evaluate", "0/1 targets"),
        ["a null metric"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { Epochs = 1, Metrics = [null!] }), "metric #1", "null"),
        ["a null metrics list"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { Epochs = 1, Metrics = null! }), "metrics list is null"),
        ["two metrics of one name"] = Of<ArgumentException>(
            () => Classifier().Fit(new Adam(0.01), Loss.SparseCategoricalCrossentropy(), X(4, 2), Column(0, 1, 2, 0),
                new FitOptions<float> { Epochs = 1, Metrics = [Metric.Accuracy, Metric.SparseCategoricalAccuracy] }), "two metrics", "accuracy"),
        ["a null callback"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [null!] }), "callback #1"),
        ["a null callbacks list"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = null! }), "callbacks list"),
        ["EarlyStopping with a NaN baseline"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [new EarlyStopping("loss", Baseline: double.NaN)] }), "Baseline", "NaN"),
        ["EarlyStopping with an infinite baseline"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [new EarlyStopping("loss", Baseline: double.PositiveInfinity)] }), "Baseline"),
        ["EarlyStopping with a mode that does not exist"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [new EarlyStopping("loss", Mode: (MonitorMode)7)] }), "Mode 7"),
        ["EarlyStopping on val_loss without validation data"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [new EarlyStopping()] }), "val_loss", "Validation"),
        ["EarlyStopping with negative patience"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Callbacks = [new EarlyStopping("loss", Patience: -1)] }), "Patience"),
        ["negative epochs"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { Epochs = -1 }), "epochs"),
        ["batch size 0"] = Of<ArgumentException>(() => FitRegression(new FitOptions<float> { BatchSize = 0 }), "batch size"),
        ["x and y of different lengths"] = Of<ArgumentException>(
            () => Regression().Fit(new Adam(0.01), Loss.MeanSquaredError, X(4), Column(1, 2, 3)), "4 samples", "3"),
        ["no samples"] = Of<ArgumentException>(
            () => Regression().Fit(new Adam(0.01), Loss.MeanSquaredError, Matrix<float>.Build.Dense(0, 1), Matrix<float>.Build.Dense(0, 1)), "no samples"),
        ["a NaN in x"] = Of<ArgumentException>(
            () => Regression().Fit(new Adam(0.01), Loss.MeanSquaredError, Column(0, float.NaN, 2), Column(1, 2, 3)), "x", "row 1", "finite"),
        ["an infinite target"] = Of<ArgumentException>(
            () => Regression().Fit(new Adam(0.01), Loss.MeanSquaredError, X(3), Column(1, float.PositiveInfinity, 3)), "y", "row 1"),
        ["a label outside the classes"] = Of<ArgumentException>(
            () => Classifier().Fit(new Adam(0.01), Loss.SparseCategoricalCrossentropy(), X(3, 2), Column(0, 1, 3)), "label 3", "row 2", "[0, 3)"),
        ["a fractional label"] = Of<ArgumentException>(
            () => Classifier().Fit(new Adam(0.01), Loss.SparseCategoricalCrossentropy(), X(3, 2), Column(0, 1.5f, 2)), "label 1.5"),
        ["targets narrower than the outputs under MSE"] = Of<ArgumentException>(
            () => Classifier().Fit(new Adam(0.01), Loss.MeanSquaredError, X(3, 2), Column(0, 1, 2)), "3 values per sample", "1 columns"),
        ["validation data of the wrong width"] = Of<ArgumentException>(
            () => FitRegression(new FitOptions<float> { Epochs = 1, Validation = new Dataset<float>(X(2, 2), Column(1, 2)) }), "validation x"),
        ["a NaN written into x between Epochs and its enumeration"] = Of<ArgumentException>(() =>
        {
            var x = X(4);
            var epochs = Regression().Epochs(new Adam(0.01), Loss.MeanSquaredError, x, Column(1, 2, 3, 4), new FitOptions<float> { Epochs = 2 });
            x[2, 0] = float.NaN;
            _ = epochs.ToList();
        }, "when enumerated", "x", "row 2"),
        ["a null optimizer"] = Of<ArgumentNullException>(() => Regression().Fit(null!, Loss.MeanSquaredError, X(2), Column(1, 2)), "optimizer"),
        ["a negative learning rate"] = Of<ArgumentException>(() => new Adam(-1), "Adam", "LearningRate", "-1"),
        ["a NaN learning rate"] = Of<ArgumentException>(() => new Sgd(double.NaN), "Sgd", "LearningRate", "NaN"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fails_clearly(string name) => Cases[name].AssertFailsClearly(name);
}
