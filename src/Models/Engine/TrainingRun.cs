using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The mutable working memory of one run of <see cref="Training"/>'s fold, private to it: an engine over working
/// copies of the model's tensors, the optimizer's slots beside them, a sample-major copy of the data, and the step
/// count. A training step gathers a batch, runs the engine forward and backward, and updates the tensors and slots in
/// place: the same formulas, in the same order, as the pure fold over <see cref="Backprop.ValueAndGradient{T}"/>,
/// <see cref="Optimizer.Update{T}"/> and <see cref="Model{T}.WithParameters"/>, so the same bits.
/// </summary>
/// <remarks>
/// Callers never see this object: at each epoch's end <see cref="SnapshotModel"/> and <see cref="SnapshotState"/> copy
/// the working values into an immutable <see cref="Model{T}"/> and <see cref="OptimizerState{T}"/>.
/// </remarks>
internal sealed class TrainingRun<T> : IBatchStep where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Engine<T> _engine;
    private readonly LossHead<T> _head;
    private readonly SampleMajor<T> _x;
    private readonly SampleMajor<T> _y;

    // Per tensor, in ParameterTree order: the storage the optimizer's rule updates in place.
    private readonly T[][] _parameters;
    private readonly T[][] _gradients;
    private readonly T[][][] _slots;
    private readonly Matrix<T>[][] _epochStart;
    private long _step;
    private BatchBuffers<T>? _batch; // the batch Run computed, until its Commit

    /// <summary>A run starting from <paramref name="model"/> and <paramref name="state"/> (both copied) on (x, y), already validated.</summary>
    public TrainingRun(Model<T> model, Optimizer optimizer, OptimizerState<T> state, Loss loss, IReadOnlyList<Metric> metrics, Matrix<T> x, Matrix<T> y,
        ulong seed)
    {
        _engine = new Engine<T>(model, EngineMode.Training);
        _engine.Seed(seed);
        _head = new LossHead<T>(model, loss, metrics);
        Optimizer = optimizer;
        _x = new SampleMajor<T>(x);
        _y = new SampleMajor<T>(y);
        var tensors = _engine.Parameters.SelectMany(l => l).ToArray();
        _parameters = tensors.Select(MatrixData.ColumnMajor).ToArray();
        _gradients = _engine.Gradients!.SelectMany(l => l).Select(MatrixData.ColumnMajor).ToArray();
        var slotLeaves = state.Slots.Select(s => s.Values.Leaves.ToArray()).ToArray();
        _slots = tensors.Select((_, t) => slotLeaves.Select(leaves => MatrixData.ColumnMajor(leaves[t]).ToArray()).ToArray()).ToArray();
        _epochStart = _engine.Parameters.Select(l => l.Select(p => Matrix<T>.Build.Dense(p.RowCount, p.ColumnCount)).ToArray()).ToArray();
        _step = state.Step;
    }

    /// <summary>The optimizer of the next updates (callbacks such as ReduceLROnPlateau replace its learning rate between epochs).</summary>
    public Optimizer Optimizer { get; set; }

    /// <summary>The number of training samples.</summary>
    public int Samples => _x.Samples;

    /// <summary>One epoch over the batches of <paramref name="order"/>: each batch's loss and gradient, then its update.</summary>
    public BatchMeansResult Epoch(ReadOnlySpan<int> order, int batchSize, Span<double> metricMeans, bool stopOnNonFinite) =>
        BatchMeans.Run(this, order, batchSize, metricMeans, stopOnNonFinite);

    /// <summary>The mean validation loss and metrics of the working weights on (x, y), in batches of <paramref name="batchSize"/>.</summary>
    public double Evaluate(EvaluationStep<T> validation, ReadOnlySpan<int> rows, int batchSize, Span<double> metricMeans) =>
        BatchMeans.Run(validation, rows, batchSize, metricMeans, stopOnNonFinite: false).Loss;

    /// <summary>An evaluation of the working weights on <paramref name="x"/> and <paramref name="y"/> (read in place).</summary>
    public EvaluationStep<T> Validation(Matrix<T> x, Matrix<T> y) => new(_engine, _head, new ColumnMajorSource<T>(x), new ColumnMajorSource<T>(y));

    /// <summary>Gathers the samples <paramref name="rows"/>, runs the forward pass and the loss, and returns the batch loss
    /// with its metrics; <see cref="Commit"/> then runs the backward pass and the update (skipped for a batch whose loss
    /// stops the epoch, whose gradients nothing reads).</summary>
    public double Run(ReadOnlySpan<int> rows, Span<double> metrics)
    {
        var b = _batch = _engine.Buffers(rows.Length, _y.Width, _head.NeedsOutput, _head.FromLogits);
        if (b.Shards is { } shards) shards.Gather(_x, rows); // half the columns on each core
        else _x.GatherInto(rows, MatrixData.ColumnMajor(b.Input));
        _y.GatherInto(rows, b.Targets);
        _engine.Forward(b, training: true, step: _step + 1);
        var loss = _head.ValueAndGradient(b);
        _head.Metrics(b, metrics);
        return double.CreateTruncating(_engine.Penalized ? Penalties.Total(loss, _engine.Penalty(), true) : loss);
    }

    /// <summary>The last batch's backward pass (which adds the penalties' gradients), then the optimizer's next update of
    /// the working tensors and slots, in place.</summary>
    public void Commit()
    {
        var b = _batch ?? throw new InvalidOperationException("TrainingRun: Commit before Run.");
        _batch = null;
        _step = checked(_step + 1);
        if (b.Shards is { } shards && Optimizer.IsElementwise)
        {
            // Where the batch's layers were cut, each core updates the halves whose gradients it computed, the first layer's
            // within its backward lanes (same bits).
            shards.BeginUpdate(Optimizer, _step, _parameters, _gradients, _slots);
            _engine.Backward(b, headWrotePreActivation: _head.FromLogits);
            shards.FinishUpdate();
            return;
        }
        _engine.Backward(b, headWrotePreActivation: _head.FromLogits);
        Optimizer.UpdateInPlace(_step, _parameters, _gradients, _slots);
    }

    /// <summary>Remembers the working tensors as they are at an epoch's start (into preallocated matrices), for a diverging epoch.</summary>
    public void MarkEpochStart()
    {
        for (int i = 0; i < _epochStart.Length; i++)
            for (int j = 0; j < _epochStart[i].Length; j++) _engine.Parameters[i][j].CopyTo(_epochStart[i][j]);
    }

    /// <summary>An immutable model holding copies of the working tensors.</summary>
    public Model<T> SnapshotModel() => _engine.Snapshot();

    /// <summary>An immutable model holding copies of the tensors at the last <see cref="MarkEpochStart"/>.</summary>
    public Model<T> SnapshotEpochStart() => _engine.Snapshot(_epochStart);

    /// <summary>An immutable optimizer state holding the step count and copies of the working slots, named as the optimizer names them.</summary>
    public OptimizerState<T> SnapshotState()
    {
        var names = Optimizer.SlotNames;
        var slots = new OptimizerSlot<T>[names.Count];
        for (int s = 0; s < slots.Length; s++)
        {
            int t = 0;
            var layers = _engine.Parameters.Select(layer => (IReadOnlyList<Matrix<T>>)layer
                .Select(p => MatrixData.Wrap(p.RowCount, p.ColumnCount, (T[])_slots[t++][s].Clone())).ToArray()).ToArray();
            slots[s] = new OptimizerSlot<T>(names[s], new ParameterTree<T>(layers));
        }
        return new OptimizerState<T>(_step, slots);
    }
}
