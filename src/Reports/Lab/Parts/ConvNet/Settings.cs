using Functional.Core;
using Functional.Models;
using Functional.Reports.Lab.Parts.MnistMlp;

namespace Functional.Reports.Lab.Parts.ConvNet;

/// <summary>"Beyond the lab: a convolutional network"'s settings: Keras' "simple MNIST convnet" example on the notebook's digits.</summary>
public sealed record ConvNetSettings
{
    /// <summary>Part 5's digits (÷ 255, the same limits) and its MLP, trained as intended, for the comparison.</summary>
    public MnistSettings Mnist { get; init; } = new();

    /// <summary>Seed of the weights, the shuffles and the dropout masks.</summary>
    public ulong Seed { get; init; }

    /// <summary>Keras' example: batch 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Keras' example: Adam at its default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Keras' example: validation_split 0.1 (the last 10 % of the training digits, before shuffling).</summary>
    public double ValidationSplit { get; init; } = 0.1;

    /// <summary>Train until the test accuracy reaches this …</summary>
    public double TargetAccuracy { get; init; } = 0.99;

    /// <summary>… or for at most this many epochs.</summary>
    public int MaxEpochs { get; init; } = 15;

    /// <summary>Receives a line per epoch.</summary>
    public IProgress<EpochProgress>? Progress { get; init; }

    /// <summary>How many of the digits it still gets wrong the grid shows.</summary>
    public int WrongShown { get; init; } = 36;

    /// <summary>The network: Input(28, 28, 1) → Conv2D(32, 3, relu) → MaxPooling2D(2) → Conv2D(64, 3, relu) → MaxPooling2D(2) → Flatten →
    /// Dropout(0.5) → Dense(10, softmax): 34,826 parameters.</summary>
    public static IReadOnlyList<LayerSpec> Network { get; } =
    [
        Layers.Input(28, 28, 1), Layers.Conv2D(32, 3, Activation.Relu), Layers.MaxPooling2D(2), Layers.Conv2D(64, 3, Activation.Relu),
        Layers.MaxPooling2D(2), Layers.Flatten(), Layers.Dropout(0.5), Layers.Dense(10, Activation.Softmax),
    ];

    /// <summary>The settings the report runs with <paramref name="options"/>: in quick mode part 5's subset and 2 epochs.</summary>
    public static ConvNetSettings For(LabOptions options)
    {
        var mnist = MnistSettings.For(options) with { Training = MnistSettings.For(options).Training with { Progress = null } };
        return new ConvNetSettings { Mnist = mnist, Progress = options.EpochProgress, MaxEpochs = options.Quick ? 2 : 15 };
    }
}
