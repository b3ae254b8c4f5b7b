using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The notebook's data.</param>
/// <param name="Optimum">The least-squares line of the same data: the best any Dense(1) can do.</param>
/// <param name="Runs">One run per seed.</param>
/// <param name="Loss">Training loss over seeds, epoch by epoch.</param>
public sealed record LinearRegressionResult(
    LinearRegressionSettings Settings, RegressionData Data, LeastSquaresLine Optimum, IReadOnlyList<SeedRun> Runs, SeedBand Loss)
{
    /// <summary>The run with the median final loss.</summary>
    public SeedRun Typical => SeedRuns.Typical(Runs);

    /// <summary>Runs whose loss became NaN or infinite.</summary>
    public int Diverged => Runs.Count(r => r.History.Diverged);

    /// <summary>Median final loss over the seeds.</summary>
    public double MedianFinalLoss => Statistics.Median(Runs.Select(r => r.FinalLoss).ToArray());

    /// <summary>Each run's fitted slope and intercept.</summary>
    public IReadOnlyList<(ulong Seed, double Slope, double Intercept)> Lines =>
        Runs.Select(r => (r.Seed, (double)r.Model.Layers[0].Parameters[0][0, 0], (double)r.Model.Layers[0].Parameters[1][0, 0])).ToArray();
}

/// <summary>Part 1: a Dense(1) model fitted to y = 2x + 3 + noise with Adam at the lab's learning rate of 100.</summary>
public static class LinearRegressionExperiment
{
    /// <summary>The model of parts 1 and 2: one Dense unit, no activation.</summary>
    public static IReadOnlyList<LayerSpec> Model { get; } = [Layers.Input(1), Layers.Dense(1)];

    /// <summary>Runs part 1.</summary>
    public static LinearRegressionResult Run(LinearRegressionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.Line(settings.DataSeed);
        var runs = SeedRuns.Fit(new TrainingRecipe(Model, new Adam(settings.LearningRate), Loss.MeanSquaredError, settings.Training), data, settings.Seeds);
        return new LinearRegressionResult(settings, data, LeastSquaresLine.Fit(data), runs, SeedBand.Of(runs.Select(r => r.History.Loss).ToArray()));
    }
}
