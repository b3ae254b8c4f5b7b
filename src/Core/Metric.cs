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
                    FormattableString.Invariant($"SparseCategoricalAccuracy: {targets.RowCount} labels for {predictions.RowCount} prediction rows."), nameof(targets));
            var labels = Labels.ToIndices("SparseCategoricalAccuracy", targets, predictions.ColumnCount);
            var predicted = ArgMax.Rows(predictions);
            int correct = 0;
            for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
            return (double)correct / labels.Length;
        }
    }
}
