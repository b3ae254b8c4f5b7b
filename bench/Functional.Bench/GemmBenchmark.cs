using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Bench;

/// <summary>
/// <c>bench gemm</c>: GFLOP/s of the matrix products a dense network spends its time in, for every available
/// provider side by side (managed, OpenBLAS on 1 thread and on 2 threads, CUDA with every product offloaded), float and
/// double, as a markdown table.
/// </summary>
public static class GemmBenchmark
{
    /// <summary>One product shape: C (m×n) = op(A)·op(B) with inner dimension k, and how the library calls it.</summary>
    /// <param name="Label">What the shape is in the network.</param>
    /// <param name="M">Rows of the result.</param>
    /// <param name="K">Inner dimension.</param>
    /// <param name="N">Columns of the result.</param>
    /// <param name="TransposeLeft">True for <c>Aᵀ·B</c> with A stored k×m (<c>TransposeThisAndMultiply</c>), false for <c>A·B</c>.</param>
    public sealed record Shape(string Label, int M, int K, int N, bool TransposeLeft)
    {
        /// <summary>"m×k×n".</summary>
        public override string ToString() => $"{M}×{K}×{N}";
    }

    /// <summary>The shapes measured: the 784→128 layer's forward product, its kernel gradient, and a large square product.</summary>
    public static IReadOnlyList<Shape> Shapes { get; } =
    [
        new("batch 32 through 784→128 (X·W)", 32, 784, 128, false),
        new("kernel gradient Xᵀ·dZ", 784, 32, 128, true),
        new("square", 1024, 1024, 1024, false),
    ];

    private sealed record Config(string Name, string Provider, int Threads);

    /// <summary>The providers <c>--providers</c> accepts.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = ["managed", "openblas", "cuda"];

    /// <summary>What <c>bench gemm</c> measures.</summary>
    /// <param name="Repetitions">Repetitions per cell (default 7).</param>
    /// <param name="MinMilliseconds">The least time per repetition (default 100).</param>
    /// <param name="Providers">Among managed, openblas, cuda; null for every one available (cuda then runs with threshold 0,
    /// so every product is offloaded).</param>
    /// <param name="SquareSizes">Square products s×s×s instead of <see cref="Shapes"/>; null for those.</param>
    public sealed record Settings(int Repetitions = 7, int MinMilliseconds = 100, IReadOnlyList<string>? Providers = null,
        IReadOnlyList<int>? SquareSizes = null);

    /// <summary>Runs the benchmark and writes the markdown table to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        int repetitions = settings.Repetitions, minMs = settings.MinMilliseconds;
        var providers = settings.Providers;
        IReadOnlyList<Shape> shapes = settings.SquareSizes is { } sizes ? sizes.Select(size => new Shape("square", size, size, size, false)).ToList() : Shapes;
        bool Wanted(string name) => providers is null || providers.Contains(name);
        var configs = new List<Config>();
        if (Wanted("managed")) configs.Add(new("managed", "managed", 1));
        if (Wanted("openblas"))
        {
            if (LinearAlgebraProviders.IsOpenBlasAvailable)
            {
                configs.Add(new("openblas 1 thread", "openblas", 1));
                configs.Add(new("openblas 2 threads", "openblas", 2));
            }
            else
            {
                Console.Error.WriteLine("bench gemm: OpenBLAS (libopenblas.so.0) not found; not measured (apt-get install -y libopenblas0-pthread).");
            }
        }
        if (Wanted("cuda"))
        {
            if (LinearAlgebraProviders.IsCudaAvailable)
                configs.Add(new("cuda (all offloaded, incl. copies)", "cuda", 1));
            else if (providers is not null)
                Console.Error.WriteLine($"bench gemm: no CUDA GPU ({LinearAlgebraProviders.CudaProbeDetail}); cuda not measured.");
        }
        if (configs.Count == 0)
        {
            Console.Error.WriteLine("bench gemm: none of the requested providers is available.");
            return 2;
        }

