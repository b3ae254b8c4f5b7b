using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>
/// A loss: a scalar of predictions and targets (averaged over the batch, Keras' "sum over batch size"),
/// and its gradient with respect to the predictions.
/// </summary>
/// <remarks>
/// Sums are accumulated in double whatever the element type, so a float32 loss over 60 000 rows
/// does not drift with the summation order.
/// </remarks>
public abstract record Loss
{
    private protected Loss(string name) => Name = name;

    /// <summary>The Keras name of the loss.</summary>
    public string Name { get; }

    /// <summary>The loss of <paramref name="predictions"/> against <paramref name="targets"/>, averaged over the batch.</summary>
    public T Value<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(predictions, targets);
        return ValueUnchecked(MatrixData.ColumnMajor(predictions), MatrixData.ColumnMajor(targets), predictions.RowCount, predictions.ColumnCount);
    }

    /// <summary>The gradient of <see cref="Value{T}"/> with respect to the predictions (same shape as the predictions).</summary>
    public Matrix<T> Gradient<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(predictions, targets);
        var g = new T[predictions.RowCount * predictions.ColumnCount];
        GradientOfMeanInto(MatrixData.ColumnMajor(predictions), MatrixData.ColumnMajor(targets), predictions.RowCount, predictions.ColumnCount, g);
        return MatrixData.Wrap(predictions.RowCount, predictions.ColumnCount, g);
    }

    /// <summary>Value and gradient in one pass over the data.</summary>
    public (T Value, Matrix<T> Gradient) ValueAndGradient<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validate(predictions, targets);
        var g = new T[predictions.RowCount * predictions.ColumnCount];
        var value = ValueAndGradientUnchecked(MatrixData.ColumnMajor(predictions), MatrixData.ColumnMajor(targets), predictions.RowCount,
            predictions.ColumnCount, g);
        return (value, MatrixData.Wrap(predictions.RowCount, predictions.ColumnCount, g));
    }

    /// <summary>Checks shapes and values; throws an <see cref="ArgumentException"/> naming the loss and the problem.</summary>
    public abstract void Validate<T>(Matrix<T> predictions, Matrix<T> targets) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The mean loss over column-major storage (<paramref name="rows"/> × <paramref name="cols"/> predictions), for targets
    /// already validated (training validates its labels once per Fit, not once per batch).
    /// </summary>
    internal T ValueUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(Sum(predictions, targets, rows, cols) / Denominator(rows, cols));

    /// <summary>Value and gradient over column-major storage for validated targets; the gradient goes into <paramref name="gradient"/>.</summary>
    internal T ValueAndGradientUnchecked<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(SumAndGradientOfMeanInto(predictions, targets, rows, cols, gradient) / Denominator(rows, cols));

    /// <summary><see cref="Sum{T}"/>, with the gradient of the mean written into <paramref name="gradient"/>: the same values
    /// as the two apart (a loss may override it to share their work, bit for bit).</summary>
    private protected virtual double SumAndGradientOfMeanInto<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = Sum(predictions, targets, rows, cols);
        GradientOfMeanInto(predictions, targets, rows, cols, gradient);
        return sum;
    }

    /// <summary>The sum of the per-element (MSE) or per-row (cross-entropy) losses, in double.</summary>
    private protected abstract double Sum<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols) where T : unmanaged,
        IFloatingPointIeee754<T>;

    /// <summary>What the sum is divided by to give the mean.</summary>
    private protected abstract double Denominator(int rows, int cols);

    /// <summary>The gradient of the mean with respect to the predictions, written into <paramref name="gradient"/>.</summary>
    private protected abstract void GradientOfMeanInto<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int rows, int cols, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Mean squared error over every element: mean((p − t)²). Targets must be finite; predictions may hold NaN (it propagates).</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>
    /// Sparse categorical cross-entropy: targets are a column of class indices (n × 1), predictions n × classes.
    /// With <paramref name="fromLogits"/> the predictions are logits (log-sum-exp); otherwise probabilities,
    /// clipped to [1e-7, 1 − 1e-7] and renormalized through log-sum-exp of their logs, exactly as Keras does.
    /// </summary>
    public static Loss SparseCategoricalCrossentropy(bool fromLogits = false) => fromLogits ? FromLogits : FromProbabilities;

    private static readonly Loss FromLogits = new SparseCategoricalCrossentropyLoss(true);
    private static readonly Loss FromProbabilities = new SparseCategoricalCrossentropyLoss(false);

    /// <inheritdoc />
    public sealed override string ToString() => Name;

    private sealed record MeanSquaredErrorLoss() : Loss("mean_squared_error")
    {
        public override void Validate<T>(Matrix<T> predictions, Matrix<T> targets)
        {
            MatrixData.RequireNonEmpty("MeanSquaredError", predictions, nameof(predictions));
            MatrixData.RequireSameShape("MeanSquaredError", predictions, targets, nameof(predictions), nameof(targets));
            // Targets are data, not model output: a NaN or infinity there is a data error, reported here rather than
            // surfacing later as a NaN loss. (Non-finite predictions are left to propagate, for the NaN guard to see.)
            MatrixData.RequireFinite("MeanSquaredError", targets, nameof(targets));
        }

        private protected override double Denominator(int rows, int cols) => (double)rows * cols;

        private protected override double Sum<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int cols)
        {
            double sum = 0;
            for (int k = 0; k < p.Length; k++)
            {
                double d = double.CreateTruncating(p[k] - t[k]);
                sum += d * d;
            }
            return sum;
        }

        private protected override void GradientOfMeanInto<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, int rows, int cols, Span<T> g)
        {
            var scale = T.CreateTruncating(2.0 / p.Length);
            for (int k = 0; k < p.Length; k++) g[k] = scale * (p[k] - t[k]);
        }
    }

    /// <summary>Keras' epsilon for clipping probabilities.</summary>
    public const double Epsilon = 1e-7;

    private sealed record SparseCategoricalCrossentropyLoss(bool FromLogitsFlag)
        : Loss(FromLogitsFlag ? "sparse_categorical_crossentropy(from_logits)" : "sparse_categorical_crossentropy")
    {
        public bool IsFromLogits => FromLogitsFlag;

        public override void Validate<T>(Matrix<T> predictions, Matrix<T> targets)
        {
            const string op = "SparseCategoricalCrossentropy";
            MatrixData.RequireNonEmpty(op, predictions, nameof(predictions));
            ArgumentNullException.ThrowIfNull(targets);
            if (targets.ColumnCount != 1 || targets.RowCount != predictions.RowCount)
                throw new ArgumentException(
                    FormattableString.Invariant($"{op}: targets must be a column of {predictions.RowCount} class indices ({predictions.RowCount}x1) ") +
                        FormattableString.Invariant($"for predictions of shape {MatrixData.Shape(predictions)}, but has shape {MatrixData.Shape(targets)}."),
                    nameof(targets));
            Labels.ToIndices(op, targets, predictions.ColumnCount);
        }

        private protected override double Denominator(int rows, int cols) => rows;

        private protected override double Sum<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> labels, int rows, int cols)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                // loss_i = logsumexp(z_i) − z_i[y], with z = logits, or z = log(clip(p)) as Keras does.
                double max = double.NegativeInfinity;
                for (int j = 0; j < cols; j++) max = Math.Max(max, Logit(p[j * rows + i]));
                double s = 0;
                for (int j = 0; j < cols; j++) s += Math.Exp(Logit(p[j * rows + i]) - max);
                sum += max + Math.Log(s) - Logit(p[Labels.Index(labels[i]) * rows + i]);
            }
            return sum;
        }

        /// <summary>From logits, each row's exponentials once for both the loss and its gradient (a third of the
        /// <c>exp</c> calls of the two apart), with the same arithmetic in the same order, so the same bits.</summary>
        private protected override double SumAndGradientOfMeanInto<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> labels, int rows, int cols, Span<T> g)
        {
            const int MaxStackClasses = 256;
            if (!FromLogitsFlag || cols > MaxStackClasses) return base.SumAndGradientOfMeanInto(p, labels, rows, cols, g);
            Span<double> exps = stackalloc double[cols];
            double sum = 0, invRows = 1.0 / rows;
            for (int i = 0; i < rows; i++)
            {
                int label = Labels.Index(labels[i]);
                double max = double.NegativeInfinity;
                for (int j = 0; j < cols; j++) max = Math.Max(max, double.CreateTruncating(p[j * rows + i]));
                double s = 0;
                for (int j = 0; j < cols; j++) s += exps[j] = Math.Exp(double.CreateTruncating(p[j * rows + i]) - max);
                sum += max + Math.Log(s) - double.CreateTruncating(p[label * rows + i]);
                for (int j = 0; j < cols; j++) g[j * rows + i] = T.CreateTruncating((exps[j] / s - (j == label ? 1 : 0)) * invRows);
            }
            return sum;
        }

        private double Logit<T>(T value) where T : unmanaged, IFloatingPointIeee754<T>
        {
            double v = double.CreateTruncating(value);
            return FromLogitsFlag ? v : Math.Log(Math.Clamp(v, Epsilon, 1 - Epsilon));
        }

        private protected override void GradientOfMeanInto<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> labels, int rows, int cols, Span<T> g)
        {
            double invRows = 1.0 / rows;
            for (int i = 0; i < rows; i++)
            {
                int label = Labels.Index(labels[i]);
                if (FromLogitsFlag)
                {
                    // d/dz_j = softmax(z)_j − [j = y]
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < cols; j++) max = Math.Max(max, double.CreateTruncating(p[j * rows + i]));
                    double s = 0;
                    for (int j = 0; j < cols; j++) s += Math.Exp(double.CreateTruncating(p[j * rows + i]) - max);
                    for (int j = 0; j < cols; j++)
                    {
                        double softmax = Math.Exp(double.CreateTruncating(p[j * rows + i]) - max) / s;
                        g[j * rows + i] = T.CreateTruncating((softmax - (j == label ? 1 : 0)) * invRows);
                    }
                }
                else
                {
                    // loss = −log c_y + log Σ c_k with c = clip(p): d/dp_j = (1/Σc − [j = y]/c_y) where p_j is inside the clip range, 0 outside.
                    double sumClipped = 0;
                    for (int j = 0; j < cols; j++) sumClipped += Math.Clamp(double.CreateTruncating(p[j * rows + i]), Epsilon, 1 - Epsilon);
                    for (int j = 0; j < cols; j++)
                    {
                        double v = double.CreateTruncating(p[j * rows + i]);
                        if (v < Epsilon || v > 1 - Epsilon) { g[j * rows + i] = T.Zero; continue; }
                        double d = 1 / sumClipped - (j == label ? 1 / v : 0);
                        g[j * rows + i] = T.CreateTruncating(d * invRows);
                    }
                }
            }
        }
    }

    /// <summary>True when this is sparse categorical cross-entropy told its inputs are logits.</summary>
    public bool ExpectsLogits => this is SparseCategoricalCrossentropyLoss { IsFromLogits: true };

    /// <summary>True when this is sparse categorical cross-entropy of probabilities (not logits): the model's outputs must be a distribution.</summary>
    public bool ExpectsProbabilities => this is SparseCategoricalCrossentropyLoss { IsFromLogits: false };

    /// <summary>True when this is sparse categorical cross-entropy (either form): targets are class indices.</summary>
    public bool TakesClassIndices => this is SparseCategoricalCrossentropyLoss;
}
