namespace Functional.Models;

/// <summary>The shape of one tensor of a layer, as a matrix: a Dense kernel is inputs × units, a bias 1 × units.</summary>
/// <param name="Rows">Its rows.</param>
/// <param name="Columns">Its columns.</param>
public sealed record TensorShape(int Rows, int Columns)
{
    /// <summary>The number of values, in checked arithmetic (rows × columns may not fit an int).</summary>
    public long Size => (long)Rows * Columns;

    /// <summary>"784x128".</summary>
    public override string ToString() => FormattableString.Invariant($"{Rows}x{Columns}");
}
