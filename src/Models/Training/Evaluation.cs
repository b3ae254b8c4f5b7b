using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>The loss and metrics of a model on a data set.</summary>
/// <param name="Loss">The mean loss over all samples.</param>
/// <param name="Metrics">Each metric's mean over all samples, by name.</param>
public sealed record EvaluationResult(double Loss, IReadOnlyList<KeyValuePair<string, double>> Metrics)
{
    /// <summary>The value of the metric called <paramref name="name"/>.</summary>
    public double this[string name] =>
        Metrics.FirstOrDefault(m => m.Key == name) is { Key: not null } kv ? kv.Value
        : throw new KeyNotFoundException($"EvaluationResult: no metric '{name}'; computed: {string.Join(", ", Metrics.Select(m => m.Key))}.");

    /// <summary>Equal when the loss and every metric are equal.</summary>
    public bool Equals(EvaluationResult? other) =>
        other is not null && Loss.Equals(other.Loss) && Metrics.SequenceEqual(other.Metrics);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Loss, Metrics.Count);
}

/// <summary>Evaluate and predict, batched so any number of rows fits in memory.</summary>
public static class Evaluation
{
    /// <summary>
    /// The mean loss and metrics of <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>), computed
    /// batch by batch and weighted by batch size, as Keras' <c>evaluate</c>.
    /// </summary>
    public static EvaluationResult Evaluate<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, IReadOnlyList<Metric>? metrics = null, int batchSize = 32)
        where T : unmanaged, IFloatingPointIeee754<T> => Evaluate(model, loss, x, y, metrics, batchSize, warnOutsideTrainingRange: true);

    /// <summary>As the public Evaluate; Fit passes false after warning once about its validation data, not every epoch.</summary>
    internal static EvaluationResult Evaluate<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, IReadOnlyList<Metric>? metrics, int batchSize, bool warnOutsideTrainingRange)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        metrics ??= [];
        DataChecks.RequireDataset("Evaluate", model, loss, x, y, "x", "y");
        DataChecks.RequireBatchSize("Evaluate", batchSize);
        if (warnOutsideTrainingRange) model.WarnIfOutsideTrainingRange(x, "Evaluate");
        int n = x.RowCount;
        double lossSum = 0;
        var metricSums = new double[metrics.Count];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var xb = Batches.Slice(x, start, count);
            var yb = Batches.Slice(y, start, count);
            var traces = model.Trace(xb);
            var output = traces[^1].Output;
            double batchLoss = Backprop.UsesLogits(model, loss)
                ? double.CreateTruncating(Loss.SparseCategoricalCrossentropy(fromLogits: true).Value(traces[^1].PreActivation, yb))
                : double.CreateTruncating(loss.Value(output, yb));
            lossSum += batchLoss * count;
            for (int k = 0; k < metrics.Count; k++) metricSums[k] += metrics[k].Compute(output, yb) * count;
        }
        return new EvaluationResult(lossSum / n, metrics.Select((m, k) => new KeyValuePair<string, double>(m.Name, metricSums[k] / n)).ToArray());
    }

    /// <summary>The model's outputs for every row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a time.</summary>
    public static Matrix<T> Predict<T>(Model<T> model, Matrix<T> x, int batchSize = 32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        model.RequireInput(x);
        DataChecks.RequireBatchSize("Predict", batchSize);
        model.WarnIfOutsideTrainingRange(x, "Predict");
        if (x.RowCount <= batchSize) return model.Forward(x);
        var blocks = new List<Matrix<T>>();
        for (int start = 0; start < x.RowCount; start += batchSize)
            blocks.Add(model.Forward(Batches.Slice(x, start, Math.Min(batchSize, x.RowCount - start))));
        return Batches.StackRows(blocks, model.OutputShape.Size);
    }
}
