using Functional.Reports.Charts;
using SkiaSharp;

namespace Functional.Tests.Unit.Charts;

/// <summary>Every chart kind renders a decodable PNG of the right size, with drawn content and text, the same bytes every time.</summary>
public class ChartRendererTests
{
    public static TheoryData<string> LineCharts => new() { "regression", "loss", "rates", "trainval" };

    private static LineChart Line(string name) => name switch
    {
        "regression" => SampleCharts.Regression(),
        "loss" => SampleCharts.LossPerEpoch(),
        "rates" => SampleCharts.LearningRates(),
        _ => SampleCharts.TrainVersusValidation(),
    };

    private static void AssertDrawn(byte[] png, int width, int height)
    {
        using var bitmap = Png.Decode(png);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        Assert.True(Png.NonWhite(bitmap) > width * height / 100, "hardly anything drawn");
        // The title strip holds only the title: dark pixels there prove text was drawn with a font that was found.
        int titlePixels = Png.NonWhite(bitmap, 0, 0, width, 36);
        Assert.True(titlePixels > 300, $"title strip has only {titlePixels} non-white pixels: text did not render");
    }

    [Theory]
    [MemberData(nameof(LineCharts))]
    public void LineChartRendersPngOfItsSizeWithText(string name)
    {
        var chart = Line(name);
        AssertDrawn(ChartRenderer.Render(chart), chart.Width, chart.Height);
    }

    [Theory]
    [MemberData(nameof(LineCharts))]
    public void The_legend_leaves_the_plot_most_of_the_figures_width(string name)
    {
        // A legend beside the plot took half the width of the lab's charts; below it, the data area keeps nearly all of it.
        var chart = Line(name) with { Title = "A title" };
        var area = ChartRenderer.DataArea(chart);
        Assert.True(area.Width > 0.8 * chart.Width, $"the data area is {area.Width} of {chart.Width} pixels wide");
    }

    [Theory]
    [MemberData(nameof(LineCharts))]
    public void LineChartIsDeterministic(string name) =>
        Assert.Equal(ChartRenderer.Render(Line(name)), ChartRenderer.Render(Line(name)));

    [Fact]
    public void LineChartHonoursCustomSize()
    {
        var chart = SampleCharts.Regression() with { Width = 640, Height = 360 };
        AssertDrawn(ChartRenderer.Render(chart), 640, 360);
    }

    [Fact]
    public void DigitGridRendersPngWithDigitsCaptionsAndRedHighlights()
    {
        var grid = SampleCharts.Digits();
        var png = ChartRenderer.Render(grid);
        var (width, height) = ChartRenderer.DigitGridSize(grid);
        AssertDrawn(png, width, height);
        using var bitmap = Png.Decode(png);
        Assert.True(Png.Red(bitmap) > 100, "highlighted captions are not red");
        Assert.Equal(png, ChartRenderer.Render(SampleCharts.Digits()));
    }

    [Fact]
    public void DigitGridLaysOutColumnsAndRows()
    {
        var digits = Enumerable.Range(0, 5).Select(i => new DigitImage(SampleCharts.SyntheticDigit(i), $"pred {i}")).ToArray();
        var wide = new DigitGrid("five in one row", digits, Columns: 5);
        var tall = new DigitGrid("five in two rows", digits, Columns: 3);
        Assert.Equal(1, wide.Rows);
        Assert.Equal(2, tall.Rows);
        var (wideWidth, wideHeight) = ChartRenderer.DigitGridSize(wide);
        var (tallWidth, tallHeight) = ChartRenderer.DigitGridSize(tall);
        Assert.True(wideWidth > tallWidth && wideHeight < tallHeight);
        AssertDrawn(ChartRenderer.Render(wide), wideWidth, wideHeight);
    }

    [Fact]
    public void AnAxisOfWholeNumbersTicksOnlyAtWholeNumbers()
    {
        static LineChart Chart(double[] x) =>
            new("loss", new Axis("epoch"), new Axis("loss"), [new Series("loss", x, x.Select(v => 1 / (1 + v)).ToArray(), SeriesStyle.LineAndMarkers)]);
        // Two epochs: without the rule ScottPlot ticks at 1, 1.2, 1.4, ...
        var epochs = ChartRenderer.XTicks(Chart([1, 2]));
        Assert.NotEmpty(epochs);
        Assert.All(epochs, t => Assert.True(double.IsInteger(t), $"tick at {t}"));
        var fractional = ChartRenderer.XTicks(Chart([0, 0.5, 1, 1.5, 2]));
        Assert.Contains(fractional, t => !double.IsInteger(t));
    }

