using System.Globalization;

namespace Functional.Reports.Bench;

/// <summary>Parsing of the benchmarks' numeric options, so a bad value is an exit code 2 and a message, not a crash.</summary>
internal static class BenchOptions
{
    /// <summary>The positive whole number <paramref name="value"/> spells (digits only), or null.</summary>
    public static int? Positive(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>The comma-separated positive whole numbers <paramref name="value"/> spells, or null when any is not one.</summary>
    public static IReadOnlyList<int>? PositiveList(string? value)
    {
        var parts = value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is null || parts.Length == 0) return null;
        var numbers = parts.Select(Positive).ToArray();
        return numbers.All(n => n is not null) ? numbers.Select(n => n!.Value).ToArray() : null;
    }
}
