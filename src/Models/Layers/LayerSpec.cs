using Functional.Core;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A layer as written in a model definition, before it has weights (<c>Layers.Dense(128, Activation.Relu)</c>): its
/// configuration, the shapes of its tensors for a given input, how they start, and the layer it makes. Specs are
/// values; the model file stores a layer's spec as JSON under its kind, so adding a layer family is one file plus its
/// line in <see cref="BuiltIn"/> (a family defined outside the library registers itself with <see cref="Register{TSpec}"/>).
/// </summary>
public abstract record LayerSpec
{
    /// <summary>The library's layer families and the kinds the model file knows them by: one line per family.</summary>
    private static readonly (Type Spec, string Kind)[] BuiltIn =
    [
        (typeof(DenseSpec), "Dense"),
        (typeof(FlattenSpec), "Flatten"),
        (typeof(DropoutSpec), "Dropout"),
        (typeof(Conv2DSpec), "Conv2D"),
        (typeof(MaxPooling2DSpec), "MaxPooling2D"),
        (typeof(ReshapeSpec), "Reshape"),
        (typeof(BatchNormalizationSpec), "BatchNormalization"),
    ];

    private static readonly object Gate = new();
    private static (Type Spec, string Kind)[] _registered = BuiltIn;

    /// <summary>Every spec type the model file reads and writes, with its kind.</summary>
    internal static IReadOnlyList<(Type Spec, string Kind)> Registered => Volatile.Read(ref _registered);

    /// <summary>
    /// Makes a layer family defined outside the library readable and writable by the model file under
    /// <paramref name="kind"/> (which must be the spec's <see cref="Kind"/>). Registering the same pair again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The kind or the type is already registered with another partner.</exception>
    public static void Register<TSpec>(string kind) where TSpec : LayerSpec
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        lock (Gate)
        {
            var current = _registered;
            if (current.Any(r => r.Spec == typeof(TSpec) && r.Kind == kind)) return;
            if (current.FirstOrDefault(r => r.Kind == kind || r.Spec == typeof(TSpec)) is { Spec: not null } clash)
                throw new ArgumentException($"LayerSpec.Register: {clash.Spec.Name} is already registered as kind '{clash.Kind}'.", nameof(kind));
            Volatile.Write(ref _registered, [.. current, (typeof(TSpec), kind)]);
        }
    }

    /// <summary>The kind of layer ("Dense"): the summary's type column and the model file's "kind".</summary>
    public abstract string Kind { get; }

    /// <summary>The stem of the layer's name in a model ("dense", then "dense_1", …), as Keras names them.</summary>
    public abstract string BaseName { get; }

    /// <summary>The shape of one output sample for one input sample of <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The layer cannot take that input; the message names the layer and the shapes.</exception>
    public abstract Shape OutputShape(string name, Shape input);

    /// <summary>The names of the trainable tensors, in order ("kernel", "bias").</summary>
    public virtual IReadOnlyList<string> ParameterNames => [];

    /// <summary>Per trainable tensor (in <see cref="ParameterNames"/> order), its weight penalty, or null for none; empty for none at all.</summary>
    public virtual IReadOnlyList<Regularizer?> ParameterRegularizers => [];

    /// <summary>The shapes of the trainable tensors for <paramref name="input"/>, in the order of <see cref="ParameterNames"/>.</summary>
    public virtual IReadOnlyList<TensorShape> ParameterShapes(Shape input) => [];

    /// <summary>The names of the non-trainable state tensors, in order ("moving_mean", "moving_variance").</summary>
    public virtual IReadOnlyList<string> StateNames => [];

    /// <summary>The shapes of the state tensors for <paramref name="input"/>, in the order of <see cref="StateNames"/>.</summary>
    public virtual IReadOnlyList<TensorShape> StateShapes(Shape input) => [];

    /// <summary>The starting tensors for <paramref name="input"/>, drawn from <paramref name="random"/> (the layer's own stream).</summary>
    protected virtual (Matrix<T>[] Parameters, Matrix<T>[] State) Initialize<T>(Shape input, PortableRandom random) where T : unmanaged,
        IFloatingPointIeee754<T> =>
        ([], []);

    /// <summary>The layer of this spec over <paramref name="parameters"/> and <paramref name="state"/> (the layer checks their shapes).</summary>
    protected abstract Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>A new layer with starting weights drawn from <paramref name="random"/>.</summary>
    public Layer<T> Build<T>(string name, Shape input, PortableRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementTypes.Require<T>($"{Kind} '{name}'");
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        OutputShape(name, input); // a layer that cannot take this input says so before drawing anything
        var (parameters, state) = Initialize<T>(input, random);
        return Create(name, input, parameters, state);
    }

    /// <summary>The layer over tensors the library just made (loaded from a file, copied out of training): no further copies.</summary>
    internal Layer<T> CreateOwned<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) where T : unmanaged, IFloatingPointIeee754<T> =>
        Create(name, input, parameters, state);
}

/// <summary>The model's input: the shape of one sample (Keras' <c>Input(shape)</c>). It must come first and holds no weights.</summary>
/// <param name="Shape">The shape of one sample.</param>
public sealed record InputSpec(Shape Shape) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Input";

    /// <inheritdoc />
    public override string BaseName => "input";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input) => Shape;

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        throw new ArgumentException($"Sequential: Input may only come first (layer '{name}').");
}

/// <summary>Short constructors for layer specs, named as in Keras; each layer family adds its own in its file.</summary>
public static partial class Layers
{
    /// <summary>The input of a model: the shape of one sample, e.g. <c>Input(1)</c> or <c>Input(28, 28)</c>.</summary>
    public static InputSpec Input(params int[] shape) => new(new Shape(shape));
}
