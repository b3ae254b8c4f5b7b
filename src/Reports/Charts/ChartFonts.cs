using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Functional.Reports.Charts;

/// <summary>
/// The fonts every chart is drawn with: DejaVu Sans (regular and bold), embedded in this assembly so that text renders
/// on machines without system fonts (SkiaSharp draws nothing, silently, when it finds no font).
/// Registered with ScottPlot under <see cref="Family"/>, a name no system font has, so no system lookup can shadow it.
/// </summary>
public static class ChartFonts
{
    /// <summary>The family name charts ask ScottPlot for; resolved only from the embedded DejaVu Sans files.</summary>
    public const string Family = "Functional DejaVu Sans";

    private static readonly Lazy<byte[]> RegularBytes = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly Lazy<bool> Registration = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Registers the embedded fonts with ScottPlot (first in its resolver list) and makes <see cref="Family"/> ScottPlot's default font, once per
    /// process; later calls do nothing.
    /// Every <see cref="ChartRenderer"/> method calls this before drawing.
    /// </summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    /// <summary>A new typeface made from the embedded DejaVu Sans bytes (the caller disposes it).</summary>
    /// <param name="bold">true for DejaVu Sans Bold.</param>
    public static SKTypeface CreateTypeface(bool bold = false)
    {
        var bytes = bold ? BoldBytes.Value : RegularBytes.Value;
        return SKTypeface.FromData(SKData.CreateCopy(bytes))
            ?? throw new InvalidOperationException($"The embedded font {(bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf")} could not be read by SkiaSharp.");
    }

    private static byte[] Load(string file)
    {
        var name = $"Functional.Reports.Charts.Fonts.{file}";
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font resource '{name}' is missing from {typeof(ChartFonts).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Register()
    {
        Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
        Fonts.Default = Family; // plottables created later (labels, legend, text) pick up the bundled font too
        return true;
    }

    /// <summary>Answers only for <see cref="Family"/>; a fresh typeface per call, as ScottPlot may dispose what it gets.</summary>
    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Family ? ChartFonts.CreateTypeface(bold: weight >= FontWeight.SemiBold) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? ChartFonts.CreateTypeface(bold) : null;
    }
}
