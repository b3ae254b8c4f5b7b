using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Functional.Tests.Unit.Onnx;

/// <summary>Runs an ONNX model in Microsoft.ML.OnnxRuntime (one thread, all graph optimizations) on a batch of samples.</summary>
public static class OnnxRuntimeRunner
{
    /// <summary>The graph's output for the rows of <paramref name="x"/> (each a sample of <paramref name="sample"/>, row-major), as rows.</summary>
    public static Matrix<float> Run(byte[] onnx, Shape sample, Matrix<float> x)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        var data = new float[x.RowCount * x.ColumnCount];
        for (int i = 0; i < x.RowCount; i++)
            for (int j = 0; j < x.ColumnCount; j++)
                data[(long)i * x.ColumnCount + j] = x[i, j];
        var input = new DenseTensor<float>(data, [x.RowCount, .. sample.Dimensions]);
        var name = session.InputMetadata.Keys.Single();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(name, input)]);
        var output = results.Single().AsTensor<float>();
        int columns = (int)(output.Length / Math.Max(x.RowCount, 1));
        var values = output.ToArray();
        return Matrix<float>.Build.Dense(x.RowCount, columns, (i, j) => values[(long)i * columns + j]);
    }

    /// <summary>The largest absolute difference between two matrices of the same shape.</summary>
    public static double MaxDifference(Matrix<float> a, Matrix<float> b)
    {
        Assert.Equal((a.RowCount, a.ColumnCount), (b.RowCount, b.ColumnCount));
        double max = 0;
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++)
                max = Math.Max(max, Math.Abs((double)a[i, j] - b[i, j]));
        return max;
    }
}
