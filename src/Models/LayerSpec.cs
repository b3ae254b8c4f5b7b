using Functional.Core;

namespace Functional.Models;

/// <summary>A layer as written in a model definition, before it has weights: what <see cref="Sequential"/> builds from.</summary>
public abstract record LayerSpec;

/// <summary>The model's input: the shape of one sample (Keras' <c>Input(shape)</c>). It must come first and holds no weights.</summary>
/// <param name="Shape">The shape of one sample.</param>
public sealed record InputSpec(Shape Shape) : LayerSpec;

/// <summary>A fully connected layer: output = activation(input · kernel + bias).</summary>
/// <param name="Units">The number of outputs.</param>
/// <param name="Activation">Applied to the pre-activations.</param>
/// <param name="KernelInitializer">How the input × units kernel starts (Keras: Glorot uniform).</param>
/// <param name="BiasInitializer">How the 1 × units bias starts (Keras: zeros).</param>
public sealed record DenseSpec(int Units, Activation Activation, Initializer KernelInitializer, Initializer BiasInitializer) : LayerSpec;

/// <summary>Flattens each sample to one dimension; samples already travel as rows, so only the logical shape changes.</summary>
public sealed record FlattenSpec : LayerSpec;

/// <summary>Short constructors for layer specs, named as in Keras.</summary>
public static class Layers
{
    /// <summary>The input of a model: the shape of one sample, e.g. <c>Input(1)</c> or <c>Input(28, 28)</c>.</summary>
    public static InputSpec Input(params int[] shape) => new(new Shape(shape));

    /// <summary>A Dense layer with Keras' defaults: linear activation unless given, Glorot uniform kernel, zero bias.</summary>
    public static DenseSpec Dense(int units, Activation? activation = null, Initializer? kernelInitializer = null, Initializer? biasInitializer = null)
    {
        if (units <= 0) throw new ArgumentException($"Dense: units must be positive, got {units}.", nameof(units));
        return new(units, activation ?? Activation.Linear, kernelInitializer ?? Initializer.GlorotUniform, biasInitializer ?? Initializer.Zeros);
    }

    /// <summary>A Flatten layer.</summary>
    public static FlattenSpec Flatten() => new();
}
