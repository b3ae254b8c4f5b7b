using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Bench;

/// <summary>
/// <c>bench train</c>: training and inference times of the lab's workloads (float32), as a markdown table that
/// <c>bench/peer_torch.py</c> prints in the same form for PyTorch: the MNIST MLP's epoch at batch 32 and 128, inference
/// over 10 000 rows, the 1→1 model's learning-rate sweep (µs per step) and the 500-epoch overfitting run.
/// Each cell is the median [min–max] over repetitions after a warm-up; bytes are managed bytes allocated per epoch.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Where real MNIST is looked for (IDX files, uncompressed); synthetic data of the same shape otherwise.</summary>
    public static string DefaultMnistDirectory { get; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "functional", "mnist");

    /// <summary>What <c>bench train</c> measures.</summary>
    /// <param name="Repetitions">Repetitions per workload (default 5).</param>
    /// <param name="MnistDirectory">Where the uncompressed MNIST IDX files are (default <see cref="DefaultMnistDirectory"/>).</param>
    /// <param name="Synthetic">Use random data of MNIST's shape even when the real files are there.</param>
    /// <param name="Workloads">Which rows to measure, among <see cref="WorkloadNames"/>; null for all of them.</param>
    public sealed record Settings(int Repetitions = 5, string? MnistDirectory = null, bool Synthetic = false, IReadOnlyList<string>? Workloads = null);

    /// <summary>The workloads <c>--workloads</c> accepts: the MNIST epochs (and Fit's allocation), inference, the sweep, the overfitting run.</summary>
    public static IReadOnlyList<string> WorkloadNames { get; } = ["mnist", "inference", "sweep", "overfitting"];

    /// <summary>Runs the benchmark and writes the table to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        int repetitions = settings.Repetitions;
        string mnist = settings.MnistDirectory ?? DefaultMnistDirectory;
        bool synthetic = settings.Synthetic;
        bool Wanted(string name) => settings.Workloads is null || settings.Workloads.Contains(name);

        LinearAlgebraProviders.EnsureInitialized();
        var data = !synthetic && File.Exists(Path.Combine(mnist, "train-images-idx3-ubyte")) ? RealMnist(mnist) : SyntheticMnist();
        output.WriteLine($"Training benchmark (Functional, float32): median [min–max] of {repetitions} repetitions after a warm-up.");
        output.WriteLine($"{RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, " +
                         $"provider {LinearAlgebraProviders.ActiveName}, {DateTime.UtcNow:yyyy-MM-dd}; MNIST data: {data.Kind}.");
        output.WriteLine();
        output.WriteLine("| workload | time | unit | allocated per epoch | notes |");
        output.WriteLine("|---|---:|---|---:|---|");

        foreach (int batch in Wanted("mnist") ? new[] { 32, 128 } : [])
        {
            var (times, bytes, accuracy, gen2) = MnistEpochs(data, batch, repetitions);
            output.WriteLine($"| MNIST MLP epoch, batch {batch} | {Cell(times)} | s/epoch | {Bytes(bytes)} | " +
                             (accuracy is { } a ? $"test accuracy after {repetitions + 1} epochs {a:P2}" : "synthetic data") +
                             $"; {gen2} gen-2 collections in the timed epochs |");
        }
        if (Wanted("mnist"))
            output.WriteLine($"| MNIST MLP Fit, batch 32 | | | {Bytes(FitBytesPerEpoch(data))} | Fit copies no model out between epochs: (bytes of a " +
            $"3-epoch Fit − a 1-epoch Fit) / 2 |");
        if (Wanted("inference"))
            output.WriteLine($"| MNIST MLP inference, 10 000 rows | {Cell(Inference(data))} | ms | | one forward pass of 10 000 rows; {InferencePasses} " +
            $"passes after {InferenceWarmup} untimed |");
        if (Wanted("sweep"))
        {
            var (sweepTimes, sweepSteps) = Sweep(repetitions);
            output.WriteLine($"| 1→1 sweep, 8 rates × 5 seeds × 100 epochs | {Cell(sweepTimes.Select(t => t * 1e6 / sweepSteps).ToArray())} | µs/step | " +
                $"| {sweepSteps} steps of batch 100 (Adam, MSE) |");
        }
        if (Wanted("overfitting"))
        {
            var (overfitTimes, overfitBytes) = Overfitting(repetitions);
            output.WriteLine($"| overfitting run, 500 epochs | {Cell(overfitTimes.Select(t => t * 1e3).ToArray())} | ms/run | {Bytes(overfitBytes)} | 10 " +
            $"points, batch 10, Dense(10, tanh)→Dense(1), Adam 1e-2, val_loss on 100 points each " +
                $"epoch; {Cell(overfitTimes.Select(t => t * 1e6 / 500).ToArray())} µs/epoch |");
        }
        return 0;
    }

    private sealed record MnistData(string Kind, Matrix<float> X, Matrix<float> Y, Matrix<float> TestX, Matrix<float> TestY);

    private static Model<float> MnistModel() =>
        Sequential.Create(1, Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax));

    /// <summary>Training epochs timed one by one from the lazy stream; the first (warm-up, and the run's one-off setup) is dropped.</summary>
    private static (double[] Seconds, double Bytes, double? Accuracy, int Gen2) MnistEpochs(MnistData data, int batch, int repetitions)
    {
        var options = new FitOptions<float> { Epochs = repetitions + 1, BatchSize = batch, Seed = 1 };
        var times = new List<double>();
        var bytes = new List<long>();
        Model<float>? last = null;
        int gen2 = 0;
        var clock = Stopwatch.StartNew();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        foreach (var state in Training.Epochs(MnistModel(), new Adam(), Loss.SparseCategoricalCrossentropy(), data.X, data.Y, options))
        {
            times.Add(clock.Elapsed.TotalSeconds);
            bytes.Add(GC.GetAllocatedBytesForCurrentThread() - allocated);
            last = state.Model;
            if (state.Epoch == 1) gen2 = GC.CollectionCount(2);
            clock.Restart();
            allocated = GC.GetAllocatedBytesForCurrentThread();
        }
        double? accuracy = data.Kind.StartsWith("real", StringComparison.Ordinal)
            ? Evaluation.Evaluate(last!, Loss.SparseCategoricalCrossentropy(), data.TestX, data.TestY, [Metric.SparseCategoricalAccuracy])["accuracy"]
            : null;
        return ([.. times.Skip(1)], Median(bytes.Skip(1).Select(b => (double)b).ToArray()), accuracy, GC.CollectionCount(2) - gen2);
    }

    /// <summary>Managed bytes Fit allocates per epoch once set up (the run's one-off copies cancel out of the difference).</summary>
    private static double FitBytesPerEpoch(MnistData data)
    {
        long Allocated(int epochs)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Training.Fit(MnistModel(), new Adam(), Loss.SparseCategoricalCrossentropy(), data.X, data.Y, new FitOptions<float>
            {
                Epochs = epochs,
                BatchSize = 32, Seed = 1
            });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        return (Allocated(3) - Allocated(1)) / 2.0;
    }

    /// <summary>Untimed forward passes before the timed ones: JIT tiering and the heap's growth settle over about a hundred.</summary>
    private const int InferenceWarmup = 100;

    /// <summary>Timed forward passes (a pass is short, so more than the other workloads' repetitions).</summary>
    private const int InferencePasses = 20;

    private static double[] Inference(MnistData data)
    {
        var model = MnistModel();
        for (int i = 0; i < InferenceWarmup; i++) model.Forward(data.TestX);
        return Repeat(InferencePasses, () => model.Forward(data.TestX)).Select(s => s * 1e3).ToArray();
    }

    /// <summary>Part 2 of the lab: the 1→1 model at 8 learning rates, 5 seeds each, 100 epochs of one batch of 100.</summary>
    private static (double[] Seconds, int Steps) Sweep(int repetitions)
    {
        var x = Matrix<float>.Build.Dense(100, 1, (i, _) => i * 0.1f);
        var y = Matrix<float>.Build.Dense(100, 1, (i, _) => 2 * i * 0.1f + 3 + MathF.Sin(i * 7.3f));
        var rates = Ranges.Logspace(-5, 2, 8);
        void All()
        {
            foreach (var rate in rates)
                for (ulong seed = 0; seed < 5; seed++)
                    Training.Fit(Sequential.Create(seed, Layers.Input(1), Layers.Dense(1)), new Adam(rate), Loss.MeanSquaredError, x, y,
                        new FitOptions<float> { Epochs = 100, BatchSize = 100, Seed = seed });
        }
        All();
        return (Repeat(repetitions, All), rates.Count * 5 * 100);
    }

    /// <summary>Part 4 of the lab: 500 epochs on 10 points with validation on 100.</summary>
    private static (double[] Seconds, double Bytes) Overfitting(int repetitions)
    {
        var x = Matrix<float>.Build.Dense(10, 1, (i, _) => (i * 3.7f) % 10);
        var y = Matrix<float>.Build.Dense(10, 1, (i, _) => MathF.Log(x[i, 0] + 1) + 0.1f * MathF.Sin(i * 5.1f));
        var vx = Matrix<float>.Build.Dense(100, 1, (i, _) => (i * 0.731f) % 10);
        var vy = Matrix<float>.Build.Dense(100, 1, (i, _) => MathF.Log(vx[i, 0] + 1));
        long allocated = 0;
        void Once()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Training.Fit(Sequential.Create(0, Layers.Input(1), Layers.Dense(10, Activation.Tanh), Layers.Dense(1)), new Adam(1e-2), Loss.MeanSquaredError, x, y,
                new FitOptions<float> { Epochs = 500, BatchSize = 10, Seed = 0, Validation = new(vx, vy) });
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Once();
        return (Repeat(repetitions, Once), allocated / 500.0);
    }

    private static double[] Repeat(int repetitions, Action action)
    {
        var times = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[r] = clock.Elapsed.TotalSeconds;
        }
        return times;
    }

    private static MnistData SyntheticMnist()
    {
        // Same shapes as MNIST (60 000 + 10 000 rows of 784 values in [0, 1], 10 classes); values from a fixed generator.
        var random = new Random(20261125);
        Matrix<float> Images(int n) => Matrix<float>.Build.Dense(n, 784, (_, _) => random.NextSingle());
        Matrix<float> Classes(int n) => Matrix<float>.Build.Dense(n, 1, (_, _) => random.Next(10));
        return new MnistData("synthetic 60 000 × 784 (uniform [0, 1], random labels)", Images(60000), Classes(60000), Images(10000), Classes(10000));
    }

    private static MnistData RealMnist(string directory)
    {
        // IDX: big-endian header (magic, count, rows, cols for images; magic, count for labels), then bytes.
        Matrix<float> Images(string name)
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, name));
            int n = (bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7];
            return Matrix<float>.Build.Dense(n, 784, (i, j) => bytes[16 + i * 784 + j] / 255f);
        }
        Matrix<float> Labels(string name)
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, name));
            return Matrix<float>.Build.Dense(bytes.Length - 8, 1, (i, _) => bytes[8 + i]);
        }
        return new MnistData($"real MNIST ({directory})", Images("train-images-idx3-ubyte"), Labels("train-labels-idx1-ubyte"),
            Images("t10k-images-idx3-ubyte"), Labels("t10k-labels-idx1-ubyte"));
    }

    internal static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    internal static string Cell(double[] values) =>
        string.Create(CultureInfo.InvariantCulture, $"{Median(values):0.###} [{values.Min():0.###}–{values.Max():0.###}]");

    private static string Bytes(double bytes) =>
        bytes >= 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):0.0} MiB")
        : bytes >= 1 << 10 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:0.0} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B");
}
