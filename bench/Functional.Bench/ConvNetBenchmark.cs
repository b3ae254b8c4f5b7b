using System.Diagnostics;
using System.Runtime.InteropServices;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.LinearAlgebra;
using Functional.Models;

namespace Functional.Bench;

/// <summary>
/// <c>bench cnn</c>: an epoch of Keras' "simple MNIST convnet" (34,826 parameters) on 54,000 real digits at batch 128, as the
/// report trains it; <c>bench/peer_torch.py --workload cnn</c> prints the same row for PyTorch. The first epoch (warm-up, setup)
/// is dropped; the cell is the median [min–max] of the rest, with the arithmetic rate the products reach.
/// </summary>
public static class ConvNetBenchmark
{
    /// <summary>What <c>bench cnn</c> measures.</summary>
    /// <param name="Epochs">Timed epochs after the warm-up (default 2).</param>
    /// <param name="DataDirectory">Where the MNIST files are (null: the usual places).</param>
    public sealed record Settings(int Epochs = 2, string? DataDirectory = null);

    /// <summary>Runs the benchmark and writes its row to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        LinearAlgebraProviders.EnsureInitialized();
        var data = Mnist.Load(settings.DataDirectory);
        const int samples = 54_000;
        var x = data.Train.Images.SubMatrix(0, samples, 0, 784);
        var y = data.Train.LabelColumn<float>().SubMatrix(0, samples, 0, 1);
        var model = Sequential.Build<float>(
        [
            Layers.Input(28, 28, 1), Layers.Conv2D(32, 3, Activation.Relu), Layers.MaxPooling2D(2), Layers.Conv2D(64, 3, Activation.Relu),
            Layers.MaxPooling2D(2), Layers.Flatten(), Layers.Dropout(0.5), Layers.Dense(10, Activation.Softmax),
        ], 0);
        var options = new FitOptions<float> { Epochs = settings.Epochs + 1, BatchSize = 128, Seed = 1 };
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        foreach (var _ in Training.Epochs(model, new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, options))
        {
            times.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
        }
        var timed = times.Skip(1).ToArray();
        double gflop = Arithmetic.TrainingFlops(model, samples) / 1e9;
        double median = TrainingBenchmark.Median(timed);
        output.WriteLine($"CNN benchmark (Functional, float32): {RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} logical cores, " +
                         $"{RuntimeInformation.FrameworkDescription}, provider {LinearAlgebraProviders.ActiveName}, {DateTime.UtcNow:yyyy-MM-dd}.");
        output.WriteLine($"| Keras' MNIST convnet epoch, 54 000 digits, batch 128 | {TrainingBenchmark.Cell(timed)} | s/epoch | " +
                         $"{gflop:F0} GFLOP of products an epoch, {gflop / median:F1} GFLOP/s |");
        return 0;
    }
}
