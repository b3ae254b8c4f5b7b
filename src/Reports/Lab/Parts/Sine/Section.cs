using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.Sine;

/// <summary>The extra credit as a report section.</summary>
public static class SineSection
{
    /// <summary>The section for the sine result.</summary>
    public static Section Build(SineResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        double floor = SineResult.NoiseFloor;
        var typical = SeedRuns.Typical(r.BestRuns.OrderBy(x => x.History.ValidationLoss[^1]).ToArray());
        var fit = new LineChart($"sin(x) on [0, 5π]: the best MLP found ({r.Best})", new Axis("x"), new Axis("y"),
        [
            Plots.Data("training data", r.Train, 7),
            Plots.Curve("true relation sin(x)", r.Train.X, Math.Sin, 2),
            Plots.Prediction($"MLP, seed {typical.Seed}", typical, r.Train.X, 3),
        ]);
        var val = SeedBand.Of(r.BestRuns.Select(x => x.History.ValidationLoss).ToArray());
        var loss = new LineChart($"Validation loss of the best configuration over {s.Seeds.Count} seeds", new Axis("epoch"),
            new Axis("validation MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("validation loss", val, 3), Plots.BandSeries("training loss", SeedBand.Of(r.BestRuns.Select(x => x.History.Loss).ToArray()), 0)])
        {
            HorizontalLines = [new ReferenceLine(floor, "noise floor " + Short(floor))],
        };
        var search = new Table("sine-search",
            $"The random search: {r.Search.Count} candidates of {s.Space.Count}, each trained {s.Training.Epochs} epochs (seed {s.SearchSeed}), ranked " +
            $"by final validation MSE.",
            Tables.Frame(
                Tables.Column("rank", r.Search.Select(x => x.Rank).ToArray()),
                Tables.Column("hidden_layers", r.Search.Select(x => string.Join("-", x.Config.Hidden)).ToArray()),
                Tables.Column("activation", r.Search.Select(x => x.Config.Activation.Name).ToArray()),
                Tables.Column("learning_rate", r.Search.Select(x => x.Config.Rate).ToArray()),
                Tables.Column("batch_size", r.Search.Select(x => x.Config.BatchSize).ToArray()),
                Tables.Column("validation_mse", r.Search.Select(x => x.Score).ToArray()),
                Tables.Column("best", r.Search.Select(x => x.Rank == 1).ToArray())),
            HighlightColumn: "best");
        var mses = r.BestValidationMse;
        double median = Statistics.Median(mses);
        var answers = new List<Answer>
        {
            new("Which MLP fits sin(x) best within 100 epochs, and how close does it get to the noise floor?",
                $"{r.Best}: validation MSE {Short(r.Search[0].Score)} in the search, {Band(median, mses.Min(), mses.Max())} over {s.Seeds.Count} fresh " +
                    $"seeds, " +
                $"against the noise floor {Short(floor)} (the variance of the added noise: no model can do better on average) " +
                    $"— {Short(median / floor)} times the floor for the median seed.",
                [Named("best_search_validation_mse", r.Search[0].Score), Named("median_validation_mse", median), Named("min_validation_mse", mses.Min()),
                 Named("max_validation_mse", mses.Max()), Named("noise_floor", floor)]),
        };
        return new Section("sine", "Extra credit: fit sin(x)",
            "Fit sin(x) on 0 … 5π (1000 points, 100 validation points) with a tuned MLP in at most 100 epochs.",
            $"x = linspace(0, 5π, {s.TrainPoints}) with y = sin(x) + 0.1·N, {s.ValidationPoints} validation points with x uniform on [0, 5π) (numpy " +
                $"seed {s.DataSeed}). " +
            $"A random search (Search.Random in the library) over {s.Space.Count} configurations — 1–3 hidden layers of 32 or 64 units, tanh or relu, " +
                $"Adam learning rate " +
            $"1e-3 … 3e-2, batch 16–64 — evaluates {s.Candidates} of them for {s.Training.Epochs} epochs; the best is retrained with " +
                $"seeds {string.Join(", ", s.Seeds)}.",
            [
                new Figure("sine-fit.png", ChartRenderer.Render(fit), "The training data, sin(x), and the best MLP's prediction.",
                    "Noisy sine data with a fitted curve."),
                new Figure("sine-loss.png", ChartRenderer.Render(loss),
                    "Training and validation loss of the best configuration over seeds, with the noise floor.", "Loss curves approaching the noise floor."),
            ],
            [search], answers, runTime, []);
    }
}
