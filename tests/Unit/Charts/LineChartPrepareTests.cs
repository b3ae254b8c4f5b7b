using Functional.Reports.Charts;

namespace Functional.Tests.Unit.Charts;

/// <summary>The pure preparation of a line chart: divergence labels, cut series, log ticks, legend rule.</summary>
public class LineChartPrepareTests
{
    private static LineChart Chart(params Series[] series) => new("Loss", new Axis("epoch"), new Axis("loss", AxisScale.Log10), series);

    [Fact]
    public void DivergedSeriesIsCutBeforeFirstNonFiniteAndLabelled()
    {
        var chart = Chart(
            new Series("lr 1", [1, 2, 3, 4, 5], [1.0, 0.5, double.PositiveInfinity, double.NaN, 0.1]),
            new Series("lr 0.01", [1, 2, 3], [1.0, 0.9, 0.8]));
        var prepared = chart.EffectiveSeries();
        Assert.Equal("lr 1 (diverged at x = 3)", prepared[0].Label);
        Assert.Equal([1.0, 2.0], prepared[0].X);
        Assert.Equal([1.0, 0.5], prepared[0].Y);
        Assert.Equal(3.0, prepared[0].DivergedAtX);
        Assert.Equal("lr 0.01", prepared[1].Label);
        Assert.Null(prepared[1].DivergedAtX);
        Assert.Equal(1, prepared[1].ColorIndex);
    }

    [Fact]
    public void NegativeInfinityAndNaNAtTheStartAreDivergenceNotErrors()
    {
        var prepared = Chart(new Series("s", [0.5, 1.5], [double.NegativeInfinity, 1])).EffectiveSeries();
        Assert.Equal("s (diverged at x = 0.5)", prepared[0].Label);
        Assert.Empty(prepared[0].Y);
    }

    [Fact]
    public void BandIsCutWithItsSeries()
    {
        var prepared = Chart(new Series("m", [1, 2, 3], [1, 2, double.NaN], Band: new Band([0.5, 1, 1], [2, 3, 4]))).EffectiveSeries();
        Assert.Equal([0.5, 1.0], prepared[0].Lower!);
        Assert.Equal([2.0, 3.0], prepared[0].Upper!);
    }

    [Fact]
    public void LegendShownForSeveralLabelledSeriesOrDivergence()
    {
        Assert.False(Chart(new Series("only", [1], [1])).ShowsLegend);
        Assert.False(Chart(new Series("a", [1], [1]), new Series("", [1], [2])).ShowsLegend);
        Assert.True(Chart(new Series("a", [1], [1]), new Series("b", [1], [2])).ShowsLegend);
        Assert.True(Chart(new Series("only", [1, 2], [1, double.NaN])).ShowsLegend);
    }

    [Fact]
    public void LogTicksOverDecadesArePowersOfTenWithMinorTicks()
    {
        var ticks = LogAxis.Ticks(0.005, 20);
        Assert.Equal(["0.01", "0.1", "1", "10"], ticks.Where(t => t.IsMajor).Select(t => t.Label));
        Assert.All(ticks.Where(t => t.IsMajor), t => Assert.Equal(Math.Round(t.Position), t.Position, 12));
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(0.02)) < 1e-12);
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(5)) < 1e-12);
        Assert.All(ticks, t => Assert.InRange(t.Position, Math.Log10(0.005) - 1e-9, Math.Log10(20) + 1e-9));
    }

    [Fact]
    public void LogTicksFarFromOneUseSuperscriptExponents()
    {
        var majors = LogAxis.Ticks(1e-8, 2).Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Contains("10⁻⁸", majors);
        Assert.Contains("10⁰", majors);
        Assert.True(majors.Length <= 9);
        Assert.Equal("10⁻¹²", LogAxis.PowerOfTen(-12));
        Assert.Equal("10³", LogAxis.PowerOfTen(3));
    }

    [Fact]
    public void LogTicksInsideOneDecadeUseOneTwoFive()
    {
        var majors = LogAxis.Ticks(0.5, 3).Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["0.5", "1", "2"], majors);
        Assert.Equal(["2", "3", "4", "5", "6"], LogAxis.Ticks(1.5, 6.5).Where(t => t.IsMajor).Select(t => t.Label));
    }

    [Fact]
    public void LogTicksRejectNonPositiveRange() =>
        Assert.Throws<ArgumentException>(() => LogAxis.Ticks(0, 10));
}
