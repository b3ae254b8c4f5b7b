using System.Diagnostics;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Metrics;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Reports.Lab.Parts.MnistMlp;

/// <summary>One digit shown in a grid.</summary>
/// <param name="Index">Its index in the test set.</param>
/// <param name="Pixels">28 × 28 grey levels, row by row.</param>
/// <param name="Truth">Its label.</param>
/// <param name="Predicted">The model's prediction.</param>
public sealed record DigitExample(int Index, ReadOnlyMemory<byte> Pixels, int Truth, int Predicted);

/// <summary>How a trained model does on the test set when asked one way (normalized or raw pixels).</summary>
/// <param name="Name">What was asked ("trained as written, raw pixels").</param>
/// <param name="Accuracy">Test accuracy.</param>
/// <param name="CrossEntropy">The true cross-entropy of the probabilities the model outputs.</param>
/// <param name="MeanConfidence">The mean over test digits of the largest output probability (how sure the model claims to be).</param>
/// <param name="MeanConfidenceWhenWrong">The same over the misclassified digits only.</param>
/// <param name="Warnings">What the library's diagnostics channel said while training or predicting.</param>
public sealed record TestOutcome(string Name, double Accuracy, double CrossEntropy, double MeanConfidence, double MeanConfidenceWhenWrong,
    IReadOnlyList<string> Warnings);

/// <summary>The MNIST digits a run uses.</summary>
/// <param name="Data">The whole data set (for raw pixels and single images).</param>
/// <param name="TrainCount">Training digits used.</param>
/// <param name="TestCount">Test digits used.</param>
/// <param name="XTrain">Training images ÷ 255, one per row.</param>
/// <param name="YTrain">Their labels as a column.</param>
/// <param name="XTest">Test images ÷ 255, one per row.</param>
/// <param name="Labels">The test labels.</param>
public sealed record MnistInputs(MnistData Data, int TrainCount, int TestCount, Matrix<float> XTrain, Matrix<float> YTrain, Matrix<float> XTest,
    IReadOnlyList<int> Labels);

/// <summary>Part 5's result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="DataSource">Where the MNIST files came from.</param>
/// <param name="TrainCount">Training digits used.</param>
/// <param name="TestCount">Test digits used.</param>
/// <param name="Cell">The cell as written: the model trained with from_logits=True on its softmax output.</param>
/// <param name="CellTestLoss">What the cell's <c>model.evaluate</c> reports: the loss it was compiled with, on the normalized test digits.</param>
/// <param name="CellTestAccuracy">The accuracy <c>model.evaluate</c> reports.</param>
/// <param name="Predictions">The cell's <c>predictions</c>: the arg-max of <c>model.predict(test_images)</c>, raw 0–255 pixels.</param>
/// <param name="Labels">The test labels.</param>
/// <param name="FirstNine">The first nine test digits with their labels and the cell's predictions.</param>
/// <param name="Confusion">The cell's confusion matrix (of <see cref="Predictions"/>).</param>
/// <param name="Misclassified">The cell's nine misclassified digits: a numpy permutation of the test set, then the first nine mismatches.</param>
/// <param name="Permutation">The cell's <c>x = np.random.permutation(np.arange(len(predictions)))</c>: test indices in the order searched.</param>
/// <param name="Intended">The extension: the same model trained as intended (sparse cross-entropy on its probabilities).</param>
/// <param name="Outcomes">The extension: both models asked about raw and about normalized pixels.</param>
/// <param name="IntendedConfusion">The confusion matrix of the corrected model on normalized pixels.</param>
/// <param name="TrainingTime">How long the cell's training took.</param>
/// <param name="XTest">The test images ÷ 255 the models were asked about (the published model's inputs).</param>
public sealed record MnistResult(
    MnistSettings Settings, string DataSource, int TrainCount, int TestCount, FitResult<float> Cell, double CellTestLoss, double CellTestAccuracy,
    IReadOnlyList<int> Predictions, IReadOnlyList<int> Labels, IReadOnlyList<DigitExample> FirstNine, ConfusionMatrix Confusion,
    IReadOnlyList<DigitExample> Misclassified, IReadOnlyList<int> Permutation, FitResult<float> Intended, IReadOnlyList<TestOutcome> Outcomes,
    ConfusionMatrix IntendedConfusion,
    TimeSpan TrainingTime, Matrix<float> XTest)
{
    /// <summary>How many of the cell's predictions are wrong.</summary>
    public int MisclassifiedCount => Predictions.Where((p, i) => p != Labels[i]).Count();

    /// <summary>The outcome called <paramref name="name"/>.</summary>
    public TestOutcome Outcome(string name) => Outcomes.Single(o => o.Name == name);
}

