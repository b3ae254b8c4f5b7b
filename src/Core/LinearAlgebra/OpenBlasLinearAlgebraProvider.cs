using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Providers.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A MathNet linear-algebra provider that sends dense <see cref="float"/> and <see cref="double"/> matrix
/// products (<c>MatrixMultiply</c>, <c>MatrixMultiplyWithUpdate</c>, every transpose combination) to OpenBLAS's
/// cblas_sgemm / cblas_dgemm and hands every other member to <see cref="ManagedLinearAlgebraProvider.Instance"/>
/// (that class is sealed, so this one delegates instead of inheriting).
/// </summary>
/// <remarks>
/// MathNet stores dense matrices column-major, so every call is CblasColMajor; the leading dimension of a stored
/// matrix is its row count whether or not it is transposed, and MathNet's <see cref="Transpose"/> values equal
/// CBLAS's (111, 112, 113; for real numbers conjugate-transpose is transpose). Products with an empty result
/// or an inner dimension of zero never reach BLAS (which rejects a leading dimension of 0): they give
/// <c>beta·C</c>, which for a plain product is all zeros.
/// Install it through <see cref="LinearAlgebraProviders"/>, which also fixes the OpenBLAS thread count.
/// </remarks>
internal sealed class OpenBlasLinearAlgebraProvider : ILinearAlgebraProvider
{
    /// <summary>The one instance; OpenBLAS itself is process-wide.</summary>
    public static OpenBlasLinearAlgebraProvider Instance { get; } = new();

    private static readonly ManagedLinearAlgebraProvider Managed = ManagedLinearAlgebraProvider.Instance;

    private OpenBlasLinearAlgebraProvider() { }

    /// <summary>True when <c>libopenblas.so.0</c> loads (see <see cref="OpenBlasNative.IsAvailable"/>).</summary>
    public bool IsAvailable() => OpenBlasNative.IsAvailable;

    /// <summary>Throws, naming the library and the package to install, when OpenBLAS cannot be loaded.</summary>
    public void InitializeVerify()
    {
        if (!OpenBlasNative.IsAvailable)
            throw new InvalidOperationException(
                $"OpenBlasLinearAlgebraProvider: {OpenBlasNative.LibraryName} could not be loaded; install it with 'apt-get install -y {OpenBlasNative.AptPackage}'.");
    }

    /// <summary>Nothing to free: the native library stays loaded for the life of the process.</summary>
    public void FreeResources() { }

    /// <inheritdoc />
    public override string ToString() => $"OpenBLAS ({OpenBlasNative.LibraryName})";

    /// <summary>The shape of <c>C = alpha·op(A)·op(B) + beta·C</c> after checking every size against the arrays.</summary>
    internal static (int M, int N, int K) GemmShape(
        string operation, Transpose transposeA, Transpose transposeB,
        int aLength, int rowsA, int columnsA, int bLength, int rowsB, int columnsB, int cLength)
    {
        if (rowsA < 0 || columnsA < 0 || rowsB < 0 || columnsB < 0)
            throw new ArgumentException($"{operation}: negative dimension (A {rowsA}x{columnsA}, B {rowsB}x{columnsB}).");
        if (aLength != rowsA * columnsA)
            throw new ArgumentException($"{operation}: A is {rowsA}x{columnsA} and needs {rowsA * columnsA} values, got {aLength}.", "a");
        if (bLength != rowsB * columnsB)
            throw new ArgumentException($"{operation}: B is {rowsB}x{columnsB} and needs {rowsB * columnsB} values, got {bLength}.", "b");
        bool ta = transposeA != Transpose.DontTranspose, tb = transposeB != Transpose.DontTranspose;
        int m = ta ? columnsA : rowsA, k = ta ? rowsA : columnsA;
        int kb = tb ? columnsB : rowsB, n = tb ? rowsB : columnsB;
        if (k != kb)
            throw new ArgumentException(
                $"{operation}: op(A) is {m}x{k} and op(B) is {kb}x{n} (A {rowsA}x{columnsA} {transposeA}, B {rowsB}x{columnsB} {transposeB}); the inner dimensions must match.");
        if (cLength != m * n)
            throw new ArgumentException($"{operation}: the result is {m}x{n} and needs {m * n} values, got {cLength}.", "c");
        return (m, n, k);
    }

    private static int Cblas(Transpose t) => t == Transpose.DontTranspose ? OpenBlasNative.NoTrans : OpenBlasNative.Trans;

