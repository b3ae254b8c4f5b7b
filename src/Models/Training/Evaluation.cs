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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        DataChecks.RequireDataset("Evaluate", model, loss, x, y, "x", "y");
        metrics = DataChecks.RequireMetrics("Evaluate", metrics ?? [], model, y, "y");
        DataChecks.RequireBatchSize("Evaluate", batchSize);
        model.WarnIfOutsideTrainingRange(x, "Evaluate");
        DataChecks.WarnIfLossDoesNotFitOutput("Evaluate", model, loss);
        var engine = new Engine<T>(model, EngineMode.Inference);
        var step = new EvaluationStep<T>(engine, new LossHead<T>(model, loss, metrics), new ColumnMajorSource<T>(x), new ColumnMajorSource<T>(y));
        var means = new double[metrics.Count];
        double meanLoss = BatchMeans.Run(step, Enumerable.Range(0, x.RowCount).ToArray(), batchSize, means, stopOnNonFinite: false).Loss;
        return new EvaluationResult(meanLoss, metrics.Select((m, k) => new KeyValuePair<string, double>(m.Name, means[k])).ToArray());
    }

    /// <summary>The model's outputs for every row of <paramref name="x"/>, computed <paramref name="batchSize"/> rows at a time.</summary>
    public static Matrix<T> Predict<T>(Model<T> model, Matrix<T> x, int batchSize = 32) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        model.RequireInput(x);
        DataChecks.RequireBatchSize("Predict", batchSize);
        model.WarnIfOutsideTrainingRange(x, "Predict");
        return Outputs(model, x, batchSize);
    }

    /// <summary>The outputs of <paramref name="model"/> for every row of <paramref name="x"/> (already checked), in batches:
    /// a new matrix, never the caller's.</summary>
    internal static Matrix<T> Outputs<T>(Model<T> model, Matrix<T> x, int batchSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.RowCount, width = model.OutputShape.Size;
        var engine = new Engine<T>(model, EngineMode.Inference);
        if (n <= batchSize)
        {
            // One batch: the caller's matrix is the input buffer (read, never written), and the engine's output matrix,
            // which nothing else holds, is the result, unless the model only reshapes and the output is x itself.
            var whole = engine.InferenceOver(x, scratch: true);
            try
            {
                engine.Forward(whole, training: false);
                return ReferenceEquals(whole.Output, x) ? x.Clone() : whole.Output!;
            }
            finally
            {
                whole.ReturnScratch(); // the intermediate outputs, for this thread's next pass
            }
        }
        var source = new ColumnMajorSource<T>(x);
        var result = new T[MatrixData.Count($"Predict: the outputs of {n} samples", n, width)];
        var rows = Enumerable.Range(0, n).ToArray();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var b = engine.Buffers(count, targetWidth: 0, keepLastOutput: true, keepLastPreActivation: false);
            source.GatherInto(rows.AsSpan(start, count), MatrixData.ColumnMajor(b.Input));
            engine.Forward(b, training: false);
            var output = MatrixData.ColumnMajor(b.Output!);
            for (int j = 0; j < width; j++) Array.Copy(output, j * count, result, j * n + start, count);
        }
        return MatrixData.Wrap(n, width, result);
    }
}
