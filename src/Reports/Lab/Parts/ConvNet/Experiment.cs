using System.Diagnostics;
using Functional.Core;
using Functional.Core.Metrics;
using Functional.Models;
using Functional.Reports.Lab.Parts.MnistMlp;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Reports.Lab.Parts.ConvNet;

/// <summary>One epoch of the convolutional network.</summary>
/// <param name="Log">What Fit recorded (loss, accuracy, val_loss, val_accuracy).</param>
/// <param name="TestAccuracy">The test accuracy after it.</param>
/// <param name="Seconds">Its training time (the test evaluation apart).</param>
public sealed record ConvNetEpoch(EpochLog Log, double TestAccuracy, double Seconds);

/// <summary>"Beyond the lab: a convolutional network"'s result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="TrainCount">Digits trained on (after the validation split).</param>
/// <param name="ValidationCount">Digits held out by the split.</param>
/// <param name="TestCount">Test digits.</param>
/// <param name="ParameterCount">The network's parameters.</param>
/// <param name="Epochs">Every epoch run.</param>
/// <param name="Confusion">The network's confusion matrix on the test digits.</param>
/// <param name="MlpConfusion">Part 5's MLP's (trained as intended), on the same digits.</param>
/// <param name="Wrong">The test digits the network still gets wrong, in test-set order.</param>
/// <param name="FlopsPerEpoch">Multiply-adds × 2 of one training epoch (forward and backward of every layer, the products a
/// layer with nothing before it skips left out).</param>
/// <param name="Model">The trained network, as the last epoch left it.</param>
/// <param name="XTest">The test images ÷ 255 it was asked about.</param>
public sealed record ConvNetResult(ConvNetSettings Settings, int TrainCount, int ValidationCount, int TestCount, long ParameterCount,
    IReadOnlyList<ConvNetEpoch> Epochs, ConfusionMatrix Confusion, ConfusionMatrix MlpConfusion, IReadOnlyList<DigitExample> Wrong, double FlopsPerEpoch,
    Model<float> Model, Matrix<float> XTest)
{
    /// <summary>The first epoch at the target test accuracy, or null.</summary>
    public int? ReachedAt => Epochs.ToList().FindIndex(e => e.TestAccuracy >= Settings.TargetAccuracy) is var i and >= 0 ? i + 1 : null;

    /// <summary>Median training seconds per epoch.</summary>
    public double MedianSeconds => Statistics.Median(Epochs.Select(e => e.Seconds).ToArray());

    /// <summary>Test mistakes of the network.</summary>
    public int Mistakes => Confusion.Total - Diagonal(Confusion);

    /// <summary>Test mistakes of the MLP.</summary>
    public int MlpMistakes => MlpConfusion.Total - Diagonal(MlpConfusion);

    private static int Diagonal(ConfusionMatrix m) => Enumerable.Range(0, m.Classes).Sum(c => m.Counts[c][c]);
}

/// <summary>Keras' "simple MNIST convnet" on the notebook's digits, trained until it passes 99 % on the test set, against part 5's MLP.</summary>
public static class ConvNetExperiment
{
    /// <summary>Runs it.</summary>
    public static ConvNetResult Run(ConvNetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var inputs = MnistExperiment.Inputs(settings.Mnist);
        var yTest = Labels.ToColumn<float>(inputs.Labels);
        var model = Sequential.Build<float>(ConvNetSettings.Network, settings.Seed);
        var options = new FitOptions<float>
        {
            Epochs = settings.MaxEpochs, BatchSize = settings.BatchSize, Seed = settings.Seed, ValidationSplit = settings.ValidationSplit,
            Metrics = [Metric.SparseCategoricalAccuracy], Progress = settings.Progress,
        };
        // Part 5's MLP, for the comparison, trains on the second core while the network trains on the first.
        var mlpRun = Task.Run(() => MnistExperiment.FitIntended(settings.Mnist, inputs.XTrain, inputs.YTrain).Model);
        var epochs = new List<ConvNetEpoch>();
        Model<float> trained = model;
        var clock = Stopwatch.StartNew();
        var run = Training.Epochs(model, new Adam(settings.LearningRate), Loss.SparseCategoricalCrossentropy(), inputs.XTrain, inputs.YTrain, options);
        foreach (var state in run)
        {
            double seconds = clock.Elapsed.TotalSeconds;
            trained = state.Model;
            double accuracy = Evaluation.Evaluate(trained, Loss.SparseCategoricalCrossentropy(), inputs.XTest, yTest, [Metric.SparseCategoricalAccuracy],
                batchSize: settings.BatchSize)["accuracy"];
            epochs.Add(new ConvNetEpoch(state.Log, accuracy, seconds));
            if (accuracy >= settings.TargetAccuracy || state.Stop is not null) break;
            clock.Restart();
        }
        var predicted = ArgMax.Rows(trained.Predict(inputs.XTest, batchSize: settings.BatchSize));
        var confusion = ConfusionMatrix.From(predicted, inputs.Labels, 10);
        var wrong = Enumerable.Range(0, inputs.TestCount).Where(i => predicted[i] != inputs.Labels[i])
            .Select(i => new DigitExample(i, inputs.Data.Test.Image(i), inputs.Labels[i], predicted[i])).ToArray();
        var mlp = mlpRun.GetAwaiter().GetResult();
        var mlpConfusion = ConfusionMatrix.From(ArgMax.Rows(mlp.Predict(inputs.XTest, batchSize: 32)), inputs.Labels, 10);
        int trainCount = (int)Math.Floor(inputs.TrainCount * (1 - settings.ValidationSplit));
        return new ConvNetResult(settings, trainCount, inputs.TrainCount - trainCount, inputs.TestCount, model.ParameterCount, epochs, confusion,
            mlpConfusion, wrong, Arithmetic.TrainingFlops(model, trainCount), trained, inputs.XTest);
    }
}
