using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

public class TrainingTests
{
    private static (Matrix<float> X, Matrix<float> Y) Line(int n = 50)
    {
        var x = Matrix<float>.Build.Dense(n, 1, (i, _) => i / 10f);
        var y = Matrix<float>.Build.Dense(n, 1, (i, _) => 2 * (i / 10f) + 3 + (float)Math.Sin(i * 7.3) * 0.5f);
        return (x, y);
    }

    private static Model<float> Linear(ulong seed = 0) => Sequential.Create(seed, Layers.Input(1), Layers.Dense(1));

    [Fact]
    public void Zero_epochs_returns_the_initial_model_and_an_empty_history()
    {
        var (x, y) = Line();
        var model = Linear();
        var result = Training.Fit(model, new Adam(), Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 0 });
        Assert.Equal(model, result.Model);
        Assert.Empty(result.History.Epochs);
        Assert.Equal(StopKind.Completed, result.History.Stop.Kind);
    }

    [Fact]
    public void Fit_leaves_the_callers_model_unchanged_and_is_deterministic()
    {
        var (x, y) = Line();
        var model = Sequential.Create(3, Layers.Input(1), Layers.Dense(4, Activation.Tanh), Layers.Dense(1));
        var copy = Sequential.Create(3, Layers.Input(1), Layers.Dense(4, Activation.Tanh), Layers.Dense(1));
        var options = new FitOptions<float> { Epochs = 5, BatchSize = 8, Seed = 11 };
        var a = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options);
        var b = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options);
        Assert.Equal(copy, model);
        Assert.NotEqual(model, a.Model);
        Assert.Equal(a.Model, b.Model);
        Assert.Equal(a.History, b.History);
        var c = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options with { Seed = 12 });
        Assert.NotEqual(a.History, c.History);
    }

    [Fact]
    public void History_loss_is_the_batch_weighted_mean_of_losses_taken_before_each_update()
    {
        // One batch holding all samples: the epoch loss is the loss of the model before its only update.
        var (x, y) = Line(20);
        var model = Linear(4);
        var result = Training.Fit(model, new Sgd(0.01), Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 1, BatchSize = 20 });
        double before = Loss.MeanSquaredError.Value(model.Forward(x), y);
        Assert.Equal(before, result.History.Loss[0], 6);

        // Batches of 8, 8, 4 without shuffling: weights 8/20, 8/20, 4/20 of losses of successive models.
        var opt = new Sgd(0.01);
        var r2 = Training.Fit(model, opt, Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 1, BatchSize = 8, Shuffle = false });
        var current = model;
        var state = opt.Init(current.Parameters);
        double expected = 0;
        foreach (var (start, count) in new[] { (0, 8), (8, 8), (16, 4) })
        {
            var xb = x.SubMatrix(start, count, 0, 1);
            var yb = y.SubMatrix(start, count, 0, 1);
            var step = Backprop.ValueAndGradient(current, Loss.MeanSquaredError, xb, yb);
            expected += step.Loss * count / 20.0;
            var update = opt.Update(step.Gradient, state, current.Parameters);
            current = current.WithParameters(update.Parameters);
            state = update.State;
        }
        Assert.Equal(expected, r2.History.Loss[0], 6);
        Assert.Equal(current.Parameters, r2.Model.Parameters);
        Assert.Equal(new InputRange(0, 1.9), r2.Model.TrainingInputRange! with { Max = Math.Round(r2.Model.TrainingInputRange!.Max, 5) });
    }

    [Fact]
    public void Validation_loss_is_computed_on_the_whole_validation_set_after_the_epoch()
    {
        var (x, y) = Line(30);
        var (xv, yv) = Line(12);
        var result = Training.Fit(Linear(), new Adam(0.05), Loss.MeanSquaredError, x, y,
            new FitOptions<float> { Epochs = 3, BatchSize = 7, Validation = new(xv, yv) });
        Assert.Equal(Loss.MeanSquaredError.Value(result.Model.Forward(xv), yv), result.History.ValidationLoss[^1], 5);
        Assert.Equal(["loss", "val_loss"], result.History.Keys);
    }

    [Fact]
    public void Accuracy_is_recorded_for_classifiers()
    {
        var x = Matrix<float>.Build.Dense(40, 2, (i, j) => (float)Math.Cos(i * (j + 1)));
        var y = Labels.ToColumn<float>(Enumerable.Range(0, 40).Select(i => x[i, 0] > 0 ? 1 : 0).ToArray());
        var model = Sequential.Create(1, Layers.Input(2), Layers.Dense(2, Activation.Softmax));
        var result = Training.Fit(model, new Adam(0.1), Loss.SparseCategoricalCrossentropy(), x, y,
            new FitOptions<float> { Epochs = 30, BatchSize = 8, Metrics = [Metric.SparseCategoricalAccuracy], Validation = new(x, y) });
        Assert.Equal(["loss", "accuracy", "val_loss", "val_accuracy"], result.History.Keys);
        Assert.True(result.History["val_accuracy"][^1] > 0.9, $"val_accuracy {result.History["val_accuracy"][^1]}");
        var eval = Evaluation.Evaluate(result.Model, Loss.SparseCategoricalCrossentropy(), x, y, [Metric.SparseCategoricalAccuracy]);
        Assert.Equal(result.History["val_accuracy"][^1], eval["accuracy"], 10);
    }

    [Fact]
    public void A_diverging_run_stops_and_says_when_and_why()
    {
        var (x, y) = Line();
        var progress = new List<EpochProgress>();
        var result = Training.Fit(Linear(), new Sgd(1e6), Loss.MeanSquaredError, x, y,
            new FitOptions<float> { Epochs = 50, BatchSize = 10, Progress = new SynchronousProgress<EpochProgress>(progress.Add) });
        Assert.Equal(StopKind.NonFiniteLoss, result.History.Stop.Kind);
        Assert.True(result.History.Diverged);
        Assert.True(result.History.Epochs.Count < 50);
        Assert.False(double.IsFinite(result.History.Loss[^1]));
        Assert.Contains($"epoch {result.History.Stop.Epoch}", result.History.Stop.Message);
        Assert.Contains("diverged", result.History.Stop.Message);
        Assert.All(result.Model.Parameters.Leaves.SelectMany(m => m.Enumerate()), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(result.History.Epochs.Count, progress.Count);
    }

    [Fact]
    public void Early_stopping_follows_Keras_patience_rule_and_restores_best_weights()
    {
        var (x, y) = Line();
        var (xv, yv) = Line(20);
        var options = new FitOptions<float>
        {
            Epochs = 300, BatchSize = 10, Validation = new(xv, yv),
            Callbacks = [new EarlyStopping(Monitor: "val_loss", Patience: 3, RestoreBestWeights: true)],
        };
        var result = Training.Fit(Linear(), new Adam(2.0), Loss.MeanSquaredError, x, y, options);
        var val = result.History.ValidationLoss;
        Assert.Equal(StopKind.EarlyStopping, result.History.Stop.Kind);
        int best = val.Select((v, i) => (v, i)).MinBy(p => p.v).i;
        Assert.Equal(best + 1 + 3, val.Count); // stops after 3 epochs without improvement
        Assert.Equal(best + 1, result.History.RestoredEpoch);
        Assert.Equal(val[best], Evaluation.Evaluate(result.Model, Loss.MeanSquaredError, xv, yv, batchSize: 10).Loss, 5);
    }

    [Fact]
    public void Epochs_is_lazy_and_equals_fit_epoch_by_epoch()
    {
        var (x, y) = Line();
        var options = new FitOptions<float> { Epochs = 10, BatchSize = 16, Seed = 2 };
        var three = Training.Epochs(Linear(), new Adam(0.1), Loss.MeanSquaredError, x, y, options).Take(3).ToList();
        var fit = Training.Fit(Linear(), new Adam(0.1), Loss.MeanSquaredError, x, y, options with { Epochs = 3 });
        Assert.Equal(3, three.Count);
        Assert.Equal(fit.Model, three[^1].Model);
        Assert.Equal(fit.History.Epochs, three.Select(s => s.Log));
        Assert.Equal(3, three[^1].OptimizerState.Step / 4); // 50 samples in batches of 16: 4 steps an epoch
    }

    [Theory]
    [InlineData("lengths")]
    [InlineData("empty")]
    [InlineData("batch")]
    [InlineData("epochs")]
    [InlineData("labels")]
    [InlineData("nan")]
    [InlineData("width")]
    [InlineData("monitor")]
    public void Bad_input_fails_before_any_training(string problem)
    {
        var x = Matrix<float>.Build.Dense(10, 2, (i, j) => i + j);
        var labels = Labels.ToColumn<float>(Enumerable.Range(0, 10).Select(i => i % 3).ToArray());
        var model = Sequential.Create(0, Layers.Input(2), Layers.Dense(3, Activation.Softmax));
        var loss = Loss.SparseCategoricalCrossentropy();
        var options = new FitOptions<float> { Epochs = 2 };
        var called = false;
        options = options with { Progress = new SynchronousProgress<EpochProgress>(_ => called = true) };
        Action fit = problem switch
        {
            "lengths" => () => Training.Fit(model, new Adam(), loss, x, labels.SubMatrix(0, 9, 0, 1), options),
            "empty" => () => Training.Fit(model, new Adam(), loss, Matrix<float>.Build.Dense(0, 2), Matrix<float>.Build.Dense(0, 1), options),
            "batch" => () => Training.Fit(model, new Adam(), loss, x, labels, options with { BatchSize = 0 }),
            "epochs" => () => Training.Fit(model, new Adam(), loss, x, labels, options with { Epochs = -1 }),
            "labels" => () => Training.Fit(model, new Adam(), loss, x, Labels.ToColumn<float>(Enumerable.Range(0, 10).ToArray()), options),
            "nan" => () => Training.Fit(model, new Adam(), loss, x.Map(v => v == 5 ? float.NaN : v), labels, options),
            "width" => () => Training.Fit(model, new Adam(), loss, Matrix<float>.Build.Dense(10, 3), labels, options),
            "monitor" => () => Training.Fit(model, new Adam(), loss, x, labels, options with { Callbacks = [new EarlyStopping()] }),
            _ => throw new InvalidOperationException(),
        };
        var e = Assert.ThrowsAny<ArgumentException>(fit);
        Assert.False(called);
        var expected = problem switch
        {
            "lengths" => "10 samples",
            "empty" => "no samples",
            "batch" => "batch size",
            "epochs" => "epochs",
            "labels" => "outside the classes [0, 3)",
            "nan" => "NaN",
            "width" => "10x3",
            "monitor" => "val_loss",
            _ => "",
        };
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Softmax_with_a_from_logits_loss_is_warned_about()
    {
        var x = Matrix<float>.Build.Dense(6, 2, (i, j) => i - j);
        var y = Labels.ToColumn<float>([0, 1, 0, 1, 0, 1]);
        var model = Sequential.Create(0, Layers.Input(2), Layers.Dense(2, Activation.Softmax));
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(seen.Add))
            Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(fromLogits: true), x, y, new FitOptions<float> { Epochs = 1 });
        // Other tests may train in parallel and warn too: pick this model's warning (its last layer is 'dense').
        var warning = Assert.Single(seen, d => d.Level == DiagnosticLevel.Warning && d.Source == "Fit" && d.Message.Contains("'dense' applies softmax"));
        Assert.Contains("softmax is applied twice", warning.Message);
        Assert.Contains("fromLogits: false", warning.Message);
    }
}


