using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// Fit runs on the engine's in-place buffers; these tests hold it to the straightforward pure fold (per batch: each
/// layer's pure Trace and Backward, Optimizer.Update, Model.WithParameters; tests/Shared/ReferenceFold.cs), bit for bit: every epoch's
/// model, optimizer state and log, for each optimizer, activation, loss, metrics, validation, shuffling, a smaller
/// last batch, early stopping with restored weights and divergence, in float and double.
/// </summary>
public class FastPathEquivalenceTests
{

    private static List<EpochState<T>> ReferenceFold<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T> => Tests.ReferenceFold.Run(model, optimizer, loss, x, y, options);

    public static TheoryData<string> Cases => new(CaseNames);

    private static readonly string[] CaseNames =
    [
        "sgd-mse-tanh", "sgd-momentum-mse-sigmoid", "sgd-nesterov-mse-relu", "adam-mse-linear-unshuffled",
        "rmsprop-mse-tanh", "rmsprop-momentum-centered-mse-relu", "adam-softmax-sparse-ce-accuracy-validation",
        "adam-logits-sparse-ce-accuracy", "sgd-sigmoid-sparse-ce-probabilities", "adam-flatten-softmax-no-metrics",
        "adam-softmax-hidden", "batch-larger-than-data", "rmsprop-softmax-sparse-ce-validation-no-shuffle", "adam-mse-tanh-validation",
        "adamw-clipnorm-cosine-warmup", "sgd-momentum-global-clipnorm-exponential", "rmsprop-weight-decay-piecewise",
    ];

    private sealed record Case<T>(Model<T> Model, Optimizer Optimizer, Loss Loss, Matrix<T> X, Matrix<T> Y, FitOptions<T> Options)
        where T : unmanaged, IFloatingPointIeee754<T>;

