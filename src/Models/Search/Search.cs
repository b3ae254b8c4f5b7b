using Functional.Core.Random;

namespace Functional.Models;

/// <summary>One evaluated candidate of a search.</summary>
/// <param name="Config">The candidate.</param>
/// <param name="Score">Its score; lower is better (a validation loss).</param>
/// <param name="Rank">1 for the best candidate.</param>
public sealed record SearchResult<TConfig>(TConfig Config, double Score, int Rank);

/// <summary>
/// Hyperparameter search as a pure function: candidates in, scored candidates out, best first.
/// Candidates are evaluated in parallel, but each evaluation is independent and results are ordered by score
/// then by candidate order, so the outcome does not depend on scheduling.
/// </summary>
public static class Search
{
    /// <summary>Scores every candidate (lower is better; NaN ranks last) and returns them best first.</summary>
    public static IReadOnlyList<SearchResult<TConfig>> Grid<TConfig>(IEnumerable<TConfig> candidates, Func<TConfig, double> score, int maxParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(score);
        var list = candidates.ToArray();
        if (list.Length == 0) throw new ArgumentException("Search.Grid: no candidates to evaluate.", nameof(candidates));
        var scores = new double[list.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount };
        var failures = new Exception?[list.Length];
        Parallel.For(0, list.Length, options, i =>
        {
            try
            {
                scores[i] = score(list[i]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures[i] = e;
            }
        });
        // The first failing candidate in candidate order (deterministic), not an AggregateException of whichever threads failed.
        if (Array.FindIndex(failures, f => f is not null) is int failed and >= 0)
            throw new InvalidOperationException($"Search.Grid: scoring candidate #{failed + 1} ({list[failed]}) failed: {failures[failed]!.Message}",
                failures[failed]);
        return Enumerable.Range(0, list.Length)
            .OrderBy(i => double.IsNaN(scores[i]) ? double.PositiveInfinity : scores[i])
            .ThenBy(i => i)
            .Select((i, rank) => new SearchResult<TConfig>(list[i], scores[i], rank + 1))
            .ToArray();
    }

    /// <summary>A random search: <paramref name="count"/> candidates drawn without replacement from <paramref name="space"/> with a seed, then scored
    /// as <see cref="Grid{TConfig}"/>.</summary>
    public static IReadOnlyList<SearchResult<TConfig>> Random<TConfig>(IEnumerable<TConfig> space, int count, ulong seed, Func<TConfig, double> score,
        int maxParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(space);
        var all = space.ToArray();
        if (count <= 0) throw new ArgumentException($"Search.Random: count must be positive, got {count}.", nameof(count));
        var picked = new PortableRandom(seed).Permutation(all.Length).Take(Math.Min(count, all.Length)).Order().Select(i => all[i]);
        return Grid(picked, score, maxParallelism);
    }

    /// <summary>Every combination of two lists of values (the grid), first list outermost.</summary>
    public static IEnumerable<(TA, TB)> Product<TA, TB>(IEnumerable<TA> a, IEnumerable<TB> b) =>
        from x in a from y in b select (x, y);

    /// <summary>Every combination of three lists of values.</summary>
    public static IEnumerable<(TA, TB, TC)> Product<TA, TB, TC>(IEnumerable<TA> a, IEnumerable<TB> b, IEnumerable<TC> c) =>
        from x in a from y in b from z in c select (x, y, z);
}
