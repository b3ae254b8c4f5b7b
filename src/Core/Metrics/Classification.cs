using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Metrics;

/// <summary>Scores of class predictions given as class indices (or, for top-k, as a score matrix).</summary>
public static class Classification
{
    /// <summary>The fraction of samples whose prediction equals the truth (0 when there are no samples).</summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        RequireSameLength("Classification.Accuracy", predicted, truth);
        int correct = 0;
        for (int i = 0; i < truth.Count; i++) if (predicted[i] == truth[i]) correct++;
        return truth.Count == 0 ? 0 : (double)correct / truth.Count;
    }

    /// <summary>
    /// The indices of the samples whose prediction differs from the truth, in increasing order
    /// (what numpy's <c>np.where(pred != true)[0]</c> gives).
    /// </summary>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static IReadOnlyList<int> Misclassified(IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        RequireSameLength("Classification.Misclassified", predicted, truth);
        var result = new List<int>();
        for (int i = 0; i < truth.Count; i++) if (predicted[i] != truth[i]) result.Add(i);
        return result.AsReadOnly();
    }

    /// <summary>
    /// The fraction of samples whose true class is among the <paramref name="k"/> highest scores of its row.
    /// Ties are broken as <see cref="ArgMax.Rows{T}"/> breaks them (the lower class index ranks first), so
    /// k = 1 gives the accuracy of the arg-max predictions.
    /// </summary>
    /// <param name="scores">One row per sample, one column per class (probabilities or logits).</param>
    /// <param name="truth">The true class of each sample.</param>
    /// <param name="k">How many top classes count as a hit, 1 ≤ k ≤ the number of classes.</param>
    /// <exception cref="ArgumentException">Row count and label count differ, the matrix is empty, k is out of range, a label is out of range, or a
    /// score is NaN.</exception>
    public static double TopKAccuracy<T>(Matrix<T> scores, IReadOnlyList<int> truth, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string operation = "Classification.TopKAccuracy";
        MatrixData.RequireNonEmpty(operation, scores, nameof(scores));
        ArgumentNullException.ThrowIfNull(truth);
        int rows = scores.RowCount, classes = scores.ColumnCount;
        if (truth.Count != rows)
            throw new ArgumentException($"{operation}: scores has {rows} rows ({MatrixData.Shape(scores)}) but truth has {truth.Count} labels; they " +
                $"must match.", nameof(truth));
        if (k < 1 || k > classes)
            throw new ArgumentException($"{operation}: k = {k} is outside [1, {classes}] (the number of classes, the columns of scores).", nameof(k));
        RequireLabels(operation, truth, classes, nameof(truth));
        var data = MatrixData.ColumnMajor(scores);
        int hits = 0;
        for (int i = 0; i < rows; i++)
        {
            int t = truth[i];
            T target = data[t * rows + i];
            int ahead = 0;
            for (int j = 0; j < classes; j++)
            {
                T v = data[j * rows + i];
                if (T.IsNaN(v))
                    throw new ArgumentException($"{operation}: scores[{i}, {j}] is NaN; scores must be numbers.", nameof(scores));
                if (v > target || (v == target && j < t)) ahead++;
            }
            if (ahead < k) hits++;
        }
        return (double)hits / rows;
    }

    internal static void RequireSameLength(string operation, IReadOnlyList<int> predicted, IReadOnlyList<int> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
            throw new ArgumentException(
                $"{operation}: predicted has {predicted.Count} labels but truth has {truth.Count}; they must have the same length.", nameof(predicted));
    }

    internal static void RequireLabels(string operation, IReadOnlyList<int> labels, int classes, string name)
    {
        for (int i = 0; i < labels.Count; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"{operation}: {name}[{i}] = {labels[i]} is outside the classes [0, {classes}).", name);
    }
}
