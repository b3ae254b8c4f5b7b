using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.LearningRateSweep;

/// <summary>Part 2's settings.</summary>
public sealed record LearningRateSweepSettings
{
    /// <summary>The seed of the cell's runs as written (one per rate; Keras draws its initial weights unseeded).</summary>
    public ulong CellSeed { get; init; }
    /// <summary>Seeds of the extension's runs.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>The rates: 8 values log-spaced from 1e-5 to 1e2, as the lab.</summary>
    public IReadOnlyList<double> Rates { get; init; } = Ranges.Logspace(-5, 2, 8);
    /// <summary>How each run trains: 100 epochs of one batch of 100, as the lab.</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100, BatchSize = 100 };
    /// <summary>"Close to optimal" means a loss within this fraction above the least-squares MSE.</summary>
    public double Within { get; init; } = 0.05;
    /// <summary>The lab's printed answer, and the rate of its next cell, which shows that model's predictions.</summary>
    public double LabBestRate { get; init; } = 0.1;

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static LearningRateSweepSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
