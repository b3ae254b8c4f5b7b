using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra.Factorization;
using MathNet.Numerics.Providers.LinearAlgebra;
using Complex = System.Numerics.Complex;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// A MathNet linear-algebra provider that hands every member to <see cref="Fallback"/>: the base of the library's
/// providers, which override only what they accelerate (the OpenBLAS provider the float and double products, the CUDA
/// provider the products large enough to pay for the transfers). MathNet's managed provider is sealed, so providers
/// delegate instead of inheriting.
/// </summary>
internal abstract class DelegatingLinearAlgebraProvider(ILinearAlgebraProvider fallback) : ILinearAlgebraProvider
{
    /// <summary>The provider every member not overridden goes to.</summary>
    public ILinearAlgebraProvider Fallback { get; } = fallback ?? throw new ArgumentNullException(nameof(fallback));

    /// <inheritdoc />
    public virtual bool IsAvailable() => Fallback.IsAvailable();

    /// <inheritdoc />
    public virtual void InitializeVerify() => Fallback.InitializeVerify();

    /// <inheritdoc />
    public virtual void FreeResources() => Fallback.FreeResources();

    // ---- double
    public virtual void AddVectorToScaledVector(double[] y, double alpha, double[] x, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(double alpha, double[] x, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(double[] x, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).ConjugateArray(x, result);
    public virtual double DotProduct(double[] x, double[] y) =>
        ((ILinearAlgebraProvider<double>)Fallback).DotProduct(x, y);
    public virtual void AddArrays(double[] x, double[] y, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).AddArrays(x, y, result);
    public virtual void SubtractArrays(double[] x, double[] y, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(double[] x, double[] y, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(double[] x, double[] y, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(double[] x, double[] y, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, double[] matrix) =>
        ((ILinearAlgebraProvider<double>)Fallback).MatrixNorm(norm, rows, columns, matrix);
    public virtual void LUFactor(double[] data, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<double>)Fallback).LUFactor(data, order, ipiv);
    public virtual void LUInverse(double[] a, int order) =>
        ((ILinearAlgebraProvider<double>)Fallback).LUInverse(a, order);
    public virtual void LUInverseFactored(double[] a, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<double>)Fallback).LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, double[] a, int order, double[] b) =>
        ((ILinearAlgebraProvider<double>)Fallback).LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, double[] a, int order, int[] ipiv, double[] b) =>
        ((ILinearAlgebraProvider<double>)Fallback).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(double[] a, int order) =>
        ((ILinearAlgebraProvider<double>)Fallback).CholeskyFactor(a, order);
    public virtual void CholeskySolve(double[] a, int orderA, double[] b, int columnsB) =>
        ((ILinearAlgebraProvider<double>)Fallback).CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(double[] a, int orderA, double[] b, int columnsB) =>
        ((ILinearAlgebraProvider<double>)Fallback).CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(double[] a, int rowsA, int columnsA, double[] q, double[] tau) =>
        ((ILinearAlgebraProvider<double>)Fallback).QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(double[] a, int rowsA, int columnsA, double[] r, double[] tau) =>
        ((ILinearAlgebraProvider<double>)Fallback).ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(double[] a, int rows, int columns, double[] b, int columnsB, double[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<double>)Fallback).QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(double[] q, double[] r, int rowsA, int columnsA, double[] tau, double[] b, int columnsB, double[] x,
        QRMethod method) =>
        ((ILinearAlgebraProvider<double>)Fallback).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, double[] a, int rowsA, int columnsA, double[] s, double[] u, double[] vt) =>
        ((ILinearAlgebraProvider<double>)Fallback).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(double[] a, int rowsA, int columnsA, double[] b, int columnsB, double[] x) =>
        ((ILinearAlgebraProvider<double>)Fallback).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, double[] s, double[] u, double[] vt, double[] b, int columnsB, double[] x) =>
        ((ILinearAlgebraProvider<double>)Fallback).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, double[] matrix, double[] matrixEv, Complex[] vectorEv, double[] matrixD) =>
        ((ILinearAlgebraProvider<double>)Fallback).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    public virtual void MatrixMultiply(double[] x, int rowsX, int columnsX, double[] y, int rowsY, int columnsY, double[] result) =>
        ((ILinearAlgebraProvider<double>)Fallback).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, double alpha, double[] a, int rowsA, int columnsA,
        double[] b, int rowsB, int columnsB, double beta, double[] c) =>
        ((ILinearAlgebraProvider<double>)Fallback).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);

    // ---- float
    public virtual void AddVectorToScaledVector(float[] y, float alpha, float[] x, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(float alpha, float[] x, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(float[] x, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).ConjugateArray(x, result);
    public virtual float DotProduct(float[] x, float[] y) =>
        ((ILinearAlgebraProvider<float>)Fallback).DotProduct(x, y);
    public virtual void AddArrays(float[] x, float[] y, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).AddArrays(x, y, result);
    public virtual void SubtractArrays(float[] x, float[] y, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(float[] x, float[] y, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(float[] x, float[] y, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(float[] x, float[] y, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, float[] matrix) =>
        ((ILinearAlgebraProvider<float>)Fallback).MatrixNorm(norm, rows, columns, matrix);
    public virtual void LUFactor(float[] data, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<float>)Fallback).LUFactor(data, order, ipiv);
    public virtual void LUInverse(float[] a, int order) =>
        ((ILinearAlgebraProvider<float>)Fallback).LUInverse(a, order);
    public virtual void LUInverseFactored(float[] a, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<float>)Fallback).LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, float[] a, int order, float[] b) =>
        ((ILinearAlgebraProvider<float>)Fallback).LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, float[] a, int order, int[] ipiv, float[] b) =>
        ((ILinearAlgebraProvider<float>)Fallback).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(float[] a, int order) =>
        ((ILinearAlgebraProvider<float>)Fallback).CholeskyFactor(a, order);
    public virtual void CholeskySolve(float[] a, int orderA, float[] b, int columnsB) =>
        ((ILinearAlgebraProvider<float>)Fallback).CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(float[] a, int orderA, float[] b, int columnsB) =>
        ((ILinearAlgebraProvider<float>)Fallback).CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(float[] a, int rowsA, int columnsA, float[] q, float[] tau) =>
        ((ILinearAlgebraProvider<float>)Fallback).QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(float[] a, int rowsA, int columnsA, float[] r, float[] tau) =>
        ((ILinearAlgebraProvider<float>)Fallback).ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(float[] a, int rows, int columns, float[] b, int columnsB, float[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<float>)Fallback).QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(float[] q, float[] r, int rowsA, int columnsA, float[] tau, float[] b, int columnsB, float[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<float>)Fallback).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, float[] a, int rowsA, int columnsA, float[] s, float[] u, float[] vt) =>
        ((ILinearAlgebraProvider<float>)Fallback).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(float[] a, int rowsA, int columnsA, float[] b, int columnsB, float[] x) =>
        ((ILinearAlgebraProvider<float>)Fallback).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, float[] s, float[] u, float[] vt, float[] b, int columnsB, float[] x) =>
        ((ILinearAlgebraProvider<float>)Fallback).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, float[] matrix, float[] matrixEv, Complex[] vectorEv, float[] matrixD) =>
        ((ILinearAlgebraProvider<float>)Fallback).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
    public virtual void MatrixMultiply(float[] x, int rowsX, int columnsX, float[] y, int rowsY, int columnsY, float[] result) =>
        ((ILinearAlgebraProvider<float>)Fallback).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, float alpha, float[] a, int rowsA, int columnsA,
        float[] b, int rowsB, int columnsB, float beta, float[] c) =>
        ((ILinearAlgebraProvider<float>)Fallback).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);

    // ---- Complex
    public virtual void AddVectorToScaledVector(Complex[] y, Complex alpha, Complex[] x, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(Complex alpha, Complex[] x, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(Complex[] x, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).ConjugateArray(x, result);
    public virtual Complex DotProduct(Complex[] x, Complex[] y) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).DotProduct(x, y);
    public virtual void AddArrays(Complex[] x, Complex[] y, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).AddArrays(x, y, result);
    public virtual void SubtractArrays(Complex[] x, Complex[] y, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(Complex[] x, Complex[] y, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(Complex[] x, Complex[] y, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(Complex[] x, Complex[] y, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, Complex[] matrix) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(Complex[] x, int rowsX, int columnsX, Complex[] y, int rowsY, int columnsY, Complex[] result) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex alpha, Complex[] a, int rowsA, int columnsA,
        Complex[] b, int rowsB, int columnsB, Complex beta, Complex[] c) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB, beta, c);
    public virtual void LUFactor(Complex[] data, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).LUFactor(data, order, ipiv);
    public virtual void LUInverse(Complex[] a, int order) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).LUInverse(a, order);
    public virtual void LUInverseFactored(Complex[] a, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, Complex[] a, int order, Complex[] b) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, Complex[] a, int order, int[] ipiv, Complex[] b) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(Complex[] a, int order) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).CholeskyFactor(a, order);
    public virtual void CholeskySolve(Complex[] a, int orderA, Complex[] b, int columnsB) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(Complex[] a, int orderA, Complex[] b, int columnsB) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(Complex[] a, int rowsA, int columnsA, Complex[] q, Complex[] tau) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(Complex[] a, int rowsA, int columnsA, Complex[] r, Complex[] tau) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(Complex[] a, int rows, int columns, Complex[] b, int columnsB, Complex[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(Complex[] q, Complex[] r, int rowsA, int columnsA, Complex[] tau, Complex[] b, int columnsB, Complex[] x,
        QRMethod method) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, Complex[] a, int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(Complex[] a, int rowsA, int columnsA, Complex[] b, int columnsB, Complex[] x) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, Complex[] s, Complex[] u, Complex[] vt, Complex[] b, int columnsB, Complex[] x) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, Complex[] matrix, Complex[] matrixEv, Complex[] vectorEv, Complex[] matrixD) =>
        ((ILinearAlgebraProvider<Complex>)Fallback).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);

    // ---- Complex32
    public virtual void AddVectorToScaledVector(Complex32[] y, Complex32 alpha, Complex32[] x, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).AddVectorToScaledVector(y, alpha, x, result);
    public virtual void ScaleArray(Complex32 alpha, Complex32[] x, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).ScaleArray(alpha, x, result);
    public virtual void ConjugateArray(Complex32[] x, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).ConjugateArray(x, result);
    public virtual Complex32 DotProduct(Complex32[] x, Complex32[] y) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).DotProduct(x, y);
    public virtual void AddArrays(Complex32[] x, Complex32[] y, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).AddArrays(x, y, result);
    public virtual void SubtractArrays(Complex32[] x, Complex32[] y, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).SubtractArrays(x, y, result);
    public virtual void PointWiseMultiplyArrays(Complex32[] x, Complex32[] y, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).PointWiseMultiplyArrays(x, y, result);
    public virtual void PointWiseDivideArrays(Complex32[] x, Complex32[] y, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).PointWiseDivideArrays(x, y, result);
    public virtual void PointWisePowerArrays(Complex32[] x, Complex32[] y, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).PointWisePowerArrays(x, y, result);
    public virtual double MatrixNorm(Norm norm, int rows, int columns, Complex32[] matrix) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).MatrixNorm(norm, rows, columns, matrix);
    public virtual void MatrixMultiply(Complex32[] x, int rowsX, int columnsX, Complex32[] y, int rowsY, int columnsY, Complex32[] result) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).MatrixMultiply(x, rowsX, columnsX, y, rowsY, columnsY, result);
    public virtual void MatrixMultiplyWithUpdate(Transpose transposeA, Transpose transposeB, Complex32 alpha, Complex32[] a, int rowsA, int columnsA,
        Complex32[] b, int rowsB, int columnsB, Complex32 beta, Complex32[] c) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).MatrixMultiplyWithUpdate(transposeA, transposeB, alpha, a, rowsA, columnsA, b, rowsB, columnsB,
            beta, c);
    public virtual void LUFactor(Complex32[] data, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).LUFactor(data, order, ipiv);
    public virtual void LUInverse(Complex32[] a, int order) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).LUInverse(a, order);
    public virtual void LUInverseFactored(Complex32[] a, int order, int[] ipiv) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).LUInverseFactored(a, order, ipiv);
    public virtual void LUSolve(int columnsOfB, Complex32[] a, int order, Complex32[] b) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).LUSolve(columnsOfB, a, order, b);
    public virtual void LUSolveFactored(int columnsOfB, Complex32[] a, int order, int[] ipiv, Complex32[] b) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).LUSolveFactored(columnsOfB, a, order, ipiv, b);
    public virtual void CholeskyFactor(Complex32[] a, int order) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).CholeskyFactor(a, order);
    public virtual void CholeskySolve(Complex32[] a, int orderA, Complex32[] b, int columnsB) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).CholeskySolve(a, orderA, b, columnsB);
    public virtual void CholeskySolveFactored(Complex32[] a, int orderA, Complex32[] b, int columnsB) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).CholeskySolveFactored(a, orderA, b, columnsB);
    public virtual void QRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] q, Complex32[] tau) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).QRFactor(a, rowsA, columnsA, q, tau);
    public virtual void ThinQRFactor(Complex32[] a, int rowsA, int columnsA, Complex32[] r, Complex32[] tau) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).ThinQRFactor(a, rowsA, columnsA, r, tau);
    public virtual void QRSolve(Complex32[] a, int rows, int columns, Complex32[] b, int columnsB, Complex32[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).QRSolve(a, rows, columns, b, columnsB, x, method);
    public virtual void QRSolveFactored(Complex32[] q, Complex32[] r, int rowsA, int columnsA, Complex32[] tau, Complex32[] b, int columnsB,
        Complex32[] x, QRMethod method) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).QRSolveFactored(q, r, rowsA, columnsA, tau, b, columnsB, x, method);
    public virtual void SingularValueDecomposition(bool computeVectors, Complex32[] a, int rowsA, int columnsA, Complex32[] s, Complex32[] u,
        Complex32[] vt) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).SingularValueDecomposition(computeVectors, a, rowsA, columnsA, s, u, vt);
    public virtual void SvdSolve(Complex32[] a, int rowsA, int columnsA, Complex32[] b, int columnsB, Complex32[] x) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).SvdSolve(a, rowsA, columnsA, b, columnsB, x);
    public virtual void SvdSolveFactored(int rowsA, int columnsA, Complex32[] s, Complex32[] u, Complex32[] vt, Complex32[] b, int columnsB, Complex32[] x) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).SvdSolveFactored(rowsA, columnsA, s, u, vt, b, columnsB, x);
    public virtual void EigenDecomp(bool isSymmetric, int order, Complex32[] matrix, Complex32[] matrixEv, Complex[] vectorEv, Complex32[] matrixD) =>
        ((ILinearAlgebraProvider<Complex32>)Fallback).EigenDecomp(isSymmetric, order, matrix, matrixEv, vectorEv, matrixD);
}
