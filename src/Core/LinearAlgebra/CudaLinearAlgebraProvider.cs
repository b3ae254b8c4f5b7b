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
internal sealed class CudaLinearAlgebraProvider : ILinearAlgebraProvider
{
    /// <summary>A provider offloading products of at least <paramref name="minMultiplyAdds"/> multiply-adds, the rest to <paramref name="cpu"/>.</summary>
    public CudaLinearAlgebraProvider(ILinearAlgebraProvider cpu, long minMultiplyAdds)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentOutOfRangeException.ThrowIfNegative(minMultiplyAdds);
        if (cpu is CudaLinearAlgebraProvider) throw new ArgumentException("CudaLinearAlgebraProvider: the CPU provider cannot itself be a CUDA provider.", nameof(cpu));
        Cpu = cpu;
        MinMultiplyAdds = minMultiplyAdds;
    }

    /// <summary>Where products below the threshold, and everything that is not a dense float/double product, go.</summary>
    public ILinearAlgebraProvider Cpu { get; }

    /// <summary>The offload threshold: products with <c>m·n·k</c> at least this run on the GPU.</summary>
    public long MinMultiplyAdds { get; }

    private static long offloads;

    /// <summary>How many products this process has sent to the GPU (for tests and diagnostics).</summary>
    public static long OffloadCount => Interlocked.Read(ref offloads);

    /// <summary>True when a product of this shape goes to the GPU: <c>m·n·k ≥ </c><see cref="MinMultiplyAdds"/>.</summary>
    public bool Offloads(int m, int n, int k) => (long)m * n * k >= MinMultiplyAdds;

    /// <summary>True when the CUDA libraries load and a device is visible (see <see cref="CudaNative.Probe"/>).</summary>
    public bool IsAvailable() => CudaNative.IsAvailable;

    /// <summary>Throws, saying what was probed, when there is no usable GPU; then verifies the CPU provider.</summary>
    public void InitializeVerify()
    {
        if (!CudaNative.IsAvailable)
            throw new InvalidOperationException($"CudaLinearAlgebraProvider: no CUDA GPU ({CudaNative.Probe().Detail}).");
        Cpu.InitializeVerify();
    }

    /// <summary>Frees the device buffers and the cuBLAS handle (re-created by the next offloaded product), then the CPU provider's resources.</summary>
    public void FreeResources()
    {
        Device.Free();
        Cpu.FreeResources();
    }

    /// <inheritdoc />
    public override string ToString() => $"CUDA (cuBLAS, offload at m·n·k ≥ {MinMultiplyAdds}; below: {Cpu})";

    /// <summary>C = alpha·op(A)·op(B) + beta·C in single precision: cublasSgemm_v2 at or above the threshold, else the CPU provider.</summary>
    public void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA, float[] b, int rowsB, int columnsB, float beta, float[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("MatrixMultiplyWithUpdate<float>", transposeA, transposeB, a.Length, rowsA, columnsA, b.Length, rowsB, columnsB, c.Length);
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
    public void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA, double[] b, int rowsB, int columnsB, double beta, double[] c)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        var (m, n, k) = OpenBlasLinearAlgebraProvider.GemmShape("MatrixMultiplyWithUpdate<double>", transposeA, transposeB, a.Length, rowsA, columnsA, b.Length, rowsB, columnsB, c.Length);
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
    public void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1f, x, rowsX, columnsX, y, rowsY, columnsY, 0f, result);

    /// <summary>result = x·y in double precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
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

    // Everything below goes to the CPU provider (OpenBLAS or managed), unchanged.
    void ILinearAlgebraProvider<double>.AddVectorToScaledVector(double[] y, double alpha, double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<double>.ScaleArray(double alpha, double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<double>.ConjugateArray(double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).ConjugateArray(x, result);
    double ILinearAlgebraProvider<double>.DotProduct(double[] x, double[] y) => ((ILinearAlgebraProvider<double>)Cpu).DotProduct(x, y);
    void ILinearAlgebraProvider<double>.AddArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).AddArrays(x, y, result);
    void ILinearAlgebraProvider<double>.SubtractArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWiseMultiplyArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWiseDivideArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWisePowerArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Cpu).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<double>.MatrixNorm(Norm norm, int rows, int columns, double[] matrix) => ((ILinearAlgebraProvider<double>)Cpu).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<double>.LUFactor(double[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<double>)Cpu).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<double>.LUInverse(double[] a, int order) => ((ILinearAlgebraProvider<double>)Cpu).LUInverse(a, order);
    void ILinearAlgebraProvider<double>.LUInverseFactored(double[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<double>)Cpu).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<double>.LUSolve(int columnsOfB, double[] a, int order, double[] b) => ((ILinearAlgebraProvider<double>)Cpu).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<double>.LUSolveFactored(int columnsOfB, double[] a, int order, int[] ipiv, double[] b) => ((ILinearAlgebraProvider<double>)Cpu).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<double>.CholeskyFactor(double[] a, int order) => ((ILinearAlgebraProvider<double>)Cpu).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<double>.CholeskySolve(double[] a, int orderA, double[] b, int columnsB) => ((ILinearAlgebraProvider<double>)Cpu).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<double>.CholeskySolveFactored(double[] a, int orderA, double[] b, int columnsB) => ((ILinearAlgebraProvider<double>)Cpu).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<double>.QRFactor(double[] a, int rowsA, int columnsA, double[] q, double[] tau) => ((ILinearAlgebraProvider<double>)Cpu).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<double>.ThinQRFactor(double[] a, int rowsA, int columnsA, double[] r, double[] tau) => ((ILinearAlgebraProvider<double>)Cpu).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<double>.QRSolve(double[] a, int rows, int columns, double[] b, int columnsB, double[] x, QRMethod method) => ((ILinearAlgebraProvider<double>)Cpu).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<double>.QRSolveFactored(double[] q, double[] r, int rowsA, int columnsA, double[] tau, double[] b, int columnsB, double[] x, QRMethod method) => ((ILinearAlgebraProvider<double>)Cpu).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<double>.SingularValueDecomposition(bool computeVectors, double[] a, int rowsA, int columnsA, double[] s, double[] u, double[] vt) => ((ILinearAlgebraProvider<double>)Cpu).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<double>.SvdSolve(double[] a, int rowsA, int columnsA, double[] b, int columnsB, double[] x) => ((ILinearAlgebraProvider<double>)Cpu).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<double>.SvdSolveFactored(int rowsA, int columnsA, double[] s, double[] u, double[] vt, double[] b, int columnsB, double[] x) => ((ILinearAlgebraProvider<double>)Cpu).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<double>.EigenDecomp(bool isSymmetric, int order, double[] matrix, double[] matrixEv, Complex[] vectorEv, double[] matrixD) => ((ILinearAlgebraProvider<double>)Cpu).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<float>.AddVectorToScaledVector(float[] y, float alpha, float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<float>.ScaleArray(float alpha, float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<float>.ConjugateArray(float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).ConjugateArray(x, result);
    float ILinearAlgebraProvider<float>.DotProduct(float[] x, float[] y) => ((ILinearAlgebraProvider<float>)Cpu).DotProduct(x, y);
    void ILinearAlgebraProvider<float>.AddArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).AddArrays(x, y, result);
    void ILinearAlgebraProvider<float>.SubtractArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWiseMultiplyArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWiseDivideArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWisePowerArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Cpu).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<float>.MatrixNorm(Norm norm, int rows, int columns, float[] matrix) => ((ILinearAlgebraProvider<float>)Cpu).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<float>.LUFactor(float[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<float>)Cpu).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<float>.LUInverse(float[] a, int order) => ((ILinearAlgebraProvider<float>)Cpu).LUInverse(a, order);
    void ILinearAlgebraProvider<float>.LUInverseFactored(float[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<float>)Cpu).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<float>.LUSolve(int columnsOfB, float[] a, int order, float[] b) => ((ILinearAlgebraProvider<float>)Cpu).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<float>.LUSolveFactored(int columnsOfB, float[] a, int order, int[] ipiv, float[] b) => ((ILinearAlgebraProvider<float>)Cpu).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<float>.CholeskyFactor(float[] a, int order) => ((ILinearAlgebraProvider<float>)Cpu).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<float>.CholeskySolve(float[] a, int orderA, float[] b, int columnsB) => ((ILinearAlgebraProvider<float>)Cpu).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<float>.CholeskySolveFactored(float[] a, int orderA, float[] b, int columnsB) => ((ILinearAlgebraProvider<float>)Cpu).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<float>.QRFactor(float[] a, int rowsA, int columnsA, float[] q, float[] tau) => ((ILinearAlgebraProvider<float>)Cpu).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<float>.ThinQRFactor(float[] a, int rowsA, int columnsA, float[] r, float[] tau) => ((ILinearAlgebraProvider<float>)Cpu).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<float>.QRSolve(float[] a, int rows, int columns, float[] b, int columnsB, float[] x, QRMethod method) => ((ILinearAlgebraProvider<float>)Cpu).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<float>.QRSolveFactored(float[] q, float[] r, int rowsA, int columnsA, float[] tau, float[] b, int columnsB, float[] x, QRMethod method) => ((ILinearAlgebraProvider<float>)Cpu).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<float>.SingularValueDecomposition(bool computeVectors, float[] a, int rowsA, int columnsA, float[] s, float[] u, float[] vt) => ((ILinearAlgebraProvider<float>)Cpu).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<float>.SvdSolve(float[] a, int rowsA, int columnsA, float[] b, int columnsB, float[] x) => ((ILinearAlgebraProvider<float>)Cpu).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<float>.SvdSolveFactored(int rowsA, int columnsA, float[] s, float[] u, float[] vt, float[] b, int columnsB, float[] x) => ((ILinearAlgebraProvider<float>)Cpu).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<float>.EigenDecomp(bool isSymmetric, int order, float[] matrix, float[] matrixEv, Complex[] vectorEv, float[] matrixD) => ((ILinearAlgebraProvider<float>)Cpu).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<Complex>.AddVectorToScaledVector(Complex[] y, Complex alpha, Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<Complex>.ScaleArray(Complex alpha, Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<Complex>.ConjugateArray(Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).ConjugateArray(x, result);
    Complex ILinearAlgebraProvider<Complex>.DotProduct(Complex[] x, Complex[] y) => ((ILinearAlgebraProvider<Complex>)Cpu).DotProduct(x, y);
    void ILinearAlgebraProvider<Complex>.AddArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).AddArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.SubtractArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWiseMultiplyArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWiseDivideArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWisePowerArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<Complex>.MatrixNorm(Norm norm, int rows, int columns, Complex[] matrix) => ((ILinearAlgebraProvider<Complex>)Cpu).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<Complex>.MatrixMultiply(Complex[] x, int rowsX, int columnsX, Complex[] y, int rowsY, int columnsY, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Cpu).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    void ILinearAlgebraProvider<Complex>.MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex alpha, Complex[] a, int rowsA, int columnsA, Complex[] b, int rowsB, int columnsB, Complex beta, Complex[] c) => ((ILinearAlgebraProvider<Complex>)Cpu).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    void ILinearAlgebraProvider<Complex>.LUFactor(Complex[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex>)Cpu).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<Complex>.LUInverse(Complex[] a, int order) => ((ILinearAlgebraProvider<Complex>)Cpu).LUInverse(a, order);
    void ILinearAlgebraProvider<Complex>.LUInverseFactored(Complex[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex>)Cpu).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<Complex>.LUSolve(int columnsOfB, Complex[] a, int order, Complex[] b) => ((ILinearAlgebraProvider<Complex>)Cpu).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<Complex>.LUSolveFactored(int columnsOfB, Complex[] a, int order, int[] ipiv, Complex[] b) => ((ILinearAlgebraProvider<Complex>)Cpu).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<Complex>.CholeskyFactor(Complex[] a, int order) => ((ILinearAlgebraProvider<Complex>)Cpu).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<Complex>.CholeskySolve(Complex[] a, int orderA, Complex[] b, int columnsB) => ((ILinearAlgebraProvider<Complex>)Cpu).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex>.CholeskySolveFactored(Complex[] a, int orderA, Complex[] b, int columnsB) => ((ILinearAlgebraProvider<Complex>)Cpu).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex>.QRFactor(Complex[] a, int rowsA, int columnsA, Complex[] q, Complex[] tau) => ((ILinearAlgebraProvider<Complex>)Cpu).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<Complex>.ThinQRFactor(Complex[] a, int rowsA, int columnsA, Complex[] r, Complex[] tau) => ((ILinearAlgebraProvider<Complex>)Cpu).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<Complex>.QRSolve(Complex[] a, int rows, int columns, Complex[] b, int columnsB, Complex[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex>)Cpu).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex>.QRSolveFactored(Complex[] q, Complex[] r, int rowsA, int columnsA, Complex[] tau, Complex[] b, int columnsB, Complex[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex>)Cpu).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex>.SingularValueDecomposition(bool computeVectors, Complex[] a, int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt) => ((ILinearAlgebraProvider<Complex>)Cpu).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<Complex>.SvdSolve(Complex[] a, int rowsA, int columnsA, Complex[] b, int columnsB, Complex[] x) => ((ILinearAlgebraProvider<Complex>)Cpu).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<Complex>.SvdSolveFactored(int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt, Complex[] b, int columnsB, Complex[] x) => ((ILinearAlgebraProvider<Complex>)Cpu).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<Complex>.EigenDecomp(bool isSymmetric, int order, Complex[] matrix, Complex[] matrixEv, Complex[] vectorEv, Complex[] matrixD) => ((ILinearAlgebraProvider<Complex>)Cpu).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<Complex32>.AddVectorToScaledVector(Complex32[] y, Complex32 alpha, Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<Complex32>.ScaleArray(Complex32 alpha, Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<Complex32>.ConjugateArray(Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).ConjugateArray(x, result);
    Complex32 ILinearAlgebraProvider<Complex32>.DotProduct(Complex32[] x, Complex32[] y) => ((ILinearAlgebraProvider<Complex32>)Cpu).DotProduct(x, y);
    void ILinearAlgebraProvider<Complex32>.AddArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).AddArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.SubtractArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWiseMultiplyArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWiseDivideArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWisePowerArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<Complex32>.MatrixNorm(Norm norm, int rows, int columns, Complex32[] matrix) => ((ILinearAlgebraProvider<Complex32>)Cpu).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<Complex32>.MatrixMultiply(Complex32[] x, int rowsX, int columnsX, Complex32[] y, int rowsY, int columnsY, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Cpu).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    void ILinearAlgebraProvider<Complex32>.MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex32 alpha, Complex32[] a, int rowsA, int columnsA, Complex32[] b, int rowsB, int columnsB, Complex32 beta, Complex32[] c) => ((ILinearAlgebraProvider<Complex32>)Cpu).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    void ILinearAlgebraProvider<Complex32>.LUFactor(Complex32[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex32>)Cpu).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<Complex32>.LUInverse(Complex32[] a, int order) => ((ILinearAlgebraProvider<Complex32>)Cpu).LUInverse(a, order);
    void ILinearAlgebraProvider<Complex32>.LUInverseFactored(Complex32[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex32>)Cpu).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<Complex32>.LUSolve(int columnsOfB, Complex32[] a, int order, Complex32[] b) => ((ILinearAlgebraProvider<Complex32>)Cpu).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<Complex32>.LUSolveFactored(int columnsOfB, Complex32[] a, int order, int[] ipiv, Complex32[] b) => ((ILinearAlgebraProvider<Complex32>)Cpu).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<Complex32>.CholeskyFactor(Complex32[] a, int order) => ((ILinearAlgebraProvider<Complex32>)Cpu).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<Complex32>.CholeskySolve(Complex32[] a, int orderA, Complex32[] b, int columnsB) => ((ILinearAlgebraProvider<Complex32>)Cpu).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex32>.CholeskySolveFactored(Complex32[] a, int orderA, Complex32[] b, int columnsB) => ((ILinearAlgebraProvider<Complex32>)Cpu).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex32>.QRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] q, Complex32[] tau) => ((ILinearAlgebraProvider<Complex32>)Cpu).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<Complex32>.ThinQRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] r, Complex32[] tau) => ((ILinearAlgebraProvider<Complex32>)Cpu).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<Complex32>.QRSolve(Complex32[] a, int rows, int columns, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex32>)Cpu).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex32>.QRSolveFactored(Complex32[] q, Complex32[] r, int rowsA, int columnsA, Complex32[] tau, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex32>)Cpu).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex32>.SingularValueDecomposition(bool computeVectors, Complex32[] a, int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt) => ((ILinearAlgebraProvider<Complex32>)Cpu).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<Complex32>.SvdSolve(Complex32[] a, int rowsA, int columnsA, Complex32[] b, int columnsB, Complex32[] x) => ((ILinearAlgebraProvider<Complex32>)Cpu).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<Complex32>.SvdSolveFactored(int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt, Complex32[] b, int columnsB, Complex32[] x) => ((ILinearAlgebraProvider<Complex32>)Cpu).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<Complex32>.EigenDecomp(bool isSymmetric, int order, Complex32[] matrix, Complex32[] matrixEv, Complex[] vectorEv, Complex32[] matrixD) => ((ILinearAlgebraProvider<Complex32>)Cpu).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
}
