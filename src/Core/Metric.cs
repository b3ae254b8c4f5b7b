using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>A metric reported during training: a batch mean that Fit averages over the epoch, weighted by batch size.</summary>
/// <remarks>
/// <see cref="Accuracy"/> is Keras' <c>metrics=['accuracy']</c>: it becomes binary, sparse categorical or categorical
/// accuracy from the shapes of the model's outputs and of the targets, as Keras decides it. Each accuracy refuses targets
/// it cannot score (Fit and Evaluate check before anything runs): a number computed from the wrong kind of targets would
/// be silently wrong.
/// </remarks>
public abstract record Metric
{
    private protected Metric(string name, string kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>What the metric is, as error messages name it ("SparseCategoricalAccuracy").</summary>
    public string Kind { get; }

    /// <summary>The Keras name of the metric, as it appears in a History ("accuracy").</summary>
    public string Name { get; private init; }

    /// <summary>This metric under another History name (Keras keeps "accuracy" for whichever accuracy it picks).</summary>
    private protected Metric Named(string name) => this with { Name = name };

    /// <summary>The metric of a batch of predictions against its targets (checked first, as Fit checks them).</summary>
    public double Compute<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatrixData.RequireNonEmpty(Kind, predictions, nameof(predictions));
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.RowCount != predictions.RowCount)
            throw new ArgumentException(
                FormattableString.Invariant($"{Kind}: {targets.RowCount} target rows for {predictions.RowCount} prediction rows."), nameof(targets));
        var resolved = For(predictions.ColumnCount, targets.ColumnCount);
        resolved.Check(Kind, predictions.ColumnCount, targets, nameof(targets));
        return resolved.ComputeUnchecked(MatrixData.ColumnMajor(predictions), MatrixData.ColumnMajor(targets), predictions.RowCount,
            predictions.ColumnCount);
    }

    /// <summary>
    /// The metric that scores a model of <paramref name="outputs"/> values per sample against targets of
    /// <paramref name="targetColumns"/> columns: itself, except for <see cref="Accuracy"/>, which picks one as Keras does.
    /// </summary>
    public virtual Metric For(int outputs, int targetColumns) => this;

    /// <summary>Throws, naming <paramref name="operation"/> and the targets, when this metric cannot score these targets.</summary>
    internal abstract void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The metric over column-major storage (<paramref name="rows"/> × <paramref name="cols"/> predictions) for targets
    /// already checked by <see cref="Check"/>; training checks once per Fit, then calls this per batch.
    /// </summary>
    internal abstract double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols) where T : unmanaged,
        IFloatingPointIeee754<T>;

    /// <summary>
    /// Keras' <c>'accuracy'</c>: binary accuracy for one output, sparse categorical accuracy for a column of class indices
    /// against several outputs, categorical accuracy for one-hot (or probability) targets as wide as the outputs.
    /// </summary>
    public static Metric Accuracy { get; } = new AccuracyByShape();

    /// <summary>Fraction of rows whose arg-max (first on ties) equals the class index in the n × 1 target column (named "accuracy").</summary>
    public static Metric SparseCategoricalAccuracy { get; } = new SparseCategoricalAccuracyMetric();

    /// <summary>Fraction of rows whose arg-max equals the arg-max of the target row (one-hot targets, as wide as the outputs).</summary>
    public static Metric CategoricalAccuracy { get; } = new CategoricalAccuracyMetric();

    /// <summary>Fraction of values where (prediction &gt; 0.5) equals the 0/1 target, over every output (Keras' threshold 0.5).</summary>
    public static Metric BinaryAccuracy { get; } = new BinaryAccuracyMetric();

    /// <summary>
    /// Keras' <c>metrics=['mse']</c>: the mean over every output of (prediction − target)², named "mse" (so validation gives
    /// "val_mse"). Unlike the loss of a model with weight penalties, it is the data term alone.
    /// </summary>
    public static Metric MeanSquaredError { get; } = new MeanErrorMetric(Squared: true);

    /// <summary>Keras' <c>metrics=['mae']</c>: the mean over every output of |prediction − target|, named "mae".</summary>
    public static Metric MeanAbsoluteError { get; } = new MeanErrorMetric(Squared: false);

    /// <inheritdoc />
    public sealed override string ToString() => Name;

    private sealed record AccuracyByShape() : Metric("accuracy", "Accuracy")
    {
        // keras/src/trainers/compile_utils.py, get_metric: binary when the prediction's last dimension is 1, sparse when
        // the targets' is 1 and the prediction's is larger, else categorical.
        public override Metric For(int outputs, int targetColumns) =>
            (outputs == 1 ? BinaryAccuracy : targetColumns == 1 ? SparseCategoricalAccuracy : CategoricalAccuracy).Named(Name);

        internal override void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName) =>
            For(outputs, targets.ColumnCount).Check(operation, outputs, targets, targetsName);

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols) =>
            throw new InvalidOperationException("Metric.Accuracy is resolved with For(outputs, targetColumns) before it computes.");
    }

    private sealed record SparseCategoricalAccuracyMetric() : Metric("accuracy", "SparseCategoricalAccuracy")
    {
        internal override void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName)
        {
            if (outputs == 1)
                throw new ArgumentException(
                    $"{operation}: SparseCategoricalAccuracy needs several outputs to take the arg-max of, but the model has one; the accuracy of one " +
                    "output is binary accuracy: use Metric.Accuracy (which picks it) or Metric.BinaryAccuracy, or no accuracy for a regression.",
                    targetsName);
            if (targets.ColumnCount != 1)
                throw new ArgumentException(
                    $"{operation}: SparseCategoricalAccuracy takes {targetsName} as a column of class indices (n x 1), got {MatrixData.Shape(targets)}; " +
                    "for one-hot targets use Metric.CategoricalAccuracy, or Metric.Accuracy (which picks by shape).", targetsName);
            Labels.ToIndices($"{operation} (SparseCategoricalAccuracy, {targetsName})", targets, outputs);
        }

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> labels, int rows, int cols)
        {
            int correct = 0;
            for (int i = 0; i < rows; i++) if (ArgMax.Row(predictions, rows, cols, i) == Labels.Index(labels[i])) correct++;
            return (double)correct / rows;
        }
    }

    private sealed record CategoricalAccuracyMetric() : Metric("categorical_accuracy", "CategoricalAccuracy")
    {
        internal override void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName)
        {
            if (outputs == 1 || targets.ColumnCount != outputs)
                throw new ArgumentException(
                    $"{operation}: CategoricalAccuracy compares the arg-max of {outputs} output(s) with the arg-max of one-hot targets as wide, but " +
                    $"{targetsName} has shape {MatrixData.Shape(targets)}" +
                    (targets.ColumnCount == 1 && outputs > 1 ? "; for class indices use Metric.SparseCategoricalAccuracy or Metric.Accuracy." : "."),
                    targetsName);
        }

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols)
        {
            int correct = 0;
            for (int i = 0; i < rows; i++) if (ArgMax.Row(predictions, rows, cols, i) == ArgMax.Row(targets, rows, cols, i)) correct++;
            return (double)correct / rows;
        }
    }

    private sealed record BinaryAccuracyMetric() : Metric("binary_accuracy", "BinaryAccuracy")
    {
        internal override void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName)
        {
            if (targets.ColumnCount != outputs)
                throw new ArgumentException(
                    $"{operation}: BinaryAccuracy scores each of the {outputs} output(s) against a 0/1 target, but {targetsName} has shape " +
                    $"{MatrixData.Shape(targets)}.", targetsName);
            var data = MatrixData.ColumnMajor(targets);
            for (int k = 0; k < data.Length; k++)
                if (data[k] != T.Zero && data[k] != T.One)
                    throw new ArgumentException(
                        FormattableString.Invariant($"{operation}: accuracy needs 0/1 targets, but {targetsName} holds {data[k]} at row ") +
                        FormattableString.Invariant($"{k % targets.RowCount}, column {k / targets.RowCount}: these look like regression targets, ") +
                        "which no accuracy can score (leave the metric out; the loss measures the fit).", targetsName);
        }

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols)
        {
            var half = T.CreateTruncating(0.5);
            int correct = 0;
            for (int k = 0; k < rows * cols; k++) if ((predictions[k] > half ? T.One : T.Zero) == targets[k]) correct++;
            return (double)correct / (rows * cols);
        }
    }

    // keras/src/metrics/regression_metrics.py: MeanSquaredError and MeanAbsoluteError are mean metrics of the per-sample
    // means over the last axis; Fit's batch-size-weighted average of batch means gives the same mean over all values.
    private sealed record MeanErrorMetric(bool Squared)
        : Metric(Squared ? "mse" : "mae", Squared ? "MeanSquaredError" : "MeanAbsoluteError")
    {
        internal override void Check<T>(string operation, int outputs, Matrix<T> targets, string targetsName)
        {
            if (targets.ColumnCount != outputs)
                throw new ArgumentException(
                    $"{operation}: {Kind} compares each of the {outputs} output(s) with a target, but {targetsName} has shape {MatrixData.Shape(targets)}.",
                    targetsName);
            MatrixData.RequireFinite($"{operation} ({Kind})", targets, targetsName);
        }

        internal override double ComputeUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols)
        {
            double sum = 0;
            for (int k = 0; k < rows * cols; k++)
            {
                double d = double.CreateTruncating(predictions[k]) - double.CreateTruncating(targets[k]);
                sum += Squared ? d * d : Math.Abs(d);
            }
            return sum / ((double)rows * cols);
        }
    }
}
