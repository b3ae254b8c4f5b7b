using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The notebook's data.</param>
/// <param name="Optimum">The least-squares line of the same data: the best any Dense(1) can do.</param>
/// <param name="Cell">The cell as written: one run.</param>
/// <param name="Runs">The extension: one run per seed.</param>
public sealed record LinearRegressionResult(
    LinearRegressionSettings Settings, RegressionData Data, LeastSquaresLine Optimum, SeedRun Cell, IReadOnlyList<SeedRun> Runs)
{
    /// <summary>Training loss over the seeds, epoch by epoch.</summary>
    public SeedBand Loss => SeedBand.Of(Runs.Select(r => r.History.Loss).ToArray());

    /// <summary>The run with the median final loss.</summary>
    public SeedRun Typical => SeedRuns.Typical(Runs);

    /// <summary>Runs whose loss became NaN or infinite.</summary>
    public int Diverged => Runs.Count(r => r.History.Diverged);

    /// <summary>Median final loss over the seeds.</summary>
    public double MedianFinalLoss => Statistics.Median(Runs.Select(r => r.FinalLoss).ToArray());

    /// <summary>A run's fitted slope and intercept (the kernel and the bias of its one Dense unit).</summary>
    public static (double Slope, double Intercept) Line(SeedRun run) =>
        (run.Model.Layers[0].Parameters[0][0, 0], run.Model.Layers[0].Parameters[1][0, 0]);
}

/// <summary>Part 1: a Dense(1) model fitted to y = 2x + 3 + noise with Adam at the lab's learning rate of 100.</summary>
public static class LinearRegressionExperiment
{
    /// <summary>The model of parts 1 and 2: one Dense unit, no activation.</summary>
    public static IReadOnlyList<LayerSpec> Model { get; } = [Layers.Input(1), Layers.Dense(1)];

    /// <summary>Runs part 1: the cell once, then over the seeds.</summary>
    public static LinearRegressionResult Run(LinearRegressionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.Line();
        var recipe = new TrainingRecipe(Model, new Adam(settings.LearningRate), Loss.MeanSquaredError, settings.Training);
        var runs = SeedRuns.Fit(recipe, data, settings.Seeds.Union([settings.CellSeed]).ToArray());
        return new LinearRegressionResult(settings, data, LeastSquaresLine.Fit(data), runs.Single(r => r.Seed == settings.CellSeed),
            runs.Where(r => settings.Seeds.Contains(r.Seed)).ToArray());
    }
}
