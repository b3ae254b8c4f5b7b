using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Callbacks;

/// <summary>A small regression that trains in milliseconds, for the callback tests.</summary>
internal static class CallbackTestData
{
    public static Model<double> SmallModel() => Sequential.Build<double>([Layers.Input(1), Layers.Dense(4, Activation.Tanh), Layers.Dense(1)], 11);

    public static (Matrix<double> X, Matrix<double> Y) Wave(int n, double phase = 0)
    {
        var x = Matrix<double>.Build.Dense(n, 1, (i, _) => -1 + 2.0 * i / (n - 1) + phase);
        return (x, x.Map(v => Math.Sin(2 * v) + 0.1 * Math.Cos(17 * v)));
    }

    public static FitOptions<double> Options(int epochs, params Callback[] callbacks)
    {
        var (vx, vy) = Wave(9, 0.05);
        return new FitOptions<double> { Epochs = epochs, BatchSize = 8, Seed = 5, Validation = new(vx, vy), Callbacks = callbacks };
    }

    /// <summary>An epoch log of one key.</summary>
    public static EpochLog Log(int epoch, string key, double value) => new(epoch, [new(key, value)]);

    /// <summary>A fresh temporary folder, deleted by the caller.</summary>
    public static string TemporaryFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "functional-callbacks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
