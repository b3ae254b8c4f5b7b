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
/// Each element of C is one dot product over the whole inner dimension, but in an order the kernels may tie to their
/// tiles: column blocks cut at the kernels' column tile (<see cref="ColumnTile"/>), each above OpenBLAS's small-matrix
/// sizes, hold the same bits as the whole product; row blocks do with SkylakeX's kernels and not with Haswell's in single
/// precision, so the engine uses row blocks only as the calls the provider's own split makes (<see cref="SplitProduct"/>).
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

    private static readonly object CheckGate = new();
    private static int columnTile = -1; // not checked yet

    /// <summary>
    /// The column granularity at which the loaded kernels give column blocks the whole product's bits: 16 or 12 columns,
    /// or 0 when neither does. Checked once per process on the training engine's shapes (X·W and Xᵀ·dZ at batch 32, 128
    /// units cut near half, both precisions). OpenBLAS's SkylakeX kernels keep the bits at 16; its Haswell kernels group
    /// single-precision columns by 12, so a cut at 64 changes last bits there and one at 60 or 72 does not
    /// (docs/benchmarks.md, "Zen 5 again"). The engine's unit shards cut at this granularity, and not at all without one.
    /// </summary>
    /// <remarks>Checked at one OpenBLAS thread only (<see cref="CheckedOnce"/>).</remarks>
    public static int ColumnTile => CheckedOnce(ref columnTile, FindColumnTile);

    private static int rowBlocksKeepBits = -1; // not checked yet

    /// <summary>
    /// Whether the loaded kernels give row blocks cut at whole 16-row tiles the whole product's bits, checked once per
    /// process like <see cref="ColumnTile"/> on the inference engine's shapes (MNIST's two layers, 512 and 2048 rows cut in
    /// half, both precisions). SkylakeX's kernels do; Haswell's single-precision kernels do not at any cut.
    /// </summary>
    public static bool RowBlocksKeepBits => CheckedOnce(ref rowBlocksKeepBits, () =>
        CheckRows<float>(512, 784, 64) && CheckRows<float>(2048, 128, 10) && CheckRows<double>(512, 784, 64) && CheckRows<double>(2048, 128, 10)
            ? 1 : 0) == 1;

    /// <summary>
    /// <paramref name="cache"/>, or <paramref name="check"/>'s answer stored there. A check needs OpenBLAS at one thread
    /// (more threads cut the whole product their own way): asked while it runs more, the answer is 0 (the shards that ask
    /// need one thread anyway) and the check waits for a later call.
    /// </summary>
    private static int CheckedOnce(ref int cache, Func<int> check)
    {
        int known = Volatile.Read(ref cache);
        if (known >= 0) return known;
        if (!OpenBlasNative.IsAvailable) return 0;
        lock (CheckGate)
        {
            if (cache < 0 && OpenBlasNative.GetNumThreads() == 1) Volatile.Write(ref cache, check());
            return Math.Max(cache, 0);
        }
    }

    private static bool CheckRows<T>(int m, int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cut = m / 2; // each block above the small-matrix sizes
        var (a, b) = (Filled<T>(m, k, 1), Filled<T>(k, n, 2));
        var whole = Matrix<T>.Build.Dense(m, n);
        var blocks = Matrix<T>.Build.Dense(m, n);
        Rows(false, false, a, b, whole, 0, m);
        Rows(false, false, a, b, blocks, 0, cut);
        Rows(false, false, a, b, blocks, cut, m - cut);
        return MatrixData.ColumnMajor(whole).AsSpan().SequenceEqual(MatrixData.ColumnMajor(blocks));
    }

    /// <summary>Fixed values in [-0.5, 0.5), as in the calibration: any data shows a difference in summation order.</summary>
    private static Matrix<T> Filled<T>(int rows, int columns, int seed) where T : unmanaged, IFloatingPointIeee754<T> =>
        Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateTruncating((seed = seed * 1103515245 + 12345) / 4294967296.0));

    private static int FindColumnTile()
    {
        // The cuts near half of both tiles whose blocks stay above OpenBLAS's small-matrix sizes (32·784·48 > 10^6
        // multiply-adds): 48, 64, 80 for 16 columns, 48, 60, 72 for 12; each operand is made once for all of them.
        int[] cuts = [48, 60, 64, 72, 80];
        var keeps = new bool[cuts.Length];
        Array.Fill(keeps, true);
        Mark<float>(false, 32, 784);
        Mark<float>(true, 784, 32);
        Mark<double>(false, 32, 784);
        Mark<double>(true, 784, 32);
        bool Keeps(int tile) => Enumerable.Range(0, cuts.Length).Where(i => cuts[i] % tile == 0).All(i => keeps[i]);
        return Keeps(16) ? 16 : Keeps(12) ? 12 : 0;

        void Mark<T>(bool transposeA, int m, int k) where T : unmanaged, IFloatingPointIeee754<T>
        {
            const int n = 128;
            var a = transposeA ? Filled<T>(k, m, 1) : Filled<T>(m, k, 1);
            var b = Filled<T>(k, n, 2);
            var whole = Matrix<T>.Build.Dense(m, n);
            var blocks = Matrix<T>.Build.Dense(m, n);
            Columns(transposeA, false, a, b, whole, 0, n);
            for (int i = 0; i < cuts.Length; i++)
            {
                Columns(transposeA, false, a, b, blocks, 0, cuts[i]);
                Columns(transposeA, false, a, b, blocks, cuts[i], n - cuts[i]);
                keeps[i] &= MatrixData.ColumnMajor(whole).AsSpan().SequenceEqual(MatrixData.ColumnMajor(blocks));
            }
        }
    }
}
