using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The loss and the metrics at the end of the engine, decided once per run: which matrix the loss reads, where its
/// gradient goes, and Keras' fusion of a softmax output with sparse cross-entropy on probabilities, which is then
/// computed from the softmax's input (the logits): the same loss without clipping, and exact gradients even for
/// confident predictions.
/// </summary>
internal sealed class LossHead<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Loss _loss;
    private readonly IReadOnlyList<Metric> _metrics;

    /// <summary>The head of <paramref name="model"/> for <paramref name="loss"/> (already validated against it) and <paramref name="metrics"/>.</summary>
    public LossHead(Model<T> model, Loss loss, IReadOnlyList<Metric> metrics)
    {
        FromLogits = UsesLogits(model, loss);
        _loss = FromLogits ? Loss.SparseCategoricalCrossentropy(fromLogits: true) : loss;
        _metrics = metrics;
    }

    /// <summary>True when a softmax output with sparse cross-entropy on probabilities is differentiated from its logits (Keras' behaviour).</summary>
    public static bool UsesLogits(Model<T> model, Loss loss) =>
        loss.TakesClassIndices && !loss.ExpectsLogits && model.Layers[^1].Activation == Activation.Softmax && !model.Layers[^1].IsPassThrough;

    /// <summary>Whether the loss is taken from the last layer's pre-activation (and its gradient written there).</summary>
    public bool FromLogits { get; }

    /// <summary>The metrics, in order.</summary>
    public int MetricCount => _metrics.Count;

    /// <summary>Whether anything reads the model's activated output (the loss on probabilities, or a metric).</summary>
    public bool NeedsOutput => !FromLogits || _metrics.Count > 0;

    /// <summary>The batch loss, and its gradient written where the engine's backward pass starts.</summary>
    public T ValueAndGradient(BatchBuffers<T> b)
    {
        var (predictions, gradient) = FromLogits
            ? (b.Passes[^1].Output, b.Passes[^1].OutputGradient)
            : (b.Output!, b.ActivatedGradient[^1]);
        return _loss.ValueAndGradientUnchecked<T>(MatrixData.ColumnMajor(predictions), b.Targets, b.Count, predictions.ColumnCount,
            MatrixData.ColumnMajor(gradient));
    }

    /// <summary>The batch loss without its gradient, computed as <see cref="ValueAndGradient"/> computes it.</summary>
    public T Value(BatchBuffers<T> b)
    {
        var predictions = FromLogits ? b.Passes[^1].Output : b.Output!;
        return _loss.ValueUnchecked<T>(MatrixData.ColumnMajor(predictions), b.Targets, b.Count, predictions.ColumnCount);
    }

    /// <summary>Each metric of the batch's output, into <paramref name="values"/>.</summary>
    public void Metrics(BatchBuffers<T> b, Span<double> values)
    {
        if (_metrics.Count == 0) return;
        var output = b.Output!;
        for (int k = 0; k < _metrics.Count; k++)
            values[k] = _metrics[k].ComputeUnchecked<T>(MatrixData.ColumnMajor(output), b.Targets, b.Count, output.ColumnCount);
    }
}
