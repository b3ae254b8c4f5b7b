using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>A data set for training or validation: inputs (one sample per row) and targets (one row per sample).</summary>
/// <param name="X">Inputs, one sample per row.</param>
/// <param name="Y">Targets: one row per sample (a column of class indices for sparse cross-entropy).</param>
public sealed record Dataset<T>(Matrix<T> X, Matrix<T> Y) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>One line of progress, sent after every epoch (the command line prints it the way Keras does).</summary>
/// <param name="Epoch">The epoch that just ended, 1-based.</param>
/// <param name="Epochs">The number of epochs requested.</param>
/// <param name="Log">Its numbers.</param>
/// <param name="Elapsed">Wall time of the epoch (not part of the History, which stays deterministic).</param>
public sealed record EpochProgress(int Epoch, int Epochs, EpochLog Log, TimeSpan Elapsed)
{
    /// <inheritdoc />
    public override string ToString() => $"Epoch {Epoch}/{Epochs} - {Elapsed.TotalSeconds:0.000}s - {Log}";
}

/// <summary>
/// How to train, with Keras' defaults: 1 epoch, batch 32, shuffled every epoch. Copy and change with <c>with</c>.
/// </summary>
public sealed record FitOptions<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Keras' defaults.</summary>
    public static FitOptions<T> Default { get; } = new();

    /// <summary>Passes over the training data (0 returns the model unchanged).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per gradient step; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Shuffle the samples at the start of every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffles (epoch e uses its own sub-stream of this seed).</summary>
    public ulong Seed { get; init; }

    /// <summary>Data on which "val_loss" and "val_…" metrics are computed after every epoch.</summary>
    public Dataset<T>? Validation { get; init; }

    /// <summary>
    /// Keras' <c>validation_split</c>: the fraction of (x, y) held out as validation data, taken from the end before any
    /// shuffling (the last <c>n − floor(n · (1 − split))</c> rows), when <see cref="Validation"/> is not given. 0: none.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Metrics recorded each epoch besides the loss (e.g. <see cref="Metric.SparseCategoricalAccuracy"/>).</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = [];

    /// <summary>Callbacks such as <see cref="EarlyStopping"/>.</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>Stop at the first batch whose loss is NaN or infinite, recording why (on by default).</summary>
    public bool StopOnNonFiniteLoss { get; init; } = true;

    /// <summary>Receives a line after every epoch; the library itself prints nothing.</summary>
    public IProgress<EpochProgress>? Progress { get; init; }
}
