using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Experiments;

/// <summary>Part 3's settings.</summary>
public sealed record HiddenLayerSettings
{
    /// <summary>Seed of the notebook's data.</summary>
    public long DataSeed { get; init; }
    /// <summary>Seeds of the runs (each configuration runs once per seed).</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = SeedRuns.Seeds(5);
    /// <summary>Adam learning rates tried.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [1e-3, 1e-2, 1e-1, 1];
    /// <summary>Batch sizes tried.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [10, 32, 100];
    /// <summary>Epochs per run.</summary>
    public int Epochs { get; init; } = 100;
    /// <summary>Hidden units of the tanh layer (the lab: 3).</summary>
    public int HiddenUnits { get; init; } = 3;
}

/// <summary>One configuration of one model, over seeds.</summary>
/// <param name="Model">"linear" or "tanh".</param>
/// <param name="Rate">Learning rate.</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="Runs">One run per seed.</param>
public sealed record ConfigRuns(string Model, double Rate, int BatchSize, IReadOnlyList<SeedRun> Runs)
{
    /// <summary>Median final training MSE.</summary>
    public double MedianFinal => Statistics.Median(Runs.Select(r => r.FinalLoss).ToArray());
    /// <summary>Smallest final MSE.</summary>
    public double MinFinal => Runs.Min(r => r.FinalLoss);
    /// <summary>Largest final MSE.</summary>
    public double MaxFinal => Runs.Max(r => r.FinalLoss);
    /// <summary>Loss band over seeds.</summary>
    public SeedBand Loss => SeedBand.Of(Runs.Select(r => r.History.Loss).ToArray());
}

/// <summary>Part 3's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The notebook's ln(x+1) data.</param>
/// <param name="Optimum">The least-squares line: the floor for the linear model.</param>
/// <param name="Configs">Every (model, rate, batch) tried.</param>
public sealed record HiddenLayerResult(HiddenLayerSettings Settings, RegressionData Data, LeastSquaresLine Optimum, IReadOnlyList<ConfigRuns> Configs)
{
    /// <summary>The best configuration of a model by median final MSE (ties: the narrower min–max band).</summary>
    public ConfigRuns Best(string model) =>
        Configs.Where(c => c.Model == model).OrderBy(c => Finite(c.MedianFinal)).ThenBy(c => Finite(c.MaxFinal - c.MinFinal)).First();

    private static double Finite(double v) => double.IsFinite(v) ? v : double.PositiveInfinity;

    /// <summary>The MSE floor set by the noise (0.1² = 0.01).</summary>
    public static double NoiseFloor => LabData.LogNoise * LabData.LogNoise;
}

/// <summary>Part 3: on ln(x+1), the linear model underfits; one tanh hidden layer fits, tuned by learning rate and batch size.</summary>
public static class HiddenLayerExperiment
{
    /// <summary>The models compared.</summary>
    public static IReadOnlyList<LayerSpec> Linear { get; } = [Layers.Input(1), Layers.Dense(1)];

    /// <summary>Dense(units, tanh) → Dense(1).</summary>
    public static IReadOnlyList<LayerSpec> Hidden(int units) => [Layers.Input(1), Layers.Dense(units, Activation.Tanh), Layers.Dense(1)];

    /// <summary>Runs part 3: both models over the grid of rates × batch sizes, each over the seeds.</summary>
    public static HiddenLayerResult Run(HiddenLayerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.Log(settings.DataSeed);
        var grid = Search.Product(["linear", "tanh"], settings.Rates, settings.BatchSizes).ToArray();
        var configs = grid.Select(c => new ConfigRuns(c.Item1, c.Item2, c.Item3,
            SeedRuns.Fit(c.Item1 == "linear" ? Linear : Hidden(settings.HiddenUnits), new Adam(c.Item2), Loss.MeanSquaredError, data,
                settings.Seeds, settings.Epochs, c.Item3))).ToArray();
        return new HiddenLayerResult(settings, data, LeastSquaresLine.Fit(data), configs);
    }
}
