using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.LearningRateSweep;

/// <summary>Part 2 as a report section: the sweep cell and the prediction cell as written, then the sweep over seeds.</summary>
public static class LearningRateSweepSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "learning-rate-sweep";

    /// <summary>The section for a part-2 result.</summary>
    public static Section Build(LearningRateSweepResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        // The cell plots each rate's history with label f'lr={lr:g}', then plt.ylim(0.5, 3).
        var cellSweep = new LineChart("The cell as written: loss per epoch for each learning rate (plt.ylim(0.5, 3))",
            new Axis("epoch"), new Axis("loss", AxisScale.Linear, 0.5, 3),
            r.Rates.Select((rate, i) => new Series($"lr={LikePython(rate.Rate)}", Epochs(rate.Cell.History.Loss.Count), rate.Cell.History.Loss,
                SeriesStyle.Line, i)).ToArray());
        var cellPrediction = new LineChart($"The next cell as written: Adam(learning_rate={LikePython(s.LabBestRate)}), predictions",
            new Axis("x"), new Axis("y"),
            [Plots.Data("random data", r.Data, 0), Plots.PredictionAt("predictions", r.PredictionCell, r.Data.X, 1)]);
        var best = r.BestByFinalLoss;
        var fastest = r.BestBySpeed;
        var lab = r.LabRate;
        double target = r.Optimum.Mse * (1 + s.Within);

        var curves = r.Rates.Select((rate, i) => new Series("lr " + Rate(rate.Rate), Text.Epochs(rate.Loss.Median.Count), rate.Loss.Median,
            SeriesStyle.Line, i)).ToArray();
        var sweep = new LineChart($"Training loss for 8 learning rates (median of {s.Seeds.Count} seeds), y from 0.5 to 3 as in the lab",
            new Axis("epoch"), new Axis("MSE", AxisScale.Linear, 0.5, 3), curves)
        {
            HorizontalLines = [new ReferenceLine(r.Optimum.Mse, "least squares " + Short(r.Optimum.Mse))],
        };
        var sweepLog = new LineChart("The same curves over their whole range (log scale), with min–max bands",
            new Axis("epoch"), new Axis("MSE (log scale)", AxisScale.Log10),
            r.Rates.Select((rate, i) => Plots.BandSeries("lr " + Rate(rate.Rate), rate.Loss, i)).ToArray())
        {
            HorizontalLines = [new ReferenceLine(r.Optimum.Mse, "least squares")],
        };
        var bestRun = SeedRuns.Typical(best.Runs);
        var prediction = new LineChart($"Prediction of the best rate (lr {Rate(best.Rate)}, median seed {bestRun.Seed})",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("data", r.Data, 7),
                Plots.Curve("true relation 2x + 3", r.Data.X, LabData.TrueLine, 2),
                Plots.Prediction("Dense(1), lr " + Rate(best.Rate), bestRun, r.Data.X, 3),
            ]);

        var table = new Table("learning-rate-sweep",
            $"Each rate over {s.Seeds.Count} seeds: final training MSE (median, min, max), how many runs come within {Percent(s.Within)} of the " +
                $"least-squares MSE {Short(r.Optimum.Mse)} " +
            "and the median epoch at which they first do (NaN: most runs never do); best = lowest median final loss.",
            Tables.Frame(
                Tables.Column("learning_rate", r.Rates.Select(x => x.Rate).ToArray()),
                Tables.Column("median_final_loss", r.Rates.Select(x => x.MedianFinal).ToArray()),
                Tables.Column("min_final_loss", r.Rates.Select(x => x.MinFinal).ToArray()),
                Tables.Column("max_final_loss", r.Rates.Select(x => x.MaxFinal).ToArray()),
                Tables.Column("runs_within_5pct", r.Rates.Select(x => x.Reached).ToArray()),
                Tables.Column("median_epoch_within_5pct", r.Rates.Select(x => x.MedianEpochsToWithin ?? double.NaN).ToArray()),
                Tables.Column("diverged_runs", r.Rates.Select(x => x.Diverged).ToArray()),
                Tables.Column("best", r.Rates.Select(x => x == best).ToArray())),
            HighlightColumn: "best");

        bool agrees = Math.Abs(Math.Log10(best.Rate) - Math.Log10(s.LabBestRate)) < 1e-9;
        var why = lab is null ? "" :
            $" At the lab's 1e-1 the median final MSE is {Short(lab.MedianFinal)} ({Short(lab.MedianFinal / r.Optimum.Mse)} × optimal) and " +
            (lab.Reached == 0 ? $"no run gets within {Percent(s.Within)} in {s.Training.Epochs} epochs"
                : $"{lab.Reached} runs get within {Percent(s.Within)}") +
            $": with one update per epoch, Adam moves each weight by roughly the learning rate per step, so 100 steps of about 0.1 cannot carry the " +
            $"intercept from 0 to {Short(r.Optimum.Intercept)}; at 1 the weights arrive in a few dozen steps and settle, " +
            "at 100 they overshoot and oscillate. " +
            "On the lab's y-range (0.5–3) the 1e-1 curve looks smooth and low, which is probably why the lab picked it; " +
            "the table shows it has not converged.";
        var answers = new List<Answer>
        {
            new("Which learning rate is best (lowest final loss after 100 epochs)?",
                $"lr {Rate(best.Rate)}: median final MSE {Band(best.MedianFinal, best.MinFinal, best.MaxFinal)}, against the least-squares " +
                    $"optimum {Short(r.Optimum.Mse)}." + why,
                [Named("best_rate_by_final_loss", best.Rate), Named("best_median_final_loss", best.MedianFinal), Named("least_squares_mse", r.Optimum.Mse),
                 Named("lab_rate_median_final_loss", lab?.MedianFinal ?? double.NaN)],
                LabSays: "1e-1", AgreesWithLab: agrees),
            new($"Which learning rate first gets within {Percent(s.Within)} of the least-squares MSE?",
                fastest is null
                    ? $"None of the rates gets within {Percent(s.Within)} of {Short(r.Optimum.Mse)} in {s.Training.Epochs} epochs."
                    : $"lr {Rate(fastest.Rate)}, at epoch {Short(fastest.MedianEpochsToWithin!.Value)} (median over seeds; MSE ≤ {Short(target)}). " +
                      $"Rates that never get there in {s.Training.Epochs} " +
                          $"epochs: {string.Join(", ", r.Rates.Where(x => x.Reached == 0).Select(x => Rate(x.Rate)))}.",
                [Named("best_rate_by_speed", fastest?.Rate ?? double.NaN), Named("median_epoch_within", fastest?.MedianEpochsToWithin ?? double.NaN),
                    Named("target_mse", target)],
                LabSays: "1e-1", AgreesWithLab: fastest is not null && Math.Abs(Math.Log10(fastest.Rate) - Math.Log10(s.LabBestRate)) < 1e-9),
        };

        return new Section(Id, "Learning-rate sweep",
            "Train the same model at 8 learning rates log-spaced from 1e-5 to 1e2, plot all loss curves on one chart (y from 0.5 to 3). " +
            "Which learning rate is best? Plot that model's prediction.",
            $"The first cell's data (the sweep cell does not redraw x and y). For each of np.logspace(-5, 2, 8) = {string.Join(", ", s.Rates.Select(Rate))}: " +
            $"a fresh Dense(1), mean squared error, Adam at that rate, {s.Training.Epochs} epochs at batch {s.Training.BatchSize}, one run " +
            $"(initial weights from our seed {s.CellSeed}, the same for every rate). Then the next cell: the same model at learning rate " +
            $"{LikePython(s.LabBestRate)}, the lab's answer, and its predictions.",
            [
                new Figure("learning-rate-sweep-cell.png", ChartRenderer.Render(cellSweep), "The sweep cell's plot: one loss curve per rate, y from 0.5 to 3.",
                    "Eight loss curves, one run per learning rate."),
                new Figure("learning-rate-cell-prediction.png", ChartRenderer.Render(cellPrediction),
                    $"The next cell's plot: the data and the predictions of the model trained at {LikePython(s.LabBestRate)}.",
                    "Scatter of the data with the model's line."),
            ],
            [DataTables.Points(Id, r.Data)], answers, runTime, [])
        {
            Models = [LabModels.Regression("sweep-best-rate",
                "Part 2's prediction cell: Dense(1) trained at the best learning rate of the sweep.",
                r.PredictionCell, r.Data)],
            Cell = NotebookCells.Sweep + "\n\n" + NotebookCells.SweepPrediction,
            Extensions =
            [
                new Extension($"{s.Seeds.Count} seeds per rate, with bands, and the computed best rate",
                    $"Each rate again with seeds {string.Join(", ", s.Seeds)}. Two criteria: the final training loss, and the first epoch within " +
                    $"{Percent(s.Within)} of the least-squares MSE; the prediction shown is the best rate's, not the lab's.",
                    [
                        new Figure("learning-rate-sweep.png", ChartRenderer.Render(sweep),
                            "All eight loss curves (median over seeds) on the lab's y-range 0.5–3; curves above 3 are off the chart.",
                            "Eight loss curves, one per learning rate."),
                        new Figure("learning-rate-sweep-log.png", ChartRenderer.Render(sweepLog),
                            "The same curves on a log scale with their min–max bands over seeds.",
                            "Eight loss curves on a log scale with bands."),
                        new Figure("learning-rate-best-prediction.png", ChartRenderer.Render(prediction), $"Prediction of the best rate, lr {Rate(best.Rate)}.",
                            "Scatter of the data with the best model's line."),
                    ],
                    [table]),
            ],
            Fidelity =
            [
                new CellFidelity("learnRate = np.logspace(-5, 2, 8); for lr in learnRate: … Adam(learning_rate=lr) … fit(x, y, epochs=100, batch_size=100)",
                    "part 2, as written", true, true, true, "One run per rate, as the cell; the seeds with bands are an extension."),
                new CellFidelity("model.compile(… Adam(learning_rate=0.1)); model.fit(x, y, epochs=100, batch_size=100); p = model.predict(x)",
                    "part 2, as written", true, true, true, "The lab's rate; the best rate the data pick is shown as an extension."),
            ],
        };
    }

    /// <summary>A number as Python's <c>f"{lr:g}"</c> writes it: 1e-05, 0.0001, 0.001, 0.1, 1, 100.</summary>
    private static string LikePython(double value)
    {
        var text = value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0) return text;
        int exponent = int.Parse(text[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return exponent is >= -4 and < 6 ? value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture)
            : $"{text[..e]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }
}