    private static Case<T> Make<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 37; // batches of 8: 8, 8, 8, 8, 5 — the last one smaller
        var (xr, yr) = Regression<T>(n);
        var (xc, yc) = Classes<T>(n, 3);
        var (vx, vy) = Classes<T>(11, 3, phase: 0.5);
        var baseOptions = new FitOptions<T> { Epochs = 4, BatchSize = 8, Seed = 7 };
        var classification = baseOptions with { Metrics = [Metric.SparseCategoricalAccuracy] };
        Model<T> Mlp(Activation hidden, Activation? output = null, int outputs = 1, int inputs = 2) =>
            Sequential.Build<T>([Layers.Input(inputs), Layers.Dense(5, hidden), Layers.Dense(outputs, output)], 3);
        var ce = Loss.SparseCategoricalCrossentropy();
        return name switch
        {
            "sgd-mse-tanh" => new(Mlp(Activation.Tanh), new Sgd(0.05), Loss.MeanSquaredError, xr, yr, baseOptions),
            "sgd-momentum-mse-sigmoid" => new(Mlp(Activation.Sigmoid), new Sgd(0.05, Momentum: 0.9), Loss.MeanSquaredError, xr, yr, baseOptions),
            "sgd-nesterov-mse-relu" => new(Mlp(Activation.Relu), new Sgd(0.02, Momentum: 0.8, Nesterov: true), Loss.MeanSquaredError, xr, yr, baseOptions),
            "adam-mse-linear-unshuffled" => new(Mlp(Activation.Linear), new Adam(0.01), Loss.MeanSquaredError, xr, yr, baseOptions with { Shuffle = false }),
            "rmsprop-mse-tanh" => new(Mlp(Activation.Tanh), new RmsProp(0.01), Loss.MeanSquaredError, xr, yr, baseOptions),
            "rmsprop-momentum-centered-mse-relu" =>
                new(Mlp(Activation.Relu), new RmsProp(0.01, Momentum: 0.5, Centered: true), Loss.MeanSquaredError, xr, yr, baseOptions),
            "adam-softmax-sparse-ce-accuracy-validation" =>
                new(Mlp(Activation.Relu, Activation.Softmax, 3), new Adam(0.02), ce, xc, yc, classification with { Validation = new(vx, vy) }),
            "adam-logits-sparse-ce-accuracy" =>
                new(Mlp(Activation.Tanh, null, 3), new Adam(0.02), Loss.SparseCategoricalCrossentropy(fromLogits: true), xc, yc, classification),
            "sgd-sigmoid-sparse-ce-probabilities" => new(Mlp(Activation.Tanh, Activation.Sigmoid, 3), new Sgd(0.1), ce, xc, yc, classification),
            "adam-flatten-softmax-no-metrics" =>
                new(Sequential.Build<T>([Layers.Input(1, 2), Layers.Flatten(), Layers.Dense(4, Activation.Relu), Layers.Dense(3, Activation.Softmax)], 5),
                    new Adam(0.02), ce, xc, yc, baseOptions),
            "adam-softmax-hidden" => new(Mlp(Activation.Softmax), new Adam(0.01), Loss.MeanSquaredError, xr, yr, baseOptions),
            "batch-larger-than-data" => new(Mlp(Activation.Tanh), new Adam(0.01), Loss.MeanSquaredError, xr, yr, baseOptions with { BatchSize = 64 }),
            "rmsprop-softmax-sparse-ce-validation-no-shuffle" =>
                new(Mlp(Activation.Sigmoid, Activation.Softmax, 3), new RmsProp(0.01), ce, xc, yc,
                    classification with { Shuffle = false, BatchSize = 10, Validation = new(vx, vy) }),
            "adam-mse-tanh-validation" =>
                new(Mlp(Activation.Tanh), new Adam(0.01), Loss.MeanSquaredError, xr, yr, baseOptions with
                {
                    Validation = new(Regression<T>(13).X,
                    Regression<T>(13).Y)
                }),
            "adamw-clipnorm-cosine-warmup" =>
                new(Mlp(Activation.Tanh), new AdamW(0.02, WeightDecay: 0.1) with
                {
                    ClipNorm = 0.5,
                    Schedule = new CosineDecay(0.0, 10,
                    WarmupTarget: 0.05, WarmupSteps: 4)
                },
                    Loss.MeanSquaredError, xr, yr, baseOptions),
            "sgd-momentum-global-clipnorm-exponential" =>
                new(Mlp(Activation.Relu), new Sgd(0.1, Momentum: 0.9) with { GlobalClipNorm = 0.3, Schedule = new ExponentialDecay(0.1, 5, 0.5) },
                    Loss.MeanSquaredError, xr, yr, baseOptions),
            "rmsprop-weight-decay-piecewise" =>
                new(Mlp(Activation.Sigmoid, Activation.Softmax, 3), new RmsProp(0.01) with
                {
                    WeightDecay = 0.05,
                    Schedule = new PiecewiseConstantDecay([6], [0.02, 0.005])
                },
                    ce, xc, yc, classification),
            _ => throw new ArgumentException(name),
        };
    }

    private static (Matrix<T> X, Matrix<T> Y) Regression<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Matrix<T>.Build.Dense(n, 2, (i, j) => T.CreateTruncating(Math.Sin(i * 0.7 + j * 1.3)));
        var y = Matrix<T>.Build.Dense(n, 1, (i, _) => T.CreateTruncating(Math.Cos(i * 0.7) * 0.8 + 0.1 * i / n));
        return (x, y);
    }

    private static (Matrix<T> X, Matrix<T> Y) Classes<T>(int n, int classes, double phase = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Matrix<T>.Build.Dense(n, 2, (i, j) => T.CreateTruncating((i % classes) + Math.Sin(i * 1.9 + j + phase)));
        var y = Matrix<T>.Build.Dense(n, 1, (i, _) => T.CreateTruncating(i % classes));
        return (x, y);
    }

    private static void AssertSameRun<T>(Case<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = ReferenceFold(c.Model, c.Optimizer, c.Loss, c.X, c.Y, c.Options);
        var actual = Training.Epochs(c.Model, c.Optimizer, c.Loss, c.X, c.Y, c.Options).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int e = 0; e < expected.Count; e++)
        {
            Assert.Equal(expected[e].Log, actual[e].Log);
            Assert.Equal(expected[e].Model, actual[e].Model);
            Assert.Equal(expected[e].OptimizerState, actual[e].OptimizerState);
        }
        var fit = Training.Fit(c.Model, c.Optimizer, c.Loss, c.X, c.Y, c.Options);
        Assert.Equal(expected[^1].Model, fit.Model);
        Assert.Equal(expected.Select(s => s.Log), fit.History.Epochs);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_equals_the_pure_fold_bit_for_bit_in_float(string name) => AssertSameRun(Make<float>(name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_equals_the_pure_fold_bit_for_bit_in_double(string name) => AssertSameRun(Make<double>(name));

    [Fact]
    public void Early_stopping_restores_the_pure_folds_model_of_the_best_epoch()
    {
        var c = Make<float>("adam-softmax-sparse-ce-accuracy-validation");
        // A MinDelta nobody can beat: epoch 1 is the best, training stops at epoch 2 and restores epoch 1.
        var options = c.Options with { Callbacks = [new EarlyStopping("val_loss", Patience: 1, MinDelta: 10, RestoreBestWeights: true)] };
        var expected = ReferenceFold(c.Model, c.Optimizer, c.Loss, c.X, c.Y, options);
        var fit = Training.Fit(c.Model, c.Optimizer, c.Loss, c.X, c.Y, options);
        Assert.Equal(StopKind.EarlyStopping, fit.History.Stop.Kind);
        Assert.Equal(1, fit.History.RestoredEpoch);
        Assert.Equal(expected[0].Model, fit.Model);
        Assert.Equal(expected.Take(2).Select(s => s.Log), fit.History.Epochs);
    }

    [Fact]
    public void A_diverging_run_returns_the_pure_folds_epoch_start_model_and_mid_epoch_state()
    {
        var c = Make<double>("sgd-mse-tanh") with { Optimizer = new Sgd(1e6), Model = Sequential.Build<double>([Layers.Input(2), Layers.Dense(1)], 3) };
        var expected = ReferenceFold(c.Model, c.Optimizer, c.Loss, c.X, c.Y, c.Options with { Epochs = 30 });
        var actual = Training.Epochs(c.Model, c.Optimizer, c.Loss, c.X, c.Y, c.Options with { Epochs = 30 }).ToList();
        Assert.Equal(StopKind.NonFiniteLoss, actual[^1].Stop!.Kind);
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected[^1].Model, actual[^1].Model);
        Assert.Equal(expected[^1].OptimizerState, actual[^1].OptimizerState);
        Assert.Equal(expected.Select(s => s.Log), actual.Select(s => s.Log));
    }
}
