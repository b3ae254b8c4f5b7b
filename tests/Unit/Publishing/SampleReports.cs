using Functional.Reports.Publishing;
using Microsoft.Data.Analysis;

namespace Functional.Tests.Unit.Publishing;

/// <summary>Sample reports for the publishing tests: two sections with real ScottPlot charts, tables and answers.</summary>
internal static class SampleReports
{
    /// <summary>A line chart rendered by ScottPlot to PNG bytes.</summary>
    public static byte[] Chart(string title, double[] xs, double[] ys, string xLabel, string yLabel)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(xs, ys);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot.GetImageBytes(800, 450, ScottPlot.ImageFormat.Png);
    }

    public static readonly ReportHeader Header = new(
        new DateTimeOffset(2026, 11, 25, 1, 30, 0, TimeSpan.Zero),
        "Intel Xeon (16 cores), Linux 6.1",
        "OpenBLAS (native)",
        "0.1.0",
        ".NET 10.0.0",
        [new("seed", "42"), new("mode", "full"), new("float", "double")]);

    /// <summary>The two-section sample; <paramref name="figureCaption"/> lets a test put hostile text in a caption.</summary>
    public static Report TwoSections(string figureCaption = "Training loss per epoch, learning rate 0.01.")
    {
        var epochs = Enumerable.Range(1, 30).Select(e => (double)e).ToArray();
        var loss = epochs.Select(e => 2.3 * Math.Exp(-e / 8) + 0.05).ToArray();
        var rates = new[] { 0.001, 0.01, 0.1, 1.0 / 3, 10 };
        var finalLoss = new[] { 0.912345678901234, 0.0812345678901234, 0.153, 1.5e-7, double.NaN };

        var training = new Section(
            "training",
            "Training a two-layer network",
            "Does the loss keep decreasing after 20 epochs?",
            "A Dense(2→8, tanh) → Dense(8→1, sigmoid) network trained with SGD (lr 0.01, batch 32) for 30 epochs on the XOR set, seed 42.",
            [new Figure("training-loss.png", Chart("Training loss", epochs, loss, "epoch", "loss"), figureCaption,
                "Training loss falling from 2.1 to 0.07 over 30 epochs.")],
            [new Table("training-history", "Loss per epoch",
                Tables.Frame(Tables.Column("epoch", epochs.Select(e => (int)e).ToArray()), Tables.Column("loss", loss)))],
            [new Answer("Does the loss keep decreasing after 20 epochs?", "Yes, but slowly: it falls by 4.7% between epochs 20 and 30.",
                [new("loss at epoch 20", loss[19]), new("loss at epoch 30", loss[29]), new("relative decrease", 1 - loss[29] / loss[19])],
                "The loss plateaus after about 20 epochs.", false)],
            TimeSpan.FromSeconds(12.345),
            ["Full-batch numbers; the lab used mini-batches of 32."])
        {
            Cell = "model.fit(x, y, epochs=30, batch_size=32)  # <the cell's code> & \"quotes\"",
            Departures = ["Full batch instead of batches of 32, so that the sample shows a departure."],
            Extensions =
            [
                new Extension("Five seeds", "The same run with seeds 0 to 4.",
                    [new Figure("training-seeds.png", Chart("Final loss per seed", [0, 1, 2, 3, 4], [0.07, 0.06, 0.08, 0.07, 0.065], "seed", "loss"),
                        "Final loss for each seed.", "Five final losses between 0.06 and 0.08.")],
                    [new Table("training-seeds", "Final loss per seed",
                        Tables.Frame(Tables.Column("seed", [0, 1, 2, 3, 4]), Tables.Column("final_loss", [0.07, 0.06, 0.08, 0.07, 0.065])))]),
            ],
            Fidelity = [new CellFidelity("model.fit(x, y, epochs=30, batch_size=32)", "the training section", true, true, false, "Full batch.")],
        };

        var rateSection = new Section(
            "learning-rate",
            "Choosing the learning rate",
            "Which learning rate gives the lowest final loss?",
            "The same network trained for 30 epochs with five learning rates.\nEach run uses seed 42.",
            [new Figure("lr-sweep.png", Chart("Final loss vs learning rate", [-3, -2, -1, -0.477, 1], [0.91, 0.08, 0.15, 1.5e-7, 0], "log10(lr)", "final loss"),
                "Final loss for each learning rate (lr 10 diverged).", "Final loss against log10 of the learning rate.")],
            [new Table("lr-sweep", "Final loss by learning rate (the best is highlighted)",
                Tables.Frame(
                    Tables.Column("learning rate", rates),
                    Tables.Column("final loss", finalLoss),
                    Tables.Column("note", ["slow", "good", "noisy", "best, \"1/3\"", "diverged, NaN"]),
                    Tables.Column("best", [false, false, false, true, false])),
                "best")],
            [new Answer("Which learning rate gives the lowest final loss?", "1/3 gives the lowest final loss.",
                [new("best learning rate", 1.0 / 3), new("final loss", 1.5e-7), new("lr 10 final loss", double.NaN), new("bound", double.PositiveInfinity)],
                "The lab recommends a learning rate of 1/3.", true)],
            TimeSpan.FromMinutes(3.5),
            []);

        var faithfulness = new Table("faithfulness", "Each cell and how faithfully it was run.",
            Tables.Frame(
                Tables.Column("cell", ["model.fit(x, y, epochs=30, batch_size=32)"]),
                Tables.Column("same_settings", [false]),
                Tables.Column("why", ["Full batch."])));
        return new Report("Neural-network lab: results", Header, [training, rateSection]) { Faithfulness = faithfulness };
    }

    /// <summary>A fresh, not yet existing directory under the temp folder, inside its own parent (so sibling checks see only ours).</summary>
    public static string FreshOutputDirectory()
    {
        var parent = Directory.CreateTempSubdirectory("functional-publish-").FullName;
        return Path.Combine(parent, "report");
    }

    /// <summary>Every file under <paramref name="directory"/> with its bytes, keyed by relative path.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string directory) =>
        new(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>The frame's column types, for <see cref="Tables.FromCsv"/>.</summary>
    public static Type[] Types(DataFrame frame) => frame.Columns.Select(c => c.DataType).ToArray();
}
