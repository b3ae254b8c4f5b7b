using SkiaSharp;

namespace Functional.Tests.Unit.Charts;

/// <summary>Decoding and pixel counting for chart tests.</summary>
internal static class Png
{
    public static SKBitmap Decode(byte[] png)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG signature");
        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        return bitmap;
    }

    /// <summary>Pixels in the rectangle that are clearly not white (any channel below 200).</summary>
    public static int NonWhite(SKBitmap bitmap, int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < Math.Min(top + height, bitmap.Height); y++)
            for (int x = left; x < Math.Min(left + width, bitmap.Width); x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200) count++;
            }
        return count;
    }

    public static int NonWhite(SKBitmap bitmap) => NonWhite(bitmap, 0, 0, bitmap.Width, bitmap.Height);

    /// <summary>Strongly red pixels (highlighted captions).</summary>
    public static int Red(SKBitmap bitmap)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 150 && c.Green < 90 && c.Blue < 90) count++;
            }
        return count;
    }
}
