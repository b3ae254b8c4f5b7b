using Functional.Reports.Charts;

namespace Functional.Reports.Lab;

/// <summary>Chart building blocks shared by the sections.</summary>
internal static class Plots
{
    /// <summary>Evenly spaced x values across the data's range, for drawing a model's prediction as a curve.</summary>
    public static double[] Grid(IReadOnlyList<double> x, int points = 200)
    {
        double min = x.Min(), max = x.Max();
        return Enumerable.Range(0, points).Select(i => min + (max - min) * i / (points - 1)).ToArray();
    }

    /// <summary>A median curve over seeds with its min–max band, as a line series over epochs 1..n.</summary>
    public static Series BandSeries(string label, SeedBand band, int? color = null) =>
        new(label, Text.Epochs(band.Median.Count), band.Median, SeriesStyle.Line, color, new Band(band.Min, band.Max));

    /// <summary>The data as a scatter.</summary>
    public static Series Data(string label, RegressionData data, int? color = null) =>
        new(label, data.X, data.Y, SeriesStyle.Markers, color);

    /// <summary>A function drawn over the data's range.</summary>
    public static Series Curve(string label, IReadOnlyList<double> x, Func<double, double> f, int? color = null)
    {
        var grid = Grid(x);
        return new Series(label, grid, grid.Select(f).ToArray(), SeriesStyle.Line, color);
    }

    /// <summary>A trained run's predictions at the points <paramref name="x"/> themselves, joined by lines, as <c>plt.plot(x, p)</c> draws them.</summary>
    public static Series PredictionAt(string label, SeedRun run, IReadOnlyList<double> x, int? color = null) =>
        new(label, x, run.Predict(x), SeriesStyle.Line, color);

    /// <summary>A trained run's predictions drawn over the data's range.</summary>
    public static Series Prediction(string label, SeedRun run, IReadOnlyList<double> x, int? color = null)
    {
        var grid = Grid(x);
        return new Series(label, grid, run.Predict(grid), SeriesStyle.Line, color);
    }
}
