using System.Numerics.Tensors;
using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>A fully connected layer as written: output = activation(input · kernel + bias).</summary>
/// <param name="Units">The number of outputs.</param>
/// <param name="Activation">Applied to the pre-activations.</param>
/// <param name="KernelInitializer">How the input × units kernel starts (Keras: Glorot uniform).</param>
/// <param name="BiasInitializer">How the 1 × units bias starts (Keras: zeros).</param>
public sealed record DenseSpec(int Units, Activation Activation, Initializer KernelInitializer, Initializer BiasInitializer) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Dense";

    /// <inheritdoc />
    public override string BaseName => "dense";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Units <= 0) throw new ArgumentException($"Dense '{name}': units must be positive, got {Units}.");
        if (Activation is null) throw new ArgumentException($"Dense '{name}': the activation is null; use Activation.Linear for none.");
        if (KernelInitializer is null || BiasInitializer is null)
            throw new ArgumentException($"Dense '{name}': the {(KernelInitializer is null ? "kernel" : "bias")} initializer is null.");
        if (input.Dimensions.Count != 1)
            throw new ArgumentException(
                $"Dense '{name}' takes one-dimensional samples but receives shape {input}; put Layers.Flatten() before it.");
        MatrixData.Count($"Dense '{name}': the {input.Size}x{Units} kernel", input.Size, Units);
        return new Shape(Units);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames => ["kernel", "bias"];

    /// <summary>Keras' <c>kernel_regularizer</c>: a penalty on the kernel added to the loss, or null.</summary>
    public Regularizer? KernelRegularizer { get; init; }

    /// <summary>Keras' <c>bias_regularizer</c>: a penalty on the bias added to the loss, or null.</summary>
    public Regularizer? BiasRegularizer { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<Regularizer?> ParameterRegularizers =>
        KernelRegularizer is null && BiasRegularizer is null ? [] : [KernelRegularizer, BiasRegularizer];

    /// <inheritdoc />
    public override IReadOnlyList<TensorShape> ParameterShapes(Shape input) => [new(input.Size, Units), new(1, Units)];

    /// <inheritdoc />
    protected override (Matrix<T>[] Parameters, Matrix<T>[] State) Initialize<T>(Shape input, PortableRandom random) =>
        ([KernelInitializer.Create<T>(input.Size, Units, random), BiasInitializer.Create<T>(1, Units, random)], []);

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Dense<T>(this, name, input, parameters, state);

    /// <summary>"Dense(128, relu)", with its penalties when it has any ("Dense(64, relu, kernel L2(0.001))").</summary>
    public override string ToString() =>
        $"Dense({Units}, {Activation}" + (KernelRegularizer is { } k ? $", kernel {k}" : "") + (BiasRegularizer is { } b ? $", bias {b}" : "") + ")";
}

