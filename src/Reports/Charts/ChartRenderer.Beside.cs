using SkiaSharp;

namespace Functional.Reports.Charts;

public static partial class ChartRenderer
{
    /// <summary>Rendered charts placed side by side, left to right, top-aligned on white: one figure that compares them.</summary>
    /// <param name="pngs">Each chart's PNG bytes, as the Render methods return them.</param>
    /// <returns>PNG bytes, as wide as the charts together and as tall as the tallest.</returns>
    /// <exception cref="ArgumentException">No charts, or bytes that are not a PNG (the message gives the position).</exception>
    public static byte[] Beside(params byte[][] pngs)
    {
        ArgumentNullException.ThrowIfNull(pngs);
        if (pngs.Length == 0) throw new ArgumentException("ChartRenderer.Beside: no charts to place.", nameof(pngs));
        var bitmaps = new SKBitmap[pngs.Length];
        try
        {
            for (int i = 0; i < pngs.Length; i++)
            {
                // SkiaSharp's Decode throws on bytes it has no codec for; a null codec is the same answer without the throw.
                using var codec = pngs[i] is { Length: > 0 } bytes ? SKCodec.Create(new SKMemoryStream(bytes)) : null;
                bitmaps[i] = (codec is null ? null : SKBitmap.Decode(codec))
                    ?? throw new ArgumentException($"ChartRenderer.Beside: chart #{i + 1} is not a PNG image.", nameof(pngs));
            }
            int width = bitmaps.Sum(b => b.Width), height = bitmaps.Max(b => b.Height);
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface.");
            surface.Canvas.Clear(SKColors.White);
            int left = 0;
            foreach (var bitmap in bitmaps)
            {
                surface.Canvas.DrawBitmap(bitmap, left, 0);
                left += bitmap.Width;
            }
            using var snapshot = surface.Snapshot();
            using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
            return png.ToArray();
        }
        finally
        {
            foreach (var bitmap in bitmaps) bitmap?.Dispose();
        }
    }
}
