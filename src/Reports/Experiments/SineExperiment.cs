using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Experiments;

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

/// <summary>Extra credit settings.</summary>
public sealed record SineSettings
{
    /// <summary>Seed of the data.</summary>
    public long DataSeed { get; init; }
    /// <summary>Seeds for the final runs of the best configuration.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Training points (the lab: 1000).</summary>
    public int TrainPoints { get; init; } = 1000;
    /// <summary>Validation points (the lab: 100).</summary>
    public int ValidationPoints { get; init; } = 100;
    /// <summary>Epochs per model (the lab: at most 100).</summary>
    public int Epochs { get; init; } = 100;
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
}

/// <summary>Extra credit's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Train">Training data.</param>
/// <param name="Validation">Validation data.</param>
/// <param name="Search">Every candidate with its validation MSE, best first.</param>
/// <param name="BestRuns">The best configuration retrained over the seeds.</param>
public sealed record SineResult(SineSettings Settings, RegressionData Train, RegressionData Validation,
    IReadOnlyList<SearchResult<SineConfig>> Search, IReadOnlyList<SeedRun> BestRuns)
{
    /// <summary>The best configuration found.</summary>
    public SineConfig Best => Search[0].Config;
    /// <summary>The MSE floor set by the noise.</summary>
    public static double NoiseFloor => LabData.LogNoise * LabData.LogNoise;
    /// <summary>Validation MSE of the best configuration over the seeds.</summary>
    public IReadOnlyList<double> BestValidationMse => BestRuns.Select(r => r.History.ValidationLoss[^1]).ToArray();
}

/// <summary>Extra credit: fit sin(x) on [0, 5π] with an MLP found by random search, ≤ 100 epochs per model.</summary>
public static class SineExperiment
{
    /// <summary>Runs the search, then retrains the best configuration over the seeds.</summary>
    public static SineResult Run(SineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (train, validation) = LabData.Sine(settings.DataSeed, settings.TrainPoints, settings.ValidationPoints);
        var data = train.ToDataset();
        var val = validation.ToDataset();
        var search = Search.Random(settings.Space, settings.Candidates, settings.SearchSeed, config =>
        {
            var model = Sequential.Build<float>(config.Layers, settings.SearchSeed);
            var result = Training.Fit(model, new Adam(config.Rate), Loss.MeanSquaredError, data.X, data.Y,
                new FitOptions<float> { Epochs = settings.Epochs, BatchSize = config.BatchSize, Seed = settings.SearchSeed, Validation = val });
            return result.History.Diverged ? double.NaN : result.History.ValidationLoss[^1];
        });
        var best = search[0].Config;
        var runs = SeedRuns.Fit(best.Layers, new Adam(best.Rate), Loss.MeanSquaredError, train, settings.Seeds, settings.Epochs, best.BatchSize, validation);
        return new SineResult(settings, train, validation, search, runs);
    }
}
