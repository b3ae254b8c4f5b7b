using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab.Parts.MnistMlp;

/// <summary>Part 5's settings: the lab's classifier on the real MNIST digits.</summary>
public sealed record MnistSettings
{
    /// <summary>Seed of the weights and shuffles (Keras draws both unseeded).</summary>
    public ulong Seed { get; init; }
    /// <summary>How the classifier trains: the lab's 10 epochs at Keras' default batch 32, with accuracy recorded
    /// (<see cref="FitOptions{T}.Progress"/> receives a line per epoch).</summary>
    public FitOptions<float> Training { get; init; } = new() { Epochs = 10, BatchSize = 32, Metrics = [Metric.SparseCategoricalAccuracy] };
    /// <summary>Adam's learning rate (Keras' default: 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Use only the first this-many training images (quick mode); null for all 60 000.</summary>
    public int? TrainLimit { get; init; }
    /// <summary>Use only the first this-many test images; null for all 10 000.</summary>
    public int? TestLimit { get; init; }
    /// <summary>Where the four MNIST files are (null: FUNCTIONAL_DATA_DIR, the user cache, or fetch).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The settings the report runs with <paramref name="options"/>: in quick mode 2 epochs on 6 000 digits, tested on 2 000.</summary>
    public static MnistSettings For(LabOptions options)
    {
        var full = new MnistSettings { DataDirectory = options.DataDirectory };
        var training = full.Training with { Progress = options.EpochProgress };
        return options.Quick
            ? full with { Training = training with { Epochs = 2 }, TrainLimit = 6000, TestLimit = 2000 }
            : full with { Training = training };
    }
}
