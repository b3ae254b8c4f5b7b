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

    /// <summary>
    /// The forward formula over column-major storage of a <paramref name="rows"/> × <paramref name="cols"/> block, written
    /// into <paramref name="result"/> (which may be <paramref name="z"/> itself). <see cref="Forward{T}"/> and training's
    /// workspace both call this, so there is one implementation of each formula.
    /// </summary>
    internal abstract void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The vector-Jacobian product of <see cref="Backward{T}"/> over column-major storage, written into <paramref name="result"/>.</summary>
    internal abstract void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> result, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// <see cref="ForwardInto{T}"/> for rows [<paramref name="first"/>, first + <paramref name="count"/>) of a column-major
    /// <paramref name="rows"/> × <paramref name="cols"/> matrix, the other rows untouched, with the bits the whole call gives
    /// them when each segment is whole vectors from a vector boundary of the whole call (the row shards see to it): what a
    /// lane of the inference engine's row shards computes. Elementwise: each column's segment; softmax overrides it, row by row.
    /// </summary>
    internal virtual void ForwardRowsInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols, int first, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < cols; j++)
            ForwardInto<T>(z.Slice(j * rows + first, count), result.Slice(j * rows + first, count), count, 1);
    }

    /// <summary>True when each output depends on its own input alone (every activation but softmax): then any block of
    /// columns can be computed on its own, as the training engine's unit shards do.</summary>
    internal virtual bool IsElementwise => true;

    /// <summary>True when <see cref="BackwardInto{T}"/> reads the activation's output and never its input z (relu, sigmoid,
    /// tanh, softmax): training may then apply it in place over z, one matrix instead of two, and the backward pass reads
    /// the same values from either. False, the default, for an activation whose derivative needs z.</summary>
    internal virtual bool BackwardReadsOutputOnly => false;

    /// <summary>A new matrix shaped like <paramref name="z"/> filled by <see cref="ForwardInto{T}"/>.</summary>
    private protected Matrix<T> ForwardNew<T>(Matrix<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(z);
        var result = new T[z.RowCount * z.ColumnCount];
        ForwardInto<T>(MatrixData.ColumnMajor(z), result, z.RowCount, z.ColumnCount);
        return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
    }

    /// <summary>Checks shapes, then a new matrix filled by <see cref="BackwardInto{T}"/>.</summary>
    private protected Matrix<T> BackwardNew<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckBackward(Name, z, output, outputGradient);
        var result = new T[z.RowCount * z.ColumnCount];
        BackwardInto<T>(MatrixData.ColumnMajor(z), MatrixData.ColumnMajor(output), MatrixData.ColumnMajor(outputGradient), result, z.RowCount, z.ColumnCount);
        return MatrixData.Wrap(z.RowCount, z.ColumnCount, result);
    }

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
        // The allocating forms return their argument: a linear layer's output is its pre-activation, no copy needed.
        public override Matrix<T> Forward<T>(Matrix<T> z) { ArgumentNullException.ThrowIfNull(z); return z; }

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient)
        {
            CheckBackward(Name, z, output, outputGradient);
            return outputGradient;
        }

        internal override void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) => z.CopyTo(result);

        internal override void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> result, int rows, int cols) =>
            outputGradient.CopyTo(result);
    }

    private sealed record SigmoidActivation() : Activation("sigmoid")
    {
        internal override bool BackwardReadsOutputOnly => true;

        public override Matrix<T> Forward<T>(Matrix<T> z) => ForwardNew(z);

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) => BackwardNew(z, output, outputGradient);

        // TensorPrimitives.Sigmoid computes 1/(1+exp(-z)): exp overflows to +inf for z << 0 and the result is 0, never NaN.
        internal override void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) => TensorPrimitives.Sigmoid(z, result);

        internal override void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> g, Span<T> result, int rows, int cols)
        {
            for (int k = 0; k < a.Length; k++) result[k] = g[k] * a[k] * (T.One - a[k]);
        }
    }

    private sealed record ReluActivation() : Activation("relu")
    {
        public override Matrix<T> Forward<T>(Matrix<T> z) => ForwardNew(z);

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) => BackwardNew(z, output, outputGradient);

        internal override void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) => TensorPrimitives.Max(z, T.Zero, result);

        internal override bool BackwardReadsOutputOnly => true;

        internal override void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> output, ReadOnlySpan<T> g, Span<T> result, int rows, int cols)
        {
            // g where the output max(z, 0) is > 0 (exactly where z > 0, NaN and -0 included), else 0, as a lane-wise select:
            // branch-free (a branch on the sign mispredicts half the time). The output, not z: training may apply relu in place.
            int n = output.Length;
            if (g.Length < n || result.Length < n)
                throw new ArgumentException($"relu backward: the output has {n} elements, the gradient {g.Length} and the result {result.Length}.");
            int whole = Lanes.WholeLength<T>(n);
            for (int k = 0; k < whole; k += System.Numerics.Vector<T>.Count)
                Lanes.StoreWhole(Select(Lanes.LoadWhole(output, k), Lanes.LoadWhole(g, k)), result, k);
            if (whole < n) Lanes.Store(Select(Lanes.Load(output, whole), Lanes.Load(g[..n], whole)), result[..n], whole);

            static System.Numerics.Vector<T> Select(System.Numerics.Vector<T> zk, System.Numerics.Vector<T> gk) =>
                System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(zk, System.Numerics.Vector<T>.Zero), gk,
                    System.Numerics.Vector<T>.Zero);
        }
    }

    private sealed record TanhActivation() : Activation("tanh")
    {
        internal override bool BackwardReadsOutputOnly => true;

        public override Matrix<T> Forward<T>(Matrix<T> z) => ForwardNew(z);

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) => BackwardNew(z, output, outputGradient);

        internal override void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) => TensorPrimitives.Tanh(z, result);

        internal override void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> g, Span<T> result, int rows, int cols)
        {
            for (int k = 0; k < a.Length; k++) result[k] = g[k] * (T.One - a[k] * a[k]);
        }
    }

    private sealed record SoftmaxActivation() : Activation("softmax")
    {
        internal override bool IsElementwise => false;

        internal override bool BackwardReadsOutputOnly => true;

        public override Matrix<T> Forward<T>(Matrix<T> z) => ForwardNew(z);

        public override Matrix<T> Backward<T>(Matrix<T> z, Matrix<T> output, Matrix<T> outputGradient) => BackwardNew(z, output, outputGradient);

        internal override void ForwardInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols) => RowSoftmax(z, rows, cols, result);

        internal override void ForwardRowsInto<T>(ReadOnlySpan<T> z, Span<T> result, int rows, int cols, int first, int count) =>
            RowSoftmax(z, rows, cols, result, first, count);

        internal override void BackwardInto<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> g, Span<T> result, int rows, int cols)
        {
            // dz_j = a_j (g_j - Σ_k g_k a_k), row by row.
            for (int i = 0; i < rows; i++)
            {
                T dot = T.Zero;
                for (int j = 0; j < cols; j++) dot += g[j * rows + i] * a[j * rows + i];
                for (int j = 0; j < cols; j++) result[j * rows + i] = a[j * rows + i] * (g[j * rows + i] - dot);
            }
        }
    }

    /// <summary>Row-wise softmax of a column-major rows×cols block, max-subtracted: every row, or rows [first, first + count).</summary>
    internal static void RowSoftmax<T>(ReadOnlySpan<T> x, int rows, int cols, Span<T> result, int first = 0, int count = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int end = count < 0 ? rows : first + count;
        for (int i = first; i < end; i++)
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
