using Functional.Core;
using Functional.Models;
using Functional.Reports.Lab.Parts.LinearRegression;

namespace Functional.Reports.Lab.Parts.LearningRateSweep;

/// <summary>All runs at one learning rate.</summary>
/// <param name="Rate">The learning rate.</param>
/// <param name="Cell">The cell's run at this rate (one seed).</param>
/// <param name="Runs">The extension: one run per seed.</param>
/// <param name="Loss">Loss over seeds per epoch.</param>
/// <param name="EpochsToWithin">Per run, the first epoch within the tolerance of the optimum (null: never).</param>
public sealed record RateRuns(double Rate, SeedRun Cell, IReadOnlyList<SeedRun> Runs, SeedBand Loss, IReadOnlyList<int?> EpochsToWithin)
{
    /// <summary>Median final loss.</summary>
    public double MedianFinal => Statistics.Median(Runs.Select(r => r.FinalLoss).ToArray());
    /// <summary>Smallest final loss.</summary>
    public double MinFinal => Runs.Min(r => r.FinalLoss);
    /// <summary>Largest final loss.</summary>
    public double MaxFinal => Runs.Max(r => r.FinalLoss);
    /// <summary>Median epoch to come within tolerance, counting "never" as worse than any epoch; null when most runs never do.</summary>
    public double? MedianEpochsToWithin
    {
        get
        {
            var values = EpochsToWithin.Select(e => e.HasValue ? (double)e.Value : double.PositiveInfinity).ToArray();
            var m = Statistics.Median(values);
            return double.IsFinite(m) ? m : null;
        }
    }
    /// <summary>How many runs reached the tolerance.</summary>
    public int Reached => EpochsToWithin.Count(e => e.HasValue);
    /// <summary>How many runs diverged.</summary>
    public int Diverged => Runs.Count(r => r.History.Diverged);
}

/// <summary>Part 2's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Data">The first cell's data (the sweep cell does not change x and y).</param>
/// <param name="Optimum">The least-squares line.</param>
/// <param name="Rates">Each rate's cell run and seed runs.</param>
/// <param name="PredictionCell">The next cell, as written: the model at the lab's chosen rate, one run.</param>
public sealed record LearningRateSweepResult(
    LearningRateSweepSettings Settings, RegressionData Data, LeastSquaresLine Optimum, IReadOnlyList<RateRuns> Rates, SeedRun PredictionCell)
{
    /// <summary>The rate with the lowest median final loss.</summary>
    public RateRuns BestByFinalLoss => Rates.OrderBy(r => double.IsFinite(r.MedianFinal) ? r.MedianFinal : double.PositiveInfinity).First();

    /// <summary>The rate whose runs first come within tolerance of the optimum (median epoch; ties: lower final loss); null if none does.</summary>
    public RateRuns? BestBySpeed => Rates.Where(r => r.MedianEpochsToWithin.HasValue)
        .OrderBy(r => r.MedianEpochsToWithin).ThenBy(r => r.MedianFinal).FirstOrDefault();

    /// <summary>The lab's answer's runs.</summary>
    public RateRuns? LabRate => Rates.FirstOrDefault(r => Math.Abs(Math.Log10(r.Rate) - Math.Log10(Settings.LabBestRate)) < 1e-9);
}

/// <summary>Part 2: the same model at 8 learning rates; which is best, and how close each gets to least squares.</summary>
public static class LearningRateSweepExperiment
{
    /// <summary>Runs part 2.</summary>
    public static LearningRateSweepResult Run(LearningRateSweepSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = LabData.Line();
        var optimum = LeastSquaresLine.Fit(data);
        TrainingRecipe Recipe(double rate) => new(LinearRegressionExperiment.Model, new Adam(rate), Loss.MeanSquaredError, settings.Training);
        var rates = settings.Rates.Select(rate =>
        {
            var all = SeedRuns.Fit(Recipe(rate), data, settings.Seeds.Union([settings.CellSeed]).ToArray());
            var runs = all.Where(r => settings.Seeds.Contains(r.Seed)).ToArray();
            return new RateRuns(rate, all.Single(r => r.Seed == settings.CellSeed), runs, SeedBand.Of(runs.Select(r => r.History.Loss).ToArray()),
                runs.Select(r => Statistics.FirstEpochWithin(r.History.Loss, optimum.Mse, settings.Within)).ToArray());
        }).ToArray();
        var predictionCell = SeedRuns.Fit(Recipe(settings.LabBestRate), data, [settings.CellSeed]).Single();
        return new LearningRateSweepResult(settings, data, optimum, rates, predictionCell);
    }
}