        var previous = MathNet.Numerics.Providers.LinearAlgebra.LinearAlgebraControl.Provider;
        try
        {
            output.WriteLine($"Matrix products, GFLOP/s (2·m·k·n / time): median [min–max] of {repetitions} repetitions of at least {minMs} ms each, " +
                $"after a warm-up.");
            output.WriteLine($"{RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} logical " +
                $"cores, {RuntimeInformation.FrameworkDescription}, {DateTime.UtcNow:yyyy-MM-dd}.");
            if (LinearAlgebraProviders.IsOpenBlasAvailable && configs.Any(c => c.Provider == "openblas"))
            {
                LinearAlgebraProviders.Use("openblas", 1);
                output.WriteLine($"OpenBLAS: {LinearAlgebraProviders.ActiveName}.");
            }
            if (configs.Any(c => c.Provider == "cuda"))
            {
                LinearAlgebraProviders.Use("cuda", 1, 0);
                output.WriteLine($"CUDA: {LinearAlgebraProviders.ActiveName}; each product includes copying A and B to the GPU and C back.");
            }
            output.WriteLine();
            output.WriteLine("| shape m×k×n | product | type | " + string.Join(" | ", configs.Select(c => c.Name)) + " | bit-identical reruns |");
            output.WriteLine("|---|---|---|" + string.Concat(configs.Select(_ => "---:|")) + "---|");
            foreach (var shape in shapes)
            {
                output.WriteLine(Row<float>(shape, "float32", configs, repetitions, minMs));
                output.WriteLine(Row<double>(shape, "float64", configs, repetitions, minMs));
            }
            return 0;
        }
        finally
        {
            MathNet.Numerics.Providers.LinearAlgebra.LinearAlgebraControl.Provider = previous;
        }
    }

    private static string Row<T>(Shape shape, string typeName, IReadOnlyList<Config> configs, int repetitions, int minMs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(20261125);
        Matrix<T> Fill(int rows, int columns) =>
            Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateTruncating(random.NextDouble() * 2 - 1));
        var a = shape.TransposeLeft ? Fill(shape.K, shape.M) : Fill(shape.M, shape.K);
        var b = Fill(shape.K, shape.N);
        var c = Matrix<T>.Build.Dense(shape.M, shape.N);
        void Product() { if (shape.TransposeLeft) a.TransposeThisAndMultiply(b, c); else a.Multiply(b, c); }

        double flops = 2.0 * shape.M * shape.K * shape.N;
        var cells = new List<string>();
        var identical = new List<string>();
        foreach (var config in configs)
        {
            LinearAlgebraProviders.Use(config.Provider, config.Threads, 0);
            Product();
            var first = c.ToColumnMajorArray();
            // Warm-up and calibration: enough calls per repetition to last minMs.
            var watch = Stopwatch.StartNew();
            int calls = 0;
            while (watch.Elapsed.TotalMilliseconds < Math.Max(50, minMs / 2) || calls < 1) { Product(); calls++; }
            int perRepetition = Math.Max(1, (int)Math.Ceiling(calls * minMs / watch.Elapsed.TotalMilliseconds));
            var rates = new double[repetitions];
            for (int r = 0; r < repetitions; r++)
            {
                watch.Restart();
                for (int i = 0; i < perRepetition; i++) Product();
                rates[r] = flops * perRepetition / watch.Elapsed.TotalSeconds / 1e9;
            }
            Array.Sort(rates);
            double median = repetitions % 2 == 1 ? rates[repetitions / 2] : (rates[repetitions / 2 - 1] + rates[repetitions / 2]) / 2;
            cells.Add(string.Create(CultureInfo.InvariantCulture, $"{median:0.0} [{rates[0]:0.0}–{rates[^1]:0.0}]"));
            bool same = first.AsSpan().SequenceEqual(c.ToColumnMajorArray());
            identical.Add(same ? "yes" : "NO");
        }
        string product = shape.TransposeLeft ? "Aᵀ·B" : "A·B";
        return $"| {shape} | {product}: {shape.Label} | {typeName} | {string.Join(" | ", cells)} | {string.Join(" / ", identical)} |";
    }
}
