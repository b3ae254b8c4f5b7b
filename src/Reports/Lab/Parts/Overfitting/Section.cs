using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.Overfitting;

/// <summary>Part 4 as a report section.</summary>
public static class OverfittingSection
{
    /// <summary>The section for a part-4 result.</summary>
    public static Section Build(OverfittingResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        double stops = r.MedianStopsImproving;
        double best = r.MedianBestEpoch;
        var typical = r.Runs.OrderBy(x => x.StopsImproving ?? s.Training.Epochs).ElementAt((r.Runs.Count - 1) / 2);
        var curves = new LineChart($"Training vs validation loss ({s.TrainPoints} training, {s.ValidationPoints} validation points; log-log)",
            new Axis("epoch (log scale)", AxisScale.Log10), new Axis("MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("training loss", r.TrainLoss, 0), Plots.BandSeries("validation loss", r.ValidationLoss, 3)])
        {
            VerticalLines = [new ReferenceLine(stops, "stops improving (median) " + Short(stops))],
            HorizontalLines = [new ReferenceLine(LabData.LogNoise * LabData.LogNoise, "noise floor 0.01")],
        };
        var fit = new LineChart($"Seed {typical.Run.Seed}: the model after {s.Training.Epochs} epochs and after early stopping",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("validation points", r.Validation, 7),
                Plots.Data("training points", r.Train, 1),
                Plots.Curve("true relation ln(x + 1)", r.Validation.X, LabData.TrueLog, 2),
                Plots.Prediction($"after {s.Training.Epochs} epochs (val MSE {Short(typical.Run.History.ValidationLoss[^1])})", typical.Run, r.Validation.X, 3),
                Plots.Prediction($"early stopping, epoch {typical.EarlyStopped.History.RestoredEpoch} (val " +
                    $"MSE {Short(typical.EarlyStoppedValidationLoss)})", typical.EarlyStopped, r.Validation.X, 0),
            ]);
        var table = new Table("overfitting-runs",
            $"Per seed: the epoch of the lowest validation loss, the rule's epoch (the first epoch after which {s.Lookahead} more epochs improve the best " +
            $"validation loss by less than {Percent(s.MinImprovement)}; NaN: still improving), where early stopping (patience {s.Patience}) stopped " +
                $"and which weights it restored.",
            Tables.Frame(
                Tables.Column("seed", r.Runs.Select(x => (int)x.Run.Seed).ToArray()),
                Tables.Column("best_epoch", r.Runs.Select(x => x.BestEpoch).ToArray()),
                Tables.Column("stops_improving_epoch", r.Runs.Select(x => x.StopsImproving is { } e ? e : double.NaN).ToArray()),
                Tables.Column("final_train_loss", r.Runs.Select(x => x.Run.FinalLoss).ToArray()),
                Tables.Column("final_val_loss", r.Runs.Select(x => x.Run.History.ValidationLoss[^1]).ToArray()),
                Tables.Column("best_val_loss", r.Runs.Select(x => x.Run.History.ValidationLoss[x.BestEpoch - 1]).ToArray()),
                Tables.Column("early_stop_epoch", r.Runs.Select(x => x.EarlyStopped.History.Stop.Epoch).ToArray()),
                Tables.Column("restored_epoch", r.Runs.Select(x => x.EarlyStopped.History.RestoredEpoch ?? 0).ToArray()),
                Tables.Column("early_stopped_val_loss", r.Runs.Select(x => x.EarlyStoppedValidationLoss).ToArray())));

        double trainDrop = r.TrainLoss.Median[^1] / r.TrainLoss.Median[Math.Min(r.TrainLoss.Median.Count - 1, (int)stops - 1)];
        bool agrees = Math.Abs(stops - s.LabEpoch) <= 0.3 * s.LabEpoch;
        double finalVal = Statistics.Median(r.Runs.Select(x => x.Run.History.ValidationLoss[^1]).ToArray());
        double earlyVal = Statistics.Median(r.Runs.Select(x => x.EarlyStoppedValidationLoss).ToArray());
        var answers = new List<Answer>
        {
            new("At which epoch does the validation loss stop improving?",
                $"Epoch {Short(stops)} (median over {s.Runs().Count} seeds; per " +
                    $"seed {string.Join(", ", r.Runs.Select(x => x.StopsImproving?.ToString() ?? "never"))}) by the rule: " +
                $"the first epoch after which {s.Lookahead} more epochs improve the best validation loss by less than {Percent(s.MinImprovement)}. " +
                $"The lowest validation loss itself comes at epoch {Short(best)} (median). After that the training loss still falls " +
                $"(×{Short(trainDrop)} by epoch {s.Training.Epochs}, to {Short(r.TrainLoss.Median[^1])}" +
                (r.TrainLoss.Median[^1] < LabData.LogNoise * LabData.LogNoise ? ", below the noise floor 0.01: the network fits the noise of its "
                    + s.TrainPoints + " points" : "") +
                ") while the validation loss does not. " +
                (agrees ? "" : $"The lab's \"about {s.LabEpoch}\" is within 30 % only for some seeds: with {s.TrainPoints} points the epoch depends on " +
                    $"the initial weights and on the points drawn."),
                [Named("median_stops_improving_epoch", stops), Named("median_best_epoch", best), Named("train_loss_ratio_after", trainDrop)],
                LabSays: $"about epoch {s.LabEpoch}", AgreesWithLab: agrees),
            new("What does early stopping give?",
                $"EarlyStopping(monitor val_loss, patience {s.Patience}, restore best weights) stops at " +
                    $"epoch {Short(Statistics.Median(r.Runs.Select(x => (double)x.EarlyStopped.History.Stop.Epoch).ToArray()))} (median) " +
                $"and returns the weights of the best epoch: validation MSE {Short(earlyVal)} against {Short(finalVal)} after all {s.Training.Epochs} " +
                    $"epochs (medians).",
                [Named("median_early_stopped_val_loss", earlyVal), Named("median_final_val_loss", finalVal)]),
        };
        return new Section("overfitting", "Overfitting and early stopping",
            "Train on 10 points and validate on 100 (500 epochs, batch 10, lr 1e-2). Plot training vs validation loss (log-log). " +
            "At which epoch does the validation loss stop improving? Use early stopping.",
            $"{s.TrainPoints} training and {s.ValidationPoints} validation points of ln(x + 1) + 0.1·N (x uniform on [0, 10), numpy seed {s.DataSeed}); " +
            $"Dense({s.HiddenUnits}, tanh) → Dense(1), Adam lr {Rate(s.LearningRate)}, {s.Training.Epochs} epochs, batch {s.Training.BatchSize}, " +
                $"seeds {string.Join(", ", s.Seeds)}; " +
            $"then the same with EarlyStopping(patience {s.Patience}, restore_best_weights).",
            [
                new Figure("overfitting-loss.png", ChartRenderer.Render(curves),
                    "Training and validation loss on log-log axes, median and min–max over seeds; the vertical line marks where validation stops improving.",
                    "Log-log chart of training loss falling and validation loss flattening."),
                new Figure("overfitting-fit.png", ChartRenderer.Render(fit),
                    $"The median seed's model after all {s.Training.Epochs} epochs and with the weights early stopping restored, each with its " +
                    $"validation MSE; with {s.TrainPoints} points, where the curve is free (between and beyond them) is where the two differ.",
                    "Training and validation points with two fitted curves."),
            ],
            [table], answers, runTime, []);
    }

    private static IReadOnlyList<ulong> Runs(this OverfittingSettings s) => s.Seeds;
}
