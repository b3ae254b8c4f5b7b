using System.Globalization;
using System.Text;

namespace Functional.Reports.Charts;

/// <summary>A tick on an axis: where (in plotted units, i.e. log10 of the value on a log axis) and its text.</summary>
/// <param name="Position">Position in plotted units.</param>
/// <param name="Label">The text under/next to a major tick; empty for a minor tick.</param>
/// <param name="IsMajor">Major ticks carry a label and a grid line.</param>
public sealed record AxisTick(double Position, string Label, bool IsMajor);

/// <summary>
/// Ticks for a base-10 logarithmic axis drawn as log10 of the data (ScottPlot has no log axis):
/// majors at powers of ten labelled "0.01", "0.1", "1", "10", … (or "10⁻⁵"-style beyond 10⁻³…10⁴), minors at 2…9 × 10ⁿ.
/// On a range narrower than a decade, majors fall at 1, 2 and 5 × 10ⁿ instead.
/// </summary>
public static class LogAxis
{
    /// <summary>The ticks for a log axis showing data from <paramref name="min"/> to <paramref name="max"/> (data units, both positive).</summary>
    /// <param name="min">Smallest value shown.</param>
    /// <param name="max">Largest value shown.</param>
    /// <exception cref="ArgumentException">A bound is not positive and finite, or min ≥ max.</exception>
    public static IReadOnlyList<AxisTick> Ticks(double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(min) || !(max > 0) || !double.IsFinite(max) || min >= max)
            throw new ArgumentException($"Log axis range [{min}, {max}] must be positive, finite and increasing.", nameof(min));
        double lo = Math.Log10(min), hi = Math.Log10(max);
        const double eps = 1e-9;
        int first = (int)Math.Floor(lo + eps), last = (int)Math.Ceiling(hi - eps);
        int decadesInside = Enumerable.Range(first, last - first + 1).Count(n => n >= lo - eps && n <= hi + eps);

        var ticks = new List<AxisTick>();
        if (decadesInside >= 2)
        {
            int step = Math.Max(1, (int)Math.Ceiling(decadesInside / 8.0));
            bool plain = first >= -3 && last <= 4;
            for (int n = first; n <= last; n++)
            {
                for (int k = 1; k <= 9; k++)
                {
                    double p = n + Math.Log10(k);
                    if (p < lo - eps || p > hi + eps) continue;
                    if (k == 1 && ((n % step) + step) % step == 0) ticks.Add(new AxisTick(p, plain ? Plain(1, n) : PowerOfTen(n), true));
                    else if (k == 1 || step == 1) ticks.Add(new AxisTick(p, "", false)); // many decades: minors only at the skipped powers of ten
                }
            }
        }
        else
        {
            // Inside about one decade: majors at 1, 2, 5 × 10ⁿ, or at every 1…9 × 10ⁿ when that would leave fewer than three.
            ticks = Narrow(lo, hi, first, last, [1, 2, 5]);
            if (ticks.Count(t => t.IsMajor) < 3) ticks = Narrow(lo, hi, first, last, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }
        return ticks;
    }

    private static List<AxisTick> Narrow(double lo, double hi, int first, int last, int[] majorsAt)
    {
        const double eps = 1e-9;
        var ticks = new List<AxisTick>();
        for (int n = first - 1; n <= last; n++)
            for (int k = 1; k <= 9; k++)
            {
                double p = n + Math.Log10(k);
                if (p < lo - eps || p > hi + eps) continue;
                ticks.Add(majorsAt.Contains(k) ? new AxisTick(p, Plain(k, n), true) : new AxisTick(p, "", false));
            }
        return ticks;
    }

    /// <summary>"10" followed by the exponent in superscript digits, e.g. 10⁻² for −2.</summary>
    /// <param name="exponent">The power of ten.</param>
    public static string PowerOfTen(int exponent)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var text = new StringBuilder("10");
        if (exponent < 0) text.Append('⁻');
        foreach (var c in Math.Abs(exponent).ToString(CultureInfo.InvariantCulture)) text.Append(digits[c - '0']);
        return text.ToString();
    }

    private static string Plain(int mantissa, int exponent) =>
        ((decimal)mantissa * (exponent >= 0 ? Pow10(exponent) : 1m / Pow10(-exponent))).ToString("0.##########", CultureInfo.InvariantCulture);

    private static decimal Pow10(int n)
    {
        decimal r = 1m;
        for (int i = 0; i < n; i++) r *= 10m;
        return r;
    }
}
