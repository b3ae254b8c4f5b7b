using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.Sine;

/// <summary>The extra credit as a report section: the cell's data as written, then a model found by random search.</summary>
public static class SineSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "sine";

    /// <summary>The section for the sine result.</summary>
    public static Section Build(SineResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var cellData = new LineChart("The cell as written: the training and the validation points", new Axis("x"), new Axis("y"),
            [Plots.Data("x, y: np.linspace(0, 5π, 1000)", r.Train, 0), Plots.Data("x1, y1: np.random.random(100)·π·5", r.Validation, 1)]);
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
        return new Section(Id, "Extra credit: fit sin(x)",
            "Build a model and make predictions for the data below. Tune the hyperparameters (hidden layers, neurons, learning rate, batch size) " +
            "to produce a good fit; keep the number of epochs to no more than 100.",
            "The cell's data: np.random.seed(0); x = np.linspace(0, 5π, 1000), y = sin(x) + 0.1·N; x1 = np.random.random(100)·π·5 (computed " +
            "(r·π)·5, in numpy's order), y1 = sin(x1) + 0.1·N, bit for bit. The cell leaves the model to the reader (\"put your code here\"): " +
            "the report's model is the extension below.",
            [
                new Figure("sine-cell-data.png", ChartRenderer.Render(cellData), "The cell's training points and validation points.",
                    "A noisy sine of 1000 points and 100 scattered validation points."),
            ],
            [DataTables.Points(Id, r.Train, r.Validation)], answers, runTime, [])
        {
            Models = [LabModels.Regression("sine",
                $"Part 6's best configuration found ({r.Best}), trained on sin(x) + noise (inputs: its 100 validation points).",
                typical, r.Validation)],
            Cell = NotebookCells.Sine,
            Extensions =
            [
                new Extension("A model, found by random search",
                    $"A random search (Search.Random in the library) over {s.Space.Count} configurations (1–3 hidden layers of 32 or 64 units, tanh " +
                    $"or relu, Adam learning rate 1e-3 … 3e-2, batch 16–64) evaluates {s.Candidates} of them for {s.Training.Epochs} epochs, validating " +
                    $"on x1, y1; the best is retrained with seeds {string.Join(", ", s.Seeds)}.",
                    [
                        new Figure("sine-fit.png", ChartRenderer.Render(fit), "The training data, sin(x), and the best MLP's prediction.",
                            "Noisy sine data with a fitted curve."),
                        new Figure("sine-loss.png", ChartRenderer.Render(loss),
                            "Training and validation loss of the best configuration over seeds, with the noise floor.",
                            "Loss curves approaching the noise floor."),
                    ],
                    [search]),
            ],
            Fidelity =
            [
                new CellFidelity("np.random.seed(0); x = np.linspace(0,np.pi*5,1000); … x1 = np.random.random(100)*np.pi*5; … # put your code here",
                    "extra credit: the data as written", true, false, false,
                    "The cell has no model; the report's (a random search, at most 100 epochs) is its own. sin is the C library's: within one unit in " +
                    "the last place of numpy's."),
            ],
        };
    }
}
