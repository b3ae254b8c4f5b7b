using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>The per-machine OpenBLAS tuning: its choices from given times, its cache, and the split products it turns on.</summary>
[Collection(ProviderCollection.Name)]
public sealed class OpenBlasTuningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-tuning-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_first_kernel_family_is_kept_unless_another_is_clearly_faster_by_geometric_mean()
    {
        // [shape][family]: the second family 3 % or 7 % faster everywhere is within the margin; 15 % faster is chosen.
        Assert.Equal(0, OpenBlasCalibration.ChooseKernels([[1.0, 0.97], [2.0, 1.94]]));
        Assert.Equal(0, OpenBlasCalibration.ChooseKernels([[1.0, 0.93], [2.0, 1.86]]));
        Assert.Equal(1, OpenBlasCalibration.ChooseKernels([[1.0, 0.85], [2.0, 1.7]]));
        // One shape much faster does not outvote three slower ones (0.5 · 1.3³ ≈ 1.1).
        Assert.Equal(0, OpenBlasCalibration.ChooseKernels([[1.0, 0.5], [1.0, 1.3], [1.0, 1.3], [1.0, 1.3]]));
        Assert.Equal(2, OpenBlasCalibration.ChooseKernels([[1.0, 0.85, 0.8]]));
    }

    [Fact]
    public void Products_are_split_from_the_smallest_size_where_it_and_every_larger_one_pay()
    {
        long[] sizes = [10, 20, 30, 40];
        Assert.Equal(30L, OpenBlasCalibration.ChooseSplitFrom(sizes, [1, 1, 1, 1], [1.2, 0.9, 0.8, 0.5])); // 0.9 > 0.85: does not pay
        Assert.Equal(20L, OpenBlasCalibration.ChooseSplitFrom(sizes, [1, 1, 1, 1], [1.2, 0.8, 0.8, 0.5]));
        Assert.Null(OpenBlasCalibration.ChooseSplitFrom(sizes, [1, 1, 1, 1], [0.5, 0.5, 0.5, 0.9]));
        // Given in any order; equal sizes must all pay.
        Assert.Equal(30L, OpenBlasCalibration.ChooseSplitFrom([40, 10, 30, 20], [1, 1, 1, 1], [0.5, 0.5, 0.5, 1.0]));
        Assert.Equal(40L, OpenBlasCalibration.ChooseSplitFrom([10, 10, 40], [1, 1, 1], [0.5, 1.0, 0.5]));
        // A size where one shape does not pay moves the threshold to the size above it, in whichever order the shapes come
        // (the Zen 5 calibration: 32×784×128 X·W lost, 784×32×128 Xᵀ·dZ of the same size won).
        Assert.Equal(40L, OpenBlasCalibration.ChooseSplitFrom([10, 10, 40], [1, 1, 1], [1.0, 0.5, 0.5]));
        Assert.Equal(30L, OpenBlasCalibration.ChooseSplitFrom([20, 20, 30, 40], [1, 1, 1, 1], [15, 0.7, 0.7, 0.6]));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" Auto ", true)]
    [InlineData("off", false)]
    public void The_tuning_variable_takes_auto_or_off(string? value, bool enabled) => Assert.Equal(enabled, OpenBlasTuning.ParseEnabled(value));

    [Fact]
    public void A_bad_tuning_value_is_refused_naming_the_variable()
    {
        var e = Assert.Throws<ArgumentException>(() => OpenBlasTuning.ParseEnabled("fast"));
        Assert.Contains("FUNCTIONAL_BLAS_TUNING", e.Message);
        Assert.Contains("'fast'", e.Message);
    }

    private static OpenBlasTuning Tuning(string fingerprint, long? split = 1 << 20) =>
        new("Haswell", "measured", split, DateTimeOffset.UnixEpoch, fingerprint,
            [new("32×784×128 X·W", 3211264, new Dictionary<string, double> { ["Haswell whole"] = 70.5, ["split in two"] = 50.25 })]);

    [Fact]
    public void The_cache_is_measured_once_then_read_and_measured_again_for_another_machine()
    {
        var path = Path.Combine(_dir, "functional", OpenBlasTuning.CacheFileName("m"));
        int measured = 0;
        var first = OpenBlasTuning.Cached(path, "machine A", () => { measured++; return Tuning("machine A"); });
        Assert.Equal("measured now", first.Origin);
        Assert.Equal(path, first.CacheFile);
        var again = OpenBlasTuning.Cached(path, "machine A", () => { measured++; return Tuning("machine A"); });
        Assert.Equal(1, measured);
        Assert.Equal("cache", again.Origin);
        Assert.Equal(("Haswell", "measured", (long?)(1 << 20)), (again.Kernels, again.KernelsFrom, again.SplitFromMultiplyAdds));
        Assert.Equal(50.25, Assert.Single(again.Measurements).Microseconds["split in two"]);
        var other = OpenBlasTuning.Cached(path, "machine B", () => { measured++; return Tuning("machine B", split: null); });
        Assert.Equal(2, measured);
        Assert.Null(other.SplitFromMultiplyAdds);
        Assert.Contains("machine B", File.ReadAllText(path));
    }

    [Fact]
    public void Each_machine_kind_has_its_own_cache_file_under_the_user_cache()
    {
        Assert.Equal(OpenBlasTuning.CacheFileName("a"), OpenBlasTuning.CacheFileName("a"));
        Assert.NotEqual(OpenBlasTuning.CacheFileName("a"), OpenBlasTuning.CacheFileName("b"));
        Assert.Matches("^openblas-tuning-[0-9a-f]{12}\\.json$", OpenBlasTuning.CacheFileName("a"));
        Assert.Equal(Path.Combine("/x", "functional", OpenBlasTuning.CacheFileName("a")), OpenBlasTuning.CachePath("/x", "/home/u", "a"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "functional", OpenBlasTuning.CacheFileName("a")), OpenBlasTuning.CachePath("relative", "/home/u", "a"));
    }

    [Fact]
    public void A_corrupt_cache_is_measured_again_and_replaced()
    {
        var path = Path.Combine(_dir, OpenBlasTuning.CacheFileName("m"));
        File.WriteAllText(path, "{ not json");
        var tuning = OpenBlasTuning.Cached(path, "m", () => Tuning("m"));
        Assert.Equal("measured now", tuning.Origin);
        Assert.Equal("cache", OpenBlasTuning.Cached(path, "m", () => throw new InvalidOperationException("must read the cache")).Origin);
    }

    [Fact]
    public void An_unwritable_cache_folder_still_gives_the_measured_tuning()
    {
        var blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");
        var tuning = OpenBlasTuning.Cached(Path.Combine(blocker, OpenBlasTuning.CacheFileName("m")), "m", () => Tuning("m"));
        Assert.StartsWith("measured now, not cached", tuning.Origin);
        Assert.Null(tuning.CacheFile);
        Assert.Equal("Haswell", tuning.Kernels);
    }

    [Fact]
    public void Concurrent_first_uses_measure_once_and_agree()
    {
        var path = Path.Combine(_dir, OpenBlasTuning.CacheFileName("m"));
        int measured = 0;
        OpenBlasTuning Measure()
        {
            Interlocked.Increment(ref measured);
            Thread.Sleep(300); // long enough for the other caller to reach the lock
            return Tuning("m");
        }
        var results = new OpenBlasTuning[2];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = OpenBlasTuning.Cached(path, "m", Measure));
        Assert.Equal(1, measured);
        Assert.Equal(results[0].SplitFromMultiplyAdds, results[1].SplitFromMultiplyAdds);
        Assert.Contains(results, r => r.Origin == "cache");
    }

    [Fact]
    public void The_candidates_are_the_families_the_instruction_sets_run_with_openblas_own_choice_first()
    {
        Assert.Equal(["SkylakeX", "Haswell"], OpenBlasNative.CandidateCoreTypes(avx512: true, avx2Fma: true, amd: false));
        Assert.Equal(["SkylakeX", "Haswell", "Zen"], OpenBlasNative.CandidateCoreTypes(avx512: true, avx2Fma: true, amd: true)); // Zen 4, 5
        Assert.Equal(["Haswell"], OpenBlasNative.CandidateCoreTypes(avx512: false, avx2Fma: true, amd: false));
        Assert.Equal(["Zen", "Haswell"], OpenBlasNative.CandidateCoreTypes(avx512: false, avx2Fma: true, amd: true)); // Zen 1–3
        Assert.Empty(OpenBlasNative.CandidateCoreTypes(avx512: false, avx2Fma: false, amd: true));
    }

    [Fact]
    public void The_calibration_measures_every_candidate_family_and_the_split_in_copies_of_the_library()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable || OpenBlasNative.LibraryFile() is not { } library) return; // CI requires OpenBLAS
        var candidates = OpenBlasNative.CandidateCoreTypes();
        IReadOnlyList<string?> families = candidates.Count > 0 ? [.. candidates] : [null];
        var result = OpenBlasCalibration.Run(library, families, measureSplit: true, rounds: 1, roundSeconds: 0.0005);
        Assert.Equal(OpenBlasCalibration.Shapes.Count, result.Measurements.Count);
        foreach (var m in result.Measurements)
        {
            Assert.Equal(families.Count + 1, m.Microseconds.Count); // each family whole, and the winner split
            Assert.All(m.Microseconds.Values, us => Assert.True(us > 0, $"{m.Shape}: {us} µs"));
        }
        if (candidates.Count > 0) Assert.Contains(result.Kernels, candidates);
        // The process's own library was not replaced by a copy (they share its SONAME).
        Assert.Equal(OpenBlasTuning.ForThisMachine().Kernels ?? OpenBlasNative.CoreName(), OpenBlasNative.CoreName());
    }

    [Fact]
    public void A_users_kernels_are_kept_while_the_others_are_timed_beside_them()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable || OpenBlasNative.LibraryFile() is not { } library) return; // CI requires OpenBLAS
        var candidates = OpenBlasNative.CandidateCoreTypes();
        if (candidates.Count == 0) return; // no AVX2: OpenBLAS's own choice is the only family
        // The user's family first (here the last candidate, the one the calibration would least likely pick), then the rest.
        IReadOnlyList<string?> families = [candidates[^1], .. candidates.Take(candidates.Count - 1)];
        var result = OpenBlasCalibration.Run(library, families, measureSplit: false, rounds: 1, roundSeconds: 0.0005, keepFirst: true);
        Assert.Equal(candidates[^1], result.Kernels);
        Assert.All(result.Measurements, m => Assert.Equal(candidates.Count, m.Microseconds.Count));
    }

    [Fact]
    public void The_header_says_when_a_users_kernels_measured_slower_than_another_family()
    {
        static OpenBlasTuning Chosen(string from, double skylake, double haswell) =>
            new("Haswell", from, null, DateTimeOffset.UnixEpoch, "m",
            [
                new("a", 1, new Dictionary<string, double> { ["Haswell whole"] = haswell, ["SkylakeX whole"] = skylake, ["split in two"] = 1 }),
                new("b", 2, new Dictionary<string, double> { ["Haswell whole"] = 2 * haswell, ["SkylakeX whole"] = 2 * skylake }),
            ]);
        var faster = Chosen("OPENBLAS_CORETYPE", skylake: 40, haswell: 64).FasterMeasuredKernels();
        Assert.Equal("SkylakeX", faster?.Kernels);
        Assert.Equal(1.6, faster!.Value.Speedup, 6);
        Assert.Null(Chosen("OPENBLAS_CORETYPE", skylake: 62, haswell: 64).FasterMeasuredKernels()); // within the margin
        Assert.Null(Chosen("OPENBLAS_CORETYPE", skylake: 80, haswell: 64).FasterMeasuredKernels());
        Assert.Null(Chosen("measured", skylake: 40, haswell: 64).FasterMeasuredKernels()); // the calibration's own choice
        // A cache from before the other families were timed says nothing.
        Assert.Null(new OpenBlasTuning("Haswell", "OPENBLAS_CORETYPE", null, null, "m",
            [new("a", 1, new Dictionary<string, double> { ["Haswell whole"] = 64 })]).FasterMeasuredKernels());
    }

    [Fact]
    public void An_explicit_thread_count_turns_the_split_off_and_the_environment_default_takes_the_tuning()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        Assert.Equal(long.MaxValue, OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds);
        Assert.DoesNotContain("threads from", LinearAlgebraProviders.ActiveName);
        LinearAlgebraProviders.Initialize("openblas", null, null, () => true, () => throw new InvalidOperationException(), "test");
        var tuned = OpenBlasTuning.ForThisMachine().SplitFromMultiplyAdds;
        Assert.Equal(tuned ?? long.MaxValue, OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds);
        if (tuned is { } from) Assert.Contains($"2 threads from {LinearAlgebraProviders.FormatCount(from)} multiply-adds", LinearAlgebraProviders.ActiveName);
        LinearAlgebraProviders.Initialize("openblas", "1", null, () => true, () => throw new InvalidOperationException(), "test");
        Assert.Equal(long.MaxValue, OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds);
    }

    public static TheoryData<bool, bool, int, int, int> Shapes => new()
    {
        { false, false, 200, 40, 30 }, // m ≥ n: cut by rows
        { false, false, 33, 130, 7 },  // n > m: cut by columns
        { true, false, 97, 50, 64 },
        { false, true, 64, 97, 5 },
        { true, true, 40, 200, 3 },
        { true, true, 300, 31, 9 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_split_product_equals_the_whole_one_for_every_transpose_and_cut(bool transposeA, bool transposeB, int m, int n, int k)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        var random = new Random(7);
        Matrix<T> Fill<T>(int rows, int columns) where T : struct, IEquatable<T>, IFormattable =>
            Matrix<T>.Build.Dense(rows, columns, (_, _) => (T)Convert.ChangeType(random.NextDouble() - 0.5, typeof(T), null));
        var a = transposeA ? Fill<double>(k, m) : Fill<double>(m, k);
        var b = transposeB ? Fill<double>(n, k) : Fill<double>(k, n);
        var c0 = Fill<double>(m, n);
        var ta = transposeA ? Transpose.Transpose : Transpose.DontTranspose;
        var tb = transposeB ? Transpose.Transpose : Transpose.DontTranspose;
        var provider = OpenBlasLinearAlgebraProvider.Instance;
        double[] Product(long splitFrom)
        {
            OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom;
            var c = c0.ToColumnMajorArray();
            provider.MatrixMultiplyWithUpdate(ta, tb, 0.5, a.ToColumnMajorArray(), a.RowCount, a.ColumnCount, b.ToColumnMajorArray(), b.RowCount,
                b.ColumnCount, 2.0, c);
            return c;
        }
        var whole = Product(long.MaxValue);
        var split = Product(0);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], split[i], 1e-12);
        // Single precision through the same cut.
        var af = a.Map(v => (float)v);
        var bf = b.Map(v => (float)v);
        float[] ProductF(long splitFrom)
        {
            OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom;
            var c = new float[m * n];
            provider.MatrixMultiplyWithUpdate(ta, tb, 1f, af.ToColumnMajorArray(), af.RowCount, af.ColumnCount, bf.ToColumnMajorArray(), bf.RowCount,
                bf.ColumnCount, 0f, c);
            return c;
        }
        var wholeF = ProductF(long.MaxValue);
        var splitF = ProductF(0);
        for (int i = 0; i < wholeF.Length; i++) Assert.Equal(wholeF[i], splitF[i], 1e-4f);
    }

    [Fact]
    public void Split_products_give_the_same_bits_alone_and_from_concurrent_callers()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = 0;
        var random = new Random(3);
        var x = Matrix<float>.Build.Dense(300, 784, (_, _) => random.NextSingle());
        var w = Matrix<float>.Build.Dense(784, 128, (_, _) => random.NextSingle() - 0.5f);
        var alone = x.Multiply(w).ToColumnMajorArray();
        // Two callers at once: one gets the worker, the other runs both halves itself; both must match the lone call.
        var results = new float[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = x.Multiply(w).ToColumnMajorArray());
        Assert.All(results, r => Assert.Equal(alone, r));
    }
}
