using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// The one-off micro-benchmark behind <see cref="OpenBlasTuning"/>: single-precision products of a dense network's shapes
/// timed with each candidate kernel family, then whole against split in two halves (<see cref="SplitProduct"/>), and the
/// choices that follow from the times.
/// </summary>
/// <remarks>
/// OpenBLAS reads its kernel family once, when it loads, so each family is measured in a private copy of the library
/// file, loaded with OPENBLAS_CORETYPE set to that family and one thread; the process's own OpenBLAS is loaded only
/// afterwards, with the winner. The copies stay mapped for the life of the process (a library that has run on several
/// threads is not safe to unload; they cost address space, and only the pages touched), and their files are deleted
/// at once. Timings are interleaved (every configuration once per round, five rounds, the median kept), so a burst of
/// load on a shared machine hits every configuration alike.
/// </remarks>
internal static unsafe class OpenBlasCalibration
{
    /// <summary>One measured product shape: C (m×n) = op(A)·op(B), inner dimension k.</summary>
    internal sealed record Shape(string Label, bool TransposeA, int M, int N, int K)
    {
        /// <summary>m·n·k.</summary>
        public long MultiplyAdds => (long)M * N * K;
    }

    /// <summary>
    /// The shapes measured, smallest first: the MNIST network's 784→128 layer at batch 32 (forward, and the kernel
    /// gradient Xᵀ·dZ), at batch 128, and forward over 1 024 and over 10 000 rows (inference).
    /// </summary>
    internal static IReadOnlyList<Shape> Shapes { get; } =
    [
        new("32×784×128 X·W", false, 32, 128, 784),
        new("784×32×128 Xᵀ·dZ", true, 784, 128, 32),
        new("128×784×128 X·W", false, 128, 128, 784),
        new("1024×784×128 X·W", false, 1024, 128, 784),
        new("10000×784×128 X·W", false, 10000, 128, 784),
    ];

    /// <summary>
    /// A kernel family is chosen over the first candidate only when its times are at least this much shorter (geometric
    /// mean). Ten percent, not less: the products measured here are whole, but training cuts a layer's units at the kernels'
    /// column tile (<see cref="BlockProduct.ColumnTile"/>), and SkylakeX's 16 columns cut 128 units 64/64 where Haswell's
    /// and Zen's 12 cut them 72/56. On a Zen 4 where Haswell's measured 4.7 % faster, training with them was slower
    /// (batch 128 by about 10 %: docs/benchmarks.md, "Zen's kernels in the calibration").
    /// </summary>
    internal const double KernelMargin = 0.10;

    /// <summary>Products are split only from the size where the split takes at most this fraction of the whole's time.</summary>
    internal const double SplitGain = 0.85;

    /// <summary>What a calibration found: the kernels chosen, the split threshold, and every median time (seconds per product).</summary>
    internal sealed record Result(string? Kernels, long? SplitFromMultiplyAdds, IReadOnlyList<OpenBlasTuning.Measurement> Measurements);