/// <summary>
/// A fully connected layer with its weights: output = activation(input · Kernel + Bias), Kernel of shape inputs × units,
/// Bias 1 × units.
/// </summary>
public sealed record Dense<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A Dense layer from its weights (copied); the kernel must be (input size) × units and the bias 1 × units.</summary>
    public Dense(string name, Shape inputShape, Activation activation, Matrix<T> kernel, Matrix<T> bias)
        : base(SpecFor(activation, kernel), name, inputShape, [kernel, bias], [])
    {
    }

    internal Dense(DenseSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
    }

    private static DenseSpec SpecFor(Activation activation, Matrix<T> kernel)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(kernel);
        return new DenseSpec(kernel.ColumnCount, activation, Initializer.GlorotUniform, Initializer.Zeros);
    }

    private DenseSpec Config => (DenseSpec)Spec;

    /// <summary>The number of outputs.</summary>
    public int Units => Config.Units;

    /// <summary>The activation applied to input · Kernel + Bias.</summary>
    public override Activation Activation => Config.Activation;

    /// <summary>A copy of the kernel (inputs × units).</summary>
    public Matrix<T> Kernel => ParameterStore[0].Clone();

    /// <summary>A copy of the bias (1 × units).</summary>
    public Matrix<T> Bias => ParameterStore[1].Clone();

    /// <summary>z = input · kernel + bias.</summary>
    protected override void ForwardInto(LayerPass<T> pass)
    {
        pass.Input.Multiply(pass.Parameters[0], pass.Output);
        AddBias(pass, 0, Units);
    }

    /// <summary>From dz (the pre-activation's gradient): kernel gradient inputᵀ·dz, bias gradient the column sums of dz,
    /// input gradient dz·kernelᵀ.</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        ParameterGradientsInto(pass);
        if (pass.InputGradient is not null) InputGradientInto(pass);
    }

    /// <inheritdoc />
    internal override bool SeparatesInputGradient => true;

    /// <summary>The kernel gradient inputᵀ·dz and the bias gradient, the column sums of dz.</summary>
    internal override void ParameterGradientsInto(LayerPass<T> pass)
    {
        pass.Input.TransposeThisAndMultiply(pass.OutputGradient, pass.ParameterGradients[0]);
        SumBiasGradient(pass, 0, Units);
    }

    /// <inheritdoc />
    internal override int ShardableUnits => Activation.IsElementwise ? Units : 0;

    /// <summary>Columns [first, first + count) of z = input · kernel + bias (one OpenBLAS call over the kernel's columns in place).</summary>
    internal override void ForwardUnits(LayerPass<T> pass, int first, int count)
    {
        BlockProduct.Columns(false, false, pass.Input, pass.Parameters[0], pass.Output, first, count);
        AddBias(pass, first, count);
    }

    /// <summary>Columns [first, first + count) of the kernel gradient inputᵀ·dz, and those entries of the bias gradient.</summary>
    internal override void BackwardUnits(LayerPass<T> pass, int first, int count)
    {
        BlockProduct.Columns(true, false, pass.Input, pass.OutputGradient, pass.ParameterGradients[0], first, count);
        SumBiasGradient(pass, first, count);
    }

    /// <summary>The product overwrites z (beta 0), then the bias is added to it.</summary>
    internal override bool OverwritesOutput => true;

    /// <inheritdoc />
    internal override long RowMultiplyAdds => (long)InputShape.Size * Units;

    /// <summary>Rows [first, first + count) of z = input · kernel + bias (one OpenBLAS call over the input's rows in place).</summary>
    internal override void ForwardRows(LayerPass<T> pass, int first, int count)
    {
        BlockProduct.Rows(false, false, pass.Input, pass.Parameters[0], pass.Output, first, count);
        AddBias(pass, 0, Units, first, count);
    }

    /// <summary>The input gradient dz·kernelᵀ.</summary>
    internal override void InputGradientInto(LayerPass<T> pass) => pass.OutputGradient.TransposeAndMultiply(pass.Parameters[0], pass.InputGradient!);

    /// <summary>The kernel (inputs × units, column-major) holds unit j's weights in column j; the bias holds it at j.</summary>
    internal override (int Start, int Length) UnitRange(int tensor, int first, int count) =>
        tensor == 0 ? (first * InputShape.Size, count * InputShape.Size) : (first, count);

    /// <summary>Adds the bias to units [first, first + count) of z, over every sample or samples [firstRow, firstRow + rowCount).</summary>
    private static void AddBias(LayerPass<T> pass, int first, int count, int firstRow = 0, int rowCount = -1)
    {
        var z = MatrixData.ColumnMajor(pass.Output).AsSpan();
        var b = MatrixData.ColumnMajor(pass.Parameters[1]);
        int rows = pass.BatchSize;
        if (rowCount < 0) rowCount = rows;
        for (int j = first; j < first + count; j++)
        {
            var column = z.Slice(j * rows + firstRow, rowCount);
            TensorPrimitives.Add(column, b[j], column);
        }
    }

    private static void SumBiasGradient(LayerPass<T> pass, int first, int count)
    {
        var data = MatrixData.ColumnMajor(pass.OutputGradient);
        var sums = MatrixData.ColumnMajor(pass.ParameterGradients[1]);
        int rows = pass.BatchSize;
        for (int j = first; j < first + count; j++) sums[j] = TensorPrimitives.Sum<T>(data.AsSpan(j * rows, rows));
    }
}

public static partial class Layers
{
    /// <summary>A Dense layer with Keras' defaults: linear activation unless given, Glorot uniform kernel, zero bias.</summary>
    public static DenseSpec Dense(int units, Activation? activation = null, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null)
    {
        if (units <= 0) throw new ArgumentException($"Dense: units must be positive, got {units}.", nameof(units));
        return new(units, activation ?? Activation.Linear, kernelInitializer ?? Initializer.GlorotUniform, biasInitializer ?? Initializer.Zeros)
        {
            KernelRegularizer = kernelRegularizer,
            BiasRegularizer = biasRegularizer,
        };
    }
}
