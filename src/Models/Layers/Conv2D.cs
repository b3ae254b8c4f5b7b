using Functional.Core;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>A 2-D convolution as written (Keras' <c>Conv2D</c>, channels last): output = activation(input ⋆ kernel + bias).</summary>
/// <param name="Filters">Output channels.</param>
/// <param name="KernelHeight">Kernel rows.</param>
/// <param name="KernelWidth">Kernel columns.</param>
/// <param name="StrideHeight">Step between windows, down.</param>
/// <param name="StrideWidth">Step between windows, across.</param>
/// <param name="Padding">Valid (no padding) or same (zeros around, output = ceil(input / stride)).</param>
/// <param name="Activation">Applied to the pre-activations.</param>
/// <param name="KernelInitializer">How the kernel starts (Keras: Glorot uniform, fans kh·kw·in and kh·kw·filters).</param>
/// <param name="BiasInitializer">How the bias starts (Keras: zeros).</param>
public sealed record Conv2DSpec(int Filters, int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, Padding Padding, Activation Activation,
    Initializer KernelInitializer, Initializer BiasInitializer) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Conv2D";

    /// <inheritdoc />
    public override string BaseName => "conv2d";

    /// <summary>Where the kernel visits an input of <paramref name="input"/>, checked.</summary>
    internal Window2D Window(string name, Shape input)
    {
        if (Filters <= 0) throw new ArgumentException($"Conv2D '{name}': filters must be positive, got {Filters}.");
        if (Activation is null) throw new ArgumentException($"Conv2D '{name}': the activation is null; use Activation.Linear for none.");
        // The library's softmax normalizes a whole sample; Keras' Conv2D softmax normalizes the channels at each position.
        // Refused rather than computed differently from Keras (found by comparing an ONNX export with ONNX Runtime).
        if (Activation == Activation.Softmax)
            throw new ArgumentException(
                $"Conv2D '{name}': a softmax activation is not supported (Keras normalizes the channels at each position, the library's softmax " +
                "normalizes whole samples); end with Flatten and Dense(classes, softmax).");
        if (KernelInitializer is null || BiasInitializer is null)
            throw new ArgumentException($"Conv2D '{name}': the {(KernelInitializer is null ? "kernel" : "bias")} initializer is null.");
        return Window2D.For($"Conv2D '{name}'", input, (KernelHeight, KernelWidth), (StrideHeight, StrideWidth), Padding, "kernel size");
    }

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        var w = Window(name, input);
        MatrixData.Count($"Conv2D '{name}': the kernel", (long)KernelHeight * KernelWidth * input.Dimensions[2], Filters);
        return new Shape(w.OutputHeight, w.OutputWidth, Filters);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames => ["kernel", "bias"];

    /// <summary>The kernel as a matrix: one row per (kernel row, kernel column, input channel), in that order, one column per filter
    /// (Keras' (kh, kw, in, filters) tensor with its first three axes flattened).</summary>
    public override IReadOnlyList<TensorShape> ParameterShapes(Shape input) =>
        [new(KernelHeight * KernelWidth * input.Dimensions[2], Filters), new(1, Filters)];

    /// <inheritdoc />
    protected override (Matrix<T>[] Parameters, Matrix<T>[] State) Initialize<T>(Shape input, PortableRandom random)
    {
        int field = KernelHeight * KernelWidth, channels = input.Dimensions[2];
        return ([KernelInitializer.Create<T>(field * channels, Filters, field * channels, field * Filters, random),
            BiasInitializer.Create<T>(1, Filters, random)], []);
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Conv2D<T>(this, name, input, parameters, state);

    /// <summary>"Conv2D(32, (3, 3), relu)", with strides and padding when they are not the defaults.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"Conv2D({Filters}, ({KernelHeight}, {KernelWidth}), {Activation}") +
        (StrideHeight != 1 || StrideWidth != 1 ? FormattableString.Invariant($", strides ({StrideHeight}, {StrideWidth})") : "") +
        (Padding == Padding.Same ? ", same" : "") + ")";
}

/// <summary>
/// A 2-D convolution with its weights. Samples are channels-last (height, width, channels) rows; in a batch's column-major
/// storage each (pixel, channel) is a run of one value per sample, so the kernel is applied as matrix products: the
/// windows of a block of output positions are gathered as rows (im2col, whole runs at a time), multiplied by the kernel on
/// the linear-algebra provider, and the product's runs are placed as the output's channels (<see cref="ConvolutionLanes{T}"/>).
/// </summary>
public sealed record Conv2D<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Conv2D(Conv2DSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
        Geometry = spec.Window(name, inputShape);
    }

    private Conv2DSpec Config => (Conv2DSpec)Spec;

    private Window2D Geometry { get; }

    /// <summary>The number of filters (output channels).</summary>
    public int Filters => Config.Filters;

    /// <inheritdoc />
    public override Activation Activation => Config.Activation;

    /// <summary>A copy of the kernel ((kh·kw·in) × filters).</summary>
    public Matrix<T> Kernel => ParameterStore[0].Clone();

    /// <summary>A copy of the bias (1 × filters).</summary>
    public Matrix<T> Bias => ParameterStore[1].Clone();

    private int Channels => InputShape.Dimensions[2];

    /// <inheritdoc />
    protected override object? CreateScratch(int batchSize)
    {
        MatrixData.Count($"Conv2D '{Name}': the windows of {batchSize} samples", (long)Geometry.Positions * batchSize, 1);
        return new ConvolutionLanes<T>($"Conv2D '{Name}'", Geometry, Channels, Filters, Activation, batchSize);
    }

    /// <summary>An elementwise activation is applied block by block while the block is in cache, when each block's values are whole
    /// 16-element vectors from a vector boundary of the whole output (the bits the whole call gives them).</summary>
    internal override bool FusesActivation(int batchSize) => Activation.IsElementwise && (long)batchSize * Filters % 16 == 0;

    /// <summary>im2col by blocks of output positions, each multiplied by the kernel and placed in the output with its bias.</summary>
    protected override void ForwardInto(LayerPass<T> pass) => ((ConvolutionLanes<T>)pass.Scratch!).Forward(pass);

    /// <summary>Per block: the kernel gradient windowsᵀ · output gradient, the bias gradient its column sums, the input
    /// gradient output gradient · kernelᵀ added back into the pixels each window read (col2im).</summary>
    protected override void BackwardInto(LayerPass<T> pass) => ((ConvolutionLanes<T>)pass.Scratch!).Backward(pass);
}

