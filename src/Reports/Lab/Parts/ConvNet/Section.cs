using System.Globalization;
using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.ConvNet;

/// <summary>"Beyond the lab: a convolutional network" as a report section.</summary>
public static class ConvNetSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "convnet";

    /// <summary>The section for a result.</summary>
    public static Section Build(ConvNetResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var inv = CultureInfo.InvariantCulture;
        var epochs = Epochs(r.Epochs.Count);
        var curves = new LineChart("Accuracy per epoch: training (with dropout), validation split, test", new Axis("epoch"), new Axis("accuracy"),
        [
            new Series("training accuracy", epochs, r.Epochs.Select(e => e.Log["accuracy"]).ToArray(), SeriesStyle.LineAndMarkers, 0),
            new Series("validation accuracy (the last 10 %)", epochs, r.Epochs.Select(e => e.Log["val_accuracy"]).ToArray(), SeriesStyle.LineAndMarkers, 1),
            new Series("test accuracy", epochs, r.Epochs.Select(e => e.TestAccuracy).ToArray(), SeriesStyle.LineAndMarkers, 3),
        ])
        { HorizontalLines = [new ReferenceLine(s.TargetAccuracy, "target " + Percent(s.TargetAccuracy))] };
        var labels = Enumerable.Range(0, 10).Select(d => d.ToString(inv)).ToArray();
        var cnn = new Heatmap($"The convolutional network (accuracy {Percent(r.Confusion.Accuracy)})", r.Confusion.Counts, labels, labels,
            RowAxisLabel: "True Labels", ColumnAxisLabel: "Predicted Labels", Width: 560, Height: 520);
        var mlp = new Heatmap($"Part 5's MLP, as intended (accuracy {Percent(r.MlpConfusion.Accuracy)})", r.MlpConfusion.Counts, labels, labels,
            RowAxisLabel: "True Labels", ColumnAxisLabel: "Predicted Labels", Width: 560, Height: 520);
        var shown = r.Wrong.Take(s.WrongShown).ToArray();
        var wrong = shown.Length == 0 ? null : new DigitGrid($"{shown.Length} of the {r.Wrong.Count} test digits it still gets wrong (true → predicted)",
            shown.Select(e => new DigitImage(e.Pixels.ToArray(), $"{e.Truth} → {e.Predicted}", Highlight: true)).ToArray(), Columns: 9, PixelScale: 3,
            Shading: DigitShading.Gray);

        var history = new Table("convnet-epochs", "Every epoch: Fit's loss and accuracy (training, with dropout active, and on the validation split), " +
            "the test accuracy after it, and its training time.",
            Tables.Frame(
                Tables.Column("epoch", r.Epochs.Select((_, i) => i + 1).ToArray()),
                Tables.Column("loss", r.Epochs.Select(e => e.Log["loss"]).ToArray()),
                Tables.Column("accuracy", r.Epochs.Select(e => e.Log["accuracy"]).ToArray()),
                Tables.Column("val_loss", r.Epochs.Select(e => e.Log["val_loss"]).ToArray()),
                Tables.Column("val_accuracy", r.Epochs.Select(e => e.Log["val_accuracy"]).ToArray()),
                Tables.Column("test_accuracy", r.Epochs.Select(e => e.TestAccuracy).ToArray()),
                Tables.Column("seconds", r.Epochs.Select(e => e.Seconds).ToArray())));
        var mistakes = new Table("convnet-wrong", "Every test digit the network gets wrong: index, label, prediction.",
            Tables.Frame(
                Tables.Column("index", r.Wrong.Select(e => e.Index).ToArray()),
                Tables.Column("label", r.Wrong.Select(e => e.Truth).ToArray()),
                Tables.Column("predicted", r.Wrong.Select(e => e.Predicted).ToArray())));
        var pairs = (from t in Enumerable.Range(0, 10)
                     from p in Enumerable.Range(0, 10)
                     where t != p && (r.MlpConfusion.Counts[t][p] > 0 || r.Confusion.Counts[t][p] > 0)
                     select (True: t, Predicted: p, Mlp: r.MlpConfusion.Counts[t][p], Cnn: r.Confusion.Counts[t][p]))
            .OrderBy(q => q.Cnn - q.Mlp).ThenBy(q => q.True).ThenBy(q => q.Predicted).ToArray();
        var confusions = new Table("convnet-confusions",
            "Every confusion either model makes (true, predicted), with its count for the MLP and for the network, largest reduction first.",
            Tables.Frame(
                Tables.Column("true", pairs.Select(q => q.True).ToArray()),
                Tables.Column("predicted", pairs.Select(q => q.Predicted).ToArray()),
                Tables.Column("mlp", pairs.Select(q => q.Mlp).ToArray()),
                Tables.Column("cnn", pairs.Select(q => q.Cnn).ToArray()),
                Tables.Column("change", pairs.Select(q => q.Cnn - q.Mlp).ToArray())));

        double accuracy = r.Confusion.Accuracy;
        int? reached = r.ReachedAt;
        double gflops = r.FlopsPerEpoch / 1e9;
        double rate = gflops / r.MedianSeconds;
        var gone = pairs.Where(q => q.Mlp > 0 && q.Cnn == 0).OrderByDescending(q => q.Mlp).ToArray();
        var biggest = pairs.Take(3).Where(q => q.Cnn < q.Mlp).Select(q => $"{q.True} read as {q.Predicted} ({q.Mlp} → {q.Cnn})").ToArray();
        var answers = new List<Answer>
        {
            new($"Does it pass {Percent(s.TargetAccuracy)} test accuracy, and how long does an epoch take?",
                (reached is { } e
                    ? $"Yes: {Percent(r.Epochs[e - 1].TestAccuracy)} after epoch {e}"
                    : $"Not within {r.Epochs.Count} epochs here: {Percent(r.Epochs[^1].TestAccuracy)} after the last") +
                $" on the {r.TestCount:N0} test digits (final: {Percent(accuracy)}). An epoch of {r.TrainCount:N0} digits takes {Short(r.MedianSeconds)} s " +
                $"(median) on this machine: {Short(gflops)} GFLOP of products, {Short(rate)} GFLOP/s, " +
                $"{Percent(rate / 100)} of one core at 100 GFLOP/s.",
                [Named("test_accuracy", accuracy), Named("epochs", r.Epochs.Count), Named("reached_at_epoch", reached ?? double.NaN),
                 Named("median_epoch_seconds", r.MedianSeconds), Named("gflop_per_epoch", gflops), Named("gflop_per_second", rate),
                 Named("parameters", r.ParameterCount)],
                LabSays: "about 99 % (Keras' example)", AgreesWithLab: reached is not null),
            new("How many fewer mistakes than the MLP, and which confusions went away?",
                $"{r.Mistakes} mistakes against the MLP's {r.MlpMistakes} on the same {r.TestCount:N0} digits: " +
                (r.Mistakes < r.MlpMistakes ? $"{r.MlpMistakes - r.Mistakes} fewer ({Percent(1 - (double)r.Mistakes / r.MlpMistakes)} of them gone). "
                    : $"{r.Mistakes - r.MlpMistakes} more. ") +
                (biggest.Length > 0 ? $"The largest reductions: {string.Join("; ", biggest)}. " : "") +
                $"{gone.Length} of the MLP's {pairs.Count(q => q.Mlp > 0)} kinds of confusion do not occur at all any more" +
                (gone.Length > 0 ? $" (the most frequent: {string.Join(", ", gone.Take(5).Select(q => $"{q.True} as {q.Predicted} ×{q.Mlp}"))})." : ".") +
                $" The MLP trained on all {r.TrainCount + r.ValidationCount:N0} training digits (as part 5 does); the network on {r.TrainCount:N0}.",
                [Named("mistakes", r.Mistakes), Named("mlp_mistakes", r.MlpMistakes), Named("fewer_mistakes", r.MlpMistakes - r.Mistakes),
                 Named("confusions_gone", gone.Length), Named("mlp_accuracy", r.MlpConfusion.Accuracy)]),
        };
        var figures = new List<Figure>
        {
            new("convnet-accuracy.png", ChartRenderer.Render(curves), "Accuracy per epoch; the run stops at the first epoch whose test accuracy " +
                $"reaches {Percent(s.TargetAccuracy)} (or after {s.MaxEpochs}).", "Three accuracy curves over epochs."),
            new("convnet-confusion.png", ChartRenderer.Beside(ChartRenderer.Render(cnn), ChartRenderer.Render(mlp)),
                "The network's confusion matrix on the test digits (left), beside part 5's MLP's, trained as intended, on the same digits (right).",
                "Two 10 by 10 heatmaps of counts, side by side."),
        };
        if (wrong is not null)
            figures.Add(new Figure("convnet-wrong.png", ChartRenderer.Render(wrong), "Digits it still gets wrong, in test-set order, with true → predicted.",
                "A grid of misread digits."));
        return new Section(Id, "Beyond the lab: a convolutional network",
            "Keras' \"simple MNIST convnet\" reaches about 99 % test accuracy. Does the same network, trained here, pass 99.0 %, and how many fewer " +
            "mistakes does it make than the lab's MLP?",
            $"Keras' example, {r.ParameterCount:N0} parameters: Input(28, 28, 1) → Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → " +
            "MaxPooling2D(2) → Flatten → Dropout(0.5) → Dense(10, softmax), sparse categorical cross-entropy, " +
            $"Adam({Rate(s.LearningRate)}), batch {s.BatchSize}, validation_split {Short(s.ValidationSplit)} (Keras' split: the last " +
            $"{r.ValidationCount:N0} of the {r.TrainCount + r.ValidationCount:N0} training digits, before shuffling), the notebook's preprocessing " +
            $"(pixels ÷ 255), seed {s.Seed}; trained until the test accuracy reaches {Percent(s.TargetAccuracy)}, at most {s.MaxEpochs} epochs. " +
            "Convolutions run as matrix products on the linear-algebra provider (im2col).",
            figures, [history, mistakes, confusions], answers, runTime, [])
        {
            Models = [new PublishedModel("mnist-cnn", "Keras' MNIST convnet as trained here; input 28 × 28 × 1 pixels ÷ 255 (0 to 1), output the 10 digit " +
                "probabilities.", r.Model, r.XTest)],
        };
    }
}
