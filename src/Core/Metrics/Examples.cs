using Functional.Core.Random;

namespace Functional.Core.Metrics;

/// <summary>Seeded choices of examples to show (a random sample of test images, of misclassified ones, ...).</summary>
public static class Examples
{
    /// <summary>A random permutation of 0..n−1, the same for the same seed on every machine (<see cref="PortableRandom"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is negative.</exception>
    public static IReadOnlyList<int> Permutation(int n, ulong seed)
    {
        if (n < 0) throw new ArgumentException($"Examples.Permutation: n must not be negative, got {n}.", nameof(n));
        return Array.AsReadOnly(new PortableRandom(seed).Permutation(n));
    }

    /// <summary>
    /// <paramref name="count"/> items of <paramref name="items"/> in a seeded random order (the first items of a seeded
    /// permutation): e.g. nine misclassified indices to plot. Fewer when there are fewer items.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<T> Pick<T>(IReadOnlyList<T> items, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (count < 0) throw new ArgumentException($"Examples.Pick: count must not be negative, got {count}.", nameof(count));
        var order = new PortableRandom(seed).Permutation(items.Count);
        return Array.AsReadOnly(order.Take(count).Select(i => items[i]).ToArray());
    }
}
