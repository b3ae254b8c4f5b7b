using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1 as a report section: the cell as written, then the same over seeds against least squares.</summary>
public static class LinearRegressionSection
{
    /// <summary>The section's id: its anchor, and the stem of its files.</summary>
    public const string Id = "linear-regression";

    /// <summary>The section for a part-1 result.</summary>
    public static Section Build(LinearRegressionResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var cell = r.Cell;
        var (cellSlope, cellIntercept) = LinearRegressionResult.Line(cell);
        var cellFit = new LineChart($"The cell as written: Adam(learning_rate=100.), seed {cell.Seed}", new Axis("x"), new Axis("y"),
            [
                Plots.Data("random data", r.Data, 0),
                Plots.PredictionAt("predictions", cell, r.Data.X, 1),
                Plots.Curve("underlying relation", r.Data.X, LabData.TrueLine, 3),
            ]);
        var cellLoss = new LineChart("The cell as written: loss over training epochs", new Axis("epoch"), new Axis("loss (log scale)", AxisScale.Log10),
            [new Series("loss over training epochs", Epochs(cell.History.Loss.Count), cell.History.Loss, SeriesStyle.Line, 0)]);

        var typical = r.Typical;
        var (slope, intercept) = LinearRegressionResult.Line(typical);
        double excess = r.MedianFinalLoss / r.Optimum.Mse;
        var fit = new LineChart($"{s.Seeds.Count} seeds: the median seed's fit against least squares", new Axis("x"), new Axis("y"),
            [
                Plots.Data("data", r.Data, 7),
                Plots.Curve("true relation 2x + 3", r.Data.X, LabData.TrueLine, 2),
                Plots.Curve("least squares " + Short(r.Optimum.Slope) + "x + " + Short(r.Optimum.Intercept), r.Data.X, r.Optimum.At, 0),
                Plots.Prediction($"Dense(1), lr {Rate(s.LearningRate)}, seed {typical.Seed}: {Short(slope)}x + {Short(intercept)}", typical, r.Data.X, 3),
            ]);
        var loss = new LineChart($"Training loss, Adam lr {Rate(s.LearningRate)} (median and min–max of {s.Seeds.Count} seeds)",
            new Axis("epoch"), new Axis("MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("training loss", r.Loss, 3)])
        {
            HorizontalLines = [new ReferenceLine(r.Optimum.Mse, "least-squares optimum " + Short(r.Optimum.Mse))],
        };
        var lines = r.Runs.Select(LinearRegressionResult.Line).ToArray();
        var table = new Table("linear-regression-runs", $"Each seed's run at lr {Rate(s.LearningRate)}: final loss and fitted line, against least squares.",
            Tables.Frame(
                Tables.Column("seed", r.Runs.Select(x => (int)x.Seed).ToArray()),
                Tables.Column("final_loss", r.Runs.Select(x => x.FinalLoss).ToArray()),
                Tables.Column("slope", lines.Select(l => l.Slope).ToArray()),
                Tables.Column("intercept", lines.Select(l => l.Intercept).ToArray()),
                Tables.Column("diverged", r.Runs.Select(x => x.History.Diverged).ToArray())));

        var answers = new List<Answer>
        {
            new("How well does Dense(1) trained with Adam at learning rate 100 fit the line?",
                $"Poorly. The cell's run ends at MSE {Short(cell.FinalLoss)} with the line {Short(cellSlope)}x + {Short(cellIntercept)}; over " +
                $"{s.Seeds.Count} seeds the final training MSE is {Band(r.MedianFinalLoss, r.Runs.Min(x => x.FinalLoss), r.Runs.Max(x => x.FinalLoss))} " +
                $"(median [min–max]), {Short(excess)} times the least-squares optimum {Short(r.Optimum.Mse)}. A step of about 100 per update " +
                "overshoots: the loss jumps around instead of settling, and the fitted line misses the least-squares line " +
                $"{Short(r.Optimum.Slope)}x + {Short(r.Optimum.Intercept)}. " +
                (r.Diverged > 0 ? $"{r.Diverged} of {s.Seeds.Count} runs diverged (NaN loss) and were stopped." : "No run diverged to NaN."),
                [Named("cell_final_loss", cell.FinalLoss), Named("median_final_loss", r.MedianFinalLoss), Named("least_squares_mse", r.Optimum.Mse),
                 Named("ratio_to_optimum", excess), Named("diverged_runs", r.Diverged), Named("median_seed_slope", slope),
                 Named("median_seed_intercept", intercept)]),
        };

        string model = "Dense(1) (Glorot-uniform kernel and zero bias, Keras' defaults)";
        return new Section(Id, "Linear regression at learning rate 100",
            "Fit y = 2x + 3 + N(0, 1) on x = 0, 0.1, …, 9.9 with a single Dense(1) unit, mean squared error, Adam at learning rate 100, " +
            "100 epochs, batch 100. Plot the prediction and the loss curve (log scale).",
            $"The notebook's data (np.random.seed(0), regenerated bit for bit). {model}, mean squared error, Adam(learning_rate=100), " +
            $"{s.Training.Epochs} epochs at batch {s.Training.BatchSize} (one update per epoch), one run. Its initial weights come from our " +
            $"seed {cell.Seed}; Keras draws them unseeded, so every run of the cell differs, as the extension below measures.",
            [
                new Figure("linear-regression-cell-fit.png", ChartRenderer.Render(cellFit),
                    "The cell's first plot: the data, the predictions and the underlying relation.",
                    "Scatter of the noisy line data with the model's predictions and the true line."),
                new Figure("linear-regression-cell-loss.png", ChartRenderer.Render(cellLoss), "The cell's second plot: the loss over the epochs, log scale.",
                    "One loss curve on a log scale."),
            ],
            [DataTables.Points(Id, r.Data)], answers, runTime, [])
        {
            Models = [LabModels.Regression("linear",
                "Part 1's cell as run: Dense(1) trained by Adam(learning_rate=100) on y = 2x + 3 + N(0, 1).",
                r.Cell, r.Data)],
            Cell = NotebookCells.LineData + "\n\n" + NotebookCells.LinearModel + "\n\n" + NotebookCells.LinearFit,
            Extensions =
            [
                new Extension($"{s.Seeds.Count} seeds, with bands, against least squares",
                    $"The same cell with seeds {string.Join(", ", s.Seeds)} (each seed sets the initial weights). The least-squares line of the same " +
                    "data is the best any linear model can do.",
                    [
                        new Figure("linear-regression-fit.png", ChartRenderer.Render(fit),
                            "The data, the true relation, the least-squares line and the median seed's fit.",
                            "Scatter of the noisy line data with the true line, the least-squares line and the fitted line."),
                        new Figure("linear-regression-loss.png", ChartRenderer.Render(loss),
                            "Training loss per epoch on a log scale: median over seeds with the min–max band.",
                            "Loss curve on a log scale with a band over seeds."),
                    ],
                    [table]),
            ],
            Fidelity =
            [
                new CellFidelity("np.random.seed(0); x = np.arange(0,10,0.1); y = 2*x+3+np.random.normal(size=len(x))",
                    "the data of parts 1 and 2", true, true, true, "The draws are numpy's, bit for bit."),
                new CellFidelity("model.add(tf.keras.layers.Dense(1))", "part 1's model", true, true, true,
                    "Same architecture and initializers; the initial draws are our seed's (Keras' are unseeded)."),
                new CellFidelity("model.compile(loss='mean_squared_error', optimizer=Adam(learning_rate=100.)); model.fit(x, y, epochs=100, batch_size=100)",
                    "part 1, as written", true, true, true, $"Adam with Keras' update rule and ε; one run, then {s.Seeds.Count} seeds as an extension."),
            ],
        };
    }
}
