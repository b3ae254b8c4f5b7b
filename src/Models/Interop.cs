using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

// Entry points that make the library read well from F# (and are harmless from C#). The rules they follow are in
// docs/architecture.md, "Using it from F# and C#": F# cannot copy a C# record with `{ r with ... }`, so records whose
// copies users make often get a `With(...)` of named optional arguments; an operation has its data last so that it
// can end a pipeline; "nothing" stays null/Nullable (F#: Option.ofObj / Option.ofNullable) so that the libraries
// need no FSharp.Core.

/// <summary>Copies of <see cref="FitOptions{T}"/> with some settings changed: the F# stand-in for C#'s <c>with</c>.</summary>
public static class FitOptionsExtensions
{
    /// <summary>
    /// A copy of <paramref name="options"/> with the given settings changed and every other one kept.
    /// From F#: <c>options.With(Epochs = 10, BatchSize = 64)</c>; from C# prefer <c>options with { Epochs = 10 }</c>.
    /// </summary>
    /// <param name="options">The options to copy.</param>
    /// <param name="Epochs">New epoch count, or null to keep.</param>
    /// <param name="BatchSize">New batch size, or null to keep.</param>
    /// <param name="Shuffle">New shuffle setting, or null to keep.</param>
    /// <param name="Seed">New shuffle seed, or null to keep.</param>
    /// <param name="Validation">New validation set, or null to keep (use <c>with { Validation = null }</c> to drop one).</param>
    /// <param name="Metrics">New metrics, or null to keep.</param>
    /// <param name="Callbacks">New callbacks, or null to keep.</param>
    /// <param name="StopOnNonFiniteLoss">New non-finite-loss setting, or null to keep.</param>
    /// <param name="Progress">New progress receiver, or null to keep.</param>
    public static FitOptions<T> With<T>(this FitOptions<T> options,
        int? Epochs = null, int? BatchSize = null, bool? Shuffle = null, ulong? Seed = null, Dataset<T>? Validation = null,
        IEnumerable<Metric>? Metrics = null, IEnumerable<Callback>? Callbacks = null, bool? StopOnNonFiniteLoss = null,
        IProgress<EpochProgress>? Progress = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Epochs = Epochs ?? options.Epochs,
            BatchSize = BatchSize ?? options.BatchSize,
            Shuffle = Shuffle ?? options.Shuffle,
            Seed = Seed ?? options.Seed,
            Validation = Validation ?? options.Validation,
            Metrics = Metrics is null ? options.Metrics : [.. Metrics],
            Callbacks = Callbacks is null ? options.Callbacks : [.. Callbacks],
            StopOnNonFiniteLoss = StopOnNonFiniteLoss ?? options.StopOnNonFiniteLoss,
            Progress = Progress ?? options.Progress,
        };
    }
}

/// <summary>Copies of optimizers with another learning rate, keeping their type and every other hyperparameter.</summary>
public static class OptimizerExtensions
{
    /// <summary>
    /// A copy of <paramref name="optimizer"/> with learning rate <paramref name="learningRate"/>: <c>adam.WithLearningRate(0.1)</c>
    /// is still an <see cref="Adam"/> with the same betas. From C# <c>adam with { LearningRate = 0.1 }</c> is the same.
    /// </summary>
    public static TOptimizer WithLearningRate<TOptimizer>(this TOptimizer optimizer, double learningRate) where TOptimizer : Optimizer
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer copy = optimizer with { LearningRate = learningRate };
        return (TOptimizer)copy;
    }
}

/// <summary>Model operations as methods of the model, so that a model value reads left to right: <c>model.Fit(...)</c>.</summary>
public static class ModelExtensions
{
    /// <summary><see cref="Training.Fit{T}"/> on this model.</summary>
    public static FitResult<T> Fit<T>(this Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Training.Fit(model, optimizer, loss, x, y, options);

    /// <summary><see cref="Training.Fit{T}"/> on this model with the data as a <see cref="Dataset{T}"/>.</summary>
    public static FitResult<T> Fit<T>(this Model<T> model, Optimizer optimizer, Loss loss, Dataset<T> data, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        return Training.Fit(model, optimizer, loss, data.X, data.Y, options);
    }

    /// <summary><see cref="Training.Epochs{T}"/> on this model: the run as a lazy sequence of epoch states.</summary>
    public static IEnumerable<EpochState<T>> Epochs<T>(this Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y,
        FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Training.Epochs(model, optimizer, loss, x, y, options);

    /// <summary><see cref="Evaluation"/>.Evaluate on this model.</summary>
    public static EvaluationResult Evaluate<T>(this Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, IEnumerable<Metric>? metrics = null,
        int batchSize = 32)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Evaluation.Evaluate(model, loss, x, y, metrics is null ? null : [.. metrics], batchSize);
}

/// <summary>The last value of a history's series, without indexing arithmetic (<c>Loss[Loss.Count - 1]</c>).</summary>
public static class HistoryExtensions
{
    /// <summary>The value of <paramref name="key"/> ("loss", "val_loss", a metric's name) after the last epoch.</summary>
    /// <exception cref="InvalidOperationException">The history has no epochs.</exception>
    public static double Final(this History history, string key = "loss")
    {
        ArgumentNullException.ThrowIfNull(history);
        var values = history[key];
        if (values.Count == 0) throw new InvalidOperationException($"History.Final: the history has no epochs, so no final '{key}'.");
        return values[^1];
    }
}
