namespace Functional.Reports.Charts;

/// <summary>
/// Weight vectors drawn as square images on one diverging colour scale (negative blue, zero white, positive red), e.g. the
/// 128 first-layer units of an MNIST classifier as 28×28 pictures of what each unit looks for. Render with
/// <see cref="ChartRenderer.Render(WeightGrid)"/>.
/// </summary>
/// <param name="Title">The grid title.</param>
/// <param name="Images">The vectors, each <see cref="Side"/>² values row by row, filled into the grid row by row.</param>
/// <param name="Side">Pixels per image side (28 for MNIST).</param>
/// <param name="Columns">Images per row.</param>
/// <param name="PixelScale">Screen pixels per image pixel.</param>
/// <param name="Limit">
/// The value drawn fully saturated (±Limit), the same for every image so their strengths compare; larger magnitudes are
/// clipped. Null: the 99th percentile of |value| over all images, so a few outliers do not wash the rest out.
/// </param>
public sealed record WeightGrid(string Title, IReadOnlyList<IReadOnlyList<double>> Images, int Side = 28, int Columns = 16, int PixelScale = 2,
    double? Limit = null)
{
    /// <summary>Number of rows: the images divided by <see cref="Columns"/>, rounded up.</summary>
    public int Rows => (Images.Count + Columns - 1) / Columns;

    /// <summary>Checks the grid.</summary>
    /// <exception cref="ArgumentException">No images, an image whose length is not Side², a non-finite value, Columns &lt; 1, Side &lt; 1,
    /// PixelScale outside 1…16, or a Limit that is not positive and finite; the message names the grid and the image.</exception>
    public void Validate()
    {
        var grid = $"WeightGrid '{Title}'";
        if (Images is null || Images.Count == 0) throw new ArgumentException($"{grid} has no images; give at least one.", nameof(Images));
        if (Side < 1) throw new ArgumentException($"{grid}: Side = {Side}; it must be at least 1.", nameof(Side));
        if (Columns < 1) throw new ArgumentException($"{grid}: Columns = {Columns}; it must be at least 1.", nameof(Columns));
        if (PixelScale is < 1 or > 16) throw new ArgumentException($"{grid}: PixelScale = {PixelScale}; it must be between 1 and 16.", nameof(PixelScale));
        if (Limit is { } limit && !(limit > 0 && double.IsFinite(limit)))
            throw new ArgumentException($"{grid}: Limit = {limit}; it must be positive and finite.", nameof(Limit));
        long expected = (long)Side * Side;
        for (int i = 0; i < Images.Count; i++)
        {
            var image = Images[i] ?? throw new ArgumentException($"{grid}: image #{i} is null.", nameof(Images));
            if (image.Count != expected)
                throw new ArgumentException($"{grid}: image #{i} has {image.Count} values; {Side}×{Side} = {expected} expected.", nameof(Images));
            for (int k = 0; k < image.Count; k++)
                if (!double.IsFinite(image[k]))
                    throw new ArgumentException($"{grid}: image #{i} holds {image[k]} at pixel {k} (row {k / Side}, column {k % Side}); weights to draw " +
                        "must be finite (a diverged model has nothing to show).", nameof(Images));
        }
    }

    /// <summary>
    /// The saturating value: <see cref="Limit"/>, or the 99th percentile of |value| (numpy's <c>percentile(…, 99, method='lower')</c>;
    /// 1 when every value is 0).
    /// </summary>
    public double EffectiveLimit()
    {
        if (Limit is { } limit) return limit;
        var magnitudes = Images.SelectMany(i => i).Select(Math.Abs).Order().ToArray();
        double q = magnitudes[(int)Math.Floor(0.99 * (magnitudes.Length - 1))];
        return q > 0 ? q : 1;
    }

    /// <summary>
    /// The colour of <paramref name="value"/> on the scale ±<paramref name="limit"/>, as (r, g, b): matplotlib's RdBu_r ends
    /// (blue 33, 102, 172 at −limit; red 178, 24, 43 at +limit) through white at 0, linearly, clipped beyond the limit.
    /// </summary>
    public static (byte R, byte G, byte B) Colour(double value, double limit)
    {
        double t = Math.Clamp(value / limit, -1, 1);
        static byte Mix(int from, int to, double t) => (byte)Math.Round(from + (to - from) * t);
        return t < 0 ? (Mix(247, 33, -t), Mix(247, 102, -t), Mix(247, 172, -t)) : (Mix(247, 178, t), Mix(247, 24, t), Mix(247, 43, t));
    }
}
