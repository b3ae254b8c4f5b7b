using Functional.Models;

namespace Functional.Reports.Lab.Parts.LogLinear;

/// <summary>Part 3's first cell: ln(x + 1) with the linear model, the notebook's settings by default.</summary>
public sealed record LogLinearSettings
{
    /// <summary>The seed of the run of the cell as written.</summary>
    public ulong CellSeed { get; init; }
    /// <summary>Seeds of the extension's runs.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Adam's learning rate: the cell's 0.1.</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>How each run trains: the cell's 100 epochs of one batch of 100.</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100, BatchSize = 100 };

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static LogLinearSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
