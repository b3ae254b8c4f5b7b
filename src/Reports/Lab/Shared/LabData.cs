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
/// The lab's data sets exactly as numpy makes them when the notebook runs top to bottom (numpy's legacy generator,
/// reproduced by <see cref="NumpyRandomState"/>): a cell that calls <c>np.random.seed(0)</c> starts the stream again,
/// a cell that does not continues it where the previous one left it (Keras draws nothing from numpy's global generator:
/// its initializers use Python's random, its shuffles TensorFlow's). Each value is computed in the order the cell's
/// expression computes it.
/// </summary>
/// <remarks>
/// ln and sin are .NET's <see cref="Math.Log(double)"/> and <see cref="Math.Sin"/>, the C library's; numpy's own
/// vectorized log and sin (used on CPUs with AVX-512) differ from them in the last bit for about a quarter of the
/// points, so a value computed through them is within one unit in the last place of numpy's, and every draw is numpy's
/// bit for bit (tests/Unit/reference/notebook_data.py).
/// </remarks>
public static class LabData
{
    /// <summary>The notebook's seed, set by <c>np.random.seed(0)</c> in every cell that seeds.</summary>
    public const long Seed = 0;

    /// <summary>
    /// Parts 1 and 2, the first cell: <c>np.random.seed(0); x = np.arange(0,10,0.1); y = 2*x+3+np.random.normal(size=len(x))</c>.
    /// </summary>
    public static RegressionData Line()
    {
        var random = new NumpyRandomState(Seed);
        var x = Ranges.Arange(0, 10, 0.1);
        var noise = random.Normal(x.Count);
        return new RegressionData(x, x.Select((v, i) => 2 * v + 3 + noise[i]).ToArray());
    }

    /// <summary>The relation behind <see cref="Line"/>: y = 2x + 3.</summary>
    public static double TrueLine(double x) => 2 * x + 3;

    /// <summary>
    /// Part 3, the ln cell: <c>np.random.seed(0); x = np.arange(0,10,0.1); y = np.log(x+1)+np.random.normal(size=len(x))*0.1</c>.
    /// </summary>
    public static RegressionData Log() => LogCell(new NumpyRandomState(Seed));

    /// <summary>
    /// Part 3, the hidden-layer cell, which does not re-seed: <c>x = np.arange(0,10,0.1); y = np.log(x+1)+np.random.normal(size=len(x))*0.1</c>
    /// with the stream where the ln cell left it (its noise is the 101st to 200th draw after the seed).
    /// </summary>
    public static RegressionData HiddenLayer()
    {
        var random = new NumpyRandomState(Seed);
        LogCell(random);
        return LogCell(random);
    }

    private static RegressionData LogCell(NumpyRandomState random)
    {
        var x = Ranges.Arange(0, 10, 0.1);
        var noise = random.Normal(x.Count);
        return new RegressionData(x, x.Select((v, i) => Math.Log(v + 1) + noise[i] * LogNoise).ToArray());
    }

    /// <summary>The relation behind the ln data: ln(x + 1).</summary>
    public static double TrueLog(double x) => Math.Log(x + 1);

    /// <summary>The standard deviation of the noise of the ln and sin cells; its square, 0.01, is their MSE floor.</summary>
    public const double LogNoise = 0.1;

    /// <summary>The standard deviation of the overfitting cell's noise; its square, 0.04, is that cell's MSE floor.</summary>
    public const double OverfittingNoise = 0.2;

    /// <summary>
    /// Part 4: <c>np.random.seed(0); x = np.arange(0,10); y = np.log(x+1)+np.random.normal(size=len(x))*0.2;
    /// x1 = np.arange(0,10,0.1); y1 = np.log(x1+1)+np.random.normal(size=len(x1))*0.2</c>: the integers 0 … 9 to train on,
    /// 0 … 9.9 in steps of 0.1 to validate on.
    /// </summary>
    public static TrainAndValidation Overfitting() => OverfittingCell(new NumpyRandomState(Seed));

    private static TrainAndValidation OverfittingCell(NumpyRandomState random)
    {
        var x = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var noise = random.Normal(x.Length);
        var x1 = Ranges.Arange(0, 10, 0.1);
        var noise1 = random.Normal(x1.Count);
        return new TrainAndValidation(
            new RegressionData(x, x.Select((v, i) => Math.Log(v + 1) + noise[i] * OverfittingNoise).ToArray()),
            new RegressionData(x1, x1.Select((v, i) => Math.Log(v + 1) + noise1[i] * OverfittingNoise).ToArray()));
    }

    /// <summary>
    /// Part 5's misclassified digits: <c>x = np.random.permutation(np.arange(len(predictions)))</c>, which does not re-seed:
    /// the stream where part 4's cell left it.
    /// </summary>
    /// <param name="count">The number of test digits (10 000; fewer in quick mode).</param>
    public static IReadOnlyList<int> MisclassifiedOrder(int count)
    {
        var random = new NumpyRandomState(Seed);
        OverfittingCell(random);
        return random.Permutation(count);
    }

    /// <summary>
    /// Extra credit: <c>np.random.seed(0); x = np.linspace(0,np.pi*5,1000); y = np.sin(x)+np.random.normal(size=len(x))*0.1;
    /// x1 = np.random.random(100)*np.pi*5; y1 = np.sin(x1)+np.random.normal(size=len(x1))*0.1</c>.
    /// </summary>
    public static TrainAndValidation Sine()
    {
        var random = new NumpyRandomState(Seed);
        var x = Ranges.Linspace(0, Math.PI * 5, 1000);
        var noise = random.Normal(x.Count);
        var x1 = random.RandomSample(100).Select(r => r * Math.PI * 5).ToArray(); // (r·π)·5, numpy's order, not r·(5π)
        var noise1 = random.Normal(x1.Length);
        return new TrainAndValidation(
            new RegressionData(x, x.Select((v, i) => Math.Sin(v) + noise[i] * LogNoise).ToArray()),
            new RegressionData(x1, x1.Select((v, i) => Math.Sin(v) + noise1[i] * LogNoise).ToArray()));
    }
}
