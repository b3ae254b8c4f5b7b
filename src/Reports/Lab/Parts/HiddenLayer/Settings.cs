using Functional.Models;

namespace Functional.Reports.Lab.Parts.HiddenLayer;

/// <summary>Part 3's settings.</summary>
public sealed record HiddenLayerSettings
{
    /// <summary>The seed of the run of the cell as written.</summary>
    public ulong CellSeed { get; init; }
    /// <summary>The cell's learning rate (0.1).</summary>
    public double CellRate { get; init; } = 0.1;
    /// <summary>The cell's batch size (200: more than the 100 points, so one batch per epoch).</summary>
    public int CellBatchSize { get; init; } = 200;
    /// <summary>Seeds of the extension's runs (each configuration runs once per seed).</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Adam learning rates tried.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [1e-3, 1e-2, 1e-1, 1];
    /// <summary>Batch sizes tried.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [10, 32, 100];
    /// <summary>How each run trains (its batch size is the configuration's): the cell's 100 epochs.</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 100 };
    /// <summary>Hidden units of the tanh layer (the lab: 3).</summary>
    public int HiddenUnits { get; init; } = 3;

    /// <summary>The settings the report runs with <paramref name="options"/>: in quick mode, 2 rates × 2 batch sizes.</summary>
    public static HiddenLayerSettings For(LabOptions options) => options.Quick
        ? new() { Seeds = options.SeedList, Rates = [1e-2, 1e-1], BatchSizes = [32, 100] }
        : new() { Seeds = options.SeedList };

    /// <summary>Every configuration of the grid: both models at every rate and batch size, in table order.</summary>
    public IReadOnlyList<HiddenLayerConfig> Grid =>
        (from model in new[] { HiddenLayerModel.Linear, HiddenLayerModel.Tanh }
         from rate in Rates
         from batch in BatchSizes
         select new HiddenLayerConfig(model, rate, batch)).ToArray();
}

/// <summary>The two models part 3 compares.</summary>
public enum HiddenLayerModel
{
    /// <summary>Dense(1): a straight line.</summary>
    Linear,
    /// <summary>Dense(units, tanh) → Dense(1).</summary>
    Tanh,
}

/// <summary>One point of part 3's grid.</summary>
/// <param name="Model">Which model.</param>
/// <param name="Rate">Adam's learning rate.</param>
/// <param name="BatchSize">The batch size.</param>
public sealed record HiddenLayerConfig(HiddenLayerModel Model, double Rate, int BatchSize);
