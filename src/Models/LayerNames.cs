namespace Functional.Models;

/// <summary>Keras' layer names: the first of a kind is its base name ("dense"), the next ones "dense_1", "dense_2", ….</summary>
internal sealed class LayerNames
{
    private readonly Dictionary<string, int> _counts = [];

    /// <summary>The next name for a layer of <paramref name="baseName"/>.</summary>
    public string Next(string baseName)
    {
        _counts.TryGetValue(baseName, out var n);
        _counts[baseName] = n + 1;
        return n == 0 ? baseName : $"{baseName}_{n}";
    }
}
