using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Misuse;

/// <summary>
/// Misuses that used to give a number instead of an error or a warning: each test here computes the right answer
/// independently and holds the library to it (or to its warning).
/// </summary>
public class NoSilentResults
{
    private static readonly Matrix<float> X = Matrix<float>.Build.Dense(12, 2, (i, j) => MathF.Sin(3 * i + j));
    private static readonly int[] Classes = [0, 1, 2, 1, 0, 2, 2, 1, 0, 0, 1, 2];

    [Fact]
    public void Accuracy_of_one_hot_targets_is_categorical_accuracy()
    {
        var y = Matrix<float>.Build.Dense(12, 3, (i, j) => j == Classes[i] ? 1 : 0);
        var model = Sequential.Create(3, Layers.Input(2), Layers.Dense(3, Activation.Softmax));
        var evaluated = model.Evaluate(Loss.MeanSquaredError, X, y, [Metric.Accuracy]);
        // By hand: the fraction of rows whose arg-max is the one-hot position.
        double expected = Enumerable.Range(0, 12).Count(i => ArgMax.Rows(model.Predict(X))[i] == Classes[i]) / 12.0;
        Assert.Equal(expected, evaluated["accuracy"]);
        // The same through Fit's History (one epoch of one batch: the metric is of the weights before the update).
        var history = model.Fit(new Sgd(1e-9), Loss.MeanSquaredError, X, y, new FitOptions<float> { Epochs = 1, BatchSize = 12, Metrics = [Metric.Accuracy] })
            .History;
        Assert.Equal(expected, history.Final("accuracy"));
    }

    [Fact]
    public void Accuracy_of_one_output_is_binary_accuracy_at_one_half()
    {
        var y = Matrix<float>.Build.Dense(12, 1, (i, _) => Classes[i] == 1 ? 1 : 0);
        var model = Sequential.Create(5, Layers.Input(2), Layers.Dense(1, Activation.Sigmoid));
        var p = model.Predict(X);
        double expected = Enumerable.Range(0, 12).Count(i => (p[i, 0] > 0.5f ? 1 : 0) == y[i, 0]) / 12.0;
        Assert.Equal(expected, model.Evaluate(Loss.MeanSquaredError, X, y, [Metric.Accuracy])["accuracy"]);
        Assert.Equal(expected, model.Evaluate(Loss.MeanSquaredError, X, y, [Metric.BinaryAccuracy])["binary_accuracy"]);
    }

    [Fact]
    public void Restore_best_weights_holds_when_the_run_stops_on_a_non_finite_loss()
    {
        // A learning rate that makes the loss grow each epoch until it overflows: the best epoch is the first.
        var x = Matrix<float>.Build.Dense(8, 1, (i, _) => i - 3.5f);
        var y = Matrix<float>.Build.Dense(8, 1, (i, _) => 2 * (i - 3.5f));
        var model = Sequential.Create(0, Layers.Input(1), Layers.Dense(1));
        var options = new FitOptions<float>
        {
            Epochs = 200, BatchSize = 8, Shuffle = false,
            Callbacks = [new EarlyStopping("loss", Patience: 1000, RestoreBestWeights: true)],
        };
        var states = Training.Epochs(model, new Sgd(3.0), Loss.MeanSquaredError, x, y, options).ToList();
        var result = Training.Fit(model, new Sgd(3.0), Loss.MeanSquaredError, x, y, options);

        Assert.Equal(StopKind.NonFiniteLoss, result.History.Stop.Kind);
        var losses = result.History.Loss.Take(result.History.Loss.Count - 1).ToArray();
        int best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(best, result.History.RestoredEpoch);
        Assert.Equal(states[best - 1].Model, result.Model);
        Assert.Contains($"weights of epoch {best}", result.History.Stop.Message);
        Assert.True(double.IsFinite(model.Evaluate(Loss.MeanSquaredError, x, y).Loss));
    }

    [Theory]
    [InlineData(1e30, 1.0, "x in [")]
    [InlineData(1.0, 1e21, "y in [")]
    public void A_loss_that_overflows_before_any_update_is_blamed_on_the_data_not_the_learning_rate(double xScale, double yScale, string named)
    {
        var x = Matrix<float>.Build.Dense(4, 1, (i, _) => (float)(xScale * (i + 1)));
        var y = Matrix<float>.Build.Dense(4, 1, (i, _) => (float)(yScale * (i + 1)));
        var result = Sequential.Create(0, Layers.Input(1), Layers.Dense(1)).Fit(new Adam(1e-3), Loss.MeanSquaredError, x, y,
            new FitOptions<float> { Epochs = 3, BatchSize = 4 });
        Assert.Equal(StopKind.NonFiniteLoss, result.History.Stop.Kind);
        var message = result.History.Stop.Message;
        Assert.Contains("before any update", message);
        Assert.Contains(named, message);
        Assert.Contains("scale the data", message);
        Assert.Contains("the data, not the learning rate", message);
        Assert.DoesNotContain("too high?", message);
    }

    [Fact]
    public void A_probability_loss_after_a_layer_without_softmax_is_warned_about_in_Fit_and_Evaluate()
    {
        var model = Sequential.Create(0, Layers.Input(2), Layers.Dense(3));
        var y = Labels.ToColumn<float>(Classes);
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(d => { lock (seen) seen.Add(d); }))
        {
            model.Fit(new Adam(), Loss.SparseCategoricalCrossentropy(), X, y, new FitOptions<float> { Epochs = 1 });
            model.Evaluate(Loss.SparseCategoricalCrossentropy(), X, y);
        }
        foreach (var operation in new[] { "Fit", "Evaluate" })
        {
            var warning = Assert.Single(seen, d => d.Level == DiagnosticLevel.Warning && d.Source == operation && d.Message.Contains("'dense' outputs"));
            Assert.Contains("expects probabilities", warning.Message);
            Assert.Contains("fromLogits: true", warning.Message);
        }
    }

    [Fact]
    public void Predict_of_a_model_that_only_reshapes_returns_a_new_matrix()
    {
        var model = Sequential.Create(0, Layers.Input(2, 2), Layers.Flatten(), Layers.Dense(1)) is var m
            ? new Model<float>(new Shape(2, 2), [m.Layers[0]]) : null!;
        var x = Matrix<float>.Build.Dense(3, 4, (i, j) => i + j);
        foreach (var batch in new[] { 32, 2 })
        {
            var y = model.Predict(x, batch);
            Assert.NotSame(x, y);
            Assert.Equal(x, y);
            y[0, 0] = 99;
            Assert.Equal(0, x[0, 0]);
        }
    }
}
