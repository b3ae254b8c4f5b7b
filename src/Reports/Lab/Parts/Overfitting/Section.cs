using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.Overfitting;

/// <summary>Part 4 as a report section: the cell as written, the computed answer over seeds, then early stopping.</summary>
public static class OverfittingSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "overfitting";

    /// <summary>The section for a part-4 result.</summary>
    public static Section Build(OverfittingResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        double floor = OverfittingResult.NoiseFloor;
        var cell = r.Cell;
        // The cell's two plots: the points with the predictions at the 10 training x (plt.plot(x, p)), and both losses log-log.
        var cellFit = new LineChart($"The cell as written: Dense({s.HiddenUnits}, tanh) → Dense(1), 500 epochs, seed {cell.Seed}",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("random data", r.Train, 0),
                Plots.Data("validation data", r.Validation, 1),
                Plots.PredictionAt("predictions", cell, r.Train.X, 3),
            ]);
        var cellLoss = new LineChart("The cell as written: loss and validation loss (log-log)",
            new Axis("epoch (log scale)", AxisScale.Log10), new Axis("loss (log scale)", AxisScale.Log10),
            [
                new Series("loss over training epochs", Epochs(cell.History.Loss.Count), cell.History.Loss, SeriesStyle.Line, 0),
                new Series("validation loss", Epochs(cell.History.ValidationLoss.Count), cell.History.ValidationLoss, SeriesStyle.Line, 1),
            ]);

        double stops = r.MedianStopsImproving;
        double best = r.MedianBestEpoch;
        var typical = r.Runs.OrderBy(x => x.StopsImproving ?? s.Training.Epochs).ElementAt((r.Runs.Count - 1) / 2);
        var curves = new LineChart($"Training vs validation loss over {s.Seeds.Count} seeds (log-log)",
            new Axis("epoch (log scale)", AxisScale.Log10), new Axis("MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("training loss", r.TrainLoss, 0), Plots.BandSeries("validation loss", r.ValidationLoss, 3)])
        {
            VerticalLines = [new ReferenceLine(stops, "stops improving (median) " + Short(stops))],
            HorizontalLines = [new ReferenceLine(floor, "noise floor " + Short(floor))],
        };
        // The early-stopping chart shows the seed where early stopping changed the validation loss most: for a seed still improving
        // at the end both models are the same, and the chart would show one curve hidden under the other.
        var stoppedEarly = r.Runs.Where(x => x.EarlyStopped.History.Stop.Epoch < s.Training.Epochs).ToArray();
        var shown = stoppedEarly.Length > 0
            ? stoppedEarly.MaxBy(x => Math.Abs(x.Run.History.ValidationLoss[^1] - x.EarlyStoppedValidationLoss))!
            : typical;
        var fit = new LineChart($"Seed {shown.Run.Seed}: the model after {s.Training.Epochs} epochs and after early stopping",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("validation points", r.Validation, 7),
                Plots.Data("training points", r.Train, 1),
                Plots.Curve("true relation ln(x + 1)", r.Validation.X, LabData.TrueLog, 2),
                Plots.Prediction($"after {s.Training.Epochs} epochs (val MSE {Short(shown.Run.History.ValidationLoss[^1])})", shown.Run, r.Validation.X, 3),
                Plots.Prediction($"early stopping, weights of epoch {shown.EarlyStopped.History.RestoredEpoch?.ToString() ?? "500"} " +
                    $"(val MSE {Short(shown.EarlyStoppedValidationLoss)})", shown.EarlyStopped, r.Validation.X, 0),
            ]);
        var table = new Table("overfitting-runs",
            $"Per seed: the epoch of the lowest validation loss, the rule's epoch (the first epoch after which {s.Lookahead} more epochs improve the " +
            $"best validation loss by less than {Percent(s.MinImprovement)}; NaN: still improving), where early stopping (patience {s.Patience}) " +
            "stopped and which weights it restored.",
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
        // "Right around the 10^2 epoch" on a log axis: within a factor of two of it.
        bool agrees = stops >= s.LabEpoch / 2.0 && stops <= s.LabEpoch * 2.0;
        double finalVal = Statistics.Median(r.Runs.Select(x => x.Run.History.ValidationLoss[^1]).ToArray());
        double earlyVal = Statistics.Median(r.Runs.Select(x => x.EarlyStoppedValidationLoss).ToArray());
        double earlyStop = Statistics.Median(r.Runs.Select(x => (double)x.EarlyStopped.History.Stop.Epoch).ToArray());
        string perSeed = string.Join(", ", r.Runs.Select(x => x.StopsImproving?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"));
        var answers = new List<Answer>
        {
            new("At which epoch does the loss in the validation set stop substantively improving?",
                $"Epoch {Short(stops)} (median over {s.Seeds.Count} seeds; per seed {perSeed}; the cell's own run: " +
                $"{r.CellStopsImproving?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never"}) by the rule: the first epoch after which " +
                $"{s.Lookahead} more epochs improve the best validation loss by less than {Percent(s.MinImprovement)}. The lowest validation loss itself " +
                $"comes at epoch {Short(best)} (median). After that the training loss still falls (×{Short(trainDrop)} by epoch {s.Training.Epochs}, " +
                $"to {Short(r.TrainLoss.Median[^1])}" +
                (r.TrainLoss.Median[^1] < floor ? $", below the noise floor {Short(floor)}: the network fits the noise of its {r.Train.Count} points" : "") +
                ") while the validation loss does not. " +
                (agrees ? $"That is \"right around the 10^2 epoch\", as the lab says, on the log axis it reads." :
                    $"The lab's \"around 10^2\" is not what these runs show: with {r.Train.Count} points the epoch depends on the initial weights."),
                [Named("median_stops_improving_epoch", stops), Named("median_best_epoch", best), Named("train_loss_ratio_after", trainDrop),
                 Named("cell_stops_improving_epoch", r.CellStopsImproving ?? double.NaN)],
                LabSays: "right around the 10^2 epoch", AgreesWithLab: agrees),
            new("What does early stopping give?",
                $"EarlyStopping(monitor val_loss, patience {s.Patience}, restore best weights) stops at epoch {Short(earlyStop)} (median) and returns " +
                $"the weights of the best epoch: validation MSE {Short(earlyVal)} against {Short(finalVal)} after all {s.Training.Epochs} epochs (medians).",
                [Named("median_early_stopped_val_loss", earlyVal), Named("median_final_val_loss", finalVal), Named("median_early_stop_epoch", earlyStop)]),
        };
        return new Section(Id, "Overfitting and early stopping",
            "Train on 10 points and validate on 100 (500 epochs, batch 10, lr 1e-2), then compare the training and validation losses. At what epoch " +
            "does the loss in the validation set stop substantively improving?",
            $"The cell's data: np.random.seed(0), x = 0, 1, …, 9 (integers) with ln(x + 1) + 0.2·N to train on, x1 = 0 … 9.9 with ln(x1 + 1) + 0.2·N " +
            $"to validate on (bit for bit). Dense({s.HiddenUnits}, tanh) → Dense(1), mean squared error, Adam(learning_rate=1e-2), " +
            $"{s.Training.Epochs} epochs at batch {s.Training.BatchSize}, validation_data=(x1, y1), one run (initial weights from our seed {cell.Seed}).",
            [
                new Figure("overfitting-cell-fit.png", ChartRenderer.Render(cellFit),
                    "The cell's first plot: the training and validation points, and the predictions at the 10 training x.",
                    "Two scatters and a line through the model's predictions at the training points."),
                new Figure("overfitting-cell-loss.png", ChartRenderer.Render(cellLoss), "The cell's second plot: loss and validation loss, log-log.",
                    "Two loss curves on log-log axes."),
            ],
            [DataTables.Points(Id, r.Train, r.Validation)], answers, runTime, [])
        {
            Models = [LabModels.Regression("overfitting",
                "Part 4's cell as run: trained on 10 points for 500 epochs (inputs: its 100 validation points).",
                r.Cell, r.Validation)],
            Cell = NotebookCells.Overfitting,
            Extensions =
            [
                new Extension($"The answer, computed over {s.Seeds.Count} seeds",
                    $"The same cell with seeds {string.Join(", ", s.Seeds)}; the epoch where the validation loss stops improving, by a stated rule " +
                    $"(the first epoch after which {s.Lookahead} more epochs improve the best validation loss by less than {Percent(s.MinImprovement)}).",
                    [
                        new Figure("overfitting-loss.png", ChartRenderer.Render(curves),
                            "Training and validation loss on log-log axes, median and min–max over seeds; the vertical line marks where validation " +
                            "stops improving.",
                            "Log-log chart of training loss falling and validation loss flattening."),
                    ],
                    [table]),
                new Extension("Early stopping",
                    $"The same runs with EarlyStopping(monitor='val_loss', patience={s.Patience}, restore_best_weights=True), Keras' rule.",
                    [
                        new Figure("overfitting-fit.png", ChartRenderer.Render(fit),
                            (stoppedEarly.Length > 0
                                ? $"Seed {shown.Run.Seed} (early stopping stopped {stoppedEarly.Length} of {r.Runs.Count} runs; this is the one where it " +
                                  $"changed the validation loss most): the model after all {s.Training.Epochs} epochs and with the weights early stopping " +
                                  $"restored, each with its validation MSE; with {r.Train.Count} points, where the curve is free (between and beyond them) " +
                                  "is where the two differ."
                                : $"Early stopping stopped none of the {r.Runs.Count} runs, so both curves are the median seed's model after " +
                                  $"{s.Training.Epochs} epochs, one on the other."),
                            "Training and validation points with two fitted curves."),
                    ],
                    []),
            ],
            Fidelity =
            [
                new CellFidelity("np.random.seed(0); x = np.arange(0,10); … x1 = np.arange(0,10,0.1); Dense(3, tanh), Dense(1), Adam(1e-2), " +
                    "fit(epochs=500, batch_size=10, validation_data=(x1,y1))", "part 4, as written", true, true, true,
                    "The answer over seeds and early stopping are extensions on the same data and network."),
            ],
        };
    }
}
