using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.HiddenLayer;

/// <summary>Part 3's second cell as a report section: the cell as written, then the grid of rates and batch sizes over seeds.</summary>
public static class HiddenLayerSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "hidden-layer";

    /// <summary>The section for a part-3 result.</summary>
    public static Section Build(HiddenLayerResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var cellFit = new LineChart($"The cell as written: Dense({s.HiddenUnits}, tanh) → Dense(1), lr 0.1, batch {s.CellBatchSize}, seed {r.Cell.Seed}",
            new Axis("x"), new Axis("y"), [Plots.Data("random data", r.Data, 0), Plots.PredictionAt("predictions", r.Cell, r.Data.X, 1)]);
        var linear = r.Best(HiddenLayerModel.Linear);
        var hidden = r.Best(HiddenLayerModel.Tanh);
        double floor = HiddenLayerResult.NoiseFloor;
        var fit = new LineChart("ln(x + 1): the best line and the best tanh network",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("data", r.Data, 7),
                Plots.Curve("ln(x + 1)", r.Data.X, LabData.TrueLog, 2),
                Plots.Prediction($"line: lr {Rate(linear.Config.Rate)}, batch {linear.Config.BatchSize}", SeedRuns.Typical(linear.Runs), r.Data.X, 0),
                Plots.Prediction($"tanh({s.HiddenUnits}) net: lr {Rate(hidden.Config.Rate)}, batch {hidden.Config.BatchSize}",
                    SeedRuns.Typical(hidden.Runs), r.Data.X, 3),
            ]);
        var loss = new LineChart("Training loss of the two best configurations (median and min–max over seeds)",
            new Axis("epoch"), new Axis("MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("linear", linear.Loss, 0), Plots.BandSeries($"tanh({s.HiddenUnits})", hidden.Loss, 3)])
        {
            HorizontalLines = [new ReferenceLine(floor, "noise floor " + Short(floor)), new ReferenceLine(r.Optimum.Mse, "best line " + Short(r.Optimum.Mse))],
        };
        var table = new Table("hidden-layer-grid",
            $"Every configuration over {s.Seeds.Count} seeds: final training MSE (median, min, max); best = the lowest median for its model.",
            Tables.Frame(
                Tables.Column("model", r.Configs.Select(c => c.Config.Model == HiddenLayerModel.Linear ? "Dense(1)"
                    : $"Dense({s.HiddenUnits}, tanh) → Dense(1)").ToArray()),
                Tables.Column("learning_rate", r.Configs.Select(c => c.Config.Rate).ToArray()),
                Tables.Column("batch_size", r.Configs.Select(c => c.Config.BatchSize).ToArray()),
                Tables.Column("median_final_mse", r.Configs.Select(c => c.MedianFinal).ToArray()),
                Tables.Column("min_final_mse", r.Configs.Select(c => c.MinFinal).ToArray()),
                Tables.Column("max_final_mse", r.Configs.Select(c => c.MaxFinal).ToArray()),
                Tables.Column("best", r.Configs.Select(c => c == linear || c == hidden).ToArray())),
            HighlightColumn: "best");
        var answers = new List<Answer>
        {
            new($"Does the cell's Dense({s.HiddenUnits}, tanh) → Dense(1) fit ln(x + 1)?",
                $"The cell's run ends at MSE {Short(r.Cell.FinalLoss)}, {Short(r.Cell.FinalLoss / floor)} times the noise floor {Short(floor)}, against " +
                $"{Short(r.Optimum.Mse)} for the best straight line through the same points. Its batch of {s.CellBatchSize} is more than the " +
                $"{r.Data.Count} points, so every epoch is one step on all of them, as with batch {r.Data.Count}.",
                [Named("cell_final_mse", r.Cell.FinalLoss), Named("least_squares_mse", r.Optimum.Mse), Named("noise_floor", floor)]),
            new($"Does Dense({s.HiddenUnits}, tanh) → Dense(1) fit, and with which learning rate and batch size?",
                $"Yes: lr {Rate(hidden.Config.Rate)} with batch {hidden.Config.BatchSize} reaches " +
                    $"MSE {Band(hidden.MedianFinal, hidden.MinFinal, hidden.MaxFinal)}, " +
                $"{Short(hidden.MedianFinal / floor)} times the noise floor and {Short(linear.MedianFinal / hidden.MedianFinal)} times better than the " +
                    $"best linear model.",
                [Named("tanh_best_rate", hidden.Config.Rate), Named("tanh_best_batch", hidden.Config.BatchSize), Named("tanh_best_median_mse",
                    hidden.MedianFinal),
                 Named("tanh_best_min_mse", hidden.MinFinal), Named("tanh_best_max_mse", hidden.MaxFinal)]),
            new("Is it stable over repeated runs?",
                $"Over {s.Seeds.Count} seeds the best configuration's final MSE spans {Short(hidden.MinFinal)}–{Short(hidden.MaxFinal)} " +
                $"(max/min {Short(hidden.MaxFinal / hidden.MinFinal)}); " +
                (hidden.MaxFinal < 2 * floor ? "every run lands within twice the noise floor."
                    : "some runs stay well above the noise floor; see the table for steadier configurations."),
                [Named("tanh_best_spread_ratio", hidden.MaxFinal / hidden.MinFinal)]),
        };
        return new Section(Id, "A hidden layer for ln(x + 1)",
            "The linear model is insufficient for ln(x + 1): add a hidden layer of 3 tanh neurons. Experiment with the learning rate and the " +
            "batch size to produce a more faithful prediction, and run it a couple of times to ensure a self-consistent performance.",
            "The cell's data: it does not re-seed, so its noise continues numpy's stream after the previous cell (the 101st to 200th normal draws " +
            $"after np.random.seed(0)); x = 0 … 9.9. Dense({s.HiddenUnits}, tanh) → Dense(1), mean squared error, Adam(learning_rate=0.1), " +
            $"{s.Training.Epochs} epochs at batch {s.CellBatchSize}, one run (initial weights from our seed {r.Cell.Seed}).",
            [
                new Figure("hidden-layer-cell-fit.png", ChartRenderer.Render(cellFit), "The cell's plot: the data and the predictions.",
                    "Scatter of ln data with a curved fit."),
            ],
            [DataTables.Points(Id, r.Data)], answers, runTime, [])
        {
            Models = [LabModels.Regression("log-tanh3", "Part 3's cell as run: Dense(3, tanh) → Dense(1) on y = ln(x + 1) + 0.1·N(0, 1).", r.Cell, r.Data)],
            Cell = NotebookCells.HiddenLayer,
            Extensions =
            [
                new Extension("The experiment the cell asks for: learning rates × batch sizes, over seeds",
                    $"On the cell's data, the linear model and Dense({s.HiddenUnits}, tanh) → Dense(1), each trained with Adam for {s.Training.Epochs} " +
                    $"epochs at every learning rate ({string.Join(", ", s.Rates.Select(Rate))}) and batch size ({string.Join(", ", s.BatchSizes)}), " +
                    $"each over seeds {string.Join(", ", s.Seeds)}.",
                    [
                        new Figure("hidden-layer-fit.png", ChartRenderer.Render(fit), "The data, the true curve and the best configuration of each model.",
                            "Scatter of ln data with a straight line and a curved fit."),
                        new Figure("hidden-layer-loss.png", ChartRenderer.Render(loss), "Training loss of the best configurations with the noise floor.",
                            "Two loss curves with bands on a log scale."),
                    ],
                    [table]),
            ],
            Fidelity =
            [
                new CellFidelity("x = np.arange(0,10,0.1); y = np.log(x+1)+np.random.normal(size=len(x))*0.1 (no seed); Dense(3, activation='tanh'), " +
                    "Dense(1), Adam(0.1), fit(epochs=100, batch_size=200)", "part 3, the hidden layer, as written", true, true, true,
                    "The noise continues the stream of the cell before; the grid over rates, batches and seeds is an extension."),
            ],
        };
    }
}
