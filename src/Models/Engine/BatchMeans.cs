namespace Functional.Models;

/// <summary>One batch of a pass over a data set: its loss and metrics, then (training) the update they lead to.</summary>
internal interface IBatchStep
{
    /// <summary>The loss of the batch of <paramref name="rows"/>, its metrics written into <paramref name="metrics"/>.</summary>
    double Run(ReadOnlySpan<int> rows, Span<double> metrics);

    /// <summary>Called after a batch whose loss was accepted (training applies its update here).</summary>
    void Commit();
}

/// <summary>How a pass over batches ended.</summary>
/// <param name="Loss">The mean loss over all samples (the non-finite batch loss when the pass stopped on one).</param>
/// <param name="FailedBatch">The 1-based batch whose loss was NaN or infinite, when the pass stopped there.</param>
internal readonly record struct BatchMeansResult(double Loss, int? FailedBatch);

/// <summary>
/// The only loop that averages over batches, as Keras' History and <c>evaluate</c> do: consecutive batches of
/// <c>batchSize</c> rows, each batch's loss and metrics weighted by its size, summed in double and divided by the
/// number of samples. Training, validation and evaluation all run through it.
/// </summary>
internal static class BatchMeans
{
    /// <summary>Runs <paramref name="step"/> over the batches of <paramref name="rows"/> and returns the means.</summary>
    /// <param name="step">The batch computation.</param>
    /// <param name="rows">The samples, in the order they are batched.</param>
    /// <param name="batchSize">Samples per batch; the last batch may be smaller.</param>
    /// <param name="metricMeans">Receives each metric's mean (its length is the number of metrics).</param>
    /// <param name="stopOnNonFinite">Stop at the first NaN or infinite batch loss, before committing that batch.</param>
    public static BatchMeansResult Run(IBatchStep step, ReadOnlySpan<int> rows, int batchSize, Span<double> metricMeans, bool stopOnNonFinite)
    {
        int n = rows.Length;
        double lossSum = 0;
        metricMeans.Clear();
        Span<double> metrics = metricMeans.Length <= 16 ? stackalloc double[metricMeans.Length] : new double[metricMeans.Length];
        for (int start = 0, batch = 1; start < n; start += batchSize, batch++)
        {
            int count = Math.Min(batchSize, n - start);
            double batchLoss = step.Run(rows.Slice(start, count), metrics);
            if (stopOnNonFinite && !double.IsFinite(batchLoss))
            {
                metricMeans.Clear();
                return new BatchMeansResult(batchLoss, batch); // the epoch's loss is recorded as the non-finite value
            }
            lossSum += batchLoss * count;
            for (int k = 0; k < metrics.Length; k++) metricMeans[k] += metrics[k] * count;
            step.Commit();
        }
        for (int k = 0; k < metricMeans.Length; k++) metricMeans[k] /= n;
        return new BatchMeansResult(lossSum / n, null);
    }
}
