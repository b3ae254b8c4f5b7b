using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A block of a product's columns, <c>C[:, first..first+count) = op(A) · op(B)[:, first..first+count)</c>, or of its
/// rows, <c>C[first..first+count, :) = op(A)[first..first+count, :) · op(B)</c>, as one single-threaded OpenBLAS call
/// over the operands in place: what a lane of the engine's shards computes (in training, its half of a Dense layer's
/// units and of the kernel gradient; in inference, its half of the batch's rows). MathNet's provider interface takes
/// whole arrays only, so the offsets need the native call.
/// </summary>
/// <remarks>
/// Each element of C is one dot product over the whole inner dimension in OpenBLAS's fixed order whatever block the
/// call covers, so blocks cut at whole kernel tiles, each above OpenBLAS's small-matrix sizes, hold the same bits as the
/// whole product (tested for both precisions, every transpose, and the cuts the engine uses).
/// </remarks>
internal static unsafe class BlockProduct
{
    /// <summary>
    /// Overwrites columns [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="c"/> with those of op(A)·op(B). Every matrix is dense; OpenBLAS must be loaded.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not match, or the block is outside C.</exception>
    public static void Columns<T>(bool transposeA, bool transposeB, Matrix<T> a, Matrix<T> b, Matrix<T> c, int first, int count)
        where T : unmanaged, IFloatingPointIeee754<T> => Run(transposeA, transposeB, a, b, c, first, count, byRows: false);

    /// <summary>
    /// Overwrites rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="c"/> with those of op(A)·op(B). Every matrix is dense; OpenBLAS must be loaded.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not match, or the block is outside C.</exception>
    public static void Rows<T>(bool transposeA, bool transposeB, Matrix<T> a, Matrix<T> b, Matrix<T> c, int first, int count)
        where T : unmanaged, IFloatingPointIeee754<T> => Run(transposeA, transposeB, a, b, c, first, count, byRows: true);

    private static void Run<T>(bool transposeA, bool transposeB, Matrix<T> a, Matrix<T> b, Matrix<T> c, int first, int count, bool byRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        T[] da = MatrixData.ColumnMajor(a), db = MatrixData.ColumnMajor(b), dc = MatrixData.ColumnMajor(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("BlockProduct", Op(transposeA), Op(transposeB),
            da.Length, a.RowCount, a.ColumnCount, db.Length, b.RowCount, b.ColumnCount, dc.Length);
        int length = byRows ? m : n;
        if (first < 0 || count < 0 || first > length - count)
            throw new ArgumentException($"BlockProduct: {(byRows ? "rows" : "columns")} [{first}, {(long)first + count}) are outside the {m}x{n} result.");
        int rows = byRows ? count : m, columns = byRows ? n : count;
        if (rows == 0 || columns == 0) return;
        // The block's first element of C, and where its operand starts: rows first.. of op(A) (rows of A, offset first, or
        // columns of A when it is transposed), or columns first.. of op(B) (columns of B, offset first·rows, or rows of B).
        long cOffset = byRows ? first : (long)first * m;
        long aOffset = !byRows ? 0 : transposeA ? (long)first * a.RowCount : first;
        long bOffset = byRows ? 0 : transposeB ? first : (long)first * b.RowCount;
        if (k == 0)
        {
            for (int j = 0; j < columns; j++) Array.Clear(dc, (int)(cOffset + (long)j * m), rows);
            return;
        }
        var exports = OpenBlasNative.Require();
        fixed (T* pa = da, pb = db, pc = dc)
        {
            var call = new SplitProduct.Call
            {
                TransA = transposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, TransB = transposeB ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                M = rows, N = columns, K = k, Alpha = 1, A = pa + aOffset, Lda = a.RowCount, B = pb + bOffset, Ldb = b.RowCount, Beta = 0,
                C = pc + cOffset, Ldc = m,
            };
            if (typeof(T) == typeof(float)) call.Sgemm = exports.Sgemm;
            else if (typeof(T) == typeof(double)) call.Dgemm = exports.Dgemm;
            else throw new ArgumentException($"BlockProduct: {typeof(T).Name} is not float or double.");
            call.Run();
        }
    }

    private static Transpose Op(bool transpose) => transpose ? Transpose.Transpose : Transpose.DontTranspose;

    private static readonly Lazy<bool> columnBlocksKeepBits = new(CheckColumnBlocks, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Whether the loaded kernels give column blocks cut at whole 16-column tiles the whole product's bits, checked once
    /// per process on the training engine's shapes (X·W and Xᵀ·dZ at batch 32, 128 units cut at 64, both precisions).
    /// OpenBLAS's SkylakeX kernels do; its Haswell kernels, which group a product's tiles by the size of the whole, do not
    /// (last bits differ). The engine's unit shards are used only where this holds, so that they never change results.
    /// </summary>
    public static bool ColumnBlocksKeepBits => columnBlocksKeepBits.Value;

    private static bool CheckColumnBlocks() =>
        OpenBlasNative.IsAvailable && Check<float>(false, 32, 784) && Check<float>(true, 784, 32)
        && Check<double>(false, 32, 784) && Check<double>(true, 784, 32);

    private static bool Check<T>(bool transposeA, int m, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 128, cut = 64;
        int seed = 1;
        // Fixed values in [-0.5, 0.5), as in the calibration: any data shows a difference in summation order.
        Matrix<T> Fill(int rows, int columns) =>
            Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateTruncating((seed = seed * 1103515245 + 12345) / 4294967296.0));
        var a = transposeA ? Fill(k, m) : Fill(m, k);
        var b = Fill(k, n);
        var whole = Matrix<T>.Build.Dense(m, n);
        var blocks = Matrix<T>.Build.Dense(m, n);
        Columns(transposeA, false, a, b, whole, 0, n);
        Columns(transposeA, false, a, b, blocks, 0, cut);
        Columns(transposeA, false, a, b, blocks, cut, n - cut);
        return MatrixData.ColumnMajor(whole).AsSpan().SequenceEqual(MatrixData.ColumnMajor(blocks));
    }
}
