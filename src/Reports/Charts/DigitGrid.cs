namespace Functional.Reports.Charts;

/// <summary>One 28×28 grey-scale digit with a caption.</summary>
/// <param name="Pixels">784 intensities, row-major, 0 = background, 255 = ink (MNIST's convention).</param>
/// <param name="Caption">Text under the digit, e.g. "pred 7" or "true 4 / pred 9".</param>
/// <param name="Highlight">Draws the caption in bold red (e.g. for a misclassified digit).</param>
public sealed record DigitImage(IReadOnlyList<byte> Pixels, string Caption, bool Highlight = false)
{
    /// <summary>Side length of a digit image in pixels.</summary>
    public const int Side = 28;
}

/// <summary>How a <see cref="DigitGrid"/> colours a digit's intensities.</summary>
public enum DigitShading
{
    /// <summary>Ink 255 is black, background 0 is white: a digit written on paper.</summary>
    InkOnPaper,

    /// <summary>matplotlib's <c>imshow(…, cmap='gray')</c>, as the notebook draws digits: 0 is black, 255 is white.</summary>
    Gray,
}

/// <summary>A grid of captioned digits (e.g. 3×3 test digits with their predictions). Render with <see cref="ChartRenderer.Render(DigitGrid)"/>.</summary>
/// <param name="Title">The grid title.</param>
/// <param name="Images">The digits, filled row by row.</param>
/// <param name="Columns">Digits per row.</param>
/// <param name="PixelScale">Screen pixels per digit pixel (4 draws each digit 112 pixels wide).</param>
/// <param name="Shading">How intensities become colours: dark ink on white paper, or matplotlib's <c>cmap='gray'</c> (0 black, 255 white).</param>
public sealed record DigitGrid(string Title, IReadOnlyList<DigitImage> Images, int Columns = 3, int PixelScale = 4,
    DigitShading Shading = DigitShading.InkOnPaper)
{
    /// <summary>Number of rows: the images divided by <see cref="Columns"/>, rounded up.</summary>
    public int Rows => (Images.Count + Columns - 1) / Columns;

    /// <summary>Checks the grid.</summary>
    /// <exception cref="ArgumentException">No images, a digit whose pixel count is not 28×28 = 784, Columns &lt; 1, or PixelScale outside 1…16; the
    /// message names the grid and the digit.</exception>
    public void Validate()
    {
        var grid = $"DigitGrid '{Title}'";
        if (Images is null || Images.Count == 0) throw new ArgumentException($"{grid} has no images; give at least one.", nameof(Images));
        if (Columns < 1) throw new ArgumentException($"{grid}: Columns = {Columns}; it must be at least 1.", nameof(Columns));
        if (PixelScale is < 1 or > 16) throw new ArgumentException($"{grid}: PixelScale = {PixelScale}; it must be between 1 and 16.", nameof(PixelScale));
        for (int i = 0; i < Images.Count; i++)
        {
            var image = Images[i] ?? throw new ArgumentException($"{grid}: digit #{i} is null.", nameof(Images));
            var count = image.Pixels?.Count ?? 0;
            if (count != DigitImage.Side * DigitImage.Side)
                throw new ArgumentException($"{grid}: digit #{i} ('{image.Caption}') has {count} pixels; 28×28 = 784 expected.", nameof(Images));
        }
    }
}
