using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// The inference engine's row shards (a large batch's two blocks of rows on two cores, RowShards) change where the work
/// runs, never the bits: they are the calls the provider's split makes, and a prediction with shards equals the same pass
/// without them, with any kernels (only the elementwise activations of a batch that is not whole vectors wait for both blocks).
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class RowShardsTests
{
    [Theory]
    [InlineData(false, 2000, 784, 128)]
    [InlineData(true, 2000, 784, 128)]
    [InlineData(false, 333, 128, 10)]
    [InlineData(false, 10000, 128, 10)]
    public void Row_blocks_at_the_split_cut_hold_the_bits_of_the_split_product(bool transposeA, int m, int k, int n)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = 0; // the provider splits every product
        AssertRowBlocksEqualTheProduct<float>(transposeA, m, k, n);
        AssertRowBlocksEqualTheProduct<double>(transposeA, m, k, n);
    }

    [Theory]
    [InlineData(2000, 128, 10)]
    [InlineData(10000, 128, 10)]
    [InlineData(1024, 784, 128)]
    public void Where_the_kernels_keep_row_block_bits_row_blocks_equal_the_whole_product(int m, int k, int n)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1); // the provider runs every product whole
        // The two kernel families measured (docs/benchmarks.md); others are checked, not assumed.
        var core = OpenBlasNative.CoreName();
        if (core == "SkylakeX") Assert.True(BlockProduct.RowBlocksKeepBits);
        if (core == "Haswell") Assert.False(BlockProduct.RowBlocksKeepBits);
        if (!BlockProduct.RowBlocksKeepBits) return;
        AssertRowBlocksEqualTheProduct<float>(false, m, k, n);
        AssertRowBlocksEqualTheProduct<double>(false, m, k, n);
    }

    /// <summary>op(A)·B by rows, cut where the engine cuts (second block first: each block leaves the other's rows), equals
    /// op(A)·B as the provider computes it now (whole or split, as the caller set it).</summary>
    private static void AssertRowBlocksEqualTheProduct<T>(bool transposeA, int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(m + k + n);
        Matrix<T> Fill(int rows, int columns) => Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateTruncating(random.NextDouble() - 0.5));
        var a = transposeA ? Fill(k, m) : Fill(m, k);
        var b = Fill(k, n);
        var product = (transposeA ? a.Transpose() : a) * b;
        var c = Fill(m, n);
        int cut = RowShards<T>.Cut(m);
        Assert.NotEqual(0, cut);
        BlockProduct.Rows(transposeA, false, a, b, c, cut, m - cut);
        BlockProduct.Rows(transposeA, false, a, b, c, 0, cut);
        Assert.Equal(product.ToColumnMajorArray(), c.ToColumnMajorArray());
    }

    [Fact]
    public void A_row_block_outside_the_result_is_refused_naming_it()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        var a = Matrix<float>.Build.Dense(100, 8);
        var b = Matrix<float>.Build.Dense(8, 4);
        var c = Matrix<float>.Build.Dense(100, 4);
        var e = Assert.Throws<ArgumentException>(() => BlockProduct.Rows(false, false, a, b, c, 90, 20));
        Assert.Contains("rows [90, 110) are outside the 100x4 result", e.Message);
    }

    [Theory]
    [InlineData(127, 0)]   // a block of 63 rows: below whole vectors of every formula
    [InlineData(128, 64)]
    [InlineData(333, 176)] // SplitProduct's cut: half, rounded up to a 16-row tile
    [InlineData(10000, 5008)]
    public void A_batch_is_cut_where_SplitProduct_cuts_it_once_both_blocks_are_large(int rows, int cut) =>
        Assert.Equal(cut, RowShards<float>.Cut(rows));

    public static TheoryData<string, int, long> Predictions => new()
    {
        // hidden activation, rows, the provider's split threshold: at the tuned 12845056 only the 784→128 layer is split
        // (and so sharded; the 128→10 layer too at 2000 rows where row blocks keep the bits); at 0 both. 333 and 150 rows
        // are not whole 16-row vectors: tanh and sigmoid then run after the lanes.
        { "relu", 2000, 12845056 }, { "tanh", 333, 12845056 }, { "sigmoid", 150, 0 }, { "linear", 2000, 0 }, { "tanh", 1024, 0 },
    };

    [Theory]
    [MemberData(nameof(Predictions))]
    public void A_prediction_with_row_shards_holds_the_bits_of_the_unsharded_pass(string activation, int rows, long splitFrom)
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom;
        Check<float>();
        Check<double>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            // Non-zero biases, so that a block that skipped its bias would show.
            var model = Sequential.Build<T>([Layers.Input(784), Layers.Dense(128, Activation.Parse(activation), biasInitializer: Initializer.HeUniform),
                Layers.Dense(10, Activation.Softmax, biasInitializer: Initializer.HeUniform)], 3);
            var random = new Random(rows);
            var x = Matrix<T>.Build.Dense(rows, 784, (_, _) => T.CreateTruncating(random.NextDouble()));
            var engine = new Engine<T>(model, EngineMode.Inference);
            var shards = engine.InferenceOver(x).RowShards;
            Assert.NotNull(shards);
            Assert.True(shards.Shards(0));
            Assert.Equal(splitFrom == 0 || (rows >= 2000 && BlockProduct.RowBlocksKeepBits), shards.Shards(1));
            // Where row blocks keep the bits, the 784→128 layer's rows are taken block by block (2000 rows: five blocks).
            Assert.Equal(BlockProduct.RowBlocksKeepBits && rows >= 1024, shards.BlocksOf(0) is not null);
            var sharded = model.Predict(x, batchSize: rows).ToColumnMajorArray();
            // The same pass with the shards taken away: the provider splits the same products itself.
            var whole = engine.InferenceOver(x);
            whole.RowShards = null;
            engine.Forward(whole, training: false);
            Assert.Equal(whole.Output!.ToColumnMajorArray(), sharded);
        }
    }

    [Theory]
    [InlineData(10000, 256)]
    [InlineData(2000, 256)]
    [InlineData(10000, 820)] // the 128→10 layer: 2^20 / 1280 multiply-adds a row
    [InlineData(1000, 256)]
    [InlineData(333, 64)]
    public void Taken_blocks_cover_the_rows_in_whole_tiles_shrinking_and_never_below_the_minimum(int rows, int minimum)
    {
        var starts = RowShards<float>.Blocks(rows, minimum);
        Assert.Equal(0, starts[0]);
        Assert.Equal(rows, starts[^1]);
        var sizes = starts.Zip(starts.Skip(1), (a, b) => b - a).ToArray();
        Assert.All(sizes, size => Assert.True(size >= minimum, $"a block of {size} rows, below {minimum}"));
        Assert.All(starts[..^1], start => Assert.Equal(0, start % 16)); // each block starts on a 16-row vector
        for (int i = 1; i < sizes.Length - 1; i++) Assert.True(sizes[i] <= sizes[i - 1], $"block {i} grows: {string.Join(", ", sizes)}");
        Assert.Equal(starts, RowShards<float>.Blocks(rows, minimum)); // a function of the rows and the minimum alone
    }

    [Fact]
    public void Ten_thousand_rows_are_taken_in_eleven_blocks_from_2512_rows_down()
    {
        var starts = RowShards<float>.Blocks(10000, 256);
        Assert.Equal([2512, 1872, 1408, 1056, 800, 592, 448, 336, 256, 256, 464], starts.Zip(starts.Skip(1), (a, b) => b - a));
    }

    [Fact]
    public void Training_engines_small_batches_and_unsplit_products_run_whole()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return;
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = 0;
        var model = Sequential.Build<float>([Layers.Input(784), Layers.Dense(128, Activation.Relu)], 3);
        Assert.Null(new Engine<float>(model, EngineMode.Gradients).InferenceOver(Matrix<float>.Build.Dense(2000, 784)).RowShards);
        Assert.Null(new Engine<float>(model, EngineMode.Inference).InferenceOver(Matrix<float>.Build.Dense(100, 784)).RowShards);
        // A batch of 32 in an inference engine's cached buffers (evaluation) is too small to cut.
        Assert.Null(new Engine<float>(model, EngineMode.Inference).Buffers(32, 1, true, false).RowShards);
        // A product the provider would not split, or not by rows (more units than rows), runs whole.
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = long.MaxValue;
        Assert.Null(new Engine<float>(model, EngineMode.Inference).InferenceOver(Matrix<float>.Build.Dense(2000, 784)).RowShards);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = 0;
        var wide = Sequential.Build<float>([Layers.Input(16), Layers.Dense(300, Activation.Relu)], 3);
        Assert.Null(new Engine<float>(wide, EngineMode.Inference).InferenceOver(Matrix<float>.Build.Dense(200, 16)).RowShards);
    }
}
