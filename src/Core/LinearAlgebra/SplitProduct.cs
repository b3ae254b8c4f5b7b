namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A large matrix product run as two independent halves, one on the calling thread and one on <see cref="SecondCore"/>'s
/// worker, each a single-threaded OpenBLAS call: the second core used for the products where it pays (the calibration decides which,
/// <see cref="OpenBlasTuning"/>), without ever changing OpenBLAS's process-wide thread count.
/// </summary>
/// <remarks>
/// <para>Why not OpenBLAS's own threads: its thread count is one global setting, so using two threads for large
/// products and one for small ones would mean switching it per call, and two callers on different threads (parallel
/// seed runs) would then race on it and change each other's bits. Here OpenBLAS always runs one thread per call.</para>
/// <para>Determinism: C is cut into two fixed blocks (by rows when it has at least as many rows as columns, else by
/// columns; the cut depends on the shape only), and every element is computed by one single-threaded call over the
/// whole inner dimension. Whether the halves run at the same time or one after the other (when the worker is busy with
/// another caller's product) the bits are the same.</para>
/// </remarks>
internal static unsafe class SplitProduct
{
    /// <summary>One <c>cblas_?gemm</c> call (column-major): C = alpha·op(A)·op(B) + beta·C; pointers are pinned by the caller.</summary>
    internal struct Call
    {
        public delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
        public delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
        public int TransA, TransB, M, N, K, Lda, Ldb, Ldc;
        public double Alpha, Beta;
        public void* A, B, C;

        /// <summary>Runs the call (single or double precision, whichever pointer is set).</summary>
        public readonly void Run()
        {
            if (Sgemm is not null)
                Sgemm(OpenBlasNative.ColMajor, TransA, TransB, M, N, K, (float)Alpha, (float*)A, Lda, (float*)B, Ldb, (float)Beta, (float*)C, Ldc);
            else
                Dgemm(OpenBlasNative.ColMajor, TransA, TransB, M, N, K, Alpha, (double*)A, Lda, (double*)B, Ldb, Beta, (double*)C, Ldc);
        }
    }

    /// <summary>
    /// The two halves of <paramref name="whole"/>: rows [0, h) and [h, m) of C when m ≥ n, else columns; h is half the
    /// dimension rounded up to a multiple of 16 (the kernels' tile), so both halves keep whole tiles.
    /// </summary>
    internal static (Call First, Call Second) Halves(in Call whole, int elementSize)
    {
        var first = whole;
        var second = whole;
        bool byRows = whole.M >= whole.N;
        int length = byRows ? whole.M : whole.N;
        int h = Math.Min(length - 1, (length / 2 + 15) / 16 * 16);
        if (byRows)
        {
            first.M = h;
            second.M = whole.M - h;
            // Rows h.. of op(A): rows of A, or columns of A when it is transposed.
            second.A = Offset(whole.A, whole.TransA == OpenBlasNative.NoTrans ? h : (long)h * whole.Lda, elementSize);
            second.C = Offset(whole.C, h, elementSize);
        }
        else
        {
            first.N = h;
            second.N = whole.N - h;
            // Columns h.. of op(B): columns of B, or rows of B when it is transposed.
            second.B = Offset(whole.B, whole.TransB == OpenBlasNative.NoTrans ? (long)h * whole.Ldb : h, elementSize);
            second.C = Offset(whole.C, (long)h * whole.Ldc, elementSize);
        }
        return (first, second);
    }

    private static void* Offset(void* p, long elements, int elementSize) => (byte*)p + elements * elementSize;

    /// <summary>One caller's two halves, as the second core runs them (one per thread, made once: a product allocates nothing).</summary>
    private sealed class HalvesWork : ITwoLaneWork
    {
        public Call First, Second;

        public void Run(int lane)
        {
            if (lane == 0) First.Run();
            else Second.Run();
        }
    }

    [ThreadStatic] private static HalvesWork? work;

    /// <summary>
    /// Runs <paramref name="whole"/> as its two halves on <see cref="SecondCore"/>: at the same time when its worker is
    /// free, else one after the other on this thread; either way with the same bits. <paramref name="elementSize"/> is 4 or 8.
    /// </summary>
    public static void Run(in Call whole, int elementSize)
    {
        if (Math.Max(whole.M, whole.N) < 32)
        {
            whole.Run(); // Too narrow to cut into whole tiles (and m·n·k that large is then all inner dimension).
            return;
        }
        var halves = work ??= new HalvesWork();
        (halves.First, halves.Second) = Halves(whole, elementSize);
        SecondCore.Run(halves);
    }
}
