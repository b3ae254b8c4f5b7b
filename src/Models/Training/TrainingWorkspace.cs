using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Training's fast path: the mutable working memory of one run of <see cref="Training"/>'s fold, private to it.
/// It owns working copies of the parameters and the optimizer's slots, the gradients, a sample-major copy of the data
/// and, per batch size, every intermediate matrix; a step overwrites them in place instead of allocating a new model,
/// gradient tree and state. Each formula is the one the pure API runs (<see cref="Dense{T}.PreActivationInto"/>,
/// <see cref="Activation"/>'s and <see cref="Loss"/>'s span cores, the optimizer's element kernel), called in the same
/// order on the same values, so a run gives the same bits as the fold over <see cref="Backprop.ValueAndGradient{T}"/>,
/// <see cref="Optimizer.Update{T}"/> and <see cref="Model{T}.WithParameters"/>.
/// </summary>
/// <remarks>
/// Callers never see this object: at each epoch's end <see cref="SnapshotModel"/> and <see cref="SnapshotState"/> copy
/// the working values into an immutable <see cref="Model{T}"/> and <see cref="OptimizerState{T}"/>.
/// </remarks>
internal sealed class TrainingWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Model<T> _model;
    private readonly Optimizer _optimizer;
    private readonly Loss _loss;
    private readonly bool _usesLogits;
    private readonly IReadOnlyList<Metric> _metrics;
    private readonly SampleMajor<T> _x;
    private readonly SampleMajor<T> _y;

    // Per layer (null for layers without weights): the working kernel and bias and their gradients.
    private readonly Matrix<T>?[] _kernels;
    private readonly Matrix<T>?[] _biases;
    private readonly Matrix<T>?[] _kernelGradients;
    private readonly Matrix<T>?[] _biasGradients;

    // Per tensor, in ParameterTree order: the storage the optimizer's kernel updates in place.
    private readonly T[][] _parameters;
    private readonly T[][] _gradients;
    private readonly T[][][] _slots;
    private readonly T[][] _epochStart;
    private long _step;

    // Per batch size: training's full and last batch, and validation's (at most four sizes in a run).
    private readonly List<BatchBuffers<T>> _buffers = [];
    private BatchBuffers<T>? _current;
    private int[]? _validationRows;

    /// <summary>A workspace starting from <paramref name="model"/> and <paramref name="state"/> (both copied) on (x, y), already validated.</summary>
    public TrainingWorkspace(Model<T> model, Optimizer optimizer, OptimizerState<T> state, Loss loss, IReadOnlyList<Metric> metrics, Matrix<T> x, Matrix<T> y)
    {
        _model = model;
        _optimizer = optimizer;
        _usesLogits = Backprop.UsesLogits(model, loss);
        _loss = _usesLogits ? Loss.SparseCategoricalCrossentropy(fromLogits: true) : loss;
        _metrics = metrics;
        _x = new SampleMajor<T>(x);
        _y = new SampleMajor<T>(y);

        int n = model.Layers.Count;
        _kernels = new Matrix<T>?[n];
        _biases = new Matrix<T>?[n];
        _kernelGradients = new Matrix<T>?[n];
        _biasGradients = new Matrix<T>?[n];
        var parameters = new List<T[]>();
        var gradients = new List<T[]>();
        var slots = new List<T[][]>();
        int tensor = 0;
        for (int i = 0; i < n; i++)
        {
            if (model.Layers[i] is not Dense<T> dense) continue;
            // DenseOfMatrix: dense column-major copies, so the live storage can be updated in place.
            _kernels[i] = Matrix<T>.Build.DenseOfMatrix(dense.KernelView);
            _biases[i] = Matrix<T>.Build.DenseOfMatrix(dense.BiasView);
            _kernelGradients[i] = Matrix<T>.Build.Dense(dense.KernelView.RowCount, dense.Units);
            _biasGradients[i] = Matrix<T>.Build.Dense(1, dense.Units);
            foreach (var (p, g) in new[] { (_kernels[i]!, _kernelGradients[i]!), (_biases[i]!, _biasGradients[i]!) })
            {
                parameters.Add(MatrixData.ColumnMajor(p));
                gradients.Add(MatrixData.ColumnMajor(g));
                int layerIndex = i, tensorIndex = tensor % 2;
                slots.Add(state.Slots.Select(s => MatrixData.ColumnMajor(s.Layers[layerIndex][tensorIndex]).ToArray()).ToArray());
                tensor++;
            }
        }
        _parameters = [.. parameters];
        _gradients = [.. gradients];
        _slots = [.. slots];
        _epochStart = _parameters.Select(p => new T[p.Length]).ToArray();
        _step = state.Step;
    }

    /// <summary>
    /// Gathers the samples <paramref name="indices"/>, runs the forward pass, and returns the batch loss (taken before
    /// any update) with the gradients left in the workspace for <see cref="ApplyUpdate"/>.
    /// </summary>
    public T LossAndGradient(ReadOnlySpan<int> indices)
    {
        var b = _current = Forward(_x, _y, indices);
        int count = b.Count;
        var layers = _model.Layers;
        int last = layers.Count - 1;

        T value;
        int start = last;
        if (_usesLogits)
        {
            // Keras' fusion, as in Backprop: the loss and its gradient come from the last layer's logits.
            var z = b.PreActivation[last]!;
            value = _loss.ValueAndGradientUnchecked<T>(MatrixData.ColumnMajor(z), b.Targets, count, z.ColumnCount, MatrixData.ColumnMajor(b.PreActivationGradient[last]!));
            DenseBackward(b, last);
            start--;
        }
        else
        {
            var output = b.Output[last]!;
            value = _loss.ValueAndGradientUnchecked<T>(MatrixData.ColumnMajor(output), b.Targets, count, output.ColumnCount, MatrixData.ColumnMajor(b.OutputGradient[last]!));
        }

        for (int i = start; i >= 0; i--)
        {
            if (layers[i] is not Dense<T> dense) continue; // Flatten: its buffers already alias its neighbours'
            var z = b.PreActivation[i]!;
            dense.Activation.BackwardInto<T>(MatrixData.ColumnMajor(z), MatrixData.ColumnMajor(b.Output[i]!), MatrixData.ColumnMajor(b.OutputGradient[i]!),
                MatrixData.ColumnMajor(b.PreActivationGradient[i]!), count, z.ColumnCount);
            DenseBackward(b, i);
        }
        return value;
    }

    /// <summary>Gathers the samples <paramref name="indices"/> of (x, y) into the buffers of their count and runs the forward pass there.</summary>
    private BatchBuffers<T> Forward(SampleMajor<T> x, SampleMajor<T> y, ReadOnlySpan<int> indices)
    {
        var b = Buffers(indices.Length);
        int count = b.Count;
        x.GatherInto(indices, MatrixData.ColumnMajor(b.Input));
        y.GatherInto(indices, b.Targets);
        var layers = _model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is not Dense<T> dense) continue;
            var z = b.PreActivation[i]!;
            Dense<T>.PreActivationInto(b.LayerInput[i], _kernels[i]!, _biases[i]!, z);
            if (b.Output[i] is { } a) dense.Activation.ForwardInto<T>(MatrixData.ColumnMajor(z), MatrixData.ColumnMajor(a), count, z.ColumnCount);
        }
        return b;
    }

    /// <summary>
    /// Evaluation.Evaluate of the working weights on a validation set, through the training buffers: batches
    /// of <paramref name="batchSize"/> rows in order, each batch's loss and metrics weighted by its size, the same
    /// arithmetic in the same order, so the same bits without allocating a model or a batch.
    /// </summary>
    /// <param name="x">The validation inputs, sample-major.</param>
    /// <param name="y">The validation targets, sample-major.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="metricMeans">Receives each metric's mean.</param>
    /// <returns>The mean loss.</returns>
    public double Evaluate(SampleMajor<T> x, SampleMajor<T> y, int batchSize, Span<double> metricMeans)
    {
        int n = x.Samples;
        double lossSum = 0;
        metricMeans.Clear();
        var rows = _validationRows ??= Enumerable.Range(0, n).ToArray();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var b = Forward(x, y, rows.AsSpan(start, count));
            var last = b.PreActivation.Length - 1;
            var predictions = _usesLogits ? b.PreActivation[last]! : b.Output[last]!;
            double batchLoss = double.CreateTruncating(_loss.ValueUnchecked<T>(MatrixData.ColumnMajor(predictions), b.Targets, count, predictions.ColumnCount));
            lossSum += batchLoss * count;
            var output = b.Output[last];
            for (int k = 0; k < metricMeans.Length; k++)
                metricMeans[k] += _metrics[k].ComputeUnchecked<T>(MatrixData.ColumnMajor(output!), b.Targets, count, output!.ColumnCount) * count;
        }
        for (int k = 0; k < metricMeans.Length; k++) metricMeans[k] /= n;
        return lossSum / n;
    }

    private void DenseBackward(BatchBuffers<T> b, int i) =>
        Dense<T>.BackwardInto(b.LayerInput[i], b.PreActivationGradient[i]!, _kernels[i]!, _kernelGradients[i]!, _biasGradients[i]!, b.InputGradient[i]);

    /// <summary>Metric <paramref name="k"/> of the last batch's predictions (the model's output before the update).</summary>
    public double Metric(int k)
    {
        var b = _current!;
        var output = b.Output[^1]!;
        return _metrics[k].ComputeUnchecked<T>(MatrixData.ColumnMajor(output), b.Targets, b.Count, output.ColumnCount);
    }

    /// <summary>Applies the optimizer's next update to the working parameters and slots, in place.</summary>
    public void ApplyUpdate()
    {
        _step = checked(_step + 1);
        _optimizer.UpdateInPlace(_step, _parameters, _gradients, _slots);
    }

    /// <summary>Remembers the working parameters as they are at an epoch's start (into preallocated arrays), for a diverging epoch.</summary>
    public void MarkEpochStart()
    {
        for (int t = 0; t < _parameters.Length; t++) _parameters[t].CopyTo(_epochStart[t], 0);
    }

    /// <summary>An immutable model holding copies of the working parameters.</summary>
    public Model<T> SnapshotModel() => ModelOver(_parameters);

    /// <summary>An immutable model holding copies of the parameters at the last <see cref="MarkEpochStart"/>.</summary>
    public Model<T> SnapshotEpochStart() => ModelOver(_epochStart);

    private Model<T> ModelOver(T[][] tensors)
    {
        var layers = new IReadOnlyList<Matrix<T>>[_kernels.Length];
        int t = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            if (_kernels[i] is not { } kernel) { layers[i] = []; continue; }
            layers[i] =
            [
                MatrixData.Wrap(kernel.RowCount, kernel.ColumnCount, (T[])tensors[t].Clone()),
                MatrixData.Wrap(1, kernel.ColumnCount, (T[])tensors[t + 1].Clone()),
            ];
            t += 2;
        }
        return _model.WithOwnedParameters(new ParameterTree<T>(layers));
    }

    /// <summary>An immutable optimizer state holding the step count and copies of the working slots.</summary>
    public OptimizerState<T> SnapshotState()
    {
        var trees = new ParameterTree<T>[_optimizer.Slots];
        for (int s = 0; s < trees.Length; s++)
        {
            var layers = new IReadOnlyList<Matrix<T>>[_kernels.Length];
            int tensor = 0;
            for (int i = 0; i < layers.Length; i++)
            {
                if (_kernels[i] is not { } kernel) { layers[i] = []; continue; }
                layers[i] =
                [
                    MatrixData.Wrap(kernel.RowCount, kernel.ColumnCount, (T[])_slots[tensor][s].Clone()),
                    MatrixData.Wrap(1, kernel.ColumnCount, (T[])_slots[tensor + 1][s].Clone()),
                ];
                tensor += 2;
            }
            trees[s] = new ParameterTree<T>(layers);
        }
        return new OptimizerState<T>(_step, trees);
    }

    /// <summary>The buffers for batches of <paramref name="count"/> samples, made on first use.</summary>
    private BatchBuffers<T> Buffers(int count)
    {
        foreach (var b in _buffers)
            if (b.Count == count) return b;
        var made = new BatchBuffers<T>(_model, count, _y.Width, keepLastOutput: !_usesLogits || _metrics.Count > 0);
        _buffers.Add(made);
        return made;
    }
}
