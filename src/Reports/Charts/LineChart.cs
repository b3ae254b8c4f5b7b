using System.Globalization;

namespace Functional.Reports.Charts;

/// <summary>How an axis maps values to distance.</summary>
public enum AxisScale
{
    /// <summary>Evenly spaced values.</summary>
    Linear,
    /// <summary>Evenly spaced powers of ten; every value on the axis must be positive.</summary>
    Log10,
}

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>A line through the points, no markers.</summary>
    Line,
    /// <summary>Markers only (a scatter of data).</summary>
    Markers,
    /// <summary>A line with a marker on every point.</summary>
    LineAndMarkers,
}

/// <summary>One axis of a <see cref="LineChart"/>.</summary>
/// <param name="Label">The axis title, e.g. "epoch".</param>
/// <param name="Scale">Linear or base-10 logarithmic.</param>
/// <param name="Min">Fixed lower limit in data units; null fits the data.</param>
/// <param name="Max">Fixed upper limit in data units; null fits the data.</param>
public sealed record Axis(string Label, AxisScale Scale = AxisScale.Linear, double? Min = null, double? Max = null);

/// <summary>A translucent fill between two curves sharing the series' x values (e.g. a min–max band over seeds).</summary>
/// <param name="Lower">The lower edge, one value per x.</param>
/// <param name="Upper">The upper edge, one value per x.</param>
public sealed record Band(IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);

/// <summary>One labelled set of points of a <see cref="LineChart"/>.</summary>
/// <param name="Label">Legend text; empty for a series that should not appear in the legend.</param>
/// <param name="X">The x values (finite).</param>
/// <param name="Y">The y values, as many as <paramref name="X"/>; NaN or ±∞ mark divergence (see <see cref="LineChart.EffectiveSeries"/>).</param>
/// <param name="Style">Line, markers, or both.</param>
/// <param name="ColorIndex">Index into the Category10 palette; null uses the series' position in the chart.</param>
/// <param name="Band">Optional fill between a lower and an upper curve.</param>
public sealed record Series(
    string Label,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    SeriesStyle Style = SeriesStyle.Line,
    int? ColorIndex = null,
    Band? Band = null);

/// <summary>A labelled straight line across the plot: vertical at an x value, or horizontal at a y value.</summary>
/// <param name="Value">The x (vertical line) or y (horizontal line) in data units.</param>
/// <param name="Label">Text drawn beside the line, e.g. "best epoch 100" or "noise floor 0.01".</param>
public sealed record ReferenceLine(double Value, string Label);

/// <summary>
/// A series as it will be drawn: cut before its first non-finite y, its label telling where it diverged.
/// </summary>
/// <param name="Label">The legend label, with " (diverged at x = …)" appended when the series diverged.</param>
/// <param name="X">The x values drawn.</param>
/// <param name="Y">The y values drawn (all finite).</param>
/// <param name="Lower">The band's lower edge over the drawn points, or null without a band.</param>
/// <param name="Upper">The band's upper edge over the drawn points, or null without a band.</param>
/// <param name="Style">How it is drawn.</param>
/// <param name="ColorIndex">The palette index used.</param>
/// <param name="DivergedAtX">The x of the first non-finite y, or null when every y is finite.</param>
public sealed record PreparedSeries(
    string Label,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<double>? Lower,
    IReadOnlyList<double>? Upper,
    SeriesStyle Style,
    int ColorIndex,
    double? DivergedAtX);

