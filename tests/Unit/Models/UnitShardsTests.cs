using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// The training engine's unit shards (a wide Dense layer's halves on two cores, UnitShards) change where the work runs,
/// never the bits: column blocks of a product equal the whole product's columns, optimizer updates by ranges equal the
/// whole update, and a Fit with shards equals one without, alone, concurrently with another Fit, and without allocating.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class UnitShardsTests
{
    public static TheoryData<bool, bool, int, int, int, int> Blocks => new()
    {
        // transpose A, transpose B, m, n, k, cut: the engine's shapes (X·W and Xᵀ·dZ at batch 32 and a smaller last batch) and
        // others, every block at least 2^20 multiply-adds and cut at a whole 16-column tile, as the engine cuts (UnitShards.Cut).
        { false, false, 32, 128, 784, 64 },
        { true, false, 784, 128, 32, 64 },
        { false, false, 22, 128, 784, 64 },
        { true, false, 784, 128, 22, 64 },
        { false, false, 32, 100, 784, 48 },
        { false, false, 128, 128, 784, 64 },
        { true, false, 784, 128, 128, 64 },
        // The cuts of 12-column tiles (Haswell's single-precision kernels): 128 units at 72, 100 at 60.
        { false, false, 32, 128, 784, 72 },
        { true, false, 784, 128, 32, 72 },
        { false, false, 32, 100, 784, 60 },
    };

    public static TheoryData<bool, bool, int, int, int, int> Unsafe => new()
    {
        { false, false, 32, 100, 784, 64 }, // the second block, 32×36×784, is below 10^6: SkylakeX's small-matrix kernel
        { false, true, 33, 90, 17, 5 },     // a cut inside a tile (and small blocks)
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Column_blocks_of_a_product_hold_the_bits_of_the_whole_product(bool transposeA, bool transposeB, int m, int n, int k, int cut)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        // The engine cuts only at multiples of the kernels' column tile (none: no unit shards, tested below).
        int tile = BlockProduct.ColumnTile;
        if (tile == 0 || cut % tile != 0) return;
        // The whole product as the provider runs it: whole, and, with SkylakeX's kernels (16-column tiles, whose row blocks
        // keep the bits too), split in two (SplitProduct) where its halves are as large. Haswell's single-precision row
        // blocks differ from the whole product (docs/benchmarks.md), so there a split product is another result.
        int h = m >= n ? (m / 2 + 15) / 16 * 16 : (n / 2 + 15) / 16 * 16;
        bool splitHalvesLarge = (long)Math.Min(h, Math.Max(m, n) - h) * Math.Min(m, n) * k >= OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds;
        foreach (long splitFrom in splitHalvesLarge && tile == 16 ? new[] { long.MaxValue, 0L } : [long.MaxValue])
        {
            OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom;
            Check<float>();
            Check<double>();
        }

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var random = new Random(11);
            Matrix<T> Fill(int rows, int columns) => Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateTruncating(random.NextDouble() - 0.5));
            var a = transposeA ? Fill(k, m) : Fill(m, k);
            var b = transposeB ? Fill(n, k) : Fill(k, n);
            var whole = (transposeA ? a.Transpose() : a) * (transposeB ? b.Transpose() : b);
            var c = Fill(m, n);
            BlockProduct.Columns(transposeA, transposeB, a, b, c, 0, cut);
            BlockProduct.Columns(transposeA, transposeB, a, b, c, cut, n - cut);
            Assert.Equal(whole.ToColumnMajorArray(), c.ToColumnMajorArray());
        }
    }

    /// <summary>Why the engine's cut rules exist: these blocks differ from the whole product in last bits with SkylakeX
    /// kernels (with others they may agree; the test only asserts the difference stays small).</summary>
    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Blocks_the_engine_never_cuts_agree_with_the_whole_product_only_to_rounding(bool transposeA, bool transposeB, int m, int n, int k, int cut)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        var random = new Random(11);
        Matrix<double> Fill(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextDouble() - 0.5);
        var a = transposeA ? Fill(k, m) : Fill(m, k);
        var b = transposeB ? Fill(n, k) : Fill(k, n);
        var whole = ((transposeA ? a.Transpose() : a) * (transposeB ? b.Transpose() : b)).ToColumnMajorArray();
        var c = Matrix<double>.Build.Dense(m, n);
        BlockProduct.Columns(transposeA, transposeB, a, b, c, 0, cut);
        BlockProduct.Columns(transposeA, transposeB, a, b, c, cut, n - cut);
        var blocks = c.ToColumnMajorArray();
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], blocks[i], 1e-12);
        var layer = Sequential.Build<double>([Layers.Input(k), Layers.Dense(n, Activation.Relu)], 1).Layers[0];
        Assert.NotEqual(cut, UnitShards<double>.Cut(layer, m, OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds, 16));
    }

    [Fact]
    public void A_column_block_outside_the_result_is_refused_naming_it()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        var a = Matrix<float>.Build.Dense(4, 3);
        var b = Matrix<float>.Build.Dense(3, 5);
        var e = Assert.Throws<ArgumentException>(() => BlockProduct.Columns(false, false, a, b, Matrix<float>.Build.Dense(4, 5), 3, 3));
        Assert.Contains("columns [3, 6) are outside the 4x5 result", e.Message);
        Assert.Throws<ArgumentException>(() => BlockProduct.Columns(false, false, a, b, Matrix<float>.Build.Dense(4, 4), 0, 2));
    }

    public static TheoryData<string> Optimizers => new() { "adam", "adamw", "sgd-nesterov", "rmsprop-centered", "sgd-decay-schedule" };

    private static Optimizer OptimizerNamed(string name) => name switch
    {
        "adam" => new Adam(0.01),
        "adamw" => new AdamW(0.01, WeightDecay: 0.05),
        "sgd-nesterov" => new Sgd(0.05, Momentum: 0.9, Nesterov: true),
        "rmsprop-centered" => new RmsProp(0.01, Momentum: 0.5, Centered: true),
        _ => new Sgd(0.05) { WeightDecay = 0.01, Schedule = new ExponentialDecay(0.05, 3, 0.5) },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void An_update_by_ranges_in_any_order_holds_the_bits_of_the_whole_update(string name)
    {
        var optimizer = OptimizerNamed(name);
        Assert.True(optimizer.IsElementwise);
        var random = new Random(5);
        int n = 1000; // cut at unaligned places: partial vectors inside the tensor
        float[] Values() => Enumerable.Range(0, n).Select(_ => random.NextSingle() - 0.5f).ToArray();
        var p = Values();
        var slots = optimizer.SlotNames.Select(_ => Values().Select(Math.Abs).ToArray()).ToArray();
        var (p2, slots2) = ((float[])p.Clone(), slots.Select(s => (float[])s.Clone()).ToArray());
        for (long step = 1; step <= 3; step++)
        {
            var g = Values();
            optimizer.UpdateInPlace(step, [p], [g], [slots]);
            double rate = optimizer.LearningRateAt(step);
            optimizer.UpdateRangeInPlace(step, rate, p2, g, slots2, 517, n - 517);
            optimizer.UpdateRangeInPlace(step, rate, p2, g, slots2, 3, 514);
            optimizer.UpdateRangeInPlace(step, rate, p2, g, slots2, 0, 3);
        }
        Assert.Equal(p, p2);
        for (int s = 0; s < slots.Length; s++) Assert.Equal(slots[s], slots2[s]);
        var e = Assert.Throws<ArgumentException>(() => optimizer.UpdateRangeInPlace(1, 0.1, p2, p2, slots2, 990, 20));
        Assert.Contains("[990, 1010) is outside a tensor of 1000 values", e.Message);
    }

    [Fact]
    public void Clipping_keeps_the_update_whole()
    {
        Assert.False(new Adam() { ClipNorm = 1 }.IsElementwise);
        Assert.False(new Sgd(0.1) { GlobalClipNorm = 1 }.IsElementwise);
    }

    [Theory]
    [InlineData(128, 32, 784, 1L << 20, 64)] // MNIST at batch 32: two halves of 32×64×784 = 1.6 M multiply-adds
    [InlineData(128, 20, 784, 1L << 20, 0)]  // a smaller last batch: halves of 1.0 M, below the threshold
    [InlineData(256, 32, 256, 1L << 20, 128)] // exactly 2^20 a half
    [InlineData(31, 1000, 1000, 0, 0)]       // too few units for two halves of whole tiles
    [InlineData(33, 32, 784, 0, 16)]
    [InlineData(100, 32, 784, 0, 64)]
    [InlineData(128, 32, 784, 1L << 20, 72, 12)] // Haswell's 12-column tiles: halves of 72 and 56 units
    [InlineData(100, 32, 784, 0, 60, 12)]
    [InlineData(128, 32, 784, 0, 0, 0)]          // no tile keeps the bits: no cut
    public void A_layer_is_cut_in_whole_tiles_from_the_threshold_on(int units, int batch, int inputs, long from, int cut, int tile = 16)
    {
        var model = Sequential.Create(1, Layers.Input(inputs), Layers.Dense(units, Activation.Relu));
        Assert.Equal(cut, UnitShards<float>.Cut(model.Layers[0], batch, from, tile));
        var softmax = Sequential.Create(1, Layers.Input(inputs), Layers.Dense(units, Activation.Softmax));
        Assert.Equal(0, UnitShards<float>.Cut(softmax.Layers[0], batch, 0, tile)); // a row-wise activation runs whole
    }

    private static (Matrix<T> X, Matrix<T> Y) Digits<T>(int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(9);
        return (Matrix<T>.Build.Dense(n, 784, (_, _) => T.CreateTruncating(random.NextDouble())),
            Matrix<T>.Build.Dense(n, 1, (i, _) => T.CreateTruncating(i % 10)));
    }

    /// <summary>
    /// MNIST's shape with a second wide layer: at batch 32 both hidden layers are cut at the default threshold (halves of
    /// 32×128×784 and exactly 2^20 = 32×128×256 multiply-adds; the second needs its input gradient), and in the last batch
    /// of 22 only the first. The first layer, whose input gradient nobody needs, is updated in its backward lanes unless
    /// it has a penalty (<paramref name="regularizedLayer"/> 1; 2 puts an L2 penalty on the second; 0 on neither).
    /// </summary>
    private static (Model<T> Model, History History) FitOnce<T>(Optimizer optimizer, long shardFrom, int regularizedLayer = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds = shardFrom;
        var (x, y) = Digits<T>(150);
        var (vx, vy) = Digits<T>(40);
        Regularizer? PenaltyOf(int layer) => regularizedLayer == layer ? Regularizers.L2(0.01) : null;
        var model = Sequential.Build<T>([Layers.Input(784), Layers.Dense(256, Activation.Relu, kernelRegularizer: PenaltyOf(1)),
            Layers.Dense(256, Activation.Tanh, kernelRegularizer: PenaltyOf(2)), Layers.Dense(10, Activation.Softmax)], 4);
        var options = new FitOptions<T> { Epochs = 2, BatchSize = 32, Seed = 2, Metrics = [Metric.SparseCategoricalAccuracy], Validation = new(vx, vy) };
        var (trained, history) = Training.Fit(model, optimizer, Loss.SparseCategoricalCrossentropy(), x, y, options);
        return (trained, history);
    }

    private static void AssertSame<T>((Model<T> Model, History History) expected, (Model<T> Model, History History) actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.History.Loss, actual.History.Loss);
        Assert.Equal(expected.History.ValidationLoss, actual.History.ValidationLoss);
        var e = expected.Model.ParameterViews.Leaves.Select(m => m.ToColumnMajorArray()).ToArray();
        var a = actual.Model.ParameterViews.Leaves.Select(m => m.ToColumnMajorArray()).ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int t = 0; t < e.Length; t++) Assert.Equal(e[t], a[t]);
    }

    [Theory]
    [InlineData("adam", 0)]
    [InlineData("rmsprop-centered", 2)]
    [InlineData("adamw", 1)]
    [InlineData("clipped", 0)]
    public void A_fit_with_shards_gives_the_bits_of_one_without(string name, int regularizedLayer)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        var optimizer = name == "clipped" ? new Adam(0.01) { GlobalClipNorm = 0.5 } : OptimizerNamed(name);
        var whole = FitOnce<float>(optimizer, long.MaxValue, regularizedLayer);
        long from = OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds;
        AssertSame(whole, FitOnce<float>(optimizer, from, regularizedLayer));
        AssertSame(FitOnce<double>(optimizer, long.MaxValue, regularizedLayer), FitOnce<double>(optimizer, from, regularizedLayer));
    }

    [Fact]
    public void Concurrent_fits_share_the_second_core_and_keep_their_bits()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        var optimizer = new Adam(0.01);
        var alone = FitOnce<float>(optimizer, long.MaxValue);
        long from = OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds;
        // One fit at a time gets the worker; the other runs both halves of each layer itself.
        var results = new (Model<float>, History)[4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = FitOnce<float>(optimizer, from));
        Assert.All(results, r => AssertSame(alone, r));
    }

    [Fact]
    public void Unit_shards_cut_at_the_kernels_column_tile_and_not_without_one()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds = OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds;
        // The two kernel families measured (docs/benchmarks.md); others are checked, not assumed.
        var core = OpenBlasNative.CoreName();
        if (core == "SkylakeX") Assert.Equal(16, BlockProduct.ColumnTile);
        if (core == "Haswell") Assert.Equal(12, BlockProduct.ColumnTile);
        var model = Sequential.Build<float>([Layers.Input(784), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax)], 1);
        var engine = new Engine<float>(model, EngineMode.Training);
        var shards = engine.Buffers(32, 1, keepLastOutput: false, keepLastPreActivation: true).Shards;
        Assert.Equal(BlockProduct.ColumnTile > 0, shards is not null);
        if (shards is not null) Assert.Equal((64 + BlockProduct.ColumnTile - 1) / BlockProduct.ColumnTile * BlockProduct.ColumnTile, shards.CutOf(0));
    }

    private sealed class ThreadRecorder : ITwoLaneWork
    {
        public readonly int[] Threads = new int[2];

        public void Run(int lane) => Threads[lane] = Environment.CurrentManagedThreadId;
    }

    [Fact]
    public void While_two_fits_claim_the_cores_both_lanes_run_on_the_caller()
    {
        // Other tests' Fits may hold claims too; two held here are enough for the rule, whatever they do.
        using var first = SecondCore.ClaimForRun();
        using var second = SecondCore.ClaimForRun();
        var work = new ThreadRecorder();
        SecondCore.Run(work);
        Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], work.Threads);
    }

    [Fact]
    public void A_lane_that_throws_is_reported_to_the_caller_after_both_lanes_end()
    {
        var failing = new FailingLane();
        var e = Assert.ThrowsAny<Exception>(() => SecondCore.Run(failing));
        Assert.Contains("lane 1 broke", e is AggregateException a ? a.InnerException!.Message : e.Message);
        Assert.True(failing.Lane0Ran);
    }

    private sealed class FailingLane : ITwoLaneWork
    {
        public bool Lane0Ran;

        public void Run(int lane)
        {
            if (lane == 0) Lane0Ran = true;
            else throw new InvalidOperationException("lane 1 broke");
        }
    }

    [Fact]
    public void A_sharded_fit_allocates_nothing_per_step_once_set_up()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds = 0;
        var random = new Random(3);
        var x = Matrix<float>.Build.Dense(2000, 64, (_, _) => random.NextSingle());
        var y = Matrix<float>.Build.Dense(2000, 1, (i, _) => i % 3);
        long Allocated(int epochs)
        {
            var model = Sequential.Create(1, Layers.Input(64), Layers.Dense(64, Activation.Relu), Layers.Dense(3, Activation.Softmax));
            var options = new FitOptions<float> { Epochs = epochs, BatchSize = 10, Seed = 1 };
            long before = GC.GetAllocatedBytesForCurrentThread();
            Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2);
        double perEpoch = (Allocated(6) - Allocated(2)) / 4.0;
        Assert.True(perEpoch < 2_000, $"a sharded Fit allocated {perEpoch:F0} bytes per epoch of 200 steps once set up.");
    }

    [Fact]
    public void The_provider_name_says_when_layers_are_sharded_and_an_explicit_thread_count_turns_them_off()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Initialize("openblas", null, null, () => true, () => throw new InvalidOperationException(), "test");
        // The second core pays (the tuning splits products), and the kernels keep the bits of column blocks.
        bool paysHere = OpenBlasTuning.ForThisMachine().SplitFromMultiplyAdds is not null && BlockProduct.ColumnTile > 0;
        Assert.Equal(paysHere ? OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds : long.MaxValue,
            OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds);
        Assert.Equal(paysHere, LinearAlgebraProviders.ActiveName.Contains("Dense layers in 2 shards from 2^20 multiply-adds a half", StringComparison.Ordinal));
        LinearAlgebraProviders.Initialize("openblas", "1", null, () => true, () => throw new InvalidOperationException(), "test");
        Assert.Equal(long.MaxValue, OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds);
        Assert.DoesNotContain("shards", LinearAlgebraProviders.ActiveName);
    }
}
