using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.Sine;

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
        var (train, validation) = LabData.Sine();
        var data = train.ToDataset();
        var val = validation.ToDataset();
        var search = Search.Random(settings.Space, settings.Candidates, settings.SearchSeed, config =>
        {
            var model = Sequential.Build<float>(config.Layers, settings.SearchSeed);
            var result = Training.Fit(model, new Adam(config.Rate), Loss.MeanSquaredError, data.X, data.Y,
                settings.Training with { BatchSize = config.BatchSize, Seed = settings.SearchSeed, Validation = val });
            return result.History.Diverged ? double.NaN : result.History.ValidationLoss[^1];
        });
        var best = search[0].Config;
        var runs = SeedRuns.Fit(new TrainingRecipe(best.Layers, new Adam(best.Rate), Loss.MeanSquaredError,
            settings.Training with { BatchSize = best.BatchSize }), train, settings.Seeds, validation);
        return new SineResult(settings, train, validation, search, runs);
    }
}