    [Fact]
    public void DigitGridMakesRoomForLongTitlesAndCaptions()
    {
        var digits = Enumerable.Range(0, 3).Select(i => new DigitImage(SampleCharts.SyntheticDigit(i), $"{i}")).ToArray();
        var plain = new DigitGrid("g", digits);
        var (plainWidth, _) = ChartRenderer.DigitGridSize(plain);
        // A caption wider than the digit widens every column, so neighbouring captions do not run into each other.
        var captioned = plain with { Images = digits.Select(d => d with { Caption = "True: 7, Pred: 3 and more" }).ToArray() };
        Assert.True(ChartRenderer.DigitGridSize(captioned).Width > plainWidth + 3 * 40);
        // A title wider than the digits widens the figure instead of being cut at its edges.
        var titled = plain with { Title = new string('W', 80) };
        Assert.True(ChartRenderer.DigitGridSize(titled).Width > 80 * 12);
        using var bitmap = Png.Decode(ChartRenderer.Render(titled));
        Assert.True(Png.NonWhite(bitmap) > 0);
    }

    [Fact]
    public void DigitGridInGrayShowsTheDigitWhiteOnBlackAsMatplotlibsGrayColormap()
    {
        var digits = new[] { new DigitImage(SampleCharts.SyntheticDigit(0), "0") };
        using var paper = Png.Decode(ChartRenderer.Render(new DigitGrid("g", digits)));
        using var gray = Png.Decode(ChartRenderer.Render(new DigitGrid("g", digits, Shading: DigitShading.Gray)));
        static int Black(SkiaSharp.SKBitmap b)
        {
            int n = 0;
            for (int y = 0; y < b.Height; y++)
                for (int x = 0; x < b.Width; x++)
                    if (b.GetPixel(x, y) is { Red: < 10, Green: < 10, Blue: < 10 }) n++;
            return n;
        }
        // The background of a 112×112 digit is mostly 0: black in gray, white on paper.
        Assert.True(Black(gray) > 112 * 112 / 2, $"{Black(gray)} black pixels in gray");
        Assert.True(Black(paper) < 112 * 112 / 2, $"{Black(paper)} black pixels on paper");
    }

    [Fact]
    public void HeatmapRendersPngWithCountsInReadableColours()
    {
        var heatmap = SampleCharts.Confusion();
        var png = ChartRenderer.Render(heatmap);
        AssertDrawn(png, heatmap.Width, heatmap.Height);
        Assert.Equal(png, ChartRenderer.Render(SampleCharts.Confusion()));
        using var bitmap = Png.Decode(png);
        // The diagonal cells are dark: their counts are written in white, so near-white pixels exist among dark ones there.
        int dark = 0, light = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Blue > 90 && c.Red < 30) dark++;
            }
        Assert.True(dark > 10 * 1000, "diagonal cells are not dark");
        var oneCell = new Heatmap("one", [[5]], ["a"], ["b"], Width: 200, Height: 200);
        using var single = Png.Decode(ChartRenderer.Render(oneCell));
        for (int y = 60; y < 140; y++)
            for (int x = 60; x < 160; x++)
                if (single.GetPixel(x, y) is var c && c.Red > 230 && c.Green > 230 && c.Blue > 230) light++;
        Assert.True(light > 20, "the count in a dark cell is not written in white");
    }

    [Fact]
    public void AllZeroHeatmapStillRenders()
    {
        var heatmap = new Heatmap("empty matrix", [[0, 0], [0, 0]], ["a", "b"], ["a", "b"]);
        using var bitmap = Png.Decode(ChartRenderer.Render(heatmap));
        Assert.Equal((heatmap.Width, heatmap.Height), (bitmap.Width, bitmap.Height));
        Assert.True(Png.NonWhite(bitmap, 0, 0, heatmap.Width, 36) > 300, "no title text");
    }

    [Fact]
    public void SeriesDivergedAtItsFirstPointStillRenders()
    {
        var chart = new LineChart("all NaN", new Axis("epoch"), new Axis("loss", AxisScale.Log10),
            [new Series("lr 10", [1, 2, 3], [double.NaN, double.NaN, double.NaN]), new Series("lr 0.1", [1, 2, 3], [1, 0.5, 0.25])]);
        AssertDrawn(ChartRenderer.Render(chart), 800, 500);
    }
}
