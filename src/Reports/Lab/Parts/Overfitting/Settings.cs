using Functional.Models;

namespace Functional.Reports.Lab.Parts.Overfitting;

/// <summary>Part 4's settings: the notebook's cell by default.</summary>
public sealed record OverfittingSettings
{
    /// <summary>The seed of the run of the cell as written.</summary>
    public ulong CellSeed { get; init; }
    /// <summary>Seeds of the extension's runs.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>How each run trains: the cell's 500 epochs at batch 10 (one step per epoch on its 10 points).</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 500, BatchSize = 10 };
    /// <summary>Adam's learning rate: the cell's 1e-2.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Hidden tanh units: the cell's 3.</summary>
    public int HiddenUnits { get; init; } = 3;
    /// <summary>The "stops improving" rule looks this many epochs ahead …</summary>
    public int Lookahead { get; init; } = 50;
    /// <summary>… for an improvement of the best validation loss of at least this fraction.</summary>
    public double MinImprovement { get; init; } = 0.01;
    /// <summary>Early stopping's patience.</summary>
    public int Patience { get; init; } = 50;
    /// <summary>The lab's printed answer for the epoch where validation loss stops improving ("right around the 10^2 epoch").</summary>
    public int LabEpoch { get; init; } = 100;

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static OverfittingSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
