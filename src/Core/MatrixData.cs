using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace Functional.Core;

/// <summary>
/// Access to the column-major storage behind MathNet dense matrices, so elementwise work can run
/// over spans (System.Numerics.Tensors) instead of per-element virtual calls.
/// </summary>
/// <remarks>
/// The library treats every matrix it is given as a value: it reads the storage but never writes
/// into a matrix it did not create itself. New results always get new storage.
/// </remarks>
public static class MatrixData
{
    /// <summary>
    /// The column-major values of <paramref name="m"/>: its live storage when dense (read it, never write it), a copy otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The storage holds fewer values than the shape claims: MathNet computes rows·columns
    /// in int, so <c>Matrix.Build.Dense(65536, 65536)</c> gets an empty array, which native code would read past.</exception>
    public static T[] ColumnMajor<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Storage is not DenseColumnMajorMatrixStorage<T> dense) return m.ToColumnMajorArray();
        if (!HoldsAllValues(m)) throw new ArgumentException(NotWhole("MatrixData.ColumnMajor", m, nameof(m)), nameof(m));
        return dense.Data;
    }

    /// <summary>
    /// Whether a dense matrix's storage holds rows × columns values. MathNet computes that product in int, so
    /// <c>Matrix.Build.Dense(65536, 65536)</c> claims its shape over an empty array; the library refuses such matrices.
    /// </summary>
    public static bool HoldsAllValues<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        m.Storage is not DenseColumnMajorMatrixStorage<T> dense || dense.Data.Length == (long)m.RowCount * m.ColumnCount;

    /// <summary>Throws when <paramref name="m"/>'s storage does not hold all its values (see <see cref="HoldsAllValues"/>).</summary>
    public static void RequireAllValues<T>(string operation, Matrix<T> m, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(m, name);
        if (!HoldsAllValues(m)) throw new ArgumentException(NotWhole(operation, m, name), name);
    }

    private static string NotWhole<T>(string operation, Matrix<T> m, string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        FormattableString.Invariant($"{operation}: {name} claims {m.RowCount}x{m.ColumnCount} = {(long)m.RowCount * m.ColumnCount} values but ") +
        FormattableString.Invariant($"holds {((DenseColumnMajorMatrixStorage<T>)m.Storage).Data.Length}: MathNet's size arithmetic wrapped around in int; ") +
        FormattableString.Invariant($"a matrix holds at most {Array.MaxLength} values.");

    /// <summary>
    /// The number of values of a <paramref name="rows"/> × <paramref name="columns"/> matrix, computed in long and checked to
    /// fit one .NET array: every size the library allocates goes through here, so no product wraps around in int.
    /// </summary>
    /// <param name="what">What the matrix is, for the message ("Dense 'dense_1': the kernel").</param>
    /// <param name="rows">Its rows.</param>
    /// <param name="columns">Its columns.</param>
    /// <exception cref="ArgumentException">A negative dimension, or more values than an array holds.</exception>
    public static int Count(string what, long rows, long columns)
    {
        if (rows < 0 || columns < 0)
            throw new ArgumentException(FormattableString.Invariant($"{what}: shape {rows}x{columns} has a negative dimension."));
        long count = rows * columns; // both at most 2^31 in practice; checked for callers passing long products
        if (rows != 0 && count / rows != columns || count > Array.MaxLength)
            throw new ArgumentException(FormattableString.Invariant($"{what}: a {rows}x{columns} matrix would hold {(decimal)rows * columns} values; ") +
                FormattableString.Invariant($"a matrix holds at most {Array.MaxLength} ({Array.MaxLength:N0})."));
        return (int)count;
    }

    /// <summary>A new zero matrix of the given shape, its size checked by <see cref="Count"/> (MathNet's own would wrap around).</summary>
    public static Matrix<T> Zeros<T>(string what, int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(rows, columns, new T[Count(what, rows, columns)]);

    /// <summary>A dense matrix that takes ownership of <paramref name="columnMajor"/> (no copy).</summary>
    public static Matrix<T> Wrap<T>(int rows, int columns, T[] columnMajor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(columnMajor);
        if (columnMajor.Length != Count("MatrixData.Wrap", rows, columns))
            throw new ArgumentException(FormattableString.Invariant($"MatrixData.Wrap: {rows}x{columns} needs {(long)rows * columns} values, ") +
                FormattableString.Invariant($"got {columnMajor.Length}."), nameof(columnMajor));
        return Matrix<T>.Build.Dense(rows, columns, columnMajor);
    }

    /// <summary>An n × 1 matrix of <paramref name="values"/> rounded to <typeparamref name="T"/>: a feature or target column.</summary>
    public static Matrix<T> Column<T>(IEnumerable<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        var data = values.Select(T.CreateTruncating).ToArray();
        return Wrap(data.Length, 1, data);
    }

    /// <summary>The values of an n × 1 (or 1 × n) matrix as doubles.</summary>
    public static IReadOnlyList<double> ToDoubles<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.AsReadOnly(ColumnMajor(m).Select(double.CreateTruncating).ToArray());

    /// <summary>"rows×columns", the way error messages name a shape.</summary>
    public static string Shape<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T> => FormattableString.Invariant($"{m.RowCount}x{m.ColumnCount}");

    /// <summary>Throws when the two matrices differ in shape, naming the operation and both shapes.</summary>
    public static void RequireSameShape<T>(string operation, Matrix<T> expected, Matrix<T> actual, string expectedName, string actualName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(expected, expectedName);
        ArgumentNullException.ThrowIfNull(actual, actualName);
        if (expected.RowCount != actual.RowCount || expected.ColumnCount != actual.ColumnCount)
            throw new ArgumentException(
                $"{operation}: {actualName} has shape {Shape(actual)} but {expectedName} has shape {Shape(expected)}; they must match.", actualName);
    }

    /// <summary>Throws when the matrix has no rows or no columns.</summary>
    public static void RequireNonEmpty<T>(string operation, Matrix<T> m, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(m, name);
        if (m.RowCount == 0 || m.ColumnCount == 0)
            throw new ArgumentException($"{operation}: {name} is empty ({Shape(m)}); at least one row and one column are needed.", name);
    }

    /// <summary>Throws when the matrix holds a NaN or an infinity, naming the first position.</summary>
    public static void RequireFinite<T>(string operation, Matrix<T> m, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = ColumnMajor(m);
        if (AllFinite<T>(data)) return;
        for (int k = 0; k < data.Length; k++)
        {
            if (!T.IsFinite(data[k]))
                throw new ArgumentException(
                    FormattableString.Invariant($"{operation}: {name} ({Shape(m)}) holds {data[k]} at row {k % m.RowCount}, column {k / m.RowCount}; ") +
                        FormattableString.Invariant($"all values must be finite."), name);
        }
    }

    /// <summary>
    /// Whether every value is finite, on vector lanes: x − x is 0 for a finite x and NaN for ±∞ and NaN. Checks the data
    /// sets Fit is given (47 million values for MNIST) at memory speed; the caller finds the culprit when it is false.
    /// </summary>
    private static bool AllFinite<T>(ReadOnlySpan<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int whole = Lanes.WholeLength<T>(data.Length);
        var bad = System.Numerics.Vector<T>.Zero;
        for (int k = 0; k < whole; k += System.Numerics.Vector<T>.Count)
        {
            var x = Lanes.LoadWhole(data, k);
            bad |= ~System.Numerics.Vector.Equals(x - x, System.Numerics.Vector<T>.Zero);
        }
        if (System.Numerics.Vector.AsVectorByte(bad) != System.Numerics.Vector<byte>.Zero) return false;
        for (int k = whole; k < data.Length; k++)
            if (!T.IsFinite(data[k])) return false;
        return true;
    }
}
