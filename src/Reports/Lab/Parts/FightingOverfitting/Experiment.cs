using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.FightingOverfitting;

/// <summary>One seed's run of one remedy, and what the model training returned scores.</summary>
/// <param name="Run">The run (History has <c>val_mse</c>: the validation data term, without the penalty).</param>
/// <param name="BestValidationMse">The lowest <c>val_mse</c> of any epoch.</param>
/// <param name="BestEpoch">Its epoch (1-based).</param>
/// <param name="StopEpoch">The last epoch trained (early stopping can end a run before the last).</param>
/// <param name="ReturnedValidationMse">The validation MSE of the model Fit returned (early stopping's restored weights).</param>
/// <param name="ReturnedTruthMse">That model's mean squared distance to the true ln(x + 1) on a fine grid: no noise, no validation points.</param>
public sealed record RemedyRun(SeedRun Run, double BestValidationMse, int BestEpoch, int StopEpoch, double ReturnedValidationMse,
    double ReturnedTruthMse);

/// <summary>A remedy over the seeds.</summary>
/// <param name="Remedy">The remedy.</param>
/// <param name="Runs">One run per seed, in seed order.</param>
public sealed record RemedyRuns(Remedy Remedy, IReadOnlyList<RemedyRun> Runs)
{
    /// <summary>Median over seeds of the returned model's validation MSE: the score the answer ranks by.</summary>
    public double MedianReturned => Statistics.Median(Runs.Select(r => r.ReturnedValidationMse).ToArray());
    /// <summary>Smallest returned validation MSE.</summary>
    public double MinReturned => Runs.Min(r => r.ReturnedValidationMse);
    /// <summary>Largest returned validation MSE.</summary>
    public double MaxReturned => Runs.Max(r => r.ReturnedValidationMse);
    /// <summary>Median over seeds of the returned model's distance to the truth.</summary>
    public double MedianTruth => Statistics.Median(Runs.Select(r => r.ReturnedTruthMse).ToArray());
    /// <summary>Median over seeds of the best epoch's validation MSE.</summary>
    public double MedianBest => Statistics.Median(Runs.Select(r => r.BestValidationMse).ToArray());
    /// <summary>Median over seeds of the best epoch.</summary>
    public double MedianBestEpoch => Statistics.Median(Runs.Select(r => (double)r.BestEpoch).ToArray());
    /// <summary>Median over seeds of the last epoch trained.</summary>
    public double MedianStopEpoch => Statistics.Median(Runs.Select(r => (double)r.StopEpoch).ToArray());
    /// <summary>The validation MSE per epoch over seeds.</summary>
    public SeedBand ValidationMse => SeedBand.Of(Runs.Select(r => r.Run.History[FightingOverfittingExperiment.ValidationMse]).ToArray());
}

/// <summary>One point of the sensitivity grid: an L2 factor with a dropout rate, over the seeds, without early stopping.</summary>
/// <param name="L2">The L2 factor (0: none).</param>
/// <param name="DropoutRate">The dropout rate (0: none).</param>
/// <param name="MedianValidationMse">Median returned validation MSE.</param>
/// <param name="MinValidationMse">Smallest.</param>
/// <param name="MaxValidationMse">Largest.</param>
/// <param name="MedianTruthMse">Median distance to the truth.</param>
public sealed record StrengthPoint(double L2, double DropoutRate, double MedianValidationMse, double MinValidationMse, double MaxValidationMse,
    double MedianTruthMse);

/// <summary>"Fighting overfitting"'s result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Train">Part 4's 10 training points.</param>
/// <param name="Validation">Part 4's 100 validation points.</param>
/// <param name="Remedies">Each remedy over the seeds, in the settings' order (none first).</param>
/// <param name="Grid">The sensitivity grid, L2 factor by dropout rate.</param>
public sealed record FightingOverfittingResult(FightingOverfittingSettings Settings, RegressionData Train, RegressionData Validation,
    IReadOnlyList<RemedyRuns> Remedies, IReadOnlyList<StrengthPoint> Grid)
{
    /// <summary>Training as part 4 does it, without a remedy.</summary>
    public RemedyRuns None => Remedies[0];

    /// <summary>The remedies ranked by median returned validation MSE, best first (none included).</summary>
    public IReadOnlyList<RemedyRuns> Ranked => Remedies.OrderBy(r => r.MedianReturned).ToArray();

    /// <summary>The remedies ranked by median distance to the truth, best first.</summary>
    public IReadOnlyList<RemedyRuns> RankedByTruth => Remedies.OrderBy(r => r.MedianTruth).ToArray();

    /// <summary>What the true ln(x + 1) itself scores on the validation points: their noise, the floor of any model's validation MSE.</summary>
    public double ValidationNoiseMse => Validation.X.Select((x, i) => Math.Pow(LabData.TrueLog(x) - Validation.Y[i], 2)).Average();
}

