using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.LogLinear;

/// <summary>Part 3's first cell's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The cell's ln(x + 1) data.</param>
/// <param name="Optimum">The least-squares line: the best any linear model can do on these points.</param>
/// <param name="Cell">The cell as written: one run.</param>
/// <param name="Runs">The extension: one run per seed.</param>
public sealed record LogLinearResult(LogLinearSettings Settings, RegressionData Data, LeastSquaresLine Optimum, SeedRun Cell, IReadOnlyList<SeedRun> Runs)
{
    /// <summary>Median final MSE over the seeds.</summary>
    public double MedianFinal => Statistics.Median(Runs.Select(r => r.FinalLoss).ToArray());

    /// <summary>Training loss over the seeds.</summary>
    public SeedBand Loss => SeedBand.Of(Runs.Select(r => r.History.Loss).ToArray());

    /// <summary>The MSE floor set by the noise (0.1² = 0.01).</summary>
    public static double NoiseFloor => LabData.LogNoise * LabData.LogNoise;
}

/// <summary>Part 3, first cell: the linear model of parts 1 and 2 on ln(x + 1), where no straight line can fit.</summary>
public static class LogLinearExperiment
{
    /// <summary>The cell's model: Dense(1).</summary>
    public static IReadOnlyList<LayerSpec> Model { get; } = [Layers.Input(1), Layers.Dense(1)];

    /// <summary>Runs the cell once, then over the seeds.</summary>
    public static LogLinearResult Run(LogLinearSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.Log();
        var recipe = new TrainingRecipe(Model, new Adam(settings.LearningRate), Loss.MeanSquaredError, settings.Training);
        var runs = SeedRuns.Fit(recipe, data, settings.Seeds.Union([settings.CellSeed]).ToArray());
        return new LogLinearResult(settings, data, LeastSquaresLine.Fit(data), runs.Single(r => r.Seed == settings.CellSeed),
            runs.Where(r => settings.Seeds.Contains(r.Seed)).ToArray());
    }
}