    /// <summary>
    /// Measures <paramref name="families"/> (null entries: the environment's own choice) in copies of
    /// <paramref name="libraryFile"/>, then, if <paramref name="measureSplit"/>, the winner whole against split. With
    /// <paramref name="keepFirst"/> (a user's OPENBLAS_CORETYPE) the first family is the one used whatever the others
    /// measure: they are timed only so that the report can say what the user's choice costs.
    /// </summary>
    /// <exception cref="InvalidOperationException">A copy of the library does not load.</exception>
    public static Result Run(string libraryFile, IReadOnlyList<string?> families, bool measureSplit, int rounds = 5, double roundSeconds = 0.003,
        bool keepFirst = false)
    {
        ArgumentNullException.ThrowIfNull(families);
        if (families.Count == 0) throw new ArgumentException("OpenBlasCalibration: no kernel family to measure.", nameof(families));
        var copies = families.Select(f => LoadCopy(libraryFile, f)).ToArray();
        var buffers = new Buffers(Shapes);
        try
        {
            var measurements = Shapes.Select(s => new Dictionary<string, double>()).ToArray();
            // Kernels: every family, whole products, interleaved per shape.
            for (int s = 0; s < Shapes.Count; s++)
            {
                var calls = copies.Select(c => buffers.CallFor(Shapes[s], c)).ToArray();
                var times = Interleaved(calls.Select(call => (Action)(() => call.Run())).ToArray(), rounds, roundSeconds);
                for (int f = 0; f < copies.Length; f++) measurements[s][Name(families[f], copies[f])] = times[f];
            }
            var byShape = Shapes.Select((_, s) => copies.Select((c, f) => measurements[s][Name(families[f], c)]).ToArray()).ToArray();
            int winner = families.Count == 1 || keepFirst ? 0 : ChooseKernels(byShape);
            long? splitFrom = null;
            if (measureSplit)
            {
                var whole = new double[Shapes.Count];
                var split = new double[Shapes.Count];
                for (int s = 0; s < Shapes.Count; s++)
                {
                    var call = buffers.CallFor(Shapes[s], copies[winner]);
                    var times = Interleaved([() => call.Run(), () => SplitProduct.Run(call, sizeof(float))], rounds, roundSeconds);
                    (whole[s], split[s]) = (times[0], times[1]);
                    measurements[s]["split in two"] = times[1];
                }
                splitFrom = ChooseSplitFrom(Shapes.Select(s => s.MultiplyAdds).ToArray(), whole, split);
            }
            var chosen = families[winner] ?? copies[winner].CoreName();
            var rows = Shapes.Select((s, i) => new OpenBlasTuning.Measurement(s.Label, s.MultiplyAdds,
                measurements[i].ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value * 1e6, 2)))).ToArray();
            return new Result(families[winner] is null ? null : chosen, splitFrom, rows);
        }
        finally
        {
            buffers.Free();
        }
    }

    private static string Name(string? family, OpenBlasNative.Exports copy) => (family ?? copy.CoreName() ?? "default") + " whole";

    /// <summary>
    /// The index of the kernel family to use, given each shape's time per family (<c>seconds[shape][family]</c>, the
    /// first family the default): the fastest by geometric mean of the time ratios to the first, if it is at least
    /// <see cref="KernelMargin"/> faster, else the first.
    /// </summary>
    internal static int ChooseKernels(IReadOnlyList<double[]> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0) return 0;
        int families = seconds[0].Length;
        int best = 0;
        double bestRatio = 1;
        for (int f = 1; f < families; f++)
        {
            double ratio = Math.Exp(seconds.Average(t => Math.Log(t[f] / t[0])));
            if (ratio < bestRatio) (best, bestRatio) = (f, ratio);
        }
        return bestRatio <= 1 - KernelMargin ? best : 0;
    }

    /// <summary>
    /// The size from which products are split (the m·n·k of the smallest measured shape such that it and every larger
    /// one take at most <see cref="SplitGain"/> of the whole product's time when split), or null when the split never pays.
    /// </summary>
    internal static long? ChooseSplitFrom(IReadOnlyList<long> multiplyAdds, IReadOnlyList<double> whole, IReadOnlyList<double> split)
    {
        ArgumentNullException.ThrowIfNull(multiplyAdds);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(split);
        // Sizes from the largest down, each kept only when every shape of that size pays: a size where one shape does
        // not (32×784×128 X·W against 784×32×128 Xᵀ·dZ) ends the run, and the threshold is the size above it.
        long? from = null;
        foreach (var size in multiplyAdds.Distinct().OrderByDescending(m => m))
        {
            if (Enumerable.Range(0, multiplyAdds.Count).Any(i => multiplyAdds[i] == size && split[i] > SplitGain * whole[i])) break;
            from = size;
        }
        return from;
    }

    /// <summary>
    /// Each action's median time per call over <paramref name="rounds"/> rounds; in each round every action runs for about
    /// <paramref name="roundSeconds"/>.
    /// </summary>
    internal static double[] Interleaved(IReadOnlyList<Action> actions, int rounds, double roundSeconds)
    {
        var calls = new int[actions.Count];
        for (int a = 0; a < actions.Count; a++)
        {
            var watch = Stopwatch.StartNew();
            actions[a]();
            calls[a] = (int)Math.Clamp(roundSeconds / Math.Max(watch.Elapsed.TotalSeconds, 1e-7), 1, 10_000);
        }
        var times = actions.Select(_ => new double[rounds]).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int a = 0; a < actions.Count; a++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int c = 0; c < calls[a]; c++) actions[a]();
                times[a][r] = Stopwatch.GetElapsedTime(start).TotalSeconds / calls[a];
            }
        return times.Select(t => t.Order().ElementAt(rounds / 2)).ToArray();
    }

    /// <summary>Loads a private copy of the library with OPENBLAS_CORETYPE=<paramref name="family"/> (null: as the environment says) and one thread.</summary>
    private static OpenBlasNative.Exports LoadCopy(string libraryFile, string? family)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"functional-openblas-{Environment.ProcessId}-{Guid.NewGuid():N}.so");
        var previousCore = OpenBlasNative.GetEnvironment(OpenBlasNative.CoreTypeVariable);
        var previousThreads = OpenBlasNative.GetEnvironment(OpenBlasNative.NumThreadsVariable);
        try
        {
            // A copy under another name and inode: the loader would hand back the already-loaded library for the same file.
            File.Copy(libraryFile, copy);
            if (family is not null) OpenBlasNative.SetEnvironment(OpenBlasNative.CoreTypeVariable, family, overwrite: true);
            OpenBlasNative.SetEnvironment(OpenBlasNative.NumThreadsVariable, "1", overwrite: true);
            var exports = OpenBlasNative.LoadFrom(copy)
                ?? throw new InvalidOperationException($"OpenBlasCalibration: a copy of {libraryFile} did not load.");
            exports.SetNumThreads(1);
            return exports;
        }
        finally
        {
            OpenBlasNative.SetEnvironment(OpenBlasNative.CoreTypeVariable, previousCore, overwrite: true);
            OpenBlasNative.SetEnvironment(OpenBlasNative.NumThreadsVariable, previousThreads, overwrite: true);
            try { File.Delete(copy); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Native operands big enough for every shape (outside the managed heap), filled with fixed values in [-0.5, 0.5).</summary>
    private sealed class Buffers
    {
        private readonly float* _a, _b, _c;

        public Buffers(IReadOnlyList<Shape> shapes)
        {
            nuint Largest(Func<Shape, long> size) => (nuint)shapes.Max(size);
            nuint a = Largest(s => (long)s.M * s.K), b = Largest(s => (long)s.K * s.N), c = Largest(s => (long)s.M * s.N);
            _a = (float*)NativeMemory.AlignedAlloc(a * sizeof(float), 64);
            _b = (float*)NativeMemory.AlignedAlloc(b * sizeof(float), 64);
            _c = (float*)NativeMemory.AlignedAlloc(c * sizeof(float), 64);
            uint state = 20261202;
            float Next() { state = state * 1664525 + 1013904223; return (state >> 8) / 16777216f - 0.5f; }
            for (nuint i = 0; i < a; i++) _a[i] = Next();
            for (nuint i = 0; i < b; i++) _b[i] = Next();
            NativeMemory.Clear(_c, c * sizeof(float));
        }

        public SplitProduct.Call CallFor(Shape s, OpenBlasNative.Exports library) => new()
        {
            Sgemm = library.Sgemm,
            TransA = s.TransposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
            TransB = OpenBlasNative.NoTrans,
            M = s.M, N = s.N, K = s.K,
            Lda = s.TransposeA ? s.K : s.M, Ldb = s.K, Ldc = s.M,
            Alpha = 1, Beta = 0,
            A = _a, B = _b, C = _c,
        };

        public void Free()
        {
            NativeMemory.AlignedFree(_a);
            NativeMemory.AlignedFree(_b);
            NativeMemory.AlignedFree(_c);
        }
    }
}
