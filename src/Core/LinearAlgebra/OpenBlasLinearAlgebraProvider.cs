using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Providers.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A MathNet linear-algebra provider that sends dense <see cref="float"/> and <see cref="double"/> matrix
/// products (<c>MatrixMultiply</c>, <c>MatrixMultiplyWithUpdate</c>, every transpose combination) to OpenBLAS's
/// cblas_sgemm / cblas_dgemm; every other member goes to <see cref="ManagedLinearAlgebraProvider.Instance"/> through
/// <see cref="DelegatingLinearAlgebraProvider"/>.
/// </summary>
/// <remarks>
/// MathNet stores dense matrices column-major, so every call is CblasColMajor; the leading dimension of a stored
/// matrix is its row count whether or not it is transposed, and MathNet's <see cref="Transpose"/> values equal
/// CBLAS's (111, 112, 113; for real numbers conjugate-transpose is transpose). Products with an empty result
/// or an inner dimension of zero never reach BLAS (which rejects a leading dimension of 0): they give
/// <c>beta·C</c>, which for a plain product is all zeros.
/// Install it through <see cref="LinearAlgebraProviders"/>, which also fixes the OpenBLAS thread count and, from the
/// machine's <see cref="OpenBlasTuning"/>, the size from which a product is split over two threads.
/// </remarks>
internal sealed class OpenBlasLinearAlgebraProvider : DelegatingLinearAlgebraProvider
{
    /// <summary>The one instance; OpenBLAS itself is process-wide.</summary>
    public static OpenBlasLinearAlgebraProvider Instance { get; } = new();

    private OpenBlasLinearAlgebraProvider() : base(ManagedLinearAlgebraProvider.Instance) { }

    private static long splitFrom = long.MaxValue;

    /// <summary>
    /// Products with m·n·k at least this run as two halves on two threads (<see cref="SplitProduct"/>); <see cref="long.MaxValue"/>
    /// (the default) never. Set by <see cref="LinearAlgebraProviders"/> from the machine's tuning, only while OpenBLAS runs one thread.
    /// </summary>
    internal static long SplitFromMultiplyAdds
    {
        get => Volatile.Read(ref splitFrom);
        set => Volatile.Write(ref splitFrom, value);
    }

    private static long shardFrom = long.MaxValue;

    /// <summary>
    /// The training engine cuts a Dense layer's units in two halves, one per core (<c>UnitShards</c> in Functional.Models),
    /// when each half's product at the batch size has at least this many multiply-adds; <see cref="long.MaxValue"/> (the
    /// default) never. Set by <see cref="LinearAlgebraProviders"/> where the tuning found that the second core pays.
    /// </summary>
    internal static long ShardFromMultiplyAdds
    {
        get => Volatile.Read(ref shardFrom);
        set => Volatile.Write(ref shardFrom, value);
    }

    /// <summary>
    /// The shard threshold where the second core pays: 2^20 multiply-adds a half, about 25 µs on one core, against three
    /// hand-overs of a few µs per step (docs/benchmarks.md, "Unit shards"); and above the 10^6 up to which OpenBLAS's
    /// SkylakeX small-matrix kernels take over, so that the halves keep the whole product's bits.
    /// </summary>
    internal const long DefaultShardFromMultiplyAdds = 1L << 20;

    /// <summary>True when <c>libopenblas.so.0</c> loads (see <see cref="OpenBlasNative.IsAvailable"/>).</summary>
    public override bool IsAvailable() => OpenBlasNative.IsAvailable;

    /// <summary>Throws, naming the library and the package to install, when OpenBLAS cannot be loaded.</summary>
    public override void InitializeVerify()
    {
        if (!OpenBlasNative.IsAvailable)
            throw new InvalidOperationException(
                $"OpenBlasLinearAlgebraProvider: {OpenBlasNative.LibraryName} could not be loaded; install it with 'apt-get install " +
                    $"-y {OpenBlasNative.AptPackage}'.");
    }

    /// <summary>Nothing to free: the native library stays loaded for the life of the process.</summary>
    public override void FreeResources() { }

    /// <inheritdoc />
    public override string ToString() => $"OpenBLAS ({OpenBlasNative.LibraryName})";

