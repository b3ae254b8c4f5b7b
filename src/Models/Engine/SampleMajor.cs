using System.Runtime.InteropServices;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A data set copied once into sample-major order (each sample's values contiguous), so that gathering a shuffled
/// mini-batch reads whole rows instead of one value every <c>rows</c> elements of a column-major matrix.
/// </summary>
/// <remarks>Training's own working copy: made once per run, read for every batch, never handed out.</remarks>
internal sealed class SampleMajor<T> : IBatchSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Tile edge of the one-off transpose: 64 × 64 values of either layout stay in the L1/L2 caches.</summary>
    private const int Tile = 64;

    private readonly T[] _data;

    /// <summary>A sample-major copy of <paramref name="m"/> (one sample per row).</summary>
    public SampleMajor(Matrix<T> m)
    {
        Samples = m.RowCount;
        Width = m.ColumnCount;
        _data = new T[Samples * Width];
        var source = MatrixData.ColumnMajor(m);
        // A column of m is a row of its column-major storage, so this transpose is a gather of all those rows: floats
        // on an AVX CPU go through TransposingGather, Tile samples at a time (their rows of the copy stay in cache).
        int[]? columns = typeof(T) == typeof(float) && TransposingGather.IsSupported && source.Length == Samples * Width
            ? Enumerable.Range(0, Width).ToArray()
            : null;
        for (int i0 = 0; i0 < Samples; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, Samples);
            var (columnsDone, samplesDone) = columns is null
                ? (0, 0)
                : TransposingGather.GatherFloats((float[])(object)source, Samples, columns, i0, i1 - i0, MemoryMarshal.Cast<T,
                    float>(_data.AsSpan(i0 * Width)));
            for (int j0 = 0; j0 < Width; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, Width);
                for (int j = j0; j < j1; j++)
                    for (int i = j < columnsDone ? i0 + samplesDone : i0; i < i1; i++)
                        _data[i * Width + j] = source[j * Samples + i];
            }
        }
    }

    /// <summary>The number of samples.</summary>
    public int Samples { get; }

    /// <summary>The number of values per sample.</summary>
    public int Width { get; }

    /// <summary>
    /// Writes the samples <paramref name="indices"/>, in that order, into <paramref name="destination"/> as a column-major
    /// indices.Length × <see cref="Width"/> block: the same values <see cref="ColumnMajorSource{T}"/> gathers from the original matrix.
    /// </summary>
    public void GatherInto(ReadOnlySpan<int> indices, Span<T> destination) => GatherColumnsInto(indices, destination, 0, Width);

    /// <summary>
    /// Columns [<paramref name="firstColumn"/>, firstColumn + <paramref name="columnCount"/>) of <see cref="GatherInto"/>'s
    /// block, written where that block has them (so two calls over complementary ranges, on two threads, write the whole block).
    /// </summary>
    public void GatherColumnsInto(ReadOnlySpan<int> indices, Span<T> destination, int firstColumn, int columnCount)
    {
        int count = indices.Length, width = Width;
        destination = destination.Slice(firstColumn * count, columnCount * count);
        // Floats on an AVX CPU: whole 8 × 8 blocks transposed in registers; the rest (rows past the last multiple of 8,
        // columns past the last multiple of 8) below.
        var (rows, columns) = typeof(T) == typeof(float) && TransposingGather.IsSupported
            ? TransposingGather.GatherFloats((float[])(object)_data, width, indices, firstColumn, columnCount, MemoryMarshal.Cast<T, float>(destination))
            : (0, 0);
        if (rows == count && columns == columnCount) return;
        // Tiled: Tile columns of every sample at a time, so the destination lines being filled (stride count) stay in L1.
        for (int j0 = 0; j0 < columnCount; j0 += Tile)
        {
            int j1 = Math.Min(j0 + Tile, columnCount);
            for (int i = 0; i < count; i++)
            {
                var row = _data.AsSpan(indices[i] * width + firstColumn + j0, j1 - j0);
                // Rows the block gather wrote are done up to its last column.
                int first = i < rows ? Math.Max(0, columns - j0) : 0;
                for (int j = first; j < row.Length; j++) destination[(j0 + j) * count + i] = row[j];
            }
        }
    }
}
