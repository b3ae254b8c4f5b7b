using Functional.Reports.Charts;

namespace Functional.Tests.Unit.Charts;

/// <summary>Weight vectors as images: the diverging scale, its limit, the rendering and bad input.</summary>
public class WeightGridTests
{
    private static double[] Filled(int count, double value) => Enumerable.Repeat(value, count).ToArray();

    [Fact]
    public void The_scale_runs_blue_through_white_to_red_and_clips_beyond_the_limit()
    {
        Assert.Equal(((byte)247, (byte)247, (byte)247), WeightGrid.Colour(0, 2));
        Assert.Equal(((byte)178, (byte)24, (byte)43), WeightGrid.Colour(2, 2));
        Assert.Equal(((byte)178, (byte)24, (byte)43), WeightGrid.Colour(50, 2));
        Assert.Equal(((byte)33, (byte)102, (byte)172), WeightGrid.Colour(-2, 2));
        Assert.Equal(((byte)33, (byte)102, (byte)172), WeightGrid.Colour(-50, 2));
        // Halfway: the mean of white and the end, rounded (247 + 178) / 2 = 212.5 → 212 (banker's), (247 + 24) / 2 = 135.5 → 136.
        Assert.Equal(((byte)212, (byte)136, (byte)145), WeightGrid.Colour(1, 2));
    }

    [Fact]
    public void Without_a_limit_the_scale_saturates_at_the_99th_percentile_of_the_magnitudes()
    {
        // numpy: np.percentile(np.abs(v), 99, method='lower') of −1, 2, −3, …, ±100 is 99.
        var values = Enumerable.Range(1, 100).Select(i => i % 2 == 0 ? (double)i : -i).ToArray();
        Assert.Equal(99, new WeightGrid("w", [values], Side: 10).EffectiveLimit());
        Assert.Equal(1, new WeightGrid("w", [Filled(4, 0)], Side: 2).EffectiveLimit());
        Assert.Equal(0.5, new WeightGrid("w", [values], Side: 10, Limit: 0.5).EffectiveLimit());
    }

    [Fact]
    public void Renders_each_vector_in_its_colours_with_the_scale_under_them()
    {
        var grid = new WeightGrid("one positive, one negative", [Filled(16, 1), Filled(16, -1)], Side: 4, Columns: 2, PixelScale: 4, Limit: 1);
        var png = ChartRenderer.Render(grid);
        using var bitmap = Png.Decode(png);
        int red = 0, blue = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red == 178 && c.Green == 24 && c.Blue == 43) red++;
                if (c.Red == 33 && c.Green == 102 && c.Blue == 172) blue++;
            }
        // Each image is 16 × 16 screen pixels of one colour; the scale adds a few columns of each end colour.
        Assert.InRange(red, 256, 256 + 14 * 4);
        Assert.InRange(blue, 256, 256 + 14 * 4);
        Assert.Equal(png, ChartRenderer.Render(grid));
    }

    [Fact]
    public void Bad_input_is_refused_naming_the_grid_and_the_image()
    {
        var wrong = Assert.Throws<ArgumentException>(() => ChartRenderer.Render(new WeightGrid("layer 1", [Filled(784, 0), Filled(783, 0)])));
        Assert.Contains("WeightGrid 'layer 1'", wrong.Message);
        Assert.Contains("image #1 has 783 values", wrong.Message);
        var values = Filled(784, 0);
        values[30] = double.NaN;
        var nan = Assert.Throws<ArgumentException>(() => ChartRenderer.Render(new WeightGrid("layer 1", [values])));
        Assert.Contains("pixel 30 (row 1, column 2)", nan.Message);
        Assert.Contains("no images", Assert.Throws<ArgumentException>(() => ChartRenderer.Render(new WeightGrid("g", []))).Message);
        Assert.Contains("Limit", Assert.Throws<ArgumentException>(() => ChartRenderer.Render(new WeightGrid("g", [Filled(784, 0)], Limit: 0))).Message);
        Assert.Contains("too large", Assert.Throws<ArgumentException>(() =>
            ChartRenderer.Render(new WeightGrid("g", Enumerable.Range(0, 4000).Select(_ => (IReadOnlyList<double>)Filled(784, 0)).ToArray(),
                Columns: 100, PixelScale: 16))).Message);
    }

    [Fact]
    public void Charts_placed_beside_each_other_keep_their_pixels()
    {
        var left = ChartRenderer.Render(new WeightGrid("red", [Filled(16, 1)], Side: 4, PixelScale: 4, Limit: 1));
        var right = ChartRenderer.Render(new WeightGrid("blue, and a longer title", [Filled(16, -1), Filled(16, -1)], Side: 4, PixelScale: 4, Limit: 1));
        using var a = Png.Decode(left);
        using var b = Png.Decode(right);
        using var both = Png.Decode(ChartRenderer.Beside(left, right));
        Assert.Equal(a.Width + b.Width, both.Width);
        Assert.Equal(Math.Max(a.Height, b.Height), both.Height);
        for (int y = 0; y < b.Height; y += 7)
            for (int x = 0; x < b.Width; x += 5) Assert.Equal(b.GetPixel(x, y), both.GetPixel(a.Width + x, y));
        for (int y = 0; y < a.Height; y += 7)
            for (int x = 0; x < a.Width; x += 5) Assert.Equal(a.GetPixel(x, y), both.GetPixel(x, y));
        Assert.Contains("chart #2", Assert.Throws<ArgumentException>(() => ChartRenderer.Beside(left, [1, 2, 3])).Message);
        Assert.Throws<ArgumentException>(() => ChartRenderer.Beside());
    }
}
