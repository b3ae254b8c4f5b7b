using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>Where the engine gathers a batch from: a data set of <see cref="Samples"/> rows of <see cref="Width"/> values.</summary>
internal interface IBatchSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of samples.</summary>
    int Samples { get; }

    /// <summary>The number of values per sample.</summary>
    int Width { get; }

    /// <summary>Writes the samples <paramref name="indices"/>, in that order, into <paramref name="destination"/> as a
    /// column-major indices.Length × <see cref="Width"/> block.</summary>
    void GatherInto(ReadOnlySpan<int> indices, Span<T> destination);
}

/// <summary>
/// A caller's column-major matrix as a batch source, read in place (never written): evaluation and prediction go
/// through their rows in order, which is a copy of one contiguous run per column. Training's shuffled batches read a
/// <see cref="SampleMajor{T}"/> copy instead.
/// </summary>
internal sealed class ColumnMajorSource<T>(Matrix<T> matrix) : IBatchSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _data = MatrixData.ColumnMajor(matrix);

    /// <inheritdoc />
    public int Samples { get; } = matrix.RowCount;

    /// <inheritdoc />
    public int Width { get; } = matrix.ColumnCount;

    /// <inheritdoc />
    public void GatherInto(ReadOnlySpan<int> indices, Span<T> destination)
    {
        int count = indices.Length;
        bool contiguous = count > 0 && indices[^1] - indices[0] == count - 1;
        for (int k = 1; contiguous && k < count; k++) contiguous = indices[k] == indices[k - 1] + 1;
        for (int j = 0; j < Width; j++)
        {
            var column = _data.AsSpan(j * Samples, Samples);
            var to = destination.Slice(j * count, count);
            if (contiguous) column.Slice(indices[0], count).CopyTo(to);
            else for (int i = 0; i < count; i++) to[i] = column[indices[i]];
        }
    }
}