    /// <summary>The shape of <c>C = alpha·op(A)·op(B) + beta·C</c> after checking every size against the arrays.</summary>
    internal static (int M, int N, int K) GemmShape(
        string operation, Transpose transposeA, Transpose transposeB,
        int aLength, int rowsA, int columnsA, int bLength, int rowsB, int columnsB, int cLength)
    {
        if (rowsA < 0 || columnsA < 0 || rowsB < 0 || columnsB < 0)
            throw new ArgumentException($"{operation}: negative dimension (A {rowsA}x{columnsA}, B {rowsB}x{columnsB}).");
        // Sizes in long: rows·columns of a 65536x65536 matrix wraps to 0 in int and would pass against a 0-length array.
        if (aLength != (long)rowsA * columnsA)
            throw new ArgumentException($"{operation}: A is {rowsA}x{columnsA} and needs {(long)rowsA * columnsA} values, got {aLength}.", "a");
        if (bLength != (long)rowsB * columnsB)
            throw new ArgumentException($"{operation}: B is {rowsB}x{columnsB} and needs {(long)rowsB * columnsB} values, got {bLength}.", "b");
        bool ta = transposeA != Transpose.DontTranspose, tb = transposeB != Transpose.DontTranspose;
        int m = ta ? columnsA : rowsA, k = ta ? rowsA : columnsA;
        int kb = tb ? columnsB : rowsB, n = tb ? rowsB : columnsB;
        if (k != kb)
            throw new ArgumentException(
                $"{operation}: op(A) is {m}x{k} and op(B) is {kb}x{n} (A {rowsA}x{columnsA} {transposeA}, B {rowsB}x{columnsB} {transposeB}); the " +
                    $"inner dimensions must match.");
        if (cLength != (long)m * n)
            throw new ArgumentException($"{operation}: the result is {m}x{n} and needs {(long)m * n} values, got {cLength}.", "c");
        return (m, n, k);
    }

    private static int Cblas(Transpose t) => t == Transpose.DontTranspose ? OpenBlasNative.NoTrans : OpenBlasNative.Trans;

    /// <summary>Runs the call whole, or in two halves from <see cref="SplitFromMultiplyAdds"/> on.</summary>
    private static void Gemm(in SplitProduct.Call call, int elementSize)
    {
        if ((long)call.M * call.N * call.K >= SplitFromMultiplyAdds) SplitProduct.Run(call, elementSize);
        else call.Run();
    }

    /// <summary>C = alpha·op(A)·op(B) + beta·C in single precision through cblas_sgemm.</summary>
    public override unsafe void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA,
        float[] b, int rowsB, int columnsB, float beta, float[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = GemmShape("MatrixMultiplyWithUpdate<float>", transposeA, transposeB, a.Length, rowsA, columnsA, b.Length, rowsB, columnsB, c.Length);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (beta == 0f) Array.Clear(c);
            else if (beta != 1f) for (int i = 0; i < c.Length; i++) c[i] *= beta;
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            Gemm(new SplitProduct.Call
            {
                Sgemm = OpenBlasNative.Require().Sgemm, TransA = Cblas(transposeA), TransB = Cblas(transposeB), M = m, N = n, K = k,
                Alpha = alpha, A = pa, Lda = rowsA, B = pb, Ldb = rowsB, Beta = beta, C = pc, Ldc = m,
            }, sizeof(float));
    }

    /// <summary>C = alpha·op(A)·op(B) + beta·C in double precision through cblas_dgemm.</summary>
    public override unsafe void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA,
        int columnsA, double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = GemmShape("MatrixMultiplyWithUpdate<double>", transposeA, transposeB, a.Length, rowsA, columnsA, b.Length, rowsB, columnsB, c.Length);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (beta == 0d) Array.Clear(c);
            else if (beta != 1d) for (int i = 0; i < c.Length; i++) c[i] *= beta;
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
            Gemm(new SplitProduct.Call
            {
                Dgemm = OpenBlasNative.Require().Dgemm, TransA = Cblas(transposeA), TransB = Cblas(transposeB), M = m, N = n, K = k,
                Alpha = alpha, A = pa, Lda = rowsA, B = pb, Ldb = rowsB, Beta = beta, C = pc, Ldc = m,
            }, sizeof(double));
    }

    /// <summary>result = x·y in single precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public override void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1f, x, rowsX, columnsX, y, rowsY, columnsY, 0f, result);

    /// <summary>result = x·y in double precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public override void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1d, x, rowsX, columnsX, y, rowsY, columnsY, 0d, result);
}
