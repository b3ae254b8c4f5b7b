using Functional.Core;

namespace Functional.Models;

/// <summary>
/// One batch of evaluation: gather the rows, run the forward pass in inference mode, and take the loss and metrics as
/// the head defines them. Fit's validation and <see cref="Evaluation.Evaluate{T}"/> both run it.
/// </summary>
internal sealed class EvaluationStep<T>(Engine<T> engine, LossHead<T> head, IBatchSource<T> x, IBatchSource<T> y) : IBatchStep
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of samples.</summary>
    public int Samples => x.Samples;

    /// <inheritdoc />
    public double Run(ReadOnlySpan<int> rows, Span<double> metrics)
    {
        var b = engine.Buffers(rows.Length, y.Width, head.NeedsOutput, head.FromLogits);
        x.GatherInto(rows, MatrixData.ColumnMajor(b.Input));
        y.GatherInto(rows, b.Targets);
        engine.Forward(b, training: false);
        head.Metrics(b, metrics);
        var loss = head.Value(b);
        return double.CreateTruncating(engine.Penalized ? Penalties.Total(loss, engine.Penalty(), true) : loss);
    }

    /// <inheritdoc />
    public void Commit() { }
}
