using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>A metric reported during training: a batch mean that Fit averages over the epoch, weighted by batch size.</summary>
public abstract record Metric
{
    private protected Metric(string name) => Name = name;

    /// <summary>The Keras name of the metric, as it appears in a History ("accuracy").</summary>
    public string Name { get; }

    /// <summary>The metric of a batch of predictions against its targets.</summary>
    public abstract double Compute<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The metric over column-major storage (<paramref name="rows"/> × <paramref name="cols"/> predictions) for targets
    /// already validated; <see cref="Compute{T}"/> checks, then calls this (training checks its labels once per Fit).
    /// </summary>
    internal abstract double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols) where T : unmanaged,
        IFloatingPointIeee754<T>;

    /// <summary>Fraction of rows whose arg-max (first on ties) equals the label in the n × 1 target column.</summary>
    public static Metric SparseCategoricalAccuracy { get; } = new SparseCategoricalAccuracyMetric();

    /// <inheritdoc />
    public sealed override string ToString() => Name;

    private sealed record SparseCategoricalAccuracyMetric() : Metric("accuracy")
    {
        public override double Compute<T>(Matrix<T> predictions, Matrix<T> targets)
        {
            MatrixData.RequireNonEmpty("SparseCategoricalAccuracy", predictions, nameof(predictions));
            ArgumentNullException.ThrowIfNull(targets);
            if (targets.RowCount != predictions.RowCount)
                throw new ArgumentException(
                    FormattableString.Invariant($"SparseCategoricalAccuracy: {targets.RowCount} labels for {predictions.RowCount} prediction rows."),
                        nameof(targets));
            Labels.ToIndices("SparseCategoricalAccuracy", targets, predictions.ColumnCount);
            return ComputeUnchecked(MatrixData.ColumnMajor(predictions), MatrixData.ColumnMajor(targets), predictions.RowCount, predictions.ColumnCount);
        }

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> labels, int rows, int cols)
        {
            int correct = 0;
            for (int i = 0; i < rows; i++) if (ArgMax.Row(predictions, rows, cols, i) == Labels.Index(labels[i])) correct++;
            return (double)correct / rows;
        }
    }
}
