using Functional.Core;
using Functional.Models;
using Functional.Reports.Lab.Parts.HiddenLayer;

namespace Functional.Reports.Lab.Parts.Overfitting;

/// <summary>One seed's overfitting run and its early-stopped twin.</summary>
/// <param name="Run">The full run.</param>
/// <param name="BestEpoch">Epoch (1-based) of the lowest validation loss.</param>
/// <param name="StopsImproving">The rule's epoch (null: still improving at the end).</param>
/// <param name="EarlyStopped">The same training with EarlyStopping(patience, restore best weights).</param>
/// <param name="EarlyStoppedValidationLoss">Validation loss of the early-stopped (restored) model.</param>
public sealed record OverfitRun(SeedRun Run, int BestEpoch, int? StopsImproving, SeedRun EarlyStopped, double EarlyStoppedValidationLoss);

/// <summary>Part 4's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Train">The cell's 10 training points (x = 0 … 9).</param>
/// <param name="Validation">The cell's 100 validation points (x = 0 … 9.9).</param>
/// <param name="Cell">The cell as written: one run.</param>
/// <param name="Runs">The extension: each seed's run, its rule epoch and its early-stopped twin.</param>
public sealed record OverfittingResult(OverfittingSettings Settings, RegressionData Train, RegressionData Validation, SeedRun Cell,
    IReadOnlyList<OverfitRun> Runs)
{
    /// <summary>Training loss over seeds.</summary>
    public SeedBand TrainLoss => SeedBand.Of(Runs.Select(r => r.Run.History.Loss).ToArray());
    /// <summary>Validation loss over seeds.</summary>
    public SeedBand ValidationLoss => SeedBand.Of(Runs.Select(r => r.Run.History.ValidationLoss).ToArray());
    /// <summary>Median over seeds of the rule's epoch (runs still improving count as the last epoch).</summary>
    public double MedianStopsImproving => Statistics.Median(Runs.Select(r => (double)(r.StopsImproving ?? Settings.Training.Epochs)).ToArray());
    /// <summary>Median over seeds of the best validation epoch.</summary>
    public double MedianBestEpoch => Statistics.Median(Runs.Select(r => (double)r.BestEpoch).ToArray());
    /// <summary>The cell's rule epoch (null: still improving at the end).</summary>
    public int? CellStopsImproving => OverfittingExperiment.StopsImproving(Cell.History.ValidationLoss, Settings.Lookahead, Settings.MinImprovement);
    /// <summary>The MSE floor set by the cell's noise (0.2² = 0.04).</summary>
    public static double NoiseFloor => LabData.OverfittingNoise * LabData.OverfittingNoise;
}

/// <summary>Part 4: 10 training points, 100 validation points; watch validation loss stop improving; early stopping.</summary>
public static class OverfittingExperiment
{
    /// <summary>
    /// The rule: the first epoch e after which the next <paramref name="lookahead"/> epochs lower the best validation loss
    /// so far by less than <paramref name="minImprovement"/> (relative). Null when every such window still improves, or
    /// fewer than <paramref name="lookahead"/> epochs remain.
    /// </summary>
    public static int? StopsImproving(IReadOnlyList<double> validation, int lookahead, double minImprovement)
    {
        double best = double.PositiveInfinity;
        for (int e = 0; e + lookahead < validation.Count; e++)
        {
            best = Math.Min(best, validation[e]);
            double ahead = double.PositiveInfinity;
            for (int k = e + 1; k <= e + lookahead; k++) ahead = Math.Min(ahead, validation[k]);
            if (ahead > best * (1 - minImprovement)) return e + 1;
        }
        return null;
    }

    /// <summary>Runs part 4: the cell once, then over the seeds, and each seed again with early stopping.</summary>
    public static OverfittingResult Run(OverfittingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (train, validation) = LabData.Overfitting();
        var recipe = new TrainingRecipe(HiddenLayerExperiment.Hidden(settings.HiddenUnits), new Adam(settings.LearningRate), Loss.MeanSquaredError,
            settings.Training);
        var all = SeedRuns.Fit(recipe, train, settings.Seeds.Union([settings.CellSeed]).ToArray(), validation);
        var full = all.Where(r => settings.Seeds.Contains(r.Seed)).ToArray();
        var stopping = new EarlyStopping(Monitor: "val_loss", Patience: settings.Patience, RestoreBestWeights: true);
        var early = SeedRuns.Fit(recipe with { Training = settings.Training with { Callbacks = [stopping] } }, train, settings.Seeds, validation);
        var val = validation.ToDataset();
        var runs = full.Select((run, i) =>
        {
            var vl = run.History.ValidationLoss;
            int best = vl.Select((v, k) => (v, k)).MinBy(p => p.v).k + 1;
            var restoredLoss = Evaluation.Evaluate(early[i].Model, Loss.MeanSquaredError, val.X, val.Y, batchSize: settings.Training.BatchSize).Loss;
            return new OverfitRun(run, best, StopsImproving(vl, settings.Lookahead, settings.MinImprovement), early[i], restoredLoss);
        }).ToArray();
        return new OverfittingResult(settings, train, validation, all.Single(r => r.Seed == settings.CellSeed), runs);
    }
}
