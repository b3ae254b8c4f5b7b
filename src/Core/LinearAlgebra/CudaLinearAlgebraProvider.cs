using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Providers.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A MathNet linear-algebra provider that sends dense <see cref="float"/> and <see cref="double"/> matrix products
/// (<c>MatrixMultiply</c>, <c>MatrixMultiplyWithUpdate</c>, every transpose combination) with
/// <c>m·n·k ≥ </c><see cref="MinMultiplyAdds"/> to cuBLAS (cublasSgemm_v2 / cublasDgemm_v2) on GPU 0, and every
/// smaller product and every other member to a CPU provider (<see cref="Cpu"/>: OpenBLAS when it loads, else managed).
/// </summary>
/// <remarks>
/// <para>Each offloaded product copies A and B (and C, when <c>beta ≠ 0</c>; cuBLAS does not read C when beta is 0)
/// from the host arrays to device buffers with <c>cudaMemcpy</c>, runs the GEMM and copies C back; <c>cudaMemcpy</c>
/// to the host waits for the GEMM (both are on the default stream). MathNet stores dense matrices column-major, which
/// is cuBLAS's only order, so the arguments are those of the CBLAS call in <see cref="OpenBlasLinearAlgebraProvider"/>:
/// the leading dimension of a stored matrix is its row count whether or not it is transposed, <c>ldc = m</c>.
/// Empty results and inner dimension 0 never reach cuBLAS (they give <c>beta·C</c>, as with OpenBLAS).</para>
/// <para>Device memory: three grow-only buffers (A, B, C) shared by the process, kept between products (a training
/// loop repeats the same shapes, so after the first step nothing is allocated; <c>cudaMalloc</c>/<c>cudaFree</c>
/// synchronize the device and would cost more than a small product). They only grow, to the largest product seen;
/// <see cref="FreeResources"/> releases them and the cuBLAS handle (the next product re-creates both).</para>
/// <para>Thread safety: one process-wide lock around the cuBLAS handle and the buffers; offloaded products from
/// several threads run one after another (they would serialize on the GPU's default stream anyway). Products below the
/// threshold never take the lock and run on the CPU provider concurrently as before.</para>
/// <para>Precision: the handle's math mode is CUBLAS_DEFAULT_MATH (no TF32), see <see cref="CudaNative.DefaultMath"/>.
/// The summation order differs from the CPU's, so results agree with it within float rounding, not bit for bit;
/// for a fixed GPU and library version they repeat run to run.</para>
/// </remarks>
internal sealed class CudaLinearAlgebraProvider : DelegatingLinearAlgebraProvider
{
    /// <summary>A provider offloading products of at least <paramref name="minMultiplyAdds"/> multiply-adds, the rest to <paramref name="cpu"/>.</summary>
    public CudaLinearAlgebraProvider(ILinearAlgebraProvider cpu, long minMultiplyAdds) : base(cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minMultiplyAdds);
        if (cpu is CudaLinearAlgebraProvider) throw new ArgumentException("CudaLinearAlgebraProvider: the CPU provider cannot itself be a CUDA " +
            "provider.", nameof(cpu));
        MinMultiplyAdds = minMultiplyAdds;
    }

    /// <summary>Where products below the threshold, and everything that is not a dense float/double product, go.</summary>
    public ILinearAlgebraProvider Cpu => Fallback;

    /// <summary>The offload threshold: products with <c>m·n·k</c> at least this run on the GPU.</summary>
    public long MinMultiplyAdds { get; }

    private static long offloads;

    /// <summary>How many products this process has sent to the GPU (for tests and diagnostics).</summary>
    public static long OffloadCount => Interlocked.Read(ref offloads);

    /// <summary>True when a product of this shape goes to the GPU: <c>m·n·k ≥ </c><see cref="MinMultiplyAdds"/>.</summary>
    public bool Offloads(int m, int n, int k) => (long)m * n * k >= MinMultiplyAdds;

    /// <summary>True when the CUDA libraries load and a device is visible (see <see cref="CudaNative.Probe"/>).</summary>
    public override bool IsAvailable() => CudaNative.IsAvailable;

    /// <summary>Throws, saying what was probed, when there is no usable GPU; then verifies the CPU provider.</summary>
    public override void InitializeVerify()
    {
        if (!CudaNative.IsAvailable)
            throw new InvalidOperationException($"CudaLinearAlgebraProvider: no CUDA GPU ({CudaNative.Probe().Detail}).");
        Cpu.InitializeVerify();
    }

    /// <summary>Frees the device buffers and the cuBLAS handle (re-created by the next offloaded product), then the CPU provider's resources.</summary>
    public override void FreeResources()
    {
        Device.Free();
        Cpu.FreeResources();
    }

    /// <inheritdoc />
    public override string ToString() => $"CUDA (cuBLAS, offload at m·n·k ≥ {MinMultiplyAdds}; below: {Cpu})";

    /// <summary>C = alpha·op(A)·op(B) + beta·C in single precision: cublasSgemm_v2 at or above the threshold, else the CPU provider.</summary>
    public override void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA,
        float[] b, int rowsB, int columnsB, float beta, float[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("MatrixMultiplyWithUpdate<float>", transposeA, transposeB, a.Length, rowsA, columnsA,
            b.Length, rowsB, columnsB, c.Length);
        if (!Offloads(m, n, k))
        {
            ((ILinearAlgebraProvider<float>)Cpu).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
            return;
        }
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (beta == 0f) Array.Clear(c);
            else if (beta != 1f) for (int i = 0; i < c.Length; i++) c[i] *= beta;
            return;
        }
        Device.Gemm(Op(transposeA), Op(transposeB), m, n, k, alpha, a, rowsA, b, rowsB, beta, beta != 0f, c);
    }

    /// <summary>C = alpha·op(A)·op(B) + beta·C in double precision: cublasDgemm_v2 at or above the threshold, else the CPU provider.</summary>
    public override void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("MatrixMultiplyWithUpdate<double>", transposeA, transposeB, a.Length, rowsA, columnsA,
            b.Length, rowsB, columnsB, c.Length);
        if (!Offloads(m, n, k))
        {
            ((ILinearAlgebraProvider<double>)Cpu).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
            return;
        }
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (beta == 0d) Array.Clear(c);
            else if (beta != 1d) for (int i = 0; i < c.Length; i++) c[i] *= beta;
            return;
        }
        Device.Gemm(Op(transposeA), Op(transposeB), m, n, k, alpha, a, rowsA, b, rowsB, beta, beta != 0d, c);
    }

    /// <summary>result = x·y in single precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public override void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1f, x, rowsX, columnsX, y, rowsY, columnsY, 0f, result);

    /// <summary>result = x·y in double precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public override void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1d, x, rowsX, columnsX, y, rowsY, columnsY, 0d, result);

    // MathNet's Transpose.ConjugateTranspose is plain transpose for real numbers, as in the OpenBLAS provider.
    private static int Op(Transpose t) => t == Transpose.DontTranspose ? CudaNative.OpN : CudaNative.OpT;

    /// <summary>The process-wide cuBLAS handle and device buffers, behind one lock.</summary>
    private static unsafe class Device
    {
        private static readonly object Gate = new();
        private static IntPtr handle;
        private static readonly IntPtr[] Buffers = new IntPtr[3];
        private static readonly nuint[] Capacities = new nuint[3];
        private static readonly string[] BufferNames = ["A", "B", "C"];

        /// <summary>
        /// C (m×n, ldc = m) = alpha·op(A)·op(B) + beta·C on the GPU; m, n, k ≥ 1, so lda = rows of stored A ≥ 1 and
        /// ldb = rows of stored B ≥ 1 satisfy cuBLAS's lda ≥ max(1, rows) rules as they do CBLAS's.
        /// </summary>
        public static void Gemm<T>(int opA, int opB, int m, int n, int k, T alpha, T[] a, int lda, T[] b, int ldb, T beta, bool readC, T[] c)
            where T : unmanaged
        {
            var x = CudaNative.Require();
            nuint size = (nuint)sizeof(T);
            nuint bytesA = (nuint)a.Length * size, bytesB = (nuint)b.Length * size, bytesC = (nuint)c.Length * size;
            lock (Gate)
            {
                EnsureHandle(x);
                IntPtr dA = Reserve(x, 0, bytesA), dB = Reserve(x, 1, bytesB), dC = Reserve(x, 2, bytesC);
                fixed (T* pa = a, pb = b, pc = c)
                {
                    CudaNative.CheckCuda(x, x.Memcpy(dA, (IntPtr)pa, bytesA, CudaNative.HostToDevice), "cudaMemcpy(A, host to device)");
                    CudaNative.CheckCuda(x, x.Memcpy(dB, (IntPtr)pb, bytesB, CudaNative.HostToDevice), "cudaMemcpy(B, host to device)");
                    if (readC)
                        CudaNative.CheckCuda(x, x.Memcpy(dC, (IntPtr)pc, bytesC, CudaNative.HostToDevice), "cudaMemcpy(C, host to device)");
                    if (typeof(T) == typeof(float))
                        CudaNative.CheckBlas(x, x.Sgemm(handle, opA, opB, m, n, k, (float*)&alpha, dA, lda, dB, ldb, (float*)&beta, dC, m), "cublasSgemm_v2");
                    else if (typeof(T) == typeof(double))
                        CudaNative.CheckBlas(x, x.Dgemm(handle, opA, opB, m, n, k, (double*)&alpha, dA, lda, dB, ldb, (double*)&beta, dC, m), "cublasDgemm_v2");
                    else
                        throw new NotSupportedException($"CudaLinearAlgebraProvider: no GEMM for {typeof(T).Name}.");
                    CudaNative.CheckCuda(x, x.Memcpy((IntPtr)pc, dC, bytesC, CudaNative.DeviceToHost), "cudaMemcpy(C, device to host)");
                }
                Interlocked.Increment(ref offloads);
            }
        }

        private static void EnsureHandle(CudaNative.Exports x)
        {
            if (handle != IntPtr.Zero) return;
            IntPtr created;
            CudaNative.CheckBlas(x, x.Create(&created), "cublasCreate_v2");
            int status = x.SetMathMode(created, CudaNative.DefaultMath);
            if (status != CudaNative.Success)
            {
                _ = x.Destroy(created);
                CudaNative.CheckBlas(x, status, "cublasSetMathMode(CUBLAS_DEFAULT_MATH)");
            }
            handle = created;
        }

        /// <summary>Device buffer <paramref name="index"/> with room for <paramref name="bytes"/> (bytes ≥ 1 here), growing it if needed.</summary>
        private static IntPtr Reserve(CudaNative.Exports x, int index, nuint bytes)
        {
            if (Capacities[index] >= bytes) return Buffers[index];
            if (Buffers[index] != IntPtr.Zero)
            {
                var old = Buffers[index];
                Buffers[index] = IntPtr.Zero;
                Capacities[index] = 0;
                CudaNative.CheckCuda(x, x.Free(old), $"cudaFree({BufferNames[index]})");
            }
            IntPtr allocated;
            CudaNative.CheckCuda(x, x.Malloc(&allocated, bytes), $"cudaMalloc({BufferNames[index]}, {bytes} bytes)");
            Buffers[index] = allocated;
            Capacities[index] = bytes;
            return allocated;
        }

        /// <summary>Frees the buffers and destroys the handle; a no-op when nothing was created (so also without a GPU).</summary>
        public static void Free()
        {
            lock (Gate)
            {
                if (handle == IntPtr.Zero && Buffers.All(p => p == IntPtr.Zero)) return;
                var x = CudaNative.Require();
                for (int i = 0; i < Buffers.Length; i++)
                {
                    if (Buffers[i] == IntPtr.Zero) continue;
                    var old = Buffers[i];
                    Buffers[i] = IntPtr.Zero;
                    Capacities[i] = 0;
                    CudaNative.CheckCuda(x, x.Free(old), $"cudaFree({BufferNames[i]})");
                }
                if (handle != IntPtr.Zero)
                {
                    var old = handle;
                    handle = IntPtr.Zero;
                    CudaNative.CheckBlas(x, x.Destroy(old), "cublasDestroy_v2");
                }
            }
        }
    }
}
