using Functional.Reports.Charts;
using SkiaSharp;

namespace Functional.Tests.Unit.Charts;

/// <summary>
/// The bundled DejaVu Sans is what charts draw with, independent of system fonts. (Also checked by hand with the system
/// font folder hidden: <c>unshare -m sh -c 'mount -t tmpfs none /usr/share/fonts; dotnet test … --filter FullyQualifiedName~Charts'</c>.)
/// </summary>
public class ChartFontTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmbeddedTypefaceIsDejaVuSansWithTheGlyphsChartsUse(bool bold)
    {
        using var typeface = ChartFonts.CreateTypeface(bold);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.Equal(bold, typeface.IsBold);
        using var font = new SKFont(typeface, 12);
        Assert.True(font.ContainsGlyphs("10⁻²³⁴⁵⁶⁷⁸⁹⁰¹ — × ≥ epoch loss 97.8 %"));
    }

    [Fact]
    public void ScottPlotResolvesTheChartFamilyToTheEmbeddedFontFirst()
    {
        ChartFonts.EnsureRegistered();
        ChartFonts.EnsureRegistered(); // idempotent
        Assert.DoesNotContain(SKFontManager.Default.FontFamilies, f => f == ChartFonts.Family); // no system font can answer for it
        Assert.Single(ScottPlot.Fonts.FontResolvers, r => r.CreateTypeface(ChartFonts.Family, false, false) is not null
            && r.GetType().DeclaringType == typeof(ChartFonts));
        var first = ScottPlot.Fonts.FontResolvers[0];
        using var regular = first.CreateTypeface(ChartFonts.Family, false, false);
        using var bold = first.CreateTypeface(ChartFonts.Family, true, false);
        Assert.Equal("DejaVu Sans", regular!.FamilyName);
        Assert.True(bold!.IsBold);
        Assert.Null(first.CreateTypeface("Some Other Font", false, false));
        Assert.Equal(ChartFonts.Family, ScottPlot.Fonts.Default);
    }

    [Fact]
    public void ReportsWhetherSystemFontsExist()
    {
        // Not an assertion about the machine: with no system fonts this test still passes, and so must every
        // title-strip text check in ChartRendererTests (which is the point of bundling the font).
        var families = SKFontManager.Default.FontFamilies.Count();
        Assert.True(families >= 0);
        var chart = SampleCharts.LossPerEpoch();
        using var bitmap = Png.Decode(ChartRenderer.Render(chart));
        Assert.True(Png.NonWhite(bitmap, 0, 0, chart.Width, 36) > 300, $"no title text with {families} system font families");
    }
}