public static partial class Layers
{
    /// <summary>A square-kernel Conv2D with Keras' defaults: stride 1, valid padding, linear activation unless given, Glorot uniform kernel,
    /// zero bias (Keras' <c>Conv2D(filters, kernel_size)</c>).</summary>
    public static Conv2DSpec Conv2D(int filters, int kernelSize, Activation? activation = null, int strides = 1, Padding padding = Padding.Valid,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null) =>
        Conv2D(filters, (kernelSize, kernelSize), activation, (strides, strides), padding, kernelInitializer, biasInitializer);

    /// <summary>A Conv2D with a (height, width) kernel and strides.</summary>
    public static Conv2DSpec Conv2D(int filters, (int Height, int Width) kernelSize, Activation? activation = null, (int Height, int Width)? strides = null,
        Padding padding = Padding.Valid, Initializer? kernelInitializer = null, Initializer? biasInitializer = null)
    {
        if (filters <= 0) throw new ArgumentException($"Conv2D: filters must be positive, got {filters}.", nameof(filters));
        if (kernelSize.Height <= 0 || kernelSize.Width <= 0)
            throw new ArgumentException($"Conv2D: the kernel size must be positive, got ({kernelSize.Height}, {kernelSize.Width}).", nameof(kernelSize));
        var (sh, sw) = strides ?? (1, 1);
        if (sh <= 0 || sw <= 0) throw new ArgumentException($"Conv2D: the strides must be positive, got ({sh}, {sw}).", nameof(strides));
        return new(filters, kernelSize.Height, kernelSize.Width, sh, sw, padding, activation ?? Activation.Linear,
            kernelInitializer ?? Initializer.GlorotUniform, biasInitializer ?? Initializer.Zeros);
    }
}
