using Functional.Reports.Publishing;

namespace Functional.Reports.Lab;

/// <summary>The points a part trains and validates on, published as <c>tables/&lt;section-id&gt;-data.csv</c>.</summary>
internal static class DataTables
{
    /// <summary>
    /// The table <c>{sectionId}-data</c> with columns <c>set</c> (<c>train</c> or <c>validation</c>), <c>x</c> and <c>y</c>, the
    /// numbers in round-trip form, so the CSV parses back to the very doubles the models were fitted to.
    /// </summary>
    public static Table Points(string sectionId, RegressionData train, RegressionData? validation = null)
    {
        var sets = Enumerable.Repeat("train", train.Count).Concat(Enumerable.Repeat("validation", validation?.Count ?? 0)).ToArray();
        return new Table($"{sectionId}-data",
            "The points the cell " + (validation is null ? "trains on" : "trains and validates on") +
            ", as numpy makes them when the notebook runs top to bottom (round-trip numbers).",
            Tables.Frame(
                Tables.Column("set", sets),
                Tables.Column("x", train.X.Concat(validation?.X ?? []).ToArray()),
                Tables.Column("y", train.Y.Concat(validation?.Y ?? []).ToArray())));
    }
}
