namespace Functional.Core.Metrics;

/// <summary>
/// The confusion matrix of a classifier: <c>Counts[t][p]</c> is how many samples of true class <c>t</c> were predicted
/// as class <c>p</c> (rows true, columns predicted, as scikit-learn's <c>confusion_matrix</c>), with the scores derived from it.
/// </summary>
/// <remarks>
/// Where a ratio would be 0/0 (precision of a class never predicted, recall of a class absent from the truth, F1 when
/// both are 0, accuracy of no samples) it is defined as 0, as scikit-learn's <c>zero_division=0</c>.
/// </remarks>
public sealed record ConfusionMatrix
{
    private readonly int[] _counts; // row-major: truth * Classes + predicted

    private ConfusionMatrix(int classes, int[] counts)
    {
        Classes = classes;
        _counts = counts;
        var rows = new IReadOnlyList<int>[classes];
        var precision = new double[classes];
        var recall = new double[classes];
        var f1 = new double[classes];
        var support = new int[classes];
        long correct = 0, total = 0;
        for (int c = 0; c < classes; c++)
        {
            rows[c] = Array.AsReadOnly(counts[(c * classes)..((c + 1) * classes)]);
            long predictedAsC = 0, trulyC = 0;
            for (int k = 0; k < classes; k++)
            {
                predictedAsC += counts[k * classes + c];
                trulyC += counts[c * classes + k];
            }
            int hits = counts[c * classes + c];
            support[c] = (int)trulyC;
            precision[c] = Ratio(hits, predictedAsC);
            recall[c] = Ratio(hits, trulyC);
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            correct += hits;
            total += trulyC;
        }
        Counts = Array.AsReadOnly(rows);
        Precision = Array.AsReadOnly(precision);
        Recall = Array.AsReadOnly(recall);
        F1 = Array.AsReadOnly(f1);
        Support = Array.AsReadOnly(support);
        Total = (int)total;
        Accuracy = Ratio(correct, total);
    }

    /// <summary>The number of classes (the matrix is Classes × Classes).</summary>
    public int Classes { get; }

    /// <summary>The counts, one row per true class, one column per predicted class.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Counts { get; }

    /// <summary>The number of samples.</summary>
    public int Total { get; }

    /// <summary>The fraction of samples predicted correctly (trace / total; 0 when there are none).</summary>
    public double Accuracy { get; }

    /// <summary>Per class: of the samples predicted as it, the fraction truly of it (column diagonal / column sum; 0 when never predicted).</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>Per class: of the samples truly of it, the fraction predicted as it (row diagonal / row sum; 0 when it never occurs).</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Per class: the harmonic mean of precision and recall, 2PR / (P + R) (0 when both are 0).</summary>
    public IReadOnlyList<double> F1 { get; }

    /// <summary>Per class: how many samples truly belong to it (the row sums).</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>The unweighted mean of the per-class F1 scores (scikit-learn's <c>average="macro"</c>).</summary>
    public double MacroF1 => F1.Average();

    /// <summary>How many samples of class <paramref name="truth"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int truth, int predicted]
    {
        get
        {
            if ((uint)truth >= (uint)Classes || (uint)predicted >= (uint)Classes)
                throw new ArgumentOutOfRangeException(nameof(truth),
                    $"ConfusionMatrix[{truth}, {predicted}]: both classes must be in [0, {Classes}).");
            return _counts[truth * Classes + predicted];
        }
    }

    /// <summary>
    /// Counts how often each true class (<paramref name="truth"/>) was predicted as each class (<paramref name="predicted"/>).
    /// </summary>
    /// <param name="predicted">The predicted class of each sample.</param>
    /// <param name="truth">The true class of each sample.</param>
    /// <param name="classes">The number of classes; every label must lie in [0, classes).</param>
    /// <exception cref="ArgumentException">The lists differ in length, <paramref name="classes"/> is not positive, or a label is out of range (the
    /// message names the index and value).</exception>
    public static ConfusionMatrix From(IReadOnlyList<int> predicted, IReadOnlyList<int> truth, int classes)
    {
        const string operation = "ConfusionMatrix.From";
        if (classes <= 0)
            throw new ArgumentException($"{operation}: classes must be positive, got {classes}.", nameof(classes));
        Classification.RequireSameLength(operation, predicted, truth);
        Classification.RequireLabels(operation, predicted, classes, nameof(predicted));
        Classification.RequireLabels(operation, truth, classes, nameof(truth));
        var counts = new int[classes * classes];
        for (int i = 0; i < truth.Count; i++) counts[truth[i] * classes + predicted[i]]++;
        return new ConfusionMatrix(classes, counts);
    }

    /// <summary>Same classes and same counts.</summary>
    public bool Equals(ConfusionMatrix? other) => other is not null && Classes == other.Classes && _counts.AsSpan().SequenceEqual(other._counts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _counts) hash.Add(c);
        return hash.ToHashCode();
    }

    /// <summary>The counts as a table, true classes down, predicted across.</summary>
    public override string ToString()
    {
        int width = Math.Max(Classes - 1, _counts.Length == 0 ? 0 : _counts.Max()).ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1;
        var text = new System.Text.StringBuilder($"ConfusionMatrix({Classes} classes, {Total} samples, accuracy {Accuracy:F4}; rows true, columns " +
            $"predicted)\n");
        text.Append(' ', width + 1);
        for (int p = 0; p < Classes; p++) text.Append(p.ToString().PadLeft(width));
        for (int t = 0; t < Classes; t++)
        {
            text.Append('\n').Append(t.ToString().PadLeft(width)).Append(' ');
            for (int p = 0; p < Classes; p++) text.Append(_counts[t * Classes + p].ToString().PadLeft(width));
        }
        return text.ToString();
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
