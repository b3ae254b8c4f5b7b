using System.Globalization;

namespace Functional.Reports.Publishing;

/// <summary>How the report writes values: exactly (CSV, JSON, tooltips) and for reading (the page), culture-invariant.</summary>
public static class Format
{
    /// <summary>
    /// A value in exact, invariant form: doubles and singles round-trip (<c>"R"</c>; <c>NaN</c>, <c>Infinity</c>,
    /// <c>-Infinity</c>), booleans <c>true</c>/<c>false</c>, other values their invariant <c>ToString</c>.
    /// </summary>
    /// <param name="value">The value (not null).</param>
    public static string Exact(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A number for reading: 4 significant digits (<c>0.001235</c>, <c>12.35</c>, <c>1.235e-05</c>, <c>1.235e+07</c>),
    /// integral values below 10⁶ in full, <c>NaN</c>, <c>∞</c>, <c>−∞</c>. The exact values are in the CSV and JSON.
    /// </summary>
    /// <param name="value">The number.</param>
    public static string Number(double value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "−∞";
        if (value == 0) return "0";
        double abs = Math.Abs(value);
        if (abs < 1e6 && value == Math.Round(value)) return value.ToString("0", inv);
        if (abs >= 1e-3 && abs < 1e6)
        {
            int magnitude = (int)Math.Floor(Math.Log10(abs));
            int decimals = Math.Clamp(3 - magnitude, 0, 15);
            var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            if (Math.Abs(rounded) < 1e6) return rounded.ToString("0." + new string('#', Math.Max(decimals, 1)), inv);
        }
        return value.ToString("0.###e+00", inv);
    }

    /// <summary>A table cell for reading: numbers via <see cref="Number"/>, booleans ✓ / blank, missing values as a dash.</summary>
    /// <param name="value">The cell value (may be null).</param>
    public static string Cell(object? value) => value switch
    {
        null => "–",
        double d => Number(d),
        float f => Number(f),
        decimal m => Number((double)m),
        bool b => b ? "✓" : "",
        string s => s,
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A run time for reading: <c>850 ms</c>, <c>12.3 s</c>, <c>3 min 05 s</c>, <c>1 h 02 min</c>.</summary>
    /// <param name="time">The run time.</param>
    public static string RunTime(TimeSpan time)
    {
        var inv = CultureInfo.InvariantCulture;
        if (time.TotalSeconds < 1) return time.TotalMilliseconds.ToString("0", inv) + " ms";
        if (time.TotalSeconds < 60) return time.TotalSeconds.ToString(time.TotalSeconds < 10 ? "0.00" : "0.0", inv) + " s";
        if (time.TotalHours < 1) return $"{(int)time.TotalMinutes} min {time.Seconds:00} s";
        return $"{(int)time.TotalHours} h {time.Minutes:00} min";
    }
}
