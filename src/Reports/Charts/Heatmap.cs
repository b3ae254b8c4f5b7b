namespace Functional.Reports.Charts;

/// <summary>
/// A matrix of counts drawn as coloured cells with the count written in each, e.g. a confusion matrix
/// (rows = true class, columns = predicted class). Render with <see cref="ChartRenderer.Render(Heatmap)"/>.
/// Colours follow log(1 + count), so small off-diagonal counts stay visible next to large diagonal ones.
/// </summary>
/// <param name="Title">The chart title, e.g. "Confusion matrix — accuracy 97.8 %".</param>
/// <param name="Counts">Rows of non-negative counts, all rows the same length.</param>
/// <param name="RowLabels">One label per row (e.g. "0" … "9").</param>
/// <param name="ColumnLabels">One label per column.</param>
/// <param name="RowAxisLabel">Title of the vertical axis.</param>
/// <param name="ColumnAxisLabel">Title of the horizontal axis.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record Heatmap(
    string Title,
    IReadOnlyList<IReadOnlyList<int>> Counts,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    string RowAxisLabel = "true class",
    string ColumnAxisLabel = "predicted class",
    int Width = 700,
    int Height = 640)
{
    /// <summary>A heatmap from a rectangular array (copied), rows × columns.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="counts">The counts, [row, column].</param>
    /// <param name="rowLabels">One label per row.</param>
    /// <param name="columnLabels">One label per column.</param>
    public static Heatmap FromArray(string title, int[,] counts, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var rows = Enumerable.Range(0, counts.GetLength(0))
            .Select(r => (IReadOnlyList<int>)Enumerable.Range(0, counts.GetLength(1)).Select(c => counts[r, c]).ToArray())
            .ToArray();
        return new Heatmap(title, rows, rowLabels, columnLabels);
    }

    /// <summary>Checks the heatmap.</summary>
    /// <exception cref="ArgumentException">No rows or columns, ragged rows, a negative count, label counts that differ from the matrix, or a size
    /// below 100 pixels; the message names the chart.</exception>
    public void Validate()
    {
        var chart = $"Heatmap '{Title}'";
        if (Counts is null || Counts.Count == 0 || Counts[0] is null || Counts[0].Count == 0)
            throw new ArgumentException($"{chart} has no counts; give at least one row and one column.", nameof(Counts));
        if (Width < 100 || Height < 100) throw new ArgumentException($"{chart}: size {Width}×{Height} is too small; width and height must be at least " +
            $"100 pixels.", nameof(Width));
        int columns = Counts[0].Count;
        for (int r = 0; r < Counts.Count; r++)
        {
            if (Counts[r] is null || Counts[r].Count != columns)
                throw new ArgumentException($"{chart}: row {r} has {Counts[r]?.Count ?? 0} counts but row 0 has {columns}; rows must be the same " +
                    $"length.", nameof(Counts));
            for (int c = 0; c < columns; c++)
                if (Counts[r][c] < 0) throw new ArgumentException($"{chart}: count [{r}, {c}] = {Counts[r][c]} is negative.", nameof(Counts));
        }
        if (RowLabels is null || RowLabels.Count != Counts.Count)
            throw new ArgumentException($"{chart}: {RowLabels?.Count ?? 0} row labels for {Counts.Count} rows.", nameof(RowLabels));
        if (ColumnLabels is null || ColumnLabels.Count != columns)
            throw new ArgumentException($"{chart}: {ColumnLabels?.Count ?? 0} column labels for {columns} columns.", nameof(ColumnLabels));
    }
}
