using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

namespace Functional.Reports.Lab;

/// <summary>A one-feature regression data set, kept both as doubles (for tables and least squares) and as a float Dataset.</summary>
/// <param name="X">Inputs.</param>
/// <param name="Y">Noisy targets.</param>
public sealed record RegressionData(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>As a float32 training set (n × 1 inputs and targets).</summary>
    public Dataset<float> ToDataset() => new(MatrixData.Column<float>(X), MatrixData.Column<float>(Y));

    /// <summary>The number of points.</summary>
    public int Count => X.Count;
}

/// <summary>A training set and the validation set that goes with it (deconstructs as <c>var (train, validation) = …</c>).</summary>
/// <param name="Train">The points the model is fitted to.</param>
/// <param name="Validation">The points it is judged on.</param>
public sealed record TrainAndValidation(RegressionData Train, RegressionData Validation);

/// <summary>
/// The lab's data sets, generated as the notebook generates them with numpy's legacy generator, so they are the
/// notebook's data point for point (<c>np.random.seed(seed)</c>, then <c>np.random.normal</c> / <c>uniform</c>).
/// </summary>
public static class LabData
{
    /// <summary>Part 1: <c>x = np.arange(0, 10, 0.1)</c>, <c>y = 2x + 3 + np.random.normal(size=len(x))</c>.</summary>
    public static RegressionData Line(long seed = 0)
    {
        var random = new NumpyRandomState(seed);
        var x = Ranges.Arange(0, 10, 0.1);
        var noise = random.Normal(x.Count);
        return new RegressionData(x, x.Select((v, i) => TrueLine(v) + noise[i]).ToArray());
    }

    /// <summary>The relation behind <see cref="Line"/>: y = 2x + 3.</summary>
    public static double TrueLine(double x) => 2 * x + 3;

    /// <summary>Part 3: <c>x = np.arange(0, 10, 0.1)</c>, <c>y = ln(x + 1) + 0.1 · np.random.normal(size=len(x))</c>.</summary>
    public static RegressionData Log(long seed = 0)
    {
        var random = new NumpyRandomState(seed);
        var x = Ranges.Arange(0, 10, 0.1);
        var noise = random.Normal(x.Count);
        return new RegressionData(x, x.Select((v, i) => TrueLog(v) + LogNoise * noise[i]).ToArray());
    }

    /// <summary>The relation behind <see cref="Log"/>: ln(x + 1).</summary>
    public static double TrueLog(double x) => Math.Log(x + 1);

    /// <summary>The standard deviation of the noise of the ln and sin data sets; its square, 0.01, is the MSE floor.</summary>
    public const double LogNoise = 0.1;

    /// <summary>
    /// Part 4: few training points and many validation points of the ln(x+1) relation, x uniform on [0, 10):
    /// <c>np.random.seed(seed); xt = uniform(0, 10, 10); nt = normal(size=10); xv = uniform(0, 10, 100); nv = normal(size=100)</c>.
    /// </summary>
    public static TrainAndValidation FewPoints(long seed = 0, int train = 10, int validation = 100)
    {
        var random = new NumpyRandomState(seed);
        RegressionData Draw(int n)
        {
            var x = random.Uniform(n, 0, 10);
            var noise = random.Normal(n);
            return new RegressionData(x, x.Select((v, i) => TrueLog(v) + LogNoise * noise[i]).ToArray());
        }
        var t = Draw(train);
        return new TrainAndValidation(t, Draw(validation));
    }

    /// <summary>
    /// Extra credit: <c>x = np.linspace(0, 5π, 1000)</c>, <c>y = sin(x) + 0.1 · normal</c>, and 100 validation points
    /// with x uniform on [0, 5π).
    /// </summary>
    public static TrainAndValidation Sine(long seed = 0, int train = 1000, int validation = 100)
    {
        var random = new NumpyRandomState(seed);
        var x = Ranges.Linspace(0, 5 * Math.PI, train);
        var noise = random.Normal(train);
        var t = new RegressionData(x, x.Select((v, i) => Math.Sin(v) + LogNoise * noise[i]).ToArray());
        var xv = random.Uniform(validation, 0, 5 * Math.PI);
        var nv = random.Normal(validation);
        return new TrainAndValidation(t, new RegressionData(xv, xv.Select((v, i) => Math.Sin(v) + LogNoise * nv[i]).ToArray()));
    }
}