/// <summary>
/// A line/scatter chart: data scatter with a fitted line, loss per epoch, several learning-rate curves, training vs validation loss.
/// Render it with <see cref="ChartRenderer.Render(LineChart)"/>.
/// </summary>
/// <param name="Title">The chart title.</param>
/// <param name="X">The horizontal axis.</param>
/// <param name="Y">The vertical axis.</param>
/// <param name="Series">The series, drawn in order (at least one).</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record LineChart(string Title, Axis X, Axis Y, IReadOnlyList<Series> Series, int Width = 800, int Height = 500)
{
    /// <summary>Vertical marker lines, e.g. "best epoch 100".</summary>
    public IReadOnlyList<ReferenceLine> VerticalLines { get; init; } = [];

    /// <summary>Horizontal reference lines, e.g. "noise floor 0.01".</summary>
    public IReadOnlyList<ReferenceLine> HorizontalLines { get; init; } = [];

    /// <summary>True when the legend is drawn: more than one series has a non-empty label, or some series diverged (its label says where).</summary>
    public bool ShowsLegend =>
        Series.Count(s => !string.IsNullOrEmpty(s.Label)) > 1 || Series.Any(s => s.Y.Any(y => !double.IsFinite(y)));

    /// <summary>
    /// Validates the chart and returns its series as they will be drawn: each cut before its first non-finite y
    /// (NaN, +∞ or −∞), its label extended with " (diverged at x = …)" naming the x of that first non-finite value.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No series; a series with no points, x and y (or band) lengths that differ, a non-finite x, or a non-positive value on a log axis;
    /// an axis with Min ≥ Max or a non-positive limit on a log axis; a size below 100 pixels. The message names the chart and the series.
    /// </exception>
    public IReadOnlyList<PreparedSeries> EffectiveSeries()
    {
        var chart = $"LineChart '{Title}'";
        if (Series is null || Series.Count == 0) throw new ArgumentException($"{chart} has no series; give at least one.", nameof(Series));
        if (Width < 100 || Height < 100) throw new ArgumentException($"{chart}: size {Width}×{Height} is too small; width and height must be at least " +
            $"100 pixels.", nameof(Width));
        CheckAxis(chart, "x", X);
        CheckAxis(chart, "y", Y);
        CheckLines(chart, "vertical", VerticalLines, X);
        CheckLines(chart, "horizontal", HorizontalLines, Y);

        var prepared = new List<PreparedSeries>(Series.Count);
        for (int s = 0; s < Series.Count; s++)
        {
            var series = Series[s] ?? throw new ArgumentException($"{chart}: series #{s} is null.", nameof(Series));
            var name = $"{chart}, series '{series.Label}' (#{s})";
            if (series.X is null || series.Y is null) throw new ArgumentException($"{name}: X and Y must not be null.", nameof(Series));
            if (series.X.Count == 0) throw new ArgumentException($"{name} is empty; it needs at least one point.", nameof(Series));
            if (series.X.Count != series.Y.Count)
                throw new ArgumentException($"{name}: X has {series.X.Count} values but Y has {series.Y.Count}; they must match.", nameof(Series));
            if (series.Band is { } band && (band.Lower is null || band.Upper is null || band.Lower.Count != series.X.Count
                || band.Upper.Count != series.X.Count))
            {
                string Count(IReadOnlyList<double>? values) => values?.Count.ToString(CultureInfo.InvariantCulture) ?? "null";
                throw new ArgumentException(
                    $"{name}: band lower/upper have {Count(band.Lower)}/{Count(band.Upper)} values but X has {series.X.Count}; they must match.",
                    nameof(Series));
            }
            if (series.ColorIndex is < 0) throw new ArgumentException($"{name}: ColorIndex {series.ColorIndex} is negative.", nameof(Series));

            for (int i = 0; i < series.X.Count; i++)
            {
                var x = series.X[i];
                if (!double.IsFinite(x)) throw new ArgumentException($"{name}: X[{i}] = {Format(x)} is not finite.", nameof(Series));
                if (X.Scale == AxisScale.Log10 && x <= 0)
                    throw new ArgumentException($"{name}: X[{i}] = {Format(x)} cannot be drawn on the log x axis '{X.Label}' (values must be " +
                        $"positive).", nameof(Series));
            }

            int kept = 0;
            while (kept < series.Y.Count && double.IsFinite(series.Y[kept])) kept++;
            double? divergedAt = kept < series.Y.Count ? series.X[kept] : null;

            for (int i = 0; i < kept; i++)
            {
                CheckLogY(name, "Y", i, series.Y[i]);
                if (series.Band is { } b)
                {
                    CheckBand(name, "band lower", i, b.Lower[i]);
                    CheckBand(name, "band upper", i, b.Upper[i]);
                }
            }

            var label = divergedAt is { } at && !string.IsNullOrEmpty(series.Label)
                ? $"{series.Label} (diverged at x = {Format(at)})"
                : divergedAt is { } at2 ? $"(diverged at x = {Format(at2)})" : series.Label;
            prepared.Add(new PreparedSeries(
                label,
                series.X.Take(kept).ToArray(),
                series.Y.Take(kept).ToArray(),
                series.Band?.Lower.Take(kept).ToArray(),
                series.Band?.Upper.Take(kept).ToArray(),
                series.Style,
                series.ColorIndex ?? s,
                divergedAt));
        }
        return prepared;
    }

    /// <summary>Formats a number the way chart labels do: up to 4 significant digits, invariant culture.</summary>
    /// <param name="value">The number.</param>
    public static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private void CheckLogY(string name, string what, int i, double y)
    {
        if (Y.Scale == AxisScale.Log10 && y <= 0)
            throw new ArgumentException($"{name}: {what}[{i}] = {Format(y)} cannot be drawn on the log y axis '{Y.Label}' (values must be positive).",
                nameof(Series));
    }

    private void CheckBand(string name, string what, int i, double y)
    {
        if (!double.IsFinite(y)) throw new ArgumentException($"{name}: {what}[{i}] = {Format(y)} is not finite where the series is.", nameof(Series));
        CheckLogY(name, what, i, y);
    }

    private static void CheckAxis(string chart, string which, Axis axis)
    {
        if (axis is null) throw new ArgumentException($"{chart}: the {which} axis is null.", which == "x" ? nameof(X) : nameof(Y));
        var param = which == "x" ? nameof(X) : nameof(Y);
        foreach (var (limit, value) in new[] { ("Min", axis.Min), ("Max", axis.Max) })
        {
            if (value is not { } v) continue;
            if (!double.IsFinite(v)) throw new ArgumentException($"{chart}: {which} axis '{axis.Label}' {limit} = {Format(v)} is not finite.", param);
            if (axis.Scale == AxisScale.Log10 && v <= 0)
                throw new ArgumentException($"{chart}: {which} axis '{axis.Label}' is logarithmic but {limit} = {Format(v)} is not positive.", param);
        }
        if (axis.Min is { } min && axis.Max is { } max && min >= max)
            throw new ArgumentException($"{chart}: {which} axis '{axis.Label}' has Min = {Format(min)} ≥ Max = {Format(max)}.", param);
    }

    private static void CheckLines(string chart, string kind, IReadOnlyList<ReferenceLine> lines, Axis axis)
    {
        if (lines is null) throw new ArgumentException($"{chart}: the {kind} line list is null; use an empty list.", kind == "vertical"
            ? nameof(VerticalLines) : nameof(HorizontalLines));
        foreach (var line in lines)
        {
            if (!double.IsFinite(line.Value) || (axis.Scale == AxisScale.Log10 && line.Value <= 0))
                throw new ArgumentException(
                    $"{chart}: {kind} line '{line.Label}' at {Format(line.Value)} cannot be drawn on " +
                        $"the {(axis.Scale == AxisScale.Log10 ? "log " : "")}axis '{axis.Label}'.",
                    kind == "vertical" ? nameof(VerticalLines) : nameof(HorizontalLines));
        }
    }
}
