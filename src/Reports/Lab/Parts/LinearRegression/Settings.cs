using Functional.Models;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1's settings: the notebook's cell by default.</summary>
public sealed record LinearRegressionSettings
{
    /// <summary>The seed of the run of the cell as written (Keras draws its initial weights unseeded; ours come from a seed).</summary>
    public ulong CellSeed { get; init; }
    /// <summary>Seeds of the extension's runs (weights and shuffles).</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Adam's learning rate: the cell's 100.</summary>
    public double LearningRate { get; init; } = 100;
    /// <summary>How each run trains: the cell's 100 epochs of one batch of 100 (the whole data set, one step per epoch).</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100, BatchSize = 100 };

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static LinearRegressionSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
