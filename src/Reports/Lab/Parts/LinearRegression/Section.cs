using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.LinearRegression;

/// <summary>Part 1 as a report section.</summary>
public static class LinearRegressionSection
{
    /// <summary>The section for a part-1 result.</summary>
    public static Section Build(LinearRegressionResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var typical = r.Typical;
        var line = r.Lines.First(l => l.Seed == typical.Seed);
        double excess = r.MedianFinalLoss / r.Optimum.Mse;
        var fit = new LineChart("y = 2x + 3 + noise: data, fit at lr " + Rate(s.LearningRate) + ", truth",
            new Axis("x"), new Axis("y"),
            [
                Plots.Data("data (numpy seed " + s.DataSeed + ")", r.Data, 7),
                Plots.Curve("true relation 2x + 3", r.Data.X, LabData.TrueLine, 2),
                Plots.Curve("least squares " + Short(r.Optimum.Slope) + "x + " + Short(r.Optimum.Intercept), r.Data.X, r.Optimum.At, 0),
                Plots.Prediction($"Dense(1), lr {Rate(s.LearningRate)}, seed {typical.Seed}: {Short(line.Slope)}x + {Short(line.Intercept)}", typical,
                    r.Data.X, 3),
            ]);
        var loss = new LineChart($"Training loss, Adam lr {Rate(s.LearningRate)} (median and min–max of {s.Seeds.Count} seeds)",
            new Axis("epoch"), new Axis("MSE (log scale)", AxisScale.Log10),
            [Plots.BandSeries("training loss", r.Loss, 3)])
        {
            HorizontalLines = [new ReferenceLine(r.Optimum.Mse, "least-squares optimum " + Short(r.Optimum.Mse))],
        };

        var table = new Table("linear-regression-runs", $"Each seed's run at lr {Rate(s.LearningRate)}: final loss and fitted line, against least squares.",
            Tables.Frame(
                Tables.Column("seed", r.Runs.Select(x => (int)x.Seed).ToArray()),
                Tables.Column("final_loss", r.Runs.Select(x => x.FinalLoss).ToArray()),
                Tables.Column("slope", r.Lines.Select(l => l.Slope).ToArray()),
                Tables.Column("intercept", r.Lines.Select(l => l.Intercept).ToArray()),
                Tables.Column("diverged", r.Runs.Select(x => x.History.Diverged).ToArray())));

        var answers = new List<Answer>
        {
            new("How well does Dense(1) trained with Adam at learning rate 100 fit the line?",
                $"Poorly: after {s.Training.Epochs} epochs the training MSE " +
                    $"is {Band(r.MedianFinalLoss, r.Runs.Min(x => x.FinalLoss), r.Runs.Max(x => x.FinalLoss))} " +
                $"(median [min–max] over {s.Seeds.Count} seeds), {Short(excess)} times the least-squares optimum {Short(r.Optimum.Mse)}. " +
                $"A step of about 100 per update overshoots: the loss jumps around instead of settling, and the fitted line " +
                $"({Short(line.Slope)}x + {Short(line.Intercept)} for the median seed) misses the least-squares line {Short(r.Optimum.Slope)}x " +
                    $"+ {Short(r.Optimum.Intercept)}. " +
                (r.Diverged > 0 ? $"{r.Diverged} of {s.Seeds.Count} runs diverged (NaN loss) and were stopped." : "No run diverged to NaN."),
                [Named("median_final_loss", r.MedianFinalLoss), Named("least_squares_mse", r.Optimum.Mse), Named("ratio_to_optimum", excess),
                 Named("diverged_runs", r.Diverged), Named("median_seed_slope", line.Slope), Named("median_seed_intercept", line.Intercept)]),
        };

        return new Section("linear-regression", "Linear regression at learning rate 100",
            "Fit y = 2x + 3 + N(0, 1) on x = 0, 0.1, …, 9.9 with a single Dense(1) unit, mean squared error, Adam at learning rate 100, " +
            "100 epochs, batch 100. Plot the prediction and the loss curve (log scale).",
            $"The notebook's data (numpy seed {s.DataSeed}, regenerated bit for bit). Dense(1) with Glorot-uniform kernel and zero bias, " +
            $"Adam(lr {Rate(s.LearningRate)}), {s.Training.Epochs} epochs, batch {s.Training.BatchSize} (one update per epoch), " +
                $"seeds {string.Join(", ", s.Seeds)} " +
            "(each seed sets the initial weights). The least-squares line of the same data is the best any linear model can do.",
            [
                new Figure("linear-regression-fit.png", ChartRenderer.Render(fit),
                    "The data, the true relation, the least-squares line and the median seed's fit.",
                    "Scatter of the noisy line data with the true line, the least-squares line and the fitted line."),
                new Figure("linear-regression-loss.png", ChartRenderer.Render(loss),
                    "Training loss per epoch on a log scale: median over seeds with the min–max band.",
                    "Loss curve on a log scale with a band over seeds."),
            ],
            [table], answers, runTime, []);
    }
}
