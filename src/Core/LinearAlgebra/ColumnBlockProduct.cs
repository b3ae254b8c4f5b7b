using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A block of a product's columns, <c>C[:, first..first+count) = op(A) · op(B)[:, first..first+count)</c>, as one
/// single-threaded OpenBLAS call over the operands in place: what a lane of the training engine's unit shards computes
/// (its half of a Dense layer's outputs, its half of the kernel gradient). MathNet's provider interface takes whole
/// arrays only, so the offsets need the native call.
/// </summary>
/// <remarks>
/// Each element of C is one dot product over the whole inner dimension in OpenBLAS's fixed order whatever block of
/// columns the call covers, so the blocks together hold the same bits as the whole product (tested for both
/// precisions, every transpose, and the cuts the engine uses).
/// </remarks>
internal static unsafe class ColumnBlockProduct
{
    /// <summary>
    /// Overwrites columns [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of
    /// <paramref name="c"/> with those of op(A)·op(B). Every matrix is dense; OpenBLAS must be loaded.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not match, or the block is outside C.</exception>
    public static void Multiply<T>(bool transposeA, bool transposeB, Matrix<T> a, Matrix<T> b, Matrix<T> c, int first, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        T[] da = MatrixData.ColumnMajor(a), db = MatrixData.ColumnMajor(b), dc = MatrixData.ColumnMajor(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("ColumnBlockProduct", Op(transposeA), Op(transposeB),
            da.Length, a.RowCount, a.ColumnCount, db.Length, b.RowCount, b.ColumnCount, dc.Length);
        if (first < 0 || count < 0 || first > n - count)
            throw new ArgumentException($"ColumnBlockProduct: columns [{first}, {(long)first + count}) are outside the {m}x{n} result.");
        if (m == 0 || count == 0) return;
        if (k == 0)
        {
            Array.Clear(dc, first * m, count * m);
            return;
        }
        // Columns first.. of op(B): columns of B (offset first·rows), or rows of B when it is transposed (offset first).
        long bOffset = transposeB ? first : (long)first * b.RowCount;
        var exports = OpenBlasNative.Require();
        fixed (T* pa = da, pb = db, pc = dc)
        {
            var call = new SplitProduct.Call
            {
                TransA = transposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, TransB = transposeB ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                M = m, N = count, K = k, Alpha = 1, A = pa, Lda = a.RowCount, B = pb + bOffset, Ldb = b.RowCount, Beta = 0,
                C = pc + (long)first * m, Ldc = m,
            };
            if (typeof(T) == typeof(float)) call.Sgemm = exports.Sgemm;
            else if (typeof(T) == typeof(double)) call.Dgemm = exports.Dgemm;
            else throw new ArgumentException($"ColumnBlockProduct: {typeof(T).Name} is not float or double.");
            call.Run();
        }
    }

    private static Transpose Op(bool transpose) => transpose ? Transpose.Transpose : Transpose.DontTranspose;
}
