using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.Sine;

/// <summary>Extra credit settings.</summary>
public sealed record SineSettings
{
    /// <summary>Seeds for the final runs of the best configuration.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>How each model trains (its batch size is the configuration's): 100 epochs, the most the lab allows.</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100 };
    /// <summary>The search space.</summary>
    public IReadOnlyList<SineConfig> Space { get; init; } = DefaultSpace();
    /// <summary>How many candidates of the space the random search evaluates.</summary>
    public int Candidates { get; init; } = 24;
    /// <summary>Seed of the search (which candidates, and the seed each is trained with).</summary>
    public ulong SearchSeed { get; init; }

    /// <summary>Widths 16–64, depth 1–3, tanh or relu, rates 1e-3–3e-2, batches 16–64.</summary>
    public static IReadOnlyList<SineConfig> DefaultSpace() =>
        (from hidden in new int[][] { [32], [64], [32, 32], [64, 64], [32, 32, 32], [64, 64, 64] }
         from activation in new[] { Activation.Tanh, Activation.Relu }
         from rate in new[] { 1e-3, 3e-3, 1e-2, 3e-2 }
         from batch in new[] { 16, 32, 64 }
         select new SineConfig(hidden, activation, rate, batch)).ToArray();

    /// <summary>The settings the report runs with <paramref name="options"/>: in quick mode 4 candidates of 30 epochs.</summary>
    public static SineSettings For(LabOptions options) => options.Quick
        ? new() { Seeds = options.SeedList, Candidates = 4, Training = new() { Epochs = 30 } }
        : new() { Seeds = options.SeedList };
}

/// <summary>One candidate MLP for the sine fit.</summary>
/// <param name="Hidden">Units of each hidden layer.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="Rate">Adam's learning rate.</param>
/// <param name="BatchSize">Batch size.</param>
public sealed record SineConfig(IReadOnlyList<int> Hidden, Activation Activation, double Rate, int BatchSize)
{
    /// <summary>The layer specs.</summary>
    public IReadOnlyList<LayerSpec> Layers =>
        [Models.Layers.Input(1), .. Hidden.Select(u => (LayerSpec)Models.Layers.Dense(u, Activation)), Models.Layers.Dense(1)];

    /// <summary>"64-64 tanh, lr 0.01, batch 32".</summary>
    public override string ToString() =>
        $"{string.Join("-", Hidden)} {Activation.Name}, lr {Rate:G3}, batch {BatchSize}";

    /// <summary>Equal when every field is equal.</summary>
    public bool Equals(SineConfig? other) =>
        other is not null && Hidden.SequenceEqual(other.Hidden) && Activation == other.Activation && Rate.Equals(other.Rate) && BatchSize == other.BatchSize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Hidden.Count, Activation, Rate, BatchSize);
}
