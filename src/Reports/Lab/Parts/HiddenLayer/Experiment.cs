using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.HiddenLayer;

/// <summary>One configuration of one model, over seeds.</summary>
/// <param name="Config">The model, learning rate and batch size.</param>
/// <param name="Runs">One run per seed.</param>
public sealed record ConfigRuns(HiddenLayerConfig Config, IReadOnlyList<SeedRun> Runs)
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

/// <summary>Part 3's second cell's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The cell's ln(x+1) data (the stream continued from the previous cell).</param>
/// <param name="Optimum">The least-squares line: the floor for the linear model.</param>
/// <param name="Cell">The cell as written: Dense(3, tanh) → Dense(1), lr 0.1, batch 200, one run.</param>
/// <param name="Configs">The extension: every (model, rate, batch) tried.</param>
public sealed record HiddenLayerResult(HiddenLayerSettings Settings, RegressionData Data, LeastSquaresLine Optimum, SeedRun Cell,
    IReadOnlyList<ConfigRuns> Configs)
{
    /// <summary>The best configuration of a model by median final MSE (ties: the narrower min–max band).</summary>
    public ConfigRuns Best(HiddenLayerModel model) =>
        Configs.Where(c => c.Config.Model == model).OrderBy(c => Finite(c.MedianFinal)).ThenBy(c => Finite(c.MaxFinal - c.MinFinal)).First();

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

    /// <summary>The cell as written: Dense(units, tanh) → Dense(1) at the cell's rate and batch size, one run with the cell's seed.</summary>
    public static SeedRun Cell(HiddenLayerSettings settings, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SeedRuns.Fit(new TrainingRecipe(Hidden(settings.HiddenUnits), new Adam(settings.CellRate), Loss.MeanSquaredError,
            settings.Training with { BatchSize = settings.CellBatchSize }), data, [settings.CellSeed]).Single();
    }

    /// <summary>Runs the cell as written, then both models over the grid of rates × batch sizes, each over the seeds.</summary>
    public static HiddenLayerResult Run(HiddenLayerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.HiddenLayer();
        var cell = Cell(settings, data);
        var configs = settings.Grid.Select(c => new ConfigRuns(c,
            SeedRuns.Fit(new TrainingRecipe(c.Model == HiddenLayerModel.Linear ? Linear : Hidden(settings.HiddenUnits), new Adam(c.Rate),
                Loss.MeanSquaredError, settings.Training with { BatchSize = c.BatchSize }), data, settings.Seeds))).ToArray();
        return new HiddenLayerResult(settings, data, LeastSquaresLine.Fit(data), cell, configs);
    }
}
