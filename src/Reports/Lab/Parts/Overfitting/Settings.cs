using Functional.Models;

namespace Functional.Reports.Lab.Parts.Overfitting;

/// <summary>Part 4's settings.</summary>
public sealed record OverfittingSettings
{
    /// <summary>Seed of the data.</summary>
    public long DataSeed { get; init; }
    /// <summary>Seeds of the runs.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Training points (the lab: 10).</summary>
    public int TrainPoints { get; init; } = 10;
    /// <summary>Validation points (the lab: 100).</summary>
    public int ValidationPoints { get; init; } = 100;
    /// <summary>How each run trains: the lab's 500 epochs at batch 10 (one step per epoch).</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 500, BatchSize = 10 };
    /// <summary>Adam's learning rate (the lab: 1e-2).</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Hidden tanh units: enough capacity to fit 10 noisy points.</summary>
    public int HiddenUnits { get; init; } = 10;
    /// <summary>The "stops improving" rule looks this many epochs ahead …</summary>
    public int Lookahead { get; init; } = 50;
    /// <summary>… for an improvement of the best validation loss of at least this fraction.</summary>
    public double MinImprovement { get; init; } = 0.01;
    /// <summary>Early stopping's patience.</summary>
    public int Patience { get; init; } = 50;
    /// <summary>The lab's printed answer for the epoch where validation loss stops improving.</summary>
    public int LabEpoch { get; init; } = 100;

    /// <summary>The settings the report runs with <paramref name="options"/>.</summary>
    public static OverfittingSettings For(LabOptions options) => new() { Seeds = options.SeedList };
}
