using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.MnistMlp;

/// <summary>Part 5 as a report section.</summary>
public static class MnistSection
{
    /// <summary>The section for a part-5 result.</summary>
    public static Section Build(MnistResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var h = r.History;
        var epochs = Text.Epochs(h.Epochs.Count);
        var curves = new LineChart("Training loss and accuracy per epoch", new Axis("epoch"), new Axis("value"),
        [
            new Series("loss (cross-entropy)", epochs, h.Loss, SeriesStyle.LineAndMarkers, 3),
            new Series("accuracy", epochs, h["accuracy"], SeriesStyle.LineAndMarkers, 2),
        ]);
        var examples = new DigitGrid("Random test digits: predictions",
            r.Examples.Select(e => new DigitImage(e.Pixels.ToArray(), e.Predicted == e.Truth ? $"pred {e.Predicted}" : $"true {e.Truth} / pred {e.Predicted}",
                Highlight: e.Predicted != e.Truth)).ToArray());
        var wrong = new DigitGrid($"9 of {r.MisclassifiedCount} misclassified",
            r.Misclassified.Select(e => new DigitImage(e.Pixels.ToArray(), $"true {e.Truth} / pred {e.Predicted}", Highlight: true)).ToArray());
        var labels = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var heatmap = new Heatmap($"Confusion matrix — test accuracy {Percent(r.Confusion.Accuracy)}", r.Confusion.Counts, labels, labels);

        var perClass = new Table("mnist-per-class", "Per digit on the test set: precision, recall, F1 and support (0/0 counts as 0).",
            Tables.Frame(
                Tables.Column("digit", Enumerable.Range(0, 10).ToArray()),
                Tables.Column("precision", r.Confusion.Precision.ToArray()),
                Tables.Column("recall", r.Confusion.Recall.ToArray()),
                Tables.Column("f1", r.Confusion.F1.ToArray()),
                Tables.Column("support", r.Confusion.Support.ToArray())));
        var history = new Table("mnist-history", "Training history (Keras' definitions: loss and accuracy averaged over the epoch's batches).",
            Tables.Frame(
                Tables.Column("epoch", h.Epochs.Select(e => e.Epoch).ToArray()),
                Tables.Column("loss", h.Loss.ToArray()),
                Tables.Column("accuracy", h["accuracy"].ToArray())));
        var costs = new[] { r.AsIntended, r.DoubleSoftmax, r.RawPixels };
        var mistakes = new Table("mnist-mistakes",
            "What the notebook's two mistakes cost on the test set: accuracy, cross-entropy of the probabilities the model outputs, and how sure it " +
                "claims to be " +
            "(mean largest probability, overall and on the digits it gets wrong).",
            Tables.Frame(
                Tables.Column("setting", costs.Select(c => c.Name).ToArray()),
                Tables.Column("accuracy", costs.Select(c => c.Accuracy).ToArray()),
                Tables.Column("cross_entropy", costs.Select(c => c.CrossEntropy).ToArray()),
                Tables.Column("mean_confidence", costs.Select(c => c.MeanConfidence).ToArray()),
                Tables.Column("mean_confidence_when_wrong", costs.Select(c => c.MeanConfidenceWhenWrong).ToArray()),
                Tables.Column("library_warned", costs.Select(c => c.Warnings.Count > 0).ToArray())));

        var answers = new List<Answer>
        {
            new("What test accuracy does the classifier reach?",
                $"{Percent(r.TestAccuracy)} on {r.TestCount:N0} test digits (test cross-entropy {Short(r.TestLoss)}) after {h.Epochs.Count} epochs " +
                    $"on {r.TrainCount:N0} training digits " +
                $"({Short(r.TrainingTime.TotalSeconds)} s of training). {r.MisclassifiedCount} digits are misclassified; the most confused pair is " +
                MostConfused(r) + ".",
                [Named("test_accuracy", r.TestAccuracy), Named("test_loss", r.TestLoss), Named("misclassified", r.MisclassifiedCount),
                    Named("training_seconds", r.TrainingTime.TotalSeconds),
                 Named("macro_f1", r.Confusion.MacroF1)]),
            new("What does a softmax output trained with from_logits=True cost?",
                $"Accuracy {Percent(r.DoubleSoftmax.Accuracy)} (vs {Percent(r.AsIntended.Accuracy)}) and " +
                    $"cross-entropy {Short(r.DoubleSoftmax.CrossEntropy)} (vs {Short(r.AsIntended.CrossEntropy)}); " +
                $"on the digits it gets wrong it claims {Percent(r.DoubleSoftmax.MeanConfidenceWhenWrong)} confidence " +
                    $"(vs {Percent(r.AsIntended.MeanConfidenceWhenWrong)}). " +
                "The loss applies a second softmax to probabilities in [0, 1], where even a perfect prediction scores only e/(e + 9): it cannot fall below " +
                $"ln(1 + 9/e) ≈ 1.461, so the training loss it reports ({Short(r.DoubleSoftmax.ReportedTrainingLoss)} at the end) says nothing about " +
                    $"the model, and it keeps " +
                (r.DoubleSoftmax.MeanConfidenceWhenWrong > r.AsIntended.MeanConfidenceWhenWrong
                    ? "pushing the probabilities to the extremes, so the mistakes it makes are made with more confidence. "
                    : "the probabilities timid, so even its right answers come with less confidence. ") +
                (r.DoubleSoftmax.Warnings.Count > 0 ? "The library warned: " + r.DoubleSoftmax.Warnings[0] : "The library did not warn (it should have)."),
                [Named("double_softmax_accuracy", r.DoubleSoftmax.Accuracy), Named("double_softmax_cross_entropy", r.DoubleSoftmax.CrossEntropy),
                 Named("double_softmax_mean_confidence", r.DoubleSoftmax.MeanConfidence), Named("double_softmax_confidence_when_wrong",
                     r.DoubleSoftmax.MeanConfidenceWhenWrong),
                 Named("double_softmax_reported_training_loss", r.DoubleSoftmax.ReportedTrainingLoss), Named("intended_cross_entropy",
                     r.AsIntended.CrossEntropy)]),
            new("What does predicting on raw 0–255 pixels cost?",
                $"Accuracy {Percent(r.RawPixels.Accuracy)} (vs {Percent(r.AsIntended.Accuracy)}), but cross-entropy {Short(r.RawPixels.CrossEntropy)} " +
                    $"(vs {Short(r.AsIntended.CrossEntropy)}): " +
                "inputs 255 times larger make the logits roughly 255 times larger (a relu network with small biases scales along), so " +
                (Math.Abs(r.RawPixels.Accuracy - r.AsIntended.Accuracy) < 0.01
                    ? "the arg-max barely moves "
                    : $"the predictions change (accuracy {(r.RawPixels.Accuracy < r.AsIntended.Accuracy ? "down" : "up")} " +
                      $"{Short(100 * Math.Abs(r.RawPixels.Accuracy - r.AsIntended.Accuracy))} points) ") +
                $"and every probability is pushed towards 0 or 1 — on the digits it gets wrong the model now " +
                    $"claims {Percent(r.RawPixels.MeanConfidenceWhenWrong)} confidence " +
                $"(vs {Percent(r.AsIntended.MeanConfidenceWhenWrong)}). Keras says nothing here; " +
                (r.RawPixels.Warnings.Count > 0 ? "the library warned: " + r.RawPixels.Warnings[0] : "the library did not warn (it should have)."),
                [Named("raw_pixels_accuracy", r.RawPixels.Accuracy), Named("raw_pixels_cross_entropy", r.RawPixels.CrossEntropy),
                 Named("raw_pixels_confidence_when_wrong", r.RawPixels.MeanConfidenceWhenWrong)]),
        };
        return new Section("mnist", "MNIST digits",
            "Classify MNIST digits with Flatten(28×28) → Dense(128, relu) → Dense(10, softmax), sparse categorical cross-entropy, Adam, 10 epochs. " +
            "What is the test accuracy? Show a 3×3 grid of digits with predictions, the confusion matrix, and 9 misclassified digits.",
            $"The real MNIST files ({r.DataSource}), pixels ÷ 255; {r.TrainCount:N0} training and {r.TestCount:N0} test digits; " +
                $"Adam(lr {Rate(s.LearningRate)}), " +
            $"batch {s.Training.BatchSize}, {s.Training.Epochs} epochs, seed {s.Seed}. Then each of the notebook's mistakes, measured: the same model " +
                $"trained with a loss told " +
            "its softmax outputs are logits, and the trained model asked about raw 0–255 pixels.",
            [
                new Figure("mnist-history.png", ChartRenderer.Render(curves), "Loss and accuracy per epoch.", "Loss falling and accuracy rising over epochs."),
                new Figure("mnist-examples.png", ChartRenderer.Render(examples),
                    $"Nine random test digits (seed {s.ExampleSeed}) with the predicted digit; wrong ones in red.",
                    "A 3 by 3 grid of digits with predictions."),
                new Figure("mnist-confusion.png", ChartRenderer.Render(heatmap),
                    "Confusion matrix on the test set: rows are the true digit, columns the prediction.", "A 10 by 10 heatmap of counts."),
                new Figure("mnist-misclassified.png", ChartRenderer.Render(wrong),
                    $"Nine of the {r.MisclassifiedCount} misclassified test digits (seed {s.ExampleSeed}) with their true and predicted labels.",
                    "A 3 by 3 grid of misclassified digits."),
            ],
            [history, perClass, mistakes], answers, runTime, []);
    }

    private static string MostConfused(MnistResult r)
    {
        int bestTruth = 0, bestPredicted = 1, count = -1;
        for (int t = 0; t < 10; t++)
            for (int p = 0; p < 10; p++)
                if (t != p && r.Confusion[t, p] > count) (bestTruth, bestPredicted, count) = (t, p, r.Confusion[t, p]);
        return $"{bestTruth} read as {bestPredicted} ({count} times)";
    }
}
