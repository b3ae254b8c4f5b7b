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

/// <summary>What one of the notebook's mistakes costs, measured on the test set.</summary>
/// <param name="Name">The mistake.</param>
/// <param name="Accuracy">Test accuracy with the mistake.</param>
/// <param name="CrossEntropy">The true cross-entropy of the probabilities the model outputs.</param>
/// <param name="MeanConfidence">The mean over test digits of the largest output probability (how sure the model claims to be).</param>
/// <param name="MeanConfidenceWhenWrong">The same over the misclassified digits only.</param>
/// <param name="Warnings">What the library's diagnostics channel said.</param>
public sealed record MistakeCost(string Name, double Accuracy, double CrossEntropy, double MeanConfidence, double MeanConfidenceWhenWrong,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The last training loss the run itself reported (NaN where no training was involved).</summary>
    public double ReportedTrainingLoss { get; init; } = double.NaN;
}

/// <summary>Part 5's result.</summary>
public sealed record MnistResult(
    MnistSettings Settings, string DataSource, int TrainCount, int TestCount, Model<float> Model, History History,
    double TestLoss, double TestAccuracy, MistakeCost AsIntended, ConfusionMatrix Confusion, IReadOnlyList<DigitExample> Examples,
    IReadOnlyList<DigitExample> Misclassified, int MisclassifiedCount, MistakeCost DoubleSoftmax, MistakeCost RawPixels,
    TimeSpan TrainingTime);

/// <summary>Part 5: Flatten(28×28) → Dense(128, relu) → Dense(10, softmax), sparse cross-entropy, Adam, 10 epochs.</summary>
public static class MnistExperiment
{
    /// <summary>The lab's classifier.</summary>
    public static IReadOnlyList<LayerSpec> Model { get; } =
        [Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax)];

    /// <summary>Runs part 5, and trains or predicts a second time for each of the notebook's two mistakes.</summary>
    public static MnistResult Run(MnistSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var data = Mnist.Load(settings.DataDirectory);
        int trainCount = Math.Min(settings.TrainLimit ?? data.Train.Count, data.Train.Count);
        int testCount = Math.Min(settings.TestLimit ?? data.Test.Count, data.Test.Count);
        var xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784);
        var yTrain = data.Train.LabelColumn<float>().SubMatrix(0, trainCount, 0, 1);
        var xTest = data.Test.Images.SubMatrix(0, testCount, 0, 784);
        var testLabels = data.Test.Labels.Take(testCount).ToArray();
        var yTest = Labels.ToColumn<float>(testLabels);
        var loss = Loss.SparseCategoricalCrossentropy();
        var options = settings.Training with { Seed = settings.Seed };

        var clock = Stopwatch.StartNew();
        var fit = Training.Fit(Sequential.Build<float>(Model, settings.Seed), new Adam(settings.LearningRate), loss, xTrain, yTrain, options);
        var trainingTime = clock.Elapsed;

        var evaluation = Evaluation.Evaluate(fit.Model, loss, xTest, yTest, [Metric.SparseCategoricalAccuracy], batchSize: 1000);
        var probabilities = fit.Model.Predict(xTest, batchSize: 1000);
        var predicted = ArgMax.Rows(probabilities);
        var confusion = ConfusionMatrix.From(predicted, testLabels, 10);
        DigitExample Example(int i) => new(i, data.Test.Image(i), testLabels[i], predicted[i]);
        var examples = Examples.Pick(Enumerable.Range(0, testCount).ToArray(), 9, settings.ExampleSeed).Select(Example).ToArray();
        var wrong = Classification.Misclassified(predicted, testLabels);
        var misclassified = Examples.Pick(wrong, Math.Min(9, wrong.Count), settings.ExampleSeed).Select(Example).ToArray();

        var asIntended = Cost("as intended", probabilities, testLabels, []);

        // Mistake 1: a softmax output trained with a loss told the outputs are logits (softmax applied twice).
        var (doubleSoftmaxFit, doubleSoftmaxWarnings) = Capture(() => Training.Fit(
            Sequential.Build<float>(Model, settings.Seed), new Adam(settings.LearningRate),
            Loss.SparseCategoricalCrossentropy(fromLogits: true), xTrain, yTrain, options with { Progress = null }));
        var doubleSoftmaxProbabilities = doubleSoftmaxFit.Model.Predict(xTest, batchSize: 1000);
        var doubleSoftmax = Cost("softmax output trained with fromLogits: true", doubleSoftmaxProbabilities, testLabels, doubleSoftmaxWarnings) with
        {
            ReportedTrainingLoss = doubleSoftmaxFit.History.Loss[^1],
        };

        // Mistake 2: predicting on raw 0–255 pixels with a model trained on pixels ÷ 255.
        var (rawProbabilities, rawWarnings) = Capture(() => fit.Model.Predict(xTest.Map(v => v * 255f), batchSize: 1000));
        var rawPixels = Cost("predicting on raw 0–255 pixels", rawProbabilities, testLabels, rawWarnings);

        return new MnistResult(settings, data.Source, trainCount, testCount, fit.Model, fit.History, evaluation.Loss, evaluation["accuracy"],
            asIntended, confusion, examples, misclassified, wrong.Count, doubleSoftmax, rawPixels, trainingTime);
    }

    /// <summary>Accuracy, cross-entropy (Keras' measure on probabilities) and confidence of a model's probability outputs.</summary>
    private static MistakeCost Cost(string name, Matrix<float> probabilities, IReadOnlyList<int> labels, IReadOnlyList<string> warnings)
    {
        var predicted = ArgMax.Rows(probabilities);
        var accuracy = Classification.Accuracy(predicted, labels);
        var crossEntropy = Loss.SparseCategoricalCrossentropy().Value(probabilities, Labels.ToColumn<float>(labels));
        var confidence = Enumerable.Range(0, labels.Count).Select(i => (double)probabilities[i, predicted[i]]).ToArray();
        var wrong = Classification.Misclassified(predicted, labels);
        return new MistakeCost(name, accuracy, crossEntropy, confidence.Average(),
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
