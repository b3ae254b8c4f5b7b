namespace Functional.Models;

/// <summary>
/// Keras' <c>PiecewiseConstantDecay</c>: <c>values[0]</c> while <c>step ≤ boundaries[0]</c>, <c>values[i]</c> while
/// <c>boundaries[i − 1] &lt; step ≤ boundaries[i]</c>, and the last value after the last boundary.
/// </summary>
public sealed record PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>A schedule of <paramref name="values"/> (one more than <paramref name="boundaries"/>) between increasing boundaries.</summary>
    /// <param name="boundaries">Strictly increasing steps, at least one.</param>
    /// <param name="values">The rates before, between and after the boundaries; finite, at least 0.</param>
    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Count == 0 || values.Count != boundaries.Count + 1)
            throw new ArgumentException(
                $"PiecewiseConstantDecay: {values.Count} values for {boundaries.Count} boundaries; give one value more than boundaries (at least one " +
                    $"boundary).");
        for (int i = 1; i < boundaries.Count; i++)
            if (boundaries[i] <= boundaries[i - 1])
                throw new ArgumentException($"PiecewiseConstantDecay: boundaries must increase, but {boundaries[i]} follows {boundaries[i - 1]}.");
        _boundaries = [.. boundaries];
        _values = values.Select((v, i) => Require(v, $"values[{i}]")).ToArray();
    }

    /// <summary>The boundaries, in order.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The rates, one more than the boundaries.</summary>
    public IReadOnlyList<double> Values => _values;

    private protected override double Rate(long step)
    {
        for (int i = 0; i < _boundaries.Length; i++)
            if (step <= _boundaries[i]) return _values[i];
        return _values[^1];
    }

    /// <summary>Equal when the boundaries and values are.</summary>
    public bool Equals(PiecewiseConstantDecay? other) =>
        other is not null && _boundaries.AsSpan().SequenceEqual(other._boundaries) && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_boundaries.Length, _values[0]);
}