/// <summary>
/// The next chapter on part 4: the same network, data, training and seeds, with early stopping, an L2 penalty, dropout,
/// and L2 with dropout; each model scored on the validation points and against the true ln(x + 1).
/// </summary>
public static class FightingOverfittingExperiment
{
    /// <summary>The History key every run records: Keras' <c>metrics=['mse']</c> on the validation data.</summary>
    public const string ValidationMse = "val_mse";

    /// <summary>Part 4's network with the remedy's pieces: Dense(units, tanh) → [Dropout(rate)] → Dense(1), L2 on both kernels.</summary>
    public static IReadOnlyList<LayerSpec> Network(int units, double? l2, double? dropoutRate)
    {
        var penalty = l2 is > 0 ? Regularizers.L2(l2.Value) : null;
        var hidden = Layers.Dense(units, Activation.Tanh, kernelRegularizer: penalty);
        var output = Layers.Dense(1, kernelRegularizer: penalty);
        return dropoutRate is > 0 ? [Layers.Input(1), hidden, Layers.Dropout(dropoutRate.Value), output] : [Layers.Input(1), hidden, output];
    }

    /// <summary>Runs every remedy and the sensitivity grid over the seeds.</summary>
    public static FightingOverfittingResult Run(FightingOverfittingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var net = settings.Network;
        var (train, validation) = LabData.Overfitting();
        var val = validation.ToDataset();
        var truthX = Enumerable.Range(0, settings.TruthPoints).Select(i => 9.9 * i / (settings.TruthPoints - 1)).ToArray();
        var truthY = MatrixData.Column<float>(truthX.Select(LabData.TrueLog));
        var truthXs = MatrixData.Column<float>(truthX);
        // The grid and the remedies share runs (none, L2 alone, dropout alone…): each (L2, rate, early stopping) trains once.
        var cache = new Dictionary<(double, double, bool), IReadOnlyList<RemedyRun>>();
        IReadOnlyList<RemedyRun> Runs(double l2, double rate, bool early)
        {
            if (cache.TryGetValue((l2, rate, early), out var known)) return known;
            var training = net.Training with
            {
                Metrics = [Metric.MeanSquaredError],
                Callbacks = early ? [new EarlyStopping(Monitor: "val_loss", Patience: net.Patience, RestoreBestWeights: true)] : [],
            };
            var recipe = new TrainingRecipe(Network(net.HiddenUnits, l2, rate), new Adam(net.LearningRate), Loss.MeanSquaredError, training);
            var runs = SeedRuns.Fit(recipe, train, net.Seeds, validation).Select(run =>
            {
                var curve = run.History[ValidationMse];
                int best = curve.Select((v, k) => (v, k)).MinBy(p => p.v).k;
                double returned = Metric.MeanSquaredError.Compute(run.Model.Predict(val.X, batchSize: 4096), val.Y);
                double truth = Metric.MeanSquaredError.Compute(run.Model.Predict(truthXs, batchSize: 4096), truthY);
                return new RemedyRun(run, curve[best], best + 1, run.History.Stop.Epoch, returned, truth);
            }).ToArray();
            return cache[(l2, rate, early)] = runs;
        }
        var remedies = settings.Remedies.Select(r => new RemedyRuns(r, Runs(r.L2 ?? 0, r.DropoutRate ?? 0, r.EarlyStopping))).ToArray();
        var grid = (from l2 in settings.L2Grid
                    from rate in settings.DropoutGrid
                    let runs = new RemedyRuns(new Remedy("grid", "grid", l2, rate), Runs(l2, rate, early: false))
                    select new StrengthPoint(l2, rate, runs.MedianReturned, runs.MinReturned, runs.MaxReturned, runs.MedianTruth)).ToArray();
        return new FightingOverfittingResult(settings, train, validation, remedies, grid);
    }
}
