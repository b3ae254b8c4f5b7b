namespace Functional.Reports.Lab;

/// <summary>
/// A curve summarized over several seeds, point by point: the median and the min–max band. Runs that stopped early
/// (diverged or early-stopped) contribute only the epochs they ran.
/// </summary>
/// <param name="Median">Per epoch, the median over the runs that reached it.</param>
/// <param name="Min">Per epoch, the smallest value.</param>
/// <param name="Max">Per epoch, the largest value.</param>
public sealed record SeedBand(IReadOnlyList<double> Median, IReadOnlyList<double> Min, IReadOnlyList<double> Max)
{
    /// <summary>The band of <paramref name="curves"/> (one per seed).</summary>
    public static SeedBand Of(IReadOnlyList<IReadOnlyList<double>> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        int length = curves.Count == 0 ? 0 : curves.Max(c => c.Count);
        var median = new double[length];
        var min = new double[length];
        var max = new double[length];
        for (int e = 0; e < length; e++)
        {
            var values = curves.Where(c => c.Count > e).Select(c => c[e]).ToArray();
            median[e] = Statistics.Median(values);
            min[e] = values.Min();
            max[e] = values.Max();
        }
        return new SeedBand(median, min, max);
    }
}

/// <summary>Small statistics over seeds.</summary>
public static class Statistics
{
    /// <summary>The median (the mean of the middle two for an even count); NaN sorts last, so a few NaN runs do not hide the rest.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("Statistics.Median: no values.", nameof(values));
        var sorted = values.OrderBy(v => double.IsNaN(v) ? double.PositiveInfinity : v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The 1-based epoch at which <paramref name="curve"/> first comes within <paramref name="within"/> (0.05 = 5 %) above <paramref
    /// name="optimum"/>, or null if it never does.</summary>
    public static int? FirstEpochWithin(IReadOnlyList<double> curve, double optimum, double within)
    {
        for (int i = 0; i < curve.Count; i++) if (curve[i] <= optimum * (1 + within)) return i + 1;
        return null;
    }
}
