using Functional.Models;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1's settings: the lab's values by default.</summary>
public sealed record LinearRegressionSettings
{
    /// <summary>Seed of the notebook's data (numpy).</summary>
    public long DataSeed { get; init; }
    /// <summary>Seeds of the runs (weights and shuffles).</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Adam's learning rate; the lab uses 100.</summary>
    public double LearningRate { get; init; } = 100;
    /// <summary>How each run trains: the lab's 100 epochs of one batch of 100 (the whole data set, one step per epoch).</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100, BatchSize = 100 };

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static LinearRegressionSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
