using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// <c>C = op(A)·op(B) + beta·C</c> on sub-matrices of flat column-major arrays, each given by an offset and a leading
/// dimension, as one OpenBLAS call: what MathNet's whole-array provider interface cannot say. A convolution uses it to
/// multiply its windows where they lie in the batch (a window's row of pixels is a contiguous block of the input)
/// instead of copying them out first.
/// </summary>
internal static unsafe class StridedProduct
{
    /// <summary>True where the products can run: the OpenBLAS provider is the installed one.</summary>
    public static bool Available => LinearAlgebraControl.Provider is OpenBlasLinearAlgebraProvider;

    /// <summary>
    /// C[cOffset..] (m × n, leading dimension <paramref name="ldc"/>) = op(A)·op(B) + <paramref name="beta"/>·C, with op(A)
    /// m × k and op(B) k × n read from their arrays at their offsets and leading dimensions. Every block is checked to lie
    /// inside its array before the native call.
    /// </summary>
    /// <exception cref="ArgumentException">A block reaches outside its array, or a leading dimension is shorter than its block's rows.</exception>
    public static void Run<T>(bool transposeA, bool transposeB, int m, int n, int k, T[] a, int aOffset, int lda, T[] b, int bOffset, int ldb,
        T beta, T[] c, int cOffset, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"StridedProduct: negative size ({m}x{n}x{k}).");
        Check("A", transposeA ? k : m, transposeA ? m : k, a.Length, aOffset, lda);
        Check("B", transposeB ? n : k, transposeB ? k : n, b.Length, bOffset, ldb);
        Check("C", m, n, c.Length, cOffset, ldc);
        if (m == 0 || n == 0 || k == 0)
            throw new ArgumentException($"StridedProduct: an empty product ({m}x{n}x{k}); callers skip those.");
        var exports = OpenBlasNative.Require();
        fixed (T* pa = a, pb = b, pc = c)
        {
            var call = new SplitProduct.Call
            {
                TransA = transposeA ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, TransB = transposeB ? OpenBlasNative.Trans : OpenBlasNative.NoTrans,
                M = m, N = n, K = k, Alpha = 1, A = pa + aOffset, Lda = lda, B = pb + bOffset, Ldb = ldb, Beta = double.CreateTruncating(beta),
                C = pc + cOffset, Ldc = ldc,
            };
            if (typeof(T) == typeof(float)) call.Sgemm = exports.Sgemm;
            else if (typeof(T) == typeof(double)) call.Dgemm = exports.Dgemm;
            else throw new ArgumentException($"StridedProduct: {typeof(T).Name} is not float or double.");
            call.Run();
        }
    }

    /// <summary>Checks that a rows × columns block at <paramref name="offset"/> with leading dimension <paramref name="ld"/> lies
    /// inside an array of <paramref name="length"/>.</summary>
    private static void Check(string name, int rows, int columns, int length, int offset, int ld)
    {
        if (ld < Math.Max(1, rows))
            throw new ArgumentException($"StridedProduct: {name}'s leading dimension {ld} is shorter than its {rows} rows.");
        long end = rows == 0 || columns == 0 ? offset : offset + (long)(columns - 1) * ld + rows;
        if (offset < 0 || end > length)
            throw new ArgumentException(
                $"StridedProduct: {name}, {rows}x{columns} at {offset} with leading dimension {ld}, ends at {end}, past its {length} values.");
    }
}
