using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.LogLinear;

/// <summary>Part 3's first cell as a report section: the cell as written, then over seeds against least squares.</summary>
public static class LogLinearSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "log-linear";

    /// <summary>The section for the cell's result.</summary>
    public static Section Build(LogLinearResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        double floor = LogLinearResult.NoiseFloor;
        var cellFit = new LineChart($"The cell as written: Dense(1), Adam(learning_rate=0.1), seed {r.Cell.Seed}", new Axis("x"), new Axis("y"),
            [Plots.Data("random data", r.Data, 0), Plots.PredictionAt("predictions", r.Cell, r.Data.X, 1)]);
        var typical = SeedRuns.Typical(r.Runs);
        var fit = new LineChart($"{s.Seeds.Count} seeds: the median seed's line against the least-squares line and ln(x + 1)", new Axis("x"), new Axis("y"),
            [
                Plots.Data("data", r.Data, 7),
                Plots.Curve("ln(x + 1)", r.Data.X, LabData.TrueLog, 2),
                Plots.Curve($"least squares (MSE {Short(r.Optimum.Mse)})", r.Data.X, r.Optimum.At, 0),
                Plots.Prediction($"Dense(1), seed {typical.Seed} (MSE {Short(typical.FinalLoss)})", typical, r.Data.X, 3),
            ]);
        var loss = new LineChart($"Training loss of Dense(1) on ln(x + 1) (median and min–max of {s.Seeds.Count} seeds)",
            new Axis("epoch"), new Axis("MSE (log scale)", AxisScale.Log10), [Plots.BandSeries("Dense(1)", r.Loss, 0)])
        {
            HorizontalLines = [new ReferenceLine(floor, "noise floor " + Short(floor)), new ReferenceLine(r.Optimum.Mse, "best line " + Short(r.Optimum.Mse))],
        };
        var answers = new List<Answer>
        {
            new("Does the linear model fit ln(x + 1)?",
                $"No, it underfits: the cell's run ends at MSE {Short(r.Cell.FinalLoss)}, the seeds at " +
                $"{Band(r.MedianFinal, r.Runs.Min(x => x.FinalLoss), r.Runs.Max(x => x.FinalLoss))}, and no straight line can do better than the " +
                $"least-squares {Short(r.Optimum.Mse)}, {Short(r.Optimum.Mse / floor)} times the noise floor {Short(floor)}: the curve bends, a line cannot.",
                [Named("cell_final_mse", r.Cell.FinalLoss), Named("median_final_mse", r.MedianFinal), Named("least_squares_mse", r.Optimum.Mse),
                 Named("noise_floor", floor)]),
        };
        return new Section(Id, "ln(x + 1) with the linear model",
            "Train a model with the same architecture on y = ln(x + 1) + 0.1·N(0, 1).",
            $"The cell's data: np.random.seed(0), x = 0 … 9.9, y = ln(x + 1) + 0.1·N (bit for bit). Dense(1), mean squared error, Adam(learning_rate=" +
            $"{s.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}), {s.Training.Epochs} epochs at batch {s.Training.BatchSize}, " +
            $"one run (initial weights from our seed {r.Cell.Seed}).",
            [
                new Figure("log-linear-cell-fit.png", ChartRenderer.Render(cellFit), "The cell's plot: the data and the predictions.",
                    "Scatter of the ln data with a straight line."),
            ],
            [DataTables.Points(Id, r.Data)], answers, runTime, [])
        {
            Models = [LabModels.Regression("log-linear", "Part 3's first cell as run: Dense(1) on y = ln(x + 1) + 0.1·N(0, 1).", r.Cell, r.Data)],
            Cell = NotebookCells.LogLinear,
            Extensions =
            [
                new Extension($"{s.Seeds.Count} seeds, against the least-squares line",
                    $"The same cell with seeds {string.Join(", ", s.Seeds)}, and the best straight line through the same points (least squares).",
                    [
                        new Figure("log-linear-fit.png", ChartRenderer.Render(fit), "The data, ln(x + 1), the least-squares line and the median seed's line.",
                            "Scatter of the ln data with the true curve and two straight lines."),
                        new Figure("log-linear-loss.png", ChartRenderer.Render(loss), "Training loss with the noise floor and the least-squares MSE.",
                            "A loss curve with a band, above two reference lines."),
                    ],
                    []),
            ],
            Fidelity =
            [
                new CellFidelity("np.random.seed(0); x = np.arange(0,10,0.1); y = np.log(x+1)+np.random.normal(size=len(x))*0.1; Dense(1), Adam(0.1), " +
                    "fit(epochs=100, batch_size=100)", "part 3, the linear model, as written", true, true, true,
                    "ln is the C library's: within one unit in the last place of numpy's."),
            ],
        };
    }
}
