using System.Globalization;
using SkiaSharp;

namespace Functional.Reports.Charts;

public static partial class ChartRenderer
{
    private const int WeightGap = 4, ColourBarWidth = 320, ColourBarHeight = 14, ColourBarRoom = 64;

    /// <summary>Renders weight vectors as a grid of images on one diverging colour scale, with the scale drawn under them.</summary>
    /// <param name="grid">The grid.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">The grid is invalid (see <see cref="WeightGrid.Validate"/>).</exception>
    public static byte[] Render(WeightGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        double limit = grid.EffectiveLimit();
        int side = grid.Side * grid.PixelScale, cell = side + WeightGap;
        int columns = Math.Min(grid.Columns, grid.Images.Count);
        using var regular = ChartFonts.CreateTypeface(bold: false);
        using var bold = ChartFonts.CreateTypeface(bold: true);
        using var titleFont = new SKFont(bold, 20) { Subpixel = false };
        using var labelFont = new SKFont(regular, 13) { Subpixel = false };
        int width = Math.Max(Math.Max(columns * cell + 2 * DigitPad, (int)Math.Ceiling(titleFont.MeasureText(grid.Title)) + 2 * DigitPad), 360);
        long heightLong = TitleHeight + (long)grid.Rows * cell + ColourBarRoom;
        if ((long)width * heightLong > 64L * 1024 * 1024)
            throw new ArgumentException($"WeightGrid '{grid.Title}': {width}×{heightLong} pixels is too large to render; use fewer images or a smaller " +
                "PixelScale.", nameof(grid));
        int height = (int)heightLong;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = new SKColor(40, 40, 40), IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(190, 190, 190), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var pixel = new SKPaint { IsAntialias = false };

        canvas.DrawText(grid.Title, width / 2f, 30, SKTextAlign.Center, titleFont, text);
        int left0 = (width - columns * cell + WeightGap) / 2;
        for (int i = 0; i < grid.Images.Count; i++)
        {
            var image = grid.Images[i];
            int left = left0 + (i % columns) * cell, top = TitleHeight + (i / columns) * cell;
            for (int r = 0; r < grid.Side; r++)
                for (int c = 0; c < grid.Side; c++)
                {
                    var (red, green, blue) = WeightGrid.Colour(image[r * grid.Side + c], limit);
                    pixel.Color = new SKColor(red, green, blue);
                    canvas.DrawRect(left + c * grid.PixelScale, top + r * grid.PixelScale, grid.PixelScale, grid.PixelScale, pixel);
                }
            canvas.DrawRect(left - 0.5f, top - 0.5f, side + 1, side + 1, frame);
        }

        // The scale: −limit … 0 … +limit, one column of colour per screen pixel.
        int barLeft = (width - ColourBarWidth) / 2, barTop = TitleHeight + grid.Rows * cell + 12;
        for (int x = 0; x < ColourBarWidth; x++)
        {
            var (red, green, blue) = WeightGrid.Colour(limit * (2.0 * x / (ColourBarWidth - 1) - 1), limit);
            pixel.Color = new SKColor(red, green, blue);
            canvas.DrawRect(barLeft + x, barTop, 1, ColourBarHeight, pixel);
        }
        canvas.DrawRect(barLeft - 0.5f, barTop - 0.5f, ColourBarWidth + 1, ColourBarHeight + 1, frame);
        string Label(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        float labelY = barTop + ColourBarHeight + 18;
        canvas.DrawText("−" + Label(limit) + " or less", barLeft, labelY, SKTextAlign.Left, labelFont, text);
        canvas.DrawText("0", barLeft + ColourBarWidth / 2f, labelY, SKTextAlign.Center, labelFont, text);
        canvas.DrawText("+" + Label(limit) + " or more", barLeft + ColourBarWidth, labelY, SKTextAlign.Right, labelFont, text);
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
