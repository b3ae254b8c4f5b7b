using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>Row-wise arg-max: the predicted class of each sample.</summary>
public static class ArgMax
{
    /// <summary>For each row, the column of its largest value (the first one on ties, as numpy's argmax).</summary>
    public static int[] Rows<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(m);
        int rows = m.RowCount, cols = m.ColumnCount;
        var data = MatrixData.ColumnMajor(m);
        var result = new int[rows];
        for (int i = 0; i < rows; i++) result[i] = Row<T>(data, rows, cols, i);
        return result;
    }

    /// <summary>The arg-max of row <paramref name="i"/> of a column-major <paramref name="rows"/> × <paramref name="cols"/> block.</summary>
    internal static int Row<T>(ReadOnlySpan<T> data, int rows, int cols, int i) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        T bestValue = cols > 0 ? data[i] : T.Zero;
        for (int j = 1; j < cols; j++)
        {
            var v = data[j * rows + i];
            if (v > bestValue) { best = j; bestValue = v; }
        }
        return best;
    }
}
