using Functional.Core;
using Functional.Core.Random;

namespace Functional.Models;

/// <summary>Builds models from a list of layer specs, as Keras' <c>Sequential([...])</c> does.</summary>
public static class Sequential
{
    /// <summary>
    /// A float32 model (Keras' working type) from <paramref name="layers"/>, which must start with an
    /// <see cref="InputSpec"/>. Weights are drawn from <paramref name="seed"/>: layer k draws from its own sub-stream,
    /// so adding a layer at the end does not change the earlier ones.
    /// </summary>
    public static Model<float> Create(ulong seed, params LayerSpec[] layers) => Build<float>(layers, seed);

    /// <summary>A model of element type <typeparamref name="T"/> (double for gradient checks) from layer specs and a seed.</summary>
    public static Model<T> Build<T>(IEnumerable<LayerSpec> layers, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layers);
        var specs = layers.ToArray();
        if (specs.Length == 0 || specs[0] is not InputSpec input)
            throw new ArgumentException(
                "Sequential: the first layer must be Input(shape), e.g. Layers.Input(28, 28); got " +
                (specs.Length == 0 ? "no layers" : specs[0].GetType().Name) + ".", nameof(layers));
        if (specs.Length == 1)
            throw new ArgumentException("Sequential: a model needs at least one layer after Input.", nameof(layers));

        var counts = new Dictionary<string, int>();
        string NameFor(string kind)
        {
            counts.TryGetValue(kind, out var n);
            counts[kind] = n + 1;
            return n == 0 ? kind : $"{kind}_{n}";
        }

        var built = new List<Layer<T>>();
        var shape = input.Shape;
        for (int k = 1; k < specs.Length; k++)
        {
            Layer<T> layer = specs[k] switch
            {
                DenseSpec d => BuildDense<T>(NameFor("dense"), shape, d, PortableRandom.ForStream(seed, (ulong)k)),
                FlattenSpec => new Flatten<T>(NameFor("flatten"), shape),
                InputSpec => throw new ArgumentException($"Sequential: Input may only come first, found another at position {k}.", nameof(layers)),
                var other => throw new ArgumentException($"Sequential: unsupported layer spec {other.GetType().Name} at position {k}.", nameof(layers)),
            };
            built.Add(layer);
            shape = layer.OutputShape;
        }
        return new Model<T>(input.Shape, built);
    }

    private static Dense<T> BuildDense<T>(string name, Shape inputShape, DenseSpec spec, PortableRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (spec.Units <= 0) throw new ArgumentException($"Sequential: Dense '{name}' needs a positive number of units, got {spec.Units}.");
        if (inputShape.Dimensions.Count != 1)
            throw new ArgumentException(
                $"Sequential: Dense '{name}' takes one-dimensional samples but receives shape {inputShape}; put Layers.Flatten() before it.");
        var kernel = spec.KernelInitializer.Create<T>(inputShape.Size, spec.Units, random);
        var bias = spec.BiasInitializer.Create<T>(1, spec.Units, random);
        return Dense<T>.Owning(name, inputShape, spec.Activation, kernel, bias);
    }
}
