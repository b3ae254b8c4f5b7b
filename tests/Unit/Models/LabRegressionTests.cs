using Functional.Core;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>The lab's regression parts, on the lab's own data (numpy's generator, seed 0).</summary>
public class LabRegressionTests
{
    private static (Matrix<float> X, Matrix<float> Y, double[] Xs, double[] Ys) LineData()
    {
        var random = new NumpyRandomState(0);
        var xs = Ranges.Arange(0, 10, 0.1).ToArray();
        var noise = random.Normal(xs.Length);
        var ys = xs.Select((x, i) => 2 * x + 3 + noise[i]).ToArray();
        return (MatrixData.Column<float>(xs), MatrixData.Column<float>(ys), xs, ys);
    }

    /// <summary>Least squares on (1, x): intercept, slope and the mean squared residual.</summary>
    private static (double Intercept, double Slope, double Mse) LeastSquares(double[] xs, double[] ys)
    {
        var a = Matrix<double>.Build.Dense(xs.Length, 2, (i, j) => j == 0 ? 1 : xs[i]);
        var w = a.QR().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(ys));
        var mse = xs.Select((x, i) => Math.Pow(w[0] + w[1] * x - ys[i], 2)).Average();
        return (w[0], w[1], mse);
    }

    private static FitResult<float> FitLine(double learningRate, ulong seed = 0)
    {
        var (x, y, _, _) = LineData();
        var model = Sequential.Create(seed, Layers.Input(1), Layers.Dense(1));
        return Training.Fit(model, new Adam(learningRate), Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 100, BatchSize = 100, Seed = seed });
    }

    [Fact]
    public void Adam_at_lr_0_1_ends_close_to_the_least_squares_line()
    {
        var (_, _, xs, ys) = LineData();
        var ls = LeastSquares(xs, ys);
        var result = FitLine(0.1);
        var dense = (Dense<float>)result.Model.Layers[0];
        double slope = dense.Kernel[0, 0], intercept = dense.Bias[0, 0];
        // 100 Adam steps of about 0.1 each cannot carry the intercept all the way from 0 to 3.2 while the slope
        // (coupled to it through mean(x) = 5) settles: the fit is close but not converged. Tolerances: the line
        // stays within 0.75 of the least-squares line over the data's range, and the MSE within 15 % of optimal.
        for (double x = 0; x <= 10; x += 0.5)
            Assert.InRange(intercept + slope * x - (ls.Intercept + ls.Slope * x), -0.75, 0.75);
        Assert.InRange(result.History.Loss[^1], ls.Mse, ls.Mse * 1.15);
        Assert.InRange(ls.Slope, 1.9, 2.1); // the data really is y = 2x + 3 + noise
        Assert.InRange(ls.Intercept, 2.7, 3.3);
    }

    [Fact]
    public void The_sweep_separates_rates_that_never_get_within_5_percent_of_optimal()
    {
        var (_, _, xs, ys) = LineData();
        double target = LeastSquares(xs, ys).Mse * 1.05;
        var rates = Ranges.Logspace(-5, 2, 8);
        var reaches = rates.Select(lr => FitLine(lr).History.Loss.Any(l => l <= target)).ToArray();
        // 1e-5 .. 1e-2 never get there in 100 epochs; 1 and 10 do. (1e-1 lands about 10 % above optimal, and
        // 1e2 oscillates around it: both are reported by the report's sweep, not asserted here.)
        Assert.Equal([false, false, false, false], reaches[..4]);
        Assert.True(reaches[5], "lr = 1 should come within 5 % of the least-squares MSE");
        Assert.True(reaches[6], "lr = 10 should come within 5 % of the least-squares MSE");
    }

    private static (Matrix<float> X, Matrix<float> Y) LogData(NumpyRandomState random, IReadOnlyList<double> xs)
    {
        var noise = random.Normal(xs.Count);
        return (MatrixData.Column<float>(xs), MatrixData.Column<float>(xs.Select((x, i) => Math.Log(x + 1) + 0.1 * noise[i])));
    }

    [Fact]
    public void One_tanh_hidden_layer_beats_the_linear_model_on_ln_x_plus_1()
    {
        var (x, y) = LogData(new NumpyRandomState(0), Ranges.Arange(0, 10, 0.1));
        double Best(LayerSpec[] specs) => Enumerable.Range(0, 3).Select(seed =>
            Training.Fit(Sequential.Build<float>(specs, (ulong)seed), new Adam(0.1), Loss.MeanSquaredError, x, y,
                new FitOptions<float> { Epochs = 100, BatchSize = 100, Seed = (ulong)seed }).History.Loss[^1]).Min();
        double linear = Best([Layers.Input(1), Layers.Dense(1)]);
        double hidden = Best([Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)]);
        // The noise variance is 0.01, the floor any model can reach; a straight line through ln(x+1) leaves about
        // 0.027. "Clearly" = the hidden layer at most half the linear model's MSE.
        Assert.True(hidden < 0.5 * linear, $"tanh MSE {hidden} vs linear {linear}");
        Assert.InRange(linear, 0.02, 0.04);
    }

    [Fact]
    public void With_10_training_points_training_loss_keeps_falling_while_validation_loss_flattens()
    {
        var random = new NumpyRandomState(0);
        var (xt, yt) = LogData(random, random.Uniform(10, 0, 10));
        var (xv, yv) = LogData(random, random.Uniform(100, 0, 10));
        var model = Sequential.Create(0, Layers.Input(1), Layers.Dense(10, Activation.Tanh), Layers.Dense(1));
        var history = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, xt, yt,
            new FitOptions<float> { Epochs = 500, BatchSize = 10, Validation = new(xv, yv) }).History;
        var train = history.Loss;
        var val = history.ValidationLoss;
        int bestVal = val.Select((v, i) => (v, i)).MinBy(p => p.i < 0 ? 0 : p.v).i;
        // Training loss still falls over the second half; validation loss bottoms out early and ends at least
        // 10 % above its best: the model fits the 10 points' noise.
        Assert.True(train[^1] < train[249], $"train {train[249]} -> {train[^1]}");
        Assert.True(train[^1] < 0.5 * train[49]);
        Assert.InRange(bestVal, 0, 250);
        Assert.True(val[^1] > 1.1 * val[bestVal], $"val best {val[bestVal]} at {bestVal + 1}, final {val[^1]}");
    }
}
