namespace Functional.Models;

/// <summary>
/// The logical shape of one sample, without the batch dimension: (1) for a scalar feature, (28, 28) for an MNIST image.
/// A batch always travels as a matrix with one sample per row and <see cref="Size"/> columns.
/// </summary>
public sealed record Shape
{
    private readonly int[] _dimensions;

    /// <summary>A shape from its dimensions; each must be positive.</summary>
    public Shape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Length == 0)
            throw new ArgumentException("Shape: at least one dimension is needed.", nameof(dimensions));
        long size = 1;
        foreach (var d in dimensions)
        {
            if (d <= 0)
                throw new ArgumentException($"Shape: dimensions must be positive, got ({string.Join(", ", dimensions)}).", nameof(dimensions));
            size *= d;
            // A sample is one row of a matrix: its values must fit one array (checked as we go, so the product cannot wrap).
            if (size > Array.MaxLength)
                throw new ArgumentException(
                    $"Shape ({string.Join(", ", dimensions)}): one sample would hold more than {Array.MaxLength:N0} values, the most a matrix holds.",
                    nameof(dimensions));
        }
        _dimensions = [.. dimensions];
        Size = (int)size;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>The number of values in one sample (the product of the dimensions): the columns of a batch.</summary>
    public int Size { get; }

    /// <summary>Equal when the dimensions are equal.</summary>
    public bool Equals(Shape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions);

    /// <inheritdoc />
    public override int GetHashCode() => _dimensions.Aggregate(17, (h, d) => h * 31 + d);

    /// <summary>Keras' notation with the batch dimension: "(None, 28, 28)".</summary>
    public override string ToString() => "(None, " + string.Join(", ", _dimensions) + ")";
}
