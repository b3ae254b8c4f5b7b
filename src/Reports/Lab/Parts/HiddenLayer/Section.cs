using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.HiddenLayer;

/// <summary>Part 3 as a report section.</summary>
public static class HiddenLayerSection
{
    /// <summary>The section for a part-3 result.</summary>
    public static Section Build(HiddenLayerResult r, TimeSpan runTime)
    {
        var s = r.Settings;
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
            new("Does the linear model fit ln(x + 1)?",
                $"No, it underfits: its best configuration (lr {Rate(linear.Config.Rate)}, batch {linear.Config.BatchSize}) reaches " +
                    $"MSE {Band(linear.MedianFinal, linear.MinFinal, linear.MaxFinal)}, " +
                $"and no straight line can do better than the least-squares {Short(r.Optimum.Mse)}, {Short(r.Optimum.Mse / floor)} times the noise " +
                    $"floor {Short(floor)}.",
                [Named("linear_best_median_mse", linear.MedianFinal), Named("least_squares_mse", r.Optimum.Mse), Named("noise_floor", floor)]),
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
        return new Section("hidden-layer", "A hidden layer for ln(x + 1)",
            "Fit y = ln(x + 1) + 0.1·N(0, 1): the linear model underfits; one hidden layer Dense(3, tanh) → Dense(1) fits. Tune the learning rate " +
                "and the " +
            "batch size, and make sure it is stable over repeated runs.",
            $"The notebook's data (numpy seed {s.DataSeed}, x = 0 … 9.9). Both models trained with Adam for {s.Training.Epochs} epochs on every " +
                $"combination of learning rate " +
            $"({string.Join(", ", s.Rates.Select(Rate))}) and batch size ({string.Join(", ", s.BatchSizes)}), each over seeds {string.Join(", ", s.Seeds)}.",
            [
                new Figure("hidden-layer-fit.png", ChartRenderer.Render(fit), "The data, the true curve and the best configuration of each model.",
                    "Scatter of ln data with a straight line and a curved fit."),
                new Figure("hidden-layer-loss.png", ChartRenderer.Render(loss), "Training loss of the best configurations with the noise floor.",
                    "Two loss curves with bands on a log scale."),
            ],
            [table], answers, runTime, []);
    }
}
