using Functional.Reports.Charts;

namespace Functional.Tests.Unit.Charts;

/// <summary>Bad chart input fails early with an ArgumentException naming the chart and the series (or digit).</summary>
public class ChartBadInputTests
{
    private static ArgumentException Fails(Action render) => Assert.Throws<ArgumentException>(render);

    private static LineChart Chart(AxisScale y, params Series[] series) => new("Loss curves", new Axis("epoch"), new Axis("loss", y), series);

    [Fact]
    public void NoSeries()
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Linear)));
        Assert.Contains("LineChart 'Loss curves'", e.Message);
        Assert.Contains("no series", e.Message);
    }

    [Fact]
    public void EmptySeries()
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Linear, new Series("train", [], []))));
        Assert.Contains("LineChart 'Loss curves'", e.Message);
        Assert.Contains("'train'", e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void LengthMismatch()
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Linear, new Series("ok", [1], [1]), new Series("val", [1, 2, 3], [1, 2]))));
        Assert.Contains("'val'", e.Message);
        Assert.Contains("X has 3 values but Y has 2", e.Message);
    }

    [Fact]
    public void BandLengthMismatch()
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Linear, new Series("median", [1, 2], [1, 2], Band: new Band([1], [2, 3])))));
        Assert.Contains("'median'", e.Message);
        Assert.Contains("band", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void NonPositiveOnLogAxis(double bad)
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Log10, new Series("train", [1, 2], [1, bad]))));
        Assert.Contains("LineChart 'Loss curves'", e.Message);
        Assert.Contains("'train'", e.Message);
        Assert.Contains("log y axis", e.Message);
        var x = Fails(() => ChartRenderer.Render(new LineChart("LR sweep", new Axis("lr", AxisScale.Log10), new Axis("loss"), [new Series("final",
            [bad, 1], [1, 2])])));
        Assert.Contains("'final'", x.Message);
        Assert.Contains("log x axis", x.Message);
    }

    [Fact]
    public void NonFiniteX()
    {
        var e = Fails(() => ChartRenderer.Render(Chart(AxisScale.Linear, new Series("s", [1, double.NaN], [1, 2]))));
        Assert.Contains("X[1]", e.Message);
    }

    [Fact]
    public void BadAxisLimitsAndReferenceLines()
    {
        Assert.Contains("Min = 3", Fails(() => ChartRenderer.Render(new LineChart("c", new Axis("x"), new Axis("y", Min: 3, Max: 0.5),
            [new Series("s", [1], [1])]))).Message);
        Assert.Contains("not positive", Fails(() => ChartRenderer.Render(new LineChart("c", new Axis("x"), new Axis("y", AxisScale.Log10, Min: 0),
            [new Series("s", [1], [1])]))).Message);
        Assert.Contains("noise floor", Fails(() => ChartRenderer.Render(Chart(AxisScale.Log10, new Series("s", [1],
            [1])) with
        { HorizontalLines = [new ReferenceLine(0, "noise floor")] })).Message);
    }

    [Theory]
    [InlineData(783)]
    [InlineData(785)]
    [InlineData(0)]
    public void DigitWithWrongPixelCount(int count)
    {
        var digits = Enumerable.Range(0, 4).Select(i => new DigitImage(new byte[i == 2 ? count : 784], $"pred {i}")).ToArray();
        var e = Fails(() => ChartRenderer.Render(new DigitGrid("Mistakes", digits)));
        Assert.Contains("DigitGrid 'Mistakes'", e.Message);
        Assert.Contains("digit #2", e.Message);
        Assert.Contains("'pred 2'", e.Message);
        Assert.Contains($"has {count} pixels", e.Message);
    }

    [Fact]
    public void DigitGridWithoutImagesOrColumns()
    {
        Assert.Contains("no images", Fails(() => ChartRenderer.Render(new DigitGrid("g", []))).Message);
        Assert.Contains("Columns", Fails(() => ChartRenderer.Render(new DigitGrid("g", [new DigitImage(new byte[784], "x")], Columns: 0))).Message);
    }

    [Fact]
    public void HeatmapShapeAndLabels()
    {
        Assert.Contains("Heatmap 'cm'", Fails(() => ChartRenderer.Render(new Heatmap("cm", [], [], []))).Message);
        Assert.Contains("row 1 has 1 counts", Fails(() => ChartRenderer.Render(new Heatmap("cm", [[1, 2], [3]], ["a", "b"], ["a", "b"]))).Message);
        Assert.Contains("negative", Fails(() => ChartRenderer.Render(new Heatmap("cm", [[1, -2]], ["a"], ["a", "b"]))).Message);
        Assert.Contains("1 row labels for 2 rows", Fails(() => ChartRenderer.Render(new Heatmap("cm", [[1], [2]], ["a"], ["a"]))).Message);
        Assert.Contains("3 column labels for 1 columns", Fails(() => ChartRenderer.Render(new Heatmap("cm", [[1]], ["a"], ["a", "b", "c"]))).Message);
    }
}
