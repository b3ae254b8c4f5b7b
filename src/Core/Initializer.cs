using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>
/// How a weight matrix starts: Keras' initializers, drawing from a seeded <see cref="PortableRandom"/>.
/// Values are drawn in double, row by row, then rounded to the element type, so float and double models
/// built from one seed start from the same numbers.
/// </summary>
public abstract record Initializer
{
    private protected Initializer(string name) => Name = name;

    /// <summary>The Keras name of the initializer.</summary>
    public string Name { get; }

    /// <summary>Draws a <paramref name="rows"/> × <paramref name="columns"/> matrix; for a Dense kernel rows = fan-in, columns = fan-out.</summary>
    public Matrix<T> Create<T>(int rows, int columns, PortableRandom random) where T : unmanaged, IFloatingPointIeee754<T> =>
        Create<T>(rows, columns, rows, columns, random);

    /// <summary>
    /// Draws a <paramref name="rows"/> × <paramref name="columns"/> matrix with the given fans: a convolution kernel of
    /// (kh·kw·in) × out has Keras' fan-in kh·kw·in and fan-out kh·kw·out (<c>compute_fans</c>: the receptive field times
    /// the channels).
    /// </summary>
    public Matrix<T> Create<T>(int rows, int columns, int fanIn, int fanOut, PortableRandom random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new T[MatrixData.Count(Name, rows, columns)];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                values[j * rows + i] = T.CreateTruncating(Draw(fanIn, fanOut, random));
        return MatrixData.Wrap(rows, columns, values);
    }

    /// <summary>One value for a matrix with the given fan-in (rows) and fan-out (columns).</summary>
    private protected abstract double Draw(int fanIn, int fanOut, PortableRandom random);

    /// <summary>Uniform in ±sqrt(6 / (fan_in + fan_out)): Keras' default for Dense kernels.</summary>
    public static Initializer GlorotUniform { get; } = new Uniform("glorot_uniform", (fanIn, fanOut) => Math.Sqrt(6.0 / (fanIn + fanOut)));

    /// <summary>Uniform in ±sqrt(6 / fan_in).</summary>
    public static Initializer HeUniform { get; } = new Uniform("he_uniform", (fanIn, _) => Math.Sqrt(6.0 / fanIn));

    /// <summary>Keras' he_normal: a normal with stddev sqrt(2 / fan_in) / 0.8796…, truncated at two standard deviations
    /// (the divisor restores the variance the truncation removes).</summary>
    public static Initializer HeNormal { get; } = new TruncatedNormal("he_normal");

    /// <summary>All zeros: Keras' default for biases.</summary>
    public static Initializer Zeros { get; } = new ZerosInitializer();

    /// <summary>Every initializer the library knows.</summary>
    public static IReadOnlyList<Initializer> All { get; } = [GlorotUniform, HeUniform, HeNormal, Zeros];

    /// <summary>The initializer with the given Keras name.</summary>
    public static Initializer Parse(string name) =>
        All.FirstOrDefault(i => i.Name == name)
        ?? throw new ArgumentException($"Initializer.Parse: unknown initializer '{name}'; known: {string.Join(", ", All.Select(i => i.Name))}.", nameof(name));

    /// <inheritdoc />
    public sealed override string ToString() => Name;

    private sealed record Uniform(string UniformName, Func<int, int, double> Limit) : Initializer(UniformName)
    {
        private protected override double Draw(int fanIn, int fanOut, PortableRandom random)
        {
            double limit = Limit(fanIn, fanOut);
            return random.NextUniform(-limit, limit);
        }
    }

    private sealed record TruncatedNormal(string NormalName) : Initializer(NormalName)
    {
        // Standard deviation of a unit normal truncated to [-2, 2] (Keras' constant).
        private const double TruncatedStddev = 0.87962566103423978;

        private protected override double Draw(int fanIn, int fanOut, PortableRandom random)
        {
            double stddev = Math.Sqrt(2.0 / Math.Max(1, fanIn)) / TruncatedStddev;
            while (true)
            {
                double z = random.NextGaussian();
                if (Math.Abs(z) <= 2) return z * stddev;
            }
        }
    }

    private sealed record ZerosInitializer() : Initializer("zeros")
    {
        private protected override double Draw(int fanIn, int fanOut, PortableRandom random) => 0;
    }
}