    /// <summary>C = alpha·op(A)·op(B) + beta·C in single precision through cblas_sgemm.</summary>
    public unsafe void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA, float[] b, int rowsB, int columnsB, float beta, float[] c)
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
            OpenBlasNative.Sgemm(Cblas(transposeA), Cblas(transposeB), m, n, k, alpha, pa, rowsA, pb, rowsB, beta, pc, m);
    }

    /// <summary>C = alpha·op(A)·op(B) + beta·C in double precision through cblas_dgemm.</summary>
    public unsafe void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA, double[] b, int rowsB, int columnsB, double beta, double[] c)
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
            OpenBlasNative.Dgemm(Cblas(transposeA), Cblas(transposeB), m, n, k, alpha, pa, rowsA, pb, rowsB, beta, pc, m);
    }

    /// <summary>result = x·y in single precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1f, x, rowsX, columnsX, y, rowsY, columnsY, 0f, result);

    /// <summary>result = x·y in double precision (x is rowsX×columnsX, y is rowsY×columnsY, all column-major).</summary>
    public void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
        MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1d, x, rowsX, columnsX, y, rowsY, columnsY, 0d, result);

    // Everything below is MathNet's managed implementation, unchanged.
    void ILinearAlgebraProvider<double>.AddVectorToScaledVector(double[] y, double alpha, double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Managed).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<double>.ScaleArray(double alpha, double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Managed).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<double>.ConjugateArray(double[] x, double[] result) => ((ILinearAlgebraProvider<double>)Managed).ConjugateArray(x, result);
    double ILinearAlgebraProvider<double>.DotProduct(double[] x, double[] y) => ((ILinearAlgebraProvider<double>)Managed).DotProduct(x, y);
    void ILinearAlgebraProvider<double>.AddArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Managed).AddArrays(x, y, result);
    void ILinearAlgebraProvider<double>.SubtractArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Managed).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWiseMultiplyArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Managed).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWiseDivideArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Managed).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<double>.PointWisePowerArrays(double[] x, double[] y, double[] result) => ((ILinearAlgebraProvider<double>)Managed).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<double>.MatrixNorm(Norm norm, int rows, int columns, double[] matrix) => ((ILinearAlgebraProvider<double>)Managed).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<double>.LUFactor(double[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<double>)Managed).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<double>.LUInverse(double[] a, int order) => ((ILinearAlgebraProvider<double>)Managed).LUInverse(a, order);
    void ILinearAlgebraProvider<double>.LUInverseFactored(double[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<double>)Managed).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<double>.LUSolve(int columnsOfB, double[] a, int order, double[] b) => ((ILinearAlgebraProvider<double>)Managed).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<double>.LUSolveFactored(int columnsOfB, double[] a, int order, int[] ipiv, double[] b) => ((ILinearAlgebraProvider<double>)Managed).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<double>.CholeskyFactor(double[] a, int order) => ((ILinearAlgebraProvider<double>)Managed).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<double>.CholeskySolve(double[] a, int orderA, double[] b, int columnsB) => ((ILinearAlgebraProvider<double>)Managed).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<double>.CholeskySolveFactored(double[] a, int orderA, double[] b, int columnsB) => ((ILinearAlgebraProvider<double>)Managed).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<double>.QRFactor(double[] a, int rowsA, int columnsA, double[] q, double[] tau) => ((ILinearAlgebraProvider<double>)Managed).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<double>.ThinQRFactor(double[] a, int rowsA, int columnsA, double[] r, double[] tau) => ((ILinearAlgebraProvider<double>)Managed).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<double>.QRSolve(double[] a, int rows, int columns, double[] b, int columnsB, double[] x, QRMethod method) => ((ILinearAlgebraProvider<double>)Managed).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<double>.QRSolveFactored(double[] q, double[] r, int rowsA, int columnsA, double[] tau, double[] b, int columnsB, double[] x, QRMethod method) => ((ILinearAlgebraProvider<double>)Managed).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<double>.SingularValueDecomposition(bool computeVectors, double[] a, int rowsA, int columnsA, double[] s, double[] u, double[] vt) => ((ILinearAlgebraProvider<double>)Managed).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<double>.SvdSolve(double[] a, int rowsA, int columnsA, double[] b, int columnsB, double[] x) => ((ILinearAlgebraProvider<double>)Managed).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<double>.SvdSolveFactored(int rowsA, int columnsA, double[] s, double[] u, double[] vt, double[] b, int columnsB, double[] x) => ((ILinearAlgebraProvider<double>)Managed).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<double>.EigenDecomp(bool isSymmetric, int order, double[] matrix, double[] matrixEv, Complex[] vectorEv, double[] matrixD) => ((ILinearAlgebraProvider<double>)Managed).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<float>.AddVectorToScaledVector(float[] y, float alpha, float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Managed).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<float>.ScaleArray(float alpha, float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Managed).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<float>.ConjugateArray(float[] x, float[] result) => ((ILinearAlgebraProvider<float>)Managed).ConjugateArray(x, result);
    float ILinearAlgebraProvider<float>.DotProduct(float[] x, float[] y) => ((ILinearAlgebraProvider<float>)Managed).DotProduct(x, y);
    void ILinearAlgebraProvider<float>.AddArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Managed).AddArrays(x, y, result);
    void ILinearAlgebraProvider<float>.SubtractArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Managed).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWiseMultiplyArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Managed).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWiseDivideArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Managed).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<float>.PointWisePowerArrays(float[] x, float[] y, float[] result) => ((ILinearAlgebraProvider<float>)Managed).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<float>.MatrixNorm(Norm norm, int rows, int columns, float[] matrix) => ((ILinearAlgebraProvider<float>)Managed).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<float>.LUFactor(float[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<float>)Managed).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<float>.LUInverse(float[] a, int order) => ((ILinearAlgebraProvider<float>)Managed).LUInverse(a, order);
    void ILinearAlgebraProvider<float>.LUInverseFactored(float[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<float>)Managed).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<float>.LUSolve(int columnsOfB, float[] a, int order, float[] b) => ((ILinearAlgebraProvider<float>)Managed).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<float>.LUSolveFactored(int columnsOfB, float[] a, int order, int[] ipiv, float[] b) => ((ILinearAlgebraProvider<float>)Managed).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<float>.CholeskyFactor(float[] a, int order) => ((ILinearAlgebraProvider<float>)Managed).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<float>.CholeskySolve(float[] a, int orderA, float[] b, int columnsB) => ((ILinearAlgebraProvider<float>)Managed).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<float>.CholeskySolveFactored(float[] a, int orderA, float[] b, int columnsB) => ((ILinearAlgebraProvider<float>)Managed).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<float>.QRFactor(float[] a, int rowsA, int columnsA, float[] q, float[] tau) => ((ILinearAlgebraProvider<float>)Managed).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<float>.ThinQRFactor(float[] a, int rowsA, int columnsA, float[] r, float[] tau) => ((ILinearAlgebraProvider<float>)Managed).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<float>.QRSolve(float[] a, int rows, int columns, float[] b, int columnsB, float[] x, QRMethod method) => ((ILinearAlgebraProvider<float>)Managed).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<float>.QRSolveFactored(float[] q, float[] r, int rowsA, int columnsA, float[] tau, float[] b, int columnsB, float[] x, QRMethod method) => ((ILinearAlgebraProvider<float>)Managed).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<float>.SingularValueDecomposition(bool computeVectors, float[] a, int rowsA, int columnsA, float[] s, float[] u, float[] vt) => ((ILinearAlgebraProvider<float>)Managed).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<float>.SvdSolve(float[] a, int rowsA, int columnsA, float[] b, int columnsB, float[] x) => ((ILinearAlgebraProvider<float>)Managed).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<float>.SvdSolveFactored(int rowsA, int columnsA, float[] s, float[] u, float[] vt, float[] b, int columnsB, float[] x) => ((ILinearAlgebraProvider<float>)Managed).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<float>.EigenDecomp(bool isSymmetric, int order, float[] matrix, float[] matrixEv, Complex[] vectorEv, float[] matrixD) => ((ILinearAlgebraProvider<float>)Managed).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<Complex>.AddVectorToScaledVector(Complex[] y, Complex alpha, Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<Complex>.ScaleArray(Complex alpha, Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<Complex>.ConjugateArray(Complex[] x, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).ConjugateArray(x, result);
    Complex ILinearAlgebraProvider<Complex>.DotProduct(Complex[] x, Complex[] y) => ((ILinearAlgebraProvider<Complex>)Managed).DotProduct(x, y);
    void ILinearAlgebraProvider<Complex>.AddArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).AddArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.SubtractArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWiseMultiplyArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWiseDivideArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<Complex>.PointWisePowerArrays(Complex[] x, Complex[] y, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<Complex>.MatrixNorm(Norm norm, int rows, int columns, Complex[] matrix) => ((ILinearAlgebraProvider<Complex>)Managed).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<Complex>.MatrixMultiply(Complex[] x, int rowsX, int columnsX, Complex[] y, int rowsY, int columnsY, Complex[] result) => ((ILinearAlgebraProvider<Complex>)Managed).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    void ILinearAlgebraProvider<Complex>.MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex alpha, Complex[] a, int rowsA, int columnsA, Complex[] b, int rowsB, int columnsB, Complex beta, Complex[] c) => ((ILinearAlgebraProvider<Complex>)Managed).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    void ILinearAlgebraProvider<Complex>.LUFactor(Complex[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex>)Managed).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<Complex>.LUInverse(Complex[] a, int order) => ((ILinearAlgebraProvider<Complex>)Managed).LUInverse(a, order);
    void ILinearAlgebraProvider<Complex>.LUInverseFactored(Complex[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex>)Managed).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<Complex>.LUSolve(int columnsOfB, Complex[] a, int order, Complex[] b) => ((ILinearAlgebraProvider<Complex>)Managed).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<Complex>.LUSolveFactored(int columnsOfB, Complex[] a, int order, int[] ipiv, Complex[] b) => ((ILinearAlgebraProvider<Complex>)Managed).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<Complex>.CholeskyFactor(Complex[] a, int order) => ((ILinearAlgebraProvider<Complex>)Managed).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<Complex>.CholeskySolve(Complex[] a, int orderA, Complex[] b, int columnsB) => ((ILinearAlgebraProvider<Complex>)Managed).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex>.CholeskySolveFactored(Complex[] a, int orderA, Complex[] b, int columnsB) => ((ILinearAlgebraProvider<Complex>)Managed).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex>.QRFactor(Complex[] a, int rowsA, int columnsA, Complex[] q, Complex[] tau) => ((ILinearAlgebraProvider<Complex>)Managed).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<Complex>.ThinQRFactor(Complex[] a, int rowsA, int columnsA, Complex[] r, Complex[] tau) => ((ILinearAlgebraProvider<Complex>)Managed).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<Complex>.QRSolve(Complex[] a, int rows, int columns, Complex[] b, int columnsB, Complex[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex>)Managed).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex>.QRSolveFactored(Complex[] q, Complex[] r, int rowsA, int columnsA, Complex[] tau, Complex[] b, int columnsB, Complex[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex>)Managed).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex>.SingularValueDecomposition(bool computeVectors, Complex[] a, int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt) => ((ILinearAlgebraProvider<Complex>)Managed).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<Complex>.SvdSolve(Complex[] a, int rowsA, int columnsA, Complex[] b, int columnsB, Complex[] x) => ((ILinearAlgebraProvider<Complex>)Managed).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<Complex>.SvdSolveFactored(int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt, Complex[] b, int columnsB, Complex[] x) => ((ILinearAlgebraProvider<Complex>)Managed).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<Complex>.EigenDecomp(bool isSymmetric, int order, Complex[] matrix, Complex[] matrixEv, Complex[] vectorEv, Complex[] matrixD) => ((ILinearAlgebraProvider<Complex>)Managed).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    void ILinearAlgebraProvider<Complex32>.AddVectorToScaledVector(Complex32[] y, Complex32 alpha, Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).AddVectorToScaledVector(y, alpha, x, result);
    void ILinearAlgebraProvider<Complex32>.ScaleArray(Complex32 alpha, Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).ScaleArray(alpha, x, result);
    void ILinearAlgebraProvider<Complex32>.ConjugateArray(Complex32[] x, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).ConjugateArray(x, result);
    Complex32 ILinearAlgebraProvider<Complex32>.DotProduct(Complex32[] x, Complex32[] y) => ((ILinearAlgebraProvider<Complex32>)Managed).DotProduct(x, y);
    void ILinearAlgebraProvider<Complex32>.AddArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).AddArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.SubtractArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).SubtractArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWiseMultiplyArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).PointWiseMultiplyArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWiseDivideArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).PointWiseDivideArrays(x, y, result);
    void ILinearAlgebraProvider<Complex32>.PointWisePowerArrays(Complex32[] x, Complex32[] y, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).PointWisePowerArrays(x, y, result);
    double ILinearAlgebraProvider<Complex32>.MatrixNorm(Norm norm, int rows, int columns, Complex32[] matrix) => ((ILinearAlgebraProvider<Complex32>)Managed).MatrixNorm(norm, rows, columns, matrix);
    void ILinearAlgebraProvider<Complex32>.MatrixMultiply(Complex32[] x, int rowsX, int columnsX, Complex32[] y, int rowsY, int columnsY, Complex32[] result) => ((ILinearAlgebraProvider<Complex32>)Managed).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    void ILinearAlgebraProvider<Complex32>.MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex32 alpha, Complex32[] a, int rowsA, int columnsA, Complex32[] b, int rowsB, int columnsB, Complex32 beta, Complex32[] c) => ((ILinearAlgebraProvider<Complex32>)Managed).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    void ILinearAlgebraProvider<Complex32>.LUFactor(Complex32[] data, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex32>)Managed).LUFactor(data, order, ipiv);
    void ILinearAlgebraProvider<Complex32>.LUInverse(Complex32[] a, int order) => ((ILinearAlgebraProvider<Complex32>)Managed).LUInverse(a, order);
    void ILinearAlgebraProvider<Complex32>.LUInverseFactored(Complex32[] a, int order, int[] ipiv) => ((ILinearAlgebraProvider<Complex32>)Managed).LUInverseFactored(a, order, ipiv);
    void ILinearAlgebraProvider<Complex32>.LUSolve(int columnsOfB, Complex32[] a, int order, Complex32[] b) => ((ILinearAlgebraProvider<Complex32>)Managed).LUSolve(columnsOfB, a, order, b);
    void ILinearAlgebraProvider<Complex32>.LUSolveFactored(int columnsOfB, Complex32[] a, int order, int[] ipiv, Complex32[] b) => ((ILinearAlgebraProvider<Complex32>)Managed).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    void ILinearAlgebraProvider<Complex32>.CholeskyFactor(Complex32[] a, int order) => ((ILinearAlgebraProvider<Complex32>)Managed).CholeskyFactor(a, order);
    void ILinearAlgebraProvider<Complex32>.CholeskySolve(Complex32[] a, int orderA, Complex32[] b, int columnsB) => ((ILinearAlgebraProvider<Complex32>)Managed).CholeskySolve(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex32>.CholeskySolveFactored(Complex32[] a, int orderA, Complex32[] b, int columnsB) => ((ILinearAlgebraProvider<Complex32>)Managed).CholeskySolveFactored(a, orderA, b, columnsB);
    void ILinearAlgebraProvider<Complex32>.QRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] q, Complex32[] tau) => ((ILinearAlgebraProvider<Complex32>)Managed).QRFactor(a, rowsA, columnsA, q, tau);
    void ILinearAlgebraProvider<Complex32>.ThinQRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] r, Complex32[] tau) => ((ILinearAlgebraProvider<Complex32>)Managed).ThinQRFactor(a, rowsA, columnsA, r, tau);
    void ILinearAlgebraProvider<Complex32>.QRSolve(Complex32[] a, int rows, int columns, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex32>)Managed).QRSolve(a, rows, columns, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex32>.QRSolveFactored(Complex32[] q, Complex32[] r, int rowsA, int columnsA, Complex32[] tau, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) => ((ILinearAlgebraProvider<Complex32>)Managed).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    void ILinearAlgebraProvider<Complex32>.SingularValueDecomposition(bool computeVectors, Complex32[] a, int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt) => ((ILinearAlgebraProvider<Complex32>)Managed).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    void ILinearAlgebraProvider<Complex32>.SvdSolve(Complex32[] a, int rowsA, int columnsA, Complex32[] b, int columnsB, Complex32[] x) => ((ILinearAlgebraProvider<Complex32>)Managed).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    void ILinearAlgebraProvider<Complex32>.SvdSolveFactored(int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt, Complex32[] b, int columnsB, Complex32[] x) => ((ILinearAlgebraProvider<Complex32>)Managed).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    void ILinearAlgebraProvider<Complex32>.EigenDecomp(bool isSymmetric, int order, Complex32[] matrix, Complex32[] matrixEv, Complex[] vectorEv, Complex32[] matrixD) => ((ILinearAlgebraProvider<Complex32>)Managed).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
}