/// <summary>
/// Part 5: the cells as written, the notebook's two mistakes included (a softmax output trained with
/// <c>from_logits=True</c>, predictions on raw 0–255 pixels), then the same model trained and asked as intended.
/// </summary>
public static class MnistExperiment
{
    /// <summary>The lab's classifier.</summary>
    public static IReadOnlyList<LayerSpec> Model { get; } =
        [Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax)];

    /// <summary>The four ways the extension asks: as the cell trains (from_logits=True) or as intended, on raw or normalized pixels.</summary>
    public static class Ways
    {
        /// <summary>The cell: trained with from_logits=True, asked about raw pixels.</summary>
        public const string AsWritten = "as written: trained with from_logits=True, predicts on raw pixels";
        /// <summary>Only the training mistake.</summary>
        public const string TrainingMistake = "trained with from_logits=True, predicts on pixels ÷ 255";
        /// <summary>Only the prediction mistake.</summary>
        public const string PredictionMistake = "trained as intended, predicts on raw pixels";
        /// <summary>Neither mistake.</summary>
        public const string Intended = "as intended: trained on probabilities, predicts on pixels ÷ 255";
    }

    /// <summary>Runs part 5.</summary>
    public static MnistResult Run(MnistSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (data, trainCount, testCount, xTrain, yTrain, xTest, labels) = Inputs(settings);
        var rawTest = RawImages(data.Test, testCount);                                       // test_images, as model.predict gets them
        var yTest = Functional.Core.Labels.ToColumn<float>(labels);
        var options = settings.Training with { Seed = settings.Seed };
        var asWrittenLoss = Loss.SparseCategoricalCrossentropy(fromLogits: true);

        // The extension's model trains on the second core meanwhile: the two runs are independent, and each is deterministic.
        var intendedRun = Task.Run(() => FitIntended(settings, xTrain, yTrain));
        var clock = Stopwatch.StartNew();
        var (cell, trainingWarnings) = Capture(() =>
            Training.Fit(Sequential.Build<float>(Model, settings.Seed), new Adam(settings.LearningRate), asWrittenLoss, xTrain, yTrain, options));
        var trainingTime = clock.Elapsed;
        var evaluation = Evaluation.Evaluate(cell.Model, asWrittenLoss, xTest, yTest, [Metric.SparseCategoricalAccuracy], batchSize: 32);
        var (rawProbabilities, rawWarnings) = Capture(() => cell.Model.Predict(rawTest, batchSize: 32));
        var predictions = ArgMax.Rows(rawProbabilities);
        DigitExample Example(int i) => new(i, data.Test.Image(i), labels[i], predictions[i]);
        var firstNine = Enumerable.Range(0, Math.Min(9, testCount)).Select(Example).ToArray();
        // x = np.random.permutation(np.arange(len(predictions))); a = np.where(predictions[x] != test_labels[x])[0]; the first nine.
        var order = LabData.MisclassifiedOrder(testCount);
        var misclassified = order.Where(i => predictions[i] != labels[i]).Take(9).Select(Example).ToArray();

        // The extension: the same model trained as intended, and both asked about both kinds of pixels.
        var intended = intendedRun.GetAwaiter().GetResult();
        var intendedNormalized = intended.Model.Predict(xTest, batchSize: 32);
        var (intendedRaw, intendedRawWarnings) = Capture(() => intended.Model.Predict(rawTest, batchSize: 32));
        var outcomes = new[]
        {
            Outcome(Ways.AsWritten, rawProbabilities, labels, [.. trainingWarnings, .. rawWarnings]),
            Outcome(Ways.TrainingMistake, cell.Model.Predict(xTest, batchSize: 32), labels, trainingWarnings),
            Outcome(Ways.PredictionMistake, intendedRaw, labels, intendedRawWarnings),
            Outcome(Ways.Intended, intendedNormalized, labels, []),
        };
        return new MnistResult(settings, data.Source, trainCount, testCount, cell, evaluation.Loss, evaluation["accuracy"], predictions, labels,
            firstNine, ConfusionMatrix.From(predictions, labels, 10), misclassified, order, intended, outcomes,
            ConfusionMatrix.From(ArgMax.Rows(intendedNormalized), labels, 10), trainingTime, xTest);
    }

    /// <summary>The digits the settings use: the data set, the counts, the normalized training and test images, their labels.</summary>
    public static MnistInputs Inputs(MnistSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = Mnist.Load(settings.DataDirectory);
        int trainCount = Math.Min(settings.TrainLimit ?? data.Train.Count, data.Train.Count);
        int testCount = Math.Min(settings.TestLimit ?? data.Test.Count, data.Test.Count);
        return new MnistInputs(data, trainCount, testCount,
            data.Train.Images.SubMatrix(0, trainCount, 0, 784),                                // train_images / 255.0
            data.Train.LabelColumn<float>().SubMatrix(0, trainCount, 0, 1),
            data.Test.Images.SubMatrix(0, testCount, 0, 784),                                  // test_images_norm
            data.Test.Labels.Take(testCount).ToArray());
    }

    /// <summary>The model trained as intended: sparse cross-entropy on its softmax probabilities, the cell's seed, epochs and batch size.</summary>
    public static FitResult<float> FitIntended(MnistSettings settings, Matrix<float> xTrain, Matrix<float> yTrain)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Training.Fit(Sequential.Build<float>(Model, settings.Seed), new Adam(settings.LearningRate), Loss.SparseCategoricalCrossentropy(),
            xTrain, yTrain, settings.Training with { Seed = settings.Seed, Progress = null });
    }

    /// <summary>The first <paramref name="count"/> images as raw 0–255 values (the cell's <c>test_images</c>, unnormalized), one per row.</summary>
    private static Matrix<float> RawImages(MnistSplit split, int count)
    {
        var pixels = split.Pixels.Span;
        int size = split.PixelsPerImage;
        var values = new float[count * size];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < size; j++) values[j * count + i] = pixels[i * size + j];
        return MatrixData.Wrap(count, size, values);
    }

    /// <summary>Accuracy, cross-entropy (Keras' measure on probabilities) and confidence of a model's probability outputs.</summary>
    private static TestOutcome Outcome(string name, Matrix<float> probabilities, IReadOnlyList<int> labels, IReadOnlyList<string> warnings)
    {
        var predicted = ArgMax.Rows(probabilities);
        var accuracy = Classification.Accuracy(predicted, labels);
        var crossEntropy = Loss.SparseCategoricalCrossentropy().Value(probabilities, Functional.Core.Labels.ToColumn<float>(labels));
        var confidence = Enumerable.Range(0, labels.Count).Select(i => (double)probabilities[i, predicted[i]]).ToArray();
        var wrong = Classification.Misclassified(predicted, labels);
        return new TestOutcome(name, accuracy, crossEntropy, confidence.Average(),
            wrong.Count == 0 ? double.NaN : wrong.Average(i => confidence[i]), warnings);
    }

    private static (TResult Result, IReadOnlyList<string> Warnings) Capture<TResult>(Func<TResult> action)
    {
        // Diagnostics are process-wide and emitted on the thread that causes them: keep only this thread's, so work
        // running beside the experiment (other tests, other experiments) cannot slip its warnings in.
        var warnings = new List<string>();
        int thread = Environment.CurrentManagedThreadId;
        TResult result;
        using (Diagnostics.Subscribe(d =>
        {
            if (d.Level == DiagnosticLevel.Warning && Environment.CurrentManagedThreadId == thread)
                lock (warnings) warnings.Add($"{d.Source}: {d.Message}");
        }))
            result = action();
        return (result, warnings);
    }
}
