using System.Globalization;

namespace Functional.Reports.Lab;

/// <summary>Number formatting for the report's sentences (invariant culture, so the report reads the same everywhere).</summary>
internal static class Text
{
    /// <summary>A number as the sentences show it, to four significant digits: 1.009, 0.02731, 1.478e+05.</summary>
    public static string Short(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A learning rate as the lab writes it: 1e-05, 0.001, 0.1, 1, 100.</summary>
    public static string Rate(double rate) => rate < 1e-3 ? rate.ToString("0e-00", CultureInfo.InvariantCulture) : rate.ToString("G4",
        CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage with two decimals: 97.83 %.</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    /// <summary>"median [min–max]".</summary>
    public static string Band(double median, double min, double max) => $"{Short(median)} [{Short(min)}–{Short(max)}]";

    /// <summary>The number of each 1-based epoch of a curve.</summary>
    public static double[] Epochs(int count) => Enumerable.Range(1, count).Select(e => (double)e).ToArray();

    /// <summary>One of an answer's numbers, by name (report.json keeps it exactly).</summary>
    public static KeyValuePair<string, double> Named(string name, double value) => new(name, value);
}
