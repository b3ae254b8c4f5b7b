using Functional.Core;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The training engine's use of the second core (<see cref="SecondCore"/>) for wide layers. For one batch size, each
/// layer whose halves' products are large enough (<see cref="OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds"/>) has
/// its units cut in two halves, and each core computes its half from end to end: the product's columns, the bias and the
/// activation forward; the activation's backward and the kernel and bias gradients; the optimizer's update of those
/// weights and slots. Each half's weights, gradients and slots stay in its own core's cache from step to step, which is
/// why this pays at batch 32 where splitting each product in two does not (docs/benchmarks.md, "Unit shards").
/// </summary>
/// <remarks>
/// <para>In a training step (<see cref="BeginUpdate"/> before the backward pass) a cut layer whose input gradient nobody
/// needs (the first layer with weights) and without a penalty updates its halves in the same lanes as their gradients:
/// one hand-over less, and the gradient half is still in its core's cache. Other tensors are updated after the pass
/// (<see cref="FinishUpdate"/>). A layer that computes its input gradient cannot: that reads its weights before the update.
/// The whole layer with weights above a cut layer gets only its input gradient computed in its turn; lane 0 computes its
/// kernel and bias gradients and updates them after its own half (<see cref="DeferredAbove"/>), while lane 1 finishes.</para>
/// </remarks>
/// <remarks>
/// <para>Same bits as the whole layer: every output column, gradient column and updated element is computed by the same
/// arithmetic (<see cref="BlockProduct"/>, elementwise activations, <see cref="Optimizer.UpdateRangeInPlace{T}"/>);
/// the input gradient, which sums over all units, runs whole once both halves are done. So a run gives the same weights
/// and history with or without shards, and whether or not the second core was free (tested).</para>
/// <para>Only on the OpenBLAS provider with one OpenBLAS thread (the column blocks are native calls), with kernels whose
/// column blocks keep the whole product's bits at some tile (<see cref="BlockProduct.ColumnTile"/>: 16 columns with
/// SkylakeX's, 12 with Haswell's), only for layers
/// whose activation is elementwise, and the update only for optimizers without gradient clipping (a norm over whole
/// tensors): otherwise the engine runs as before.</para>
/// </remarks>
internal sealed class UnitShards<T> : ITwoLaneWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private enum Job { Forward, Backward, Update, Gather }

    private readonly Engine<T> _engine;
    private readonly BatchBuffers<T> _buffers;
    private readonly int[] _cuts;
    private readonly (int Start, int Length)[][] _ranges;
    private readonly (int Start, int Length)[][] _restRanges; // _ranges without the tensors updated in the backward lanes
    private readonly bool _restUsesLane1;
    private readonly bool[] _updatesInBackward; // per layer
    private readonly int[] _deferredAbove; // per cut layer, the whole layer above whose parameter gradients and update lane 0 runs, or -1
    private readonly int[] _firstTensor; // per layer, the index of its first tensor in ParameterTree order
    private bool _updating; // between BeginUpdate and FinishUpdate
    private readonly int[] _rows; // the batch's samples, for the gather lanes
    private readonly int _gatherCut; // the first input column lane 1 gathers
    private SampleMajor<T>? _source;

    // The job being run: set by the caller before SecondCore.Run, read by both lanes.
    private Job _job;
    private int _layer;
    private bool _fused;
    private Optimizer? _optimizer;
    private long _step;
    private double _learningRate;
    private T[][] _parameters = [];
    private T[][] _gradients = [];
    private T[][][] _slots = [];

    private UnitShards(Engine<T> engine, BatchBuffers<T> buffers, int[] cuts)
    {
        _engine = engine;
        _buffers = buffers;
        _cuts = cuts;
        _rows = new int[buffers.Count];
        int width = engine.Model.InputShape.Size;
        _gatherCut = Math.Min(width, (width / 2 + 7) / 8 * 8); // whole 8-column blocks of TransposingGather on lane 0
        var layers = engine.Model.Layers;
        var lane0 = new List<(int, int)>();
        var lane1 = new List<(int, int)>();
        var fused = new List<bool>();
        _updatesInBackward = new bool[layers.Count];
        _deferredAbove = new int[layers.Count];
        _firstTensor = new int[layers.Count];
        var deferred = new bool[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            _updatesInBackward[i] = cuts[i] > 0 && !engine.NeedsInputGradient[i] && !engine.IsPenalized(i);
            _deferredAbove[i] = cuts[i] > 0 ? DeferredAbove(engine, cuts, i) : -1;
            if (_deferredAbove[i] >= 0) deferred[_deferredAbove[i]] = true;
        }
        for (int i = 0; i < layers.Count; i++)
        {
            _firstTensor[i] = lane0.Count;
            for (int j = 0; j < layers[i].ParameterStore.Length; j++)
            {
                fused.Add(_updatesInBackward[i] || deferred[i]);
                var tensor = layers[i].ParameterStore[j];
                int units = layers[i].ShardableUnits;
                // Small tensors go to lane 0 whole; the halves of a cut layer to the lane that computed their gradients.
                lane0.Add(cuts[i] > 0 ? layers[i].UnitRange(j, 0, cuts[i]) : (0, tensor.RowCount * tensor.ColumnCount));
                lane1.Add(cuts[i] > 0 ? layers[i].UnitRange(j, cuts[i], units - cuts[i]) : (0, 0));
            }
        }
        _ranges = [lane0.ToArray(), lane1.ToArray()];
        _restRanges = _ranges.Select(lane => lane.Select((r, t) => fused[t] ? (0, 0) : r).ToArray()).ToArray();
        _restUsesLane1 = _restRanges[1].Any(r => r.Length > 0);
    }

    /// <summary>
    /// The layer above cut layer <paramref name="cut"/> whose parameter gradients and update lane 0 runs in the cut layer's
    /// backward lanes, or -1: the next layer with weights, when it runs whole, computes its input gradient apart
    /// (<see cref="Layer{T}.SeparatesInputGradient"/>) and has no penalty. Lane 0 finished its half 7–8 µs before lane 1 in
    /// the batch-32 MNIST step; the layer above's kernel and bias gradients and their update fill that wait instead of
    /// running on one core before and after the lanes (docs/benchmarks.md, "The layer above in lane 0's wait").
    /// </summary>
    private static int DeferredAbove(Engine<T> engine, int[] cuts, int cut)
    {
        var layers = engine.Model.Layers;
        int i = cut + 1;
        while (i < layers.Count && layers[i].ParameterStore.Length == 0) i++;
        return i < layers.Count && cuts[i] == 0 && layers[i].SeparatesInputGradient && !engine.IsPenalized(i) ? i : -1;
    }

    /// <summary>Whether, in the update <see cref="BeginUpdate"/> started, layer <paramref name="i"/>'s parameter gradients
    /// (and its update) run in the lanes of the cut layer below: the engine then computes its input gradient alone.</summary>
    public bool DefersParameterGradients(int i) => _updating && Array.IndexOf(_deferredAbove, i) >= 0;

    /// <summary>The shards of <paramref name="buffers"/>' batch size through <paramref name="engine"/>, or null when no layer is cut.</summary>
    public static UnitShards<T>? For(Engine<T> engine, BatchBuffers<T> buffers)
    {
        long from = OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds;
        if (engine.Gradients is null || from == long.MaxValue || LinearAlgebraControl.Provider is not OpenBlasLinearAlgebraProvider) return null;
        int tile = BlockProduct.ColumnTile;
        if (tile == 0) return null;
        var cuts = engine.Model.Layers.Select(l => Cut(l, buffers.Count, from, tile)).ToArray();
        return cuts.Any(c => c > 0) ? new UnitShards<T>(engine, buffers, cuts) : null;
    }

    /// <summary>
    /// Where <paramref name="layer"/>'s units are cut for batches of <paramref name="count"/> (the first unit of the second
    /// half), or 0 to run it whole: at least 32 units, the first half a whole number of <paramref name="tile"/>-unit tiles
    /// (<see cref="BlockProduct.ColumnTile"/>: 16 with SkylakeX's kernels, 12 with Haswell's), and each half's product at
    /// least <paramref name="from"/> multiply-adds.
    /// </summary>
    /// <remarks>
    /// Both rules keep the bits of the whole product. A block ending inside a tile would run OpenBLAS's edge kernel over
    /// columns the whole product runs through its main one; and OpenBLAS's SkylakeX build sends products of at most 10^6
    /// multiply-adds to small-matrix kernels that sum in another order, so a half below that, of a whole above it, would
    /// differ in its last bits (tests/Unit/Models/UnitShardsTests.cs shows both). The default 2^20 is above 10^6.
    /// </remarks>
    internal static int Cut(Layer<T> layer, int count, long from, int tile)
    {
        int units = layer.ShardableUnits;
        if (units < 32 || tile <= 0) return 0;
        int cut = (units / 2 + tile - 1) / tile * tile;
        return (long)count * layer.InputShape.Size * Math.Min(cut, units - cut) >= from ? cut : 0;
    }

    /// <summary>Where layer <paramref name="i"/> is cut (0: it runs whole).</summary>
    public int CutOf(int i) => _cuts[i];

    /// <summary>Gathers the samples <paramref name="rows"/> of <paramref name="x"/> into the batch's input, half of its columns on each core
    /// (a copy: the same values wherever it runs).</summary>
    public void Gather(SampleMajor<T> x, ReadOnlySpan<int> rows)
    {
        rows.CopyTo(_rows);
        (_job, _source) = (Job.Gather, x);
        SecondCore.Run(this);
    }

    /// <summary>Layer <paramref name="i"/>'s forward kernel and activation, a half on each core.</summary>
    public void Forward(int i)
    {
        (_job, _layer) = (Job.Forward, i);
        SecondCore.Run(this);
    }

    /// <summary>Layer <paramref name="i"/>'s activation backward (unless <paramref name="fused"/>: the loss wrote the pre-activation
    /// gradient) and its parameter gradients, a half on each core; the caller then computes the input gradient whole.</summary>
    public void Backward(int i, bool fused)
    {
        (_job, _layer, _fused) = (Job.Backward, i, fused);
        SecondCore.Run(this);
    }

    /// <summary>
    /// Starts update number <paramref name="step"/>: until <see cref="FinishUpdate"/>, the backward lanes of a layer that
    /// allows it also update their halves (see the remarks). Call before the step's backward pass.
    /// </summary>
    public void BeginUpdate(Optimizer optimizer, long step, T[][] parameters, T[][] gradients, T[][][] slots)
    {
        _learningRate = optimizer.LearningRateAt(step); // may throw: here, before any lane runs
        (_optimizer, _step, _parameters, _gradients, _slots) = (optimizer, step, parameters, gradients, slots);
        _updating = true;
    }

    /// <summary>Ends the update <see cref="BeginUpdate"/> started, once the backward pass is done: every tensor not yet updated,
    /// each lane over the ranges whose gradients it computed (on this thread alone when the second lane has none).</summary>
    public void FinishUpdate()
    {
        _updating = false;
        _job = Job.Update;
        if (_restUsesLane1) SecondCore.Run(this);
        else Update(0, _restRanges[0], 0, _restRanges[0].Length);
    }

    /// <summary>Updates tensors [<paramref name="from"/>, from + <paramref name="count"/>) over <paramref name="ranges"/>.</summary>
    private void Update(int lane, (int Start, int Length)[] ranges, int from, int count)
    {
        for (int t = from; t < from + count; t++)
            if (ranges[t].Length > 0)
                _optimizer!.UpdateRangeInPlace(_step, _learningRate, _parameters[t], _gradients[t], _slots[t], ranges[t].Start, ranges[t].Length);
    }

    /// <inheritdoc />
    public void Run(int lane)
    {
        if (_job == Job.Update)
        {
            Update(lane, _restRanges[lane], 0, _restRanges[lane].Length);
            return;
        }
        if (_job == Job.Gather)
        {
            int width = _source!.Width, from = lane == 0 ? 0 : _gatherCut;
            _source.GatherColumnsInto(_rows, MatrixData.ColumnMajor(_buffers.Input), from, lane == 0 ? _gatherCut : width - _gatherCut);
            return;
        }
        var layer = _engine.Model.Layers[_layer];
        var pass = _buffers.Passes[_layer];
        int cut = _cuts[_layer];
        int first = lane == 0 ? 0 : cut, count = lane == 0 ? cut : layer.ShardableUnits - cut;
        int rows = _buffers.Count;
        // Column-major: units [first, first + count) are one contiguous block of every batch × units matrix.
        int start = first * rows, length = count * rows;
        bool activated = Engine<T>.HasNonLinearActivation(layer);
        if (_job == Job.Forward)
        {
            layer.ForwardUnits(pass, first, count);
            if (activated && _buffers.Activated[_layer] is { } a)
                layer.Activation!.ForwardInto<T>(Block(pass.Output, start, length), Block(a, start, length), rows, count);
            return;
        }
        if (activated && !_fused)
            layer.Activation!.BackwardInto<T>(Block(pass.Output, start, length), Block(_buffers.Activated[_layer]!, start, length),
                Block(_buffers.ActivatedGradient[_layer], start, length), Block(pass.OutputGradient, start, length), rows, count);
        layer.BackwardUnits(pass, first, count);
        if (_updating && _updatesInBackward[_layer]) Update(lane, _ranges[lane], _firstTensor[_layer], layer.ParameterStore.Length);
        if (lane == 0 && _updating && _deferredAbove[_layer] is var above and >= 0)
        {
            var whole = _engine.Model.Layers[above];
            whole.ParameterGradientsInto(_buffers.Passes[above]);
            Update(0, _ranges[0], _firstTensor[above], whole.ParameterStore.Length);
        }
    }

    private static Span<T> Block(Matrix<T> m, int start, int length) => MatrixData.ColumnMajor(m).AsSpan(start, length);
}
