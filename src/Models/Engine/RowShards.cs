using Functional.Core;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The inference engine's use of the second core (<see cref="SecondCore"/>): a large batch (a whole test set in one
/// <c>Predict</c>) is cut once into two blocks of rows, and for each wide enough layer each core runs its block from end to
/// end: the product's rows, the bias and the activation. The provider alone would split only the product and leave the
/// bias, the activation and each small product to one core (docs/benchmarks.md, "Zen 5 again, 2026-12-03").
/// </summary>
/// <remarks>
/// <para>Same bits as the whole pass, with any kernels: a layer is sharded where the provider would split its product by
/// rows (<see cref="OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds"/>, at least as many rows as units), at
/// <see cref="SplitProduct"/>'s cut, so each block is the very call the split makes (<see cref="BlockProduct.Rows{T}"/>), and
/// below that size only with kernels whose row blocks keep the whole product's bits (SkylakeX's, not Haswell's). Bias
/// and softmax are per element and per row; another activation runs in the lanes when the batch is a whole number of
/// 16-row vectors (each column's segments are then the whole call's vectors), else once both blocks are done.</para>
/// <para>Uneven cores: with kernels whose row blocks keep the bits, a layer's rows are cut instead into a fixed list of
/// blocks that shrink towards the end (<see cref="Blocks"/>), and each core takes the next untaken block until none is
/// left. A core that runs slower (a virtual machine's vCPU sharing its physical core, an efficiency core) then takes
/// fewer blocks, and the pass waits for it a small block's time, not half the work's; the blocks depend only on the
/// batch and the layer, so the bits do not depend on which core ran which.</para>
/// <para>Only for inference engines (no gradients), on the OpenBLAS provider. Training uses <see cref="UnitShards{T}"/>,
/// which cuts the units instead.</para>
/// </remarks>
internal sealed class RowShards<T> : ITwoLaneWork where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The fewest rows a block may have.</summary>
    internal const int MinimumBlockRows = 64;

    /// <summary>Rows per vector of the widest elementwise formula (Vector512 of float).</summary>
    private const int VectorRows = 16;

    private readonly Engine<T> _engine;
    private readonly BatchBuffers<T> _buffers;
    private readonly bool[] _sharded; // per layer
    private readonly int _cut; // the first row of lane 1's block
    private readonly bool _wholeVectors; // the batch is a whole number of vectors: elementwise activations run in the lanes
    private readonly int[]?[] _blocks; // per layer, the first row of each block the lanes take in turn and the end; null: the two at _cut
    private int _layer; // the layer being run: set before SecondCore.Run, read by both lanes
    private int _taken; // how many of the layer's blocks the lanes have taken

    /// <summary>The fewest rows of a block the lanes take in turn: below that, packing the kernel for each block costs more than balance gains.</summary>
    internal const int MinimumTakenRows = 256;

    private RowShards(Engine<T> engine, BatchBuffers<T> buffers, int cut, bool[] sharded)
    {
        (_engine, _buffers, _cut, _sharded) = (engine, buffers, cut, sharded);
        _wholeVectors = buffers.Count % VectorRows == 0;
        bool keepBits = BlockProduct.RowBlocksKeepBits;
        _blocks = engine.Model.Layers.Select((l, i) => sharded[i] && keepBits ? BlocksOrNull(buffers.Count, l.RowMultiplyAdds) : null).ToArray();
    }

    /// <summary>Layer <paramref name="i"/>'s blocks (first rows, then the end), or null when its lanes run the two blocks at the cut.</summary>
    internal IReadOnlyList<int>? BlocksOf(int i) => _blocks[i];

    private static int[]? BlocksOrNull(int rows, long rowMultiplyAdds)
    {
        // Every block above OpenBLAS's small-matrix sizes, whose kernels sum in another order than the whole product's.
        long small = (OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds + rowMultiplyAdds - 1) / rowMultiplyAdds;
        var blocks = Blocks(rows, (int)Math.Min(rows, Math.Max(MinimumTakenRows, small)));
        return blocks.Length > 3 ? blocks : null; // two blocks or one: the fixed cut does as well
    }

    /// <summary>
    /// The blocks of <paramref name="rows"/> the lanes take in turn: each a quarter of the rows left (at least
    /// <paramref name="minimum"/>), rounded up to whole 16-row tiles, or all that is left when fewer than
    /// <paramref name="minimum"/> rows would remain after it. Returns each block's first row, then <paramref name="rows"/>.
    /// Big blocks first keep the kernel packed for few of them; the small ones at the end are what a faster core takes
    /// while a slower one finishes.
    /// </summary>
    internal static int[] Blocks(int rows, int minimum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimum);
        var starts = new List<int> { 0 };
        for (int start = 0; start < rows;)
        {
            int left = rows - start;
            int size = (Math.Max(left / 4, minimum) + VectorRows - 1) / VectorRows * VectorRows;
            if (left - size < minimum) size = left;
            start += size;
            starts.Add(start);
        }
        return [.. starts];
    }

    /// <summary>The row shards of <paramref name="buffers"/>' batch through <paramref name="engine"/>, or null when every layer runs whole.</summary>
    public static RowShards<T>? For(Engine<T> engine, BatchBuffers<T> buffers)
    {
        long from = OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds;
        if (engine.Gradients is not null || from == long.MaxValue || LinearAlgebraControl.Provider is not OpenBlasLinearAlgebraProvider) return null;
        int rows = buffers.Count, cut = Cut(rows);
        if (cut == 0) return null;
        var sharded = engine.Model.Layers.Select(l => IsSharded(l, rows, cut, from)).ToArray();
        return sharded.Any(s => s) ? new RowShards<T>(engine, buffers, cut, sharded) : null;
    }

    /// <summary>
    /// The first row of the second block for a batch of <paramref name="rows"/>, or 0 to run whole: <see cref="SplitProduct"/>'s
    /// cut (half, rounded up to a whole 16-row tile), when both blocks have at least <see cref="MinimumBlockRows"/> rows.
    /// </summary>
    internal static int Cut(int rows)
    {
        int cut = (rows / 2 + 15) / 16 * 16;
        return Math.Min(cut, rows - cut) >= MinimumBlockRows ? cut : 0;
    }

    /// <summary>
    /// Whether <paramref name="layer"/> runs in two blocks of <paramref name="rows"/> cut at <paramref name="cut"/>: it computes row
    /// blocks, has no more units than rows, and either the provider would split its product (at least
    /// <paramref name="splitFrom"/> multiply-adds) by rows, or, with kernels whose row blocks keep the whole product's bits
    /// (<see cref="BlockProduct.RowBlocksKeepBits"/>), each block is above OpenBLAS's small-matrix sizes (2^20 multiply-adds).
    /// </summary>
    internal static bool IsSharded(Layer<T> layer, int rows, int cut, long splitFrom)
    {
        if (layer.IsPassThrough || layer.RowMultiplyAdds <= 0 || layer.OutputShape.Size > rows) return false;
        return rows * layer.RowMultiplyAdds >= splitFrom
            || (Math.Min(cut, rows - cut) * layer.RowMultiplyAdds >= OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds
                && BlockProduct.RowBlocksKeepBits);
    }

    /// <summary>Whether layer <paramref name="i"/> runs in two blocks.</summary>
    public bool Shards(int i) => _sharded[i];

    /// <summary>Layer <paramref name="i"/>'s forward kernel and activation, a block of rows on each core.</summary>
    public void Forward(int i)
    {
        (_layer, _taken) = (i, 0);
        SecondCore.Run(this);
    }

    /// <inheritdoc />
    public void Run(int lane)
    {
        int rows = _buffers.Count;
        if (_blocks[_layer] is not { } blocks)
        {
            RunRows(lane == 0 ? 0 : _cut, lane == 0 ? _cut : rows - _cut);
            return;
        }
        // The next untaken block, until none is left (a lane that finds the other one done takes the rest).
        for (int b = Interlocked.Increment(ref _taken) - 1; b < blocks.Length - 1; b = Interlocked.Increment(ref _taken) - 1)
            RunRows(blocks[b], blocks[b + 1] - blocks[b]);
    }

    private void RunRows(int first, int count)
    {
        var layer = _engine.Model.Layers[_layer];
        var pass = _buffers.Passes[_layer];
        layer.ForwardRows(pass, first, count);
        if (ActivatesInLanes(layer) && _buffers.Activated[_layer] is { } a)
            layer.Activation!.ForwardRowsInto<T>(MatrixData.ColumnMajor(pass.Output), MatrixData.ColumnMajor(a), _buffers.Count, a.ColumnCount, first, count);
    }

    /// <summary>Whether the lanes apply <paramref name="layer"/>'s activation (else the engine does, whole, after them).</summary>
    public bool ActivatesInLanes(Layer<T> layer) =>
        Engine<T>.HasNonLinearActivation(layer) && (_wholeVectors || !layer.Activation!.IsElementwise);
}
