using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>Row gathering for mini-batches over column-major storage.</summary>
internal static class Batches
{
    /// <summary>A new matrix holding the rows <paramref name="indices"/> of <paramref name="m"/>, in that order.</summary>
    public static Matrix<T> Rows<T>(Matrix<T> m, ReadOnlySpan<int> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = m.RowCount, cols = m.ColumnCount, count = indices.Length;
        var source = MatrixData.ColumnMajor(m);
        var result = new T[count * cols];
        for (int j = 0; j < cols; j++)
        {
            int from = j * rows, to = j * count;
            for (int i = 0; i < count; i++) result[to + i] = source[from + indices[i]];
        }
        return MatrixData.Wrap(count, cols, result);
    }

    /// <summary>A new matrix holding rows [start, start + count) of <paramref name="m"/>.</summary>
    public static Matrix<T> Slice<T>(Matrix<T> m, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (start == 0 && count == m.RowCount) return m;
        int rows = m.RowCount, cols = m.ColumnCount;
        var source = MatrixData.ColumnMajor(m);
        var result = new T[count * cols];
        for (int j = 0; j < cols; j++) Array.Copy(source, j * rows + start, result, j * count, count);
        return MatrixData.Wrap(count, cols, result);
    }

    /// <summary>The row blocks stacked vertically, in order.</summary>
    public static Matrix<T> StackRows<T>(IReadOnlyList<Matrix<T>> blocks, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int total = blocks.Sum(b => b.RowCount);
        var result = new T[total * columns];
        int offset = 0;
        foreach (var block in blocks)
        {
            var data = MatrixData.ColumnMajor(block);
            int r = block.RowCount;
            for (int j = 0; j < columns; j++) Array.Copy(data, j * r, result, j * total + offset, r);
            offset += r;
        }
        return MatrixData.Wrap(total, columns, result);
    }
}
