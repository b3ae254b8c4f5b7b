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
        ElementTypes.Require<T>("Sequential.Build");
        ArgumentNullException.ThrowIfNull(layers);
        var specs = layers.ToArray();
        if (specs.Length == 0 || specs[0] is not InputSpec input)
            throw new ArgumentException(
                "Sequential: the first layer must be Input(shape), e.g. Layers.Input(28, 28); got " +
                (specs.Length == 0 ? "no layers" : specs[0].GetType().Name) + ".", nameof(layers));
        if (specs.Length == 1)
            throw new ArgumentException("Sequential: a model needs at least one layer after Input.", nameof(layers));

        var names = new LayerNames();
        var built = new List<Layer<T>>();
        var shape = input.Shape;
        for (int k = 1; k < specs.Length; k++)
        {
            var spec = specs[k] switch
            {
                null => throw new ArgumentException($"Sequential: the layer spec at position {k} is null.", nameof(layers)),
                InputSpec => throw new ArgumentException($"Sequential: Input may only come first, found another at position {k}.", nameof(layers)),
                var s => s,
            };
            var layer = spec.Build<T>(names.Next(spec.BaseName), shape, PortableRandom.ForStream(seed, (ulong)k));
            built.Add(layer);
            shape = layer.OutputShape;
        }
        return new Model<T>(input.Shape, built);
    }
}