public class InputRangeTests
{
    [Fact]
    public void Predicting_far_outside_the_training_range_is_warned_about_with_both_ranges()
    {
        var x = Matrix<float>.Build.Dense(20, 2, (i, j) => (i + j) / 40f);      // inputs in [0, 1]
        var y = Labels.ToColumn<float>(Enumerable.Range(0, 20).Select(i => i % 2).ToArray());
        var model = Sequential.Create(0, Layers.Input(2), Layers.Dense(2, Activation.Softmax));
        var trained = Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, new FitOptions<float> { Epochs = 1 }).Model;
        Assert.Equal(0, trained.TrainingInputRange!.Min);
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(seen.Add))
        {
            trained.Predict(x.Map(v => v * 0.5f));      // inside: no warning
            trained.Predict(x.Map(v => v * 255f));      // raw pixels: warning
        }
        // Other tests may predict in parallel and warn too: this model's warnings name its training range [0, 0.5].
        var warning = Assert.Single(seen, d => d.Source == "Predict" && d.Message.Contains("trained on inputs in [0, 0.5]"));
        Assert.Contains("[0, 0.5]", warning.Message);
        Assert.Contains("[0, 127.5]", warning.Message);
        Assert.Contains("255", warning.Message);
    }

    [Fact]
    public void The_training_range_survives_save_and_load()
    {
        var x = Matrix<float>.Build.Dense(8, 1, (i, _) => i);
        var model = Training.Fit(Sequential.Create(0, Layers.Input(1), Layers.Dense(1)), new Sgd(), Loss.MeanSquaredError, x, x,
            new FitOptions<float> { Epochs = 1 }).Model;
        var loaded = ModelFile.FromBytes<float>(ModelFile.ToBytes(model));
        Assert.Equal(new InputRange(0, 7), loaded.TrainingInputRange);
        Assert.Equal(model, loaded);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(64)]
    public void Of_is_the_smallest_and_largest_value_wherever_they_lie_and_skips_NaN(int n)
    {
        // The extremes in a whole vector, in the tail, at either end; a NaN anywhere is skipped as the scalar loop did.
        foreach (int at in new[] { 0, 5, n / 2, n - 1 })
        {
            var values = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i)).ToArray();
            values[at] = -3.5f;
            values[(at + 7) % n] = 9.25f;
            var x = Matrix<float>.Build.Dense(n, 1, values);
            Assert.Equal(new InputRange(-3.5, 9.25), InputRange.Of(x));
            values[(at + 3) % n] = float.NaN;
            Assert.Equal(new InputRange(-3.5, 9.25), InputRange.Of(Matrix<float>.Build.Dense(n, 1, values)));
        }
    }
}

