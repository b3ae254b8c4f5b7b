using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.FightingOverfitting;

/// <summary>"Fighting overfitting" as a report section: validation curves side by side, the table, and the computed answer.</summary>
public static class FightingOverfittingSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "fighting-overfitting";

    /// <summary>The section for a result.</summary>
    public static Section Build(FightingOverfittingResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var net = s.Network;
        double noise = r.ValidationNoiseMse;
        var none = r.None;
        var early = r.Remedies.FirstOrDefault(m => m.Remedy.EarlyStopping);
        var trained = r.Remedies.Where(m => !m.Remedy.EarlyStopping).ToArray();
        var curves = new LineChart($"Validation MSE per epoch, median over {net.Seeds.Count} seeds (log-log)",
            new Axis("epoch (log scale)", AxisScale.Log10), new Axis("validation MSE (log scale)", AxisScale.Log10),
            trained.Select((m, i) => new Series(m.Remedy.Name, Epochs(m.ValidationMse.Median.Count), m.ValidationMse.Median, SeriesStyle.Line,
                ColorOf(r, m))).ToArray())
        {
            VerticalLines = early is null ? [] : [new ReferenceLine(early.MedianStopEpoch, "early stopping stops (median) " + Short(early.MedianStopEpoch))],
            HorizontalLines = [new ReferenceLine(noise, "the validation noise " + Short(noise))],
        };
        // Where the remedies differ: the last four fifths of training, on linear axes.
        int from = net.Training.Epochs / 5;
        var late = new LineChart($"The same medians from epoch {from + 1} on (linear axes)", new Axis("epoch"), new Axis("validation MSE"),
            trained.Select(m => new Series(m.Remedy.Name, Epochs(m.ValidationMse.Median.Count).Skip(from).ToArray(),
                m.ValidationMse.Median.Skip(from).ToArray(), SeriesStyle.Line, ColorOf(r, m))).ToArray())
        {
            HorizontalLines = [new ReferenceLine(noise, "the validation noise " + Short(noise))],
        };
        var bands = trained.Select(m => new LineChart($"{m.Remedy.Name}: median and min–max over seeds", new Axis("epoch (log scale)", AxisScale.Log10),
            new Axis("validation MSE (log scale)", AxisScale.Log10), [Plots.BandSeries(m.Remedy.Name, m.ValidationMse, ColorOf(r, m))])
        {
            HorizontalLines = [new ReferenceLine(noise, "noise " + Short(noise))],
            Width = 560, Height = 380,
        }).ToArray();

        // One seed's returned models, side by side: the seed whose unremedied run is the median one.
        var seedIndex = Enumerable.Range(0, none.Runs.Count).OrderBy(i => none.Runs[i].ReturnedValidationMse).ElementAt((none.Runs.Count - 1) / 2);
        ulong seed = none.Runs[seedIndex].Run.Seed;
        var fits = new LineChart($"Seed {seed}: the model each remedy returns", new Axis("x"), new Axis("y"),
            [
                Plots.Data("validation points", r.Validation, 7),
                Plots.Data("training points", r.Train, 9),
                Plots.Curve("true relation ln(x + 1)", r.Validation.X, LabData.TrueLog, 2),
                .. r.Remedies.Select(m => Plots.Prediction($"{m.Remedy.Name} (val MSE {Short(m.Runs[seedIndex].ReturnedValidationMse)})", m.Runs[seedIndex].Run,
                    r.Validation.X, ColorOf(r, m))),
            ]);

        var best = r.Ranked[0];
        var summary = new Table("fighting-overfitting-remedies",
            $"Per remedy, medians over {net.Seeds.Count} seeds: the best epoch's validation MSE and that epoch, the epoch training ended, the validation " +
            "MSE of the model training returned (min and max over seeds), that model's distance to the true ln(x + 1), and its returned validation MSE " +
            "as a fraction of no remedy's. val MSE is Keras' metrics=['mse'], the data term: a penalized model's val_loss also holds its penalty.",
            Tables.Frame(
                Tables.Column("remedy", r.Remedies.Select(m => m.Remedy.Name).ToArray()),
                Tables.Column("best_val_mse", r.Remedies.Select(m => m.MedianBest).ToArray()),
                Tables.Column("best_epoch", r.Remedies.Select(m => m.MedianBestEpoch).ToArray()),
                Tables.Column("stop_epoch", r.Remedies.Select(m => m.MedianStopEpoch).ToArray()),
                Tables.Column("returned_val_mse", r.Remedies.Select(m => m.MedianReturned).ToArray()),
                Tables.Column("returned_val_mse_min", r.Remedies.Select(m => m.MinReturned).ToArray()),
                Tables.Column("returned_val_mse_max", r.Remedies.Select(m => m.MaxReturned).ToArray()),
                Tables.Column("truth_mse", r.Remedies.Select(m => m.MedianTruth).ToArray()),
                Tables.Column("vs_none", r.Remedies.Select(m => m.MedianReturned / none.MedianReturned).ToArray()),
                Tables.Column("best", r.Remedies.Select(m => m == best).ToArray())),
            HighlightColumn: "best");
        var perSeed = r.Remedies.SelectMany(m => m.Runs.Select(run => (m.Remedy.Name, run))).ToArray();
        var runs = new Table("fighting-overfitting-runs", "Every run: remedy, seed, best epoch and its validation MSE, last epoch, and the returned model's " +
            "validation MSE and distance to the truth.",
            Tables.Frame(
                Tables.Column("remedy", perSeed.Select(p => p.Name).ToArray()),
                Tables.Column("seed", perSeed.Select(p => (int)p.run.Run.Seed).ToArray()),
                Tables.Column("best_epoch", perSeed.Select(p => p.run.BestEpoch).ToArray()),
                Tables.Column("best_val_mse", perSeed.Select(p => p.run.BestValidationMse).ToArray()),
                Tables.Column("stop_epoch", perSeed.Select(p => p.run.StopEpoch).ToArray()),
                Tables.Column("returned_val_mse", perSeed.Select(p => p.run.ReturnedValidationMse).ToArray()),
                Tables.Column("truth_mse", perSeed.Select(p => p.run.ReturnedTruthMse).ToArray())));
        var gridBest = r.Grid.MinBy(g => g.MedianValidationMse)!;
        var grid = new Table("fighting-overfitting-strengths",
            $"Sensitivity: every L2 factor with every dropout rate (0 is none), no early stopping, medians over {net.Seeds.Count} seeds of the returned " +
            "model's validation MSE (with min and max) and its distance to the truth.",
            Tables.Frame(
                Tables.Column("l2", r.Grid.Select(g => g.L2).ToArray()),
                Tables.Column("dropout_rate", r.Grid.Select(g => g.DropoutRate).ToArray()),
                Tables.Column("val_mse", r.Grid.Select(g => g.MedianValidationMse).ToArray()),
                Tables.Column("val_mse_min", r.Grid.Select(g => g.MinValidationMse).ToArray()),
                Tables.Column("val_mse_max", r.Grid.Select(g => g.MaxValidationMse).ToArray()),
                Tables.Column("truth_mse", r.Grid.Select(g => g.MedianTruthMse).ToArray()),
                Tables.Column("best", r.Grid.Select(g => g == gridBest).ToArray())),
            HighlightColumn: "best");

        var second = r.Ranked.Count > 1 ? r.Ranked[1] : best;
        bool clear = best.MaxReturned < second.MinReturned;
        var truthBest = r.RankedByTruth[0];
        double excessNone = none.MedianReturned - noise, excessBest = best.MedianReturned - noise;
        string ranking = string.Join("; ", r.Ranked.Select(m => $"{m.Remedy.Name} {Short(m.MedianReturned)}"));
        string answer = best == none
            ? $"None of them, here: without a remedy the returned model's validation MSE is {Short(none.MedianReturned)} (median over " +
              $"{net.Seeds.Count} seeds) and every remedy does worse. Ranking by validation MSE: {ranking}."
            : $"{best.Remedy.Name}: the model training returns scores validation MSE {Band(best.MedianReturned, best.MinReturned, best.MaxReturned)} " +
              $"(median [min–max] over {net.Seeds.Count} seeds) against {Band(none.MedianReturned, none.MinReturned, none.MaxReturned)} without a " +
              $"remedy: {Percent(1 - best.MedianReturned / none.MedianReturned)} lower. No model can beat the validation points' own noise " +
              $"({Short(noise)}, what the true ln(x + 1) scores), so of the error a model can remove it removes " +
              $"{Percent(1 - excessBest / excessNone)}. " +
              (clear ? $"Its worst seed beats the next remedy's ({second.Remedy.Name}) best seed. "
                  : $"The next remedy, {second.Remedy.Name} ({Short(second.MedianReturned)}), is within the seeds' spread: with {r.Train.Count} points " +
                    "the ranking of the two is not settled by these seeds. ") +
              $"Ranking by validation MSE: {ranking}. Against the true ln(x + 1) (no noise, no validation points) the best is " +
              $"{truthBest.Remedy.Name} ({Short(truthBest.MedianTruth)} against {Short(none.MedianTruth)} without a remedy)" +
              (truthBest == best ? ", the same answer." : ": the two measures disagree, so the choice between these two is not settled by these runs.") +
              (early is not null
                  ? $" Early stopping picks its epoch by the same validation points it is scored on here; its distance to the truth " +
                    $"({Short(early.MedianTruth)}) does not have that advantage."
                  : "");
        var answers = new List<Answer>
        {
            new("Which helps most here, and by how much?", answer,
                [
                    Named("none_median_val_mse", none.MedianReturned), Named("best_median_val_mse", best.MedianReturned),
                    Named("best_over_none", best.MedianReturned / none.MedianReturned), Named("validation_noise_mse", noise),
                    Named("none_median_truth_mse", none.MedianTruth), Named("best_by_truth_median_truth_mse", truthBest.MedianTruth),
                    .. r.Remedies.Select(m => Named($"median_val_mse_{m.Remedy.Id}", m.MedianReturned)),
                ]),
            new("How sensitive is that to the strengths chosen?",
                $"Over the grid of L2 factors {string.Join(", ", s.L2Grid.Select(Short))} and dropout rates {string.Join(", ", s.DropoutGrid.Select(Short))} " +
                $"(no early stopping), the lowest median validation MSE is {Short(gridBest.MedianValidationMse)}, at L2 {Short(gridBest.L2)} with dropout " +
                $"{Short(gridBest.DropoutRate)}; the strengths above were fixed before looking (Keras' default L2 factor, dropout 0.2). Choosing the " +
                "grid's best by the same validation points would flatter it: a fair choice needs points of its own." +
                (r.Remedies.Any(m => !m.Remedy.EarlyStopping && (m.Remedy.L2 ?? 0) == gridBest.L2 && (m.Remedy.DropoutRate ?? 0) == gridBest.DropoutRate)
                    ? " Here the grid's best is one of the fixed strengths." : ""),
                [
                    Named("grid_best_val_mse", gridBest.MedianValidationMse), Named("grid_best_l2", gridBest.L2),
                    Named("grid_best_dropout_rate", gridBest.DropoutRate),
                ]),
        };
        return new Section(Id, "Fighting overfitting",
            "The notebook says there are \"a number of best practices\" against overfitting and names early stopping. On part 4's network and data, " +
            "which helps most: early stopping, an L2 weight penalty, dropout, or L2 with dropout, and by how much?",
            $"Part 4's cell (its 10 training and 100 validation points, bit for bit; Dense({net.HiddenUnits}, tanh) → Dense(1), mean squared error, " +
            $"Adam({Rate(net.LearningRate)}), {net.Training.Epochs} epochs at batch {net.Training.BatchSize}) over seeds {string.Join(", ", net.Seeds)}, " +
            $"five ways: as written; with EarlyStopping(monitor='val_loss', patience={net.Patience}, restore_best_weights=True); with " +
            "kernel_regularizer=L2(0.01) on both Dense layers; with Dropout(0.2) after the hidden layer; and with both. Every run records " +
            "metrics=['mse'], so val_mse is the data term alone. Each returned model is scored on the validation points and, apart from them, " +
            $"against the true ln(x + 1) at {s.TruthPoints} evenly spaced x in [0, 9.9].",
            [
                new Figure("fighting-overfitting-curves.png", ChartRenderer.Render(curves),
                    "Validation MSE per epoch, median over seeds, side by side; early stopping follows the first curve until it stops (the vertical " +
                    "line) and returns its best epoch's weights. The horizontal line is what the true relation scores.",
                    "Log-log chart of four validation-loss curves."),
                new Figure("fighting-overfitting-late.png", ChartRenderer.Render(late),
                    $"The same medians from epoch {from + 1} to {net.Training.Epochs}, where the remedies part.", "Four validation-loss curves, late epochs."),
                .. bands.Select((c, i) => new Figure($"fighting-overfitting-band-{i}.png", ChartRenderer.Render(c),
                    $"{trained[i].Remedy.Name}: validation MSE per epoch, median and min–max over seeds.", "A validation-loss curve with its band.")),
                new Figure("fighting-overfitting-fits.png", ChartRenderer.Render(fits),
                    $"Seed {seed} (the median run without a remedy): the model each remedy returns, with its validation MSE.",
                    "Training and validation points with five fitted curves."),
            ],
            [summary, runs], answers, runTime, [])
        {
            Models = [LabModels.Regression("overfitting-best-remedy",
                $"Part 4's network with the remedy that helps most ({r.Ranked[0].Remedy.Name}), as returned by its run.",
                r.Ranked[0].Runs[0].Run, r.Validation)],
            Extensions =
            [
                new Extension("How much each strength matters",
                    "The same training without early stopping, over a grid of L2 factors and dropout rates.", [], [grid]),
            ],
        };
    }

    // No remedy keeps part 4's red; the truth keeps its green (2) in every chart.
    private static readonly int[] Palette = [3, 0, 1, 4, 5, 6, 9, 8];

    private static int ColorOf(FightingOverfittingResult r, RemedyRuns m) => Palette[r.Remedies.ToList().IndexOf(m) % Palette.Length];
}
