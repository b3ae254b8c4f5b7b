using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>
/// An elementwise (or, for softmax, row-wise) activation: its forward function and its
/// vector-Jacobian product. Activations are values, compared by name, and round-trip through <see cref="Parse"/>.
/// </summary>
/// <remarks>A batch is a matrix with one sample per row; softmax normalizes each row.</remarks>
public abstract record Activation
{
    private protected Activation(string name) => Name = name;

    /// <summary>The Keras name of the activation ("linear", "sigmoid", "relu", "tanh", "softmax").</summary>
    public string Name { get; }

    /// <summary>The activation of the pre-activations <paramref name="z"/> (batch × units).</summary>
    public abstract Matrix<T> Forward<T>(Matrix<T> z) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The vector-Jacobian product: given pre-activations <paramref name="z"/>, the forward output
    /// <paramref name="output"/> = Forward(z), and the gradient of a scalar with respect to the output,
    /// returns the gradient with respect to <paramref name="z"/>.
    /// </summary>
    public abstract Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Identity: a(z) = z.</summary>
    public static Activation Linear { get; } = new LinearActivation();
    /// <summary>Logistic sigmoid 1/(1+e^-z); stable for any finite z.</summary>
    public static Activation Sigmoid { get; } = new SigmoidActivation();
    /// <summary>Rectified linear unit max(z, 0); its derivative at 0 is taken as 0, as in TensorFlow.</summary>
    public static Activation Relu { get; } = new ReluActivation();
    /// <summary>Hyperbolic tangent.</summary>
    public static Activation Tanh { get; } = new TanhActivation();
    /// <summary>Row-wise softmax, computed after subtracting each row's maximum so large logits cannot overflow.</summary>
    public static Activation Softmax { get; } = new SoftmaxActivation();

    /// <summary>Every activation the library knows, in a fixed order.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Linear, Sigmoid, Relu, Tanh, Softmax];

    /// <summary>The activation with the given Keras name.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="All"/>.</exception>
    public static Activation Parse(string name) =>
        All.FirstOrDefault(a => a.Name == name)
        ?? throw new ArgumentException($"Activation.Parse: unknown activation '{name}'; known: {string.Join(", ", All.Select(a => a.Name))}.", nameof(name));

    /// <inheritdoc />
    public sealed override string ToString() => Name;

    private protected static void CheckBackward<T>(string name, Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatrixData.RequireSameShape($"{name}.Backward", z, output, "z", "output");
        MatrixData.RequireSameShape($"{name}.Backward", z, outputGradient, "z", "outputGradient");
    }

    private sealed record LinearActivation() : Activation("linear")
    {
        public override Matrix<T> Forward<T>(Matrix<T> z) { ArgumentNullException.ThrowIfNull(z); return z; }

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            return outputGradient;
        }
    }

    private sealed record SigmoidActivation() : Activation("sigmoid")
    {
        // TensorPrimitives.Sigmoid computes 1/(1+exp(-z)): exp overflows to +inf for z << 0 and the result is 0, never NaN.
        public override Matrix<T> Forward<T>(Matrix<T> z) => MatrixData.Elementwise(z, (s, d) => TensorPrimitives.Sigmoid(s, d));

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            var a = MatrixData.ColumnMajor(output);
            var g = MatrixData.ColumnMajor(outputGradient);
            var result = new T[a.Length];
            for (int k = 0; k < a.Length; k++) result[k] = g[k] * a[k] * (T.One - a[k]);
            return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
        }
    }

    private sealed record ReluActivation() : Activation("relu")
    {
        public override Matrix<T> Forward<T>(Matrix<T> z) => MatrixData.Elementwise(z, (s, d) => TensorPrimitives.Max(s, T.Zero, d));

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            var x = MatrixData.ColumnMajor(z);
            var g = MatrixData.ColumnMajor(outputGradient);
            var result = new T[x.Length];
            for (int k = 0; k < x.Length; k++) result[k] = x[k] > T.Zero ? g[k] : T.Zero;
            return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
        }
    }

    private sealed record TanhActivation() : Activation("tanh")
    {
        public override Matrix<T> Forward<T>(Matrix<T> z) => MatrixData.Elementwise(z, (s, d) => TensorPrimitives.Tanh(s, d));

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            var a = MatrixData.ColumnMajor(output);
            var g = MatrixData.ColumnMajor(outputGradient);
            var result = new T[a.Length];
            for (int k = 0; k < a.Length; k++) result[k] = g[k] * (T.One - a[k] * a[k]);
            return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
        }
    }

    private sealed record SoftmaxActivation() : Activation("softmax")
    {
        public override Matrix<T> Forward<T>(Matrix<T> z)
        {
            ArgumentNullException.ThrowIfNull(z);
            var x = MatrixData.ColumnMajor(z);
            var result = new T[x.Length];
            RowSoftmax(x, z.RowCount, z.ColumnCount, result);
            return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
        }

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            // dz_j = a_j (g_j - Σ_k g_k a_k), row by row.
            int rows = z.RowCount, cols = z.ColumnCount;
            var a = MatrixData.ColumnMajor(output);
            var g = MatrixData.ColumnMajor(outputGradient);
            var result = new T[a.Length];
            for (int i = 0; i < rows; i++)
            {
                T dot = T.Zero;
                for (int j = 0; j < cols; j++) dot += g[j * rows + i] * a[j * rows + i];
                for (int j = 0; j < cols; j++) result[j * rows + i] = a[j * rows + i] * (g[j * rows + i] - dot);
            }
            return MatrixData.Wrap(rows, cols, result);
        }
    }

    /// <summary>Row-wise softmax of a column-major rows×cols block, max-subtracted.</summary>
    internal static void RowSoftmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < rows; i++)
        {
            T max = T.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = T.Max(max, x[j * rows + i]);
            T sum = T.Zero;
            for (int j = 0; j < cols; j++)
            {
                var e = T.Exp(x[j * rows + i] - max);
                result[j * rows + i] = e;
                sum += e;
            }
            for (int j = 0; j < cols; j++) result[j * rows + i] /= sum;
        }
    }
}
