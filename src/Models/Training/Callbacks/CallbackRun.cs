namespace Functional.Models;

/// <summary>
/// One callback's bookkeeping during one run of the fold (private to it): the hooks Keras calls, and the state a
/// <see cref="BackupAndRestore"/> keeps so that a resumed run continues exactly where it was.
/// </summary>
internal abstract class CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Before epoch <paramref name="epoch"/> (1-based) runs.</summary>
    public virtual void OnEpochBegin(int epoch) { }

    /// <summary>After epoch <paramref name="epoch"/> (1-based): its complete log. Returns why training must stop, if it must.
    /// A <paramref name="diverged"/> epoch (a non-finite loss stopped it) is shown only to callbacks that record.</summary>
    public virtual StopReason? OnEpochEnd(int epoch, EpochLog log, bool diverged) => null;

    /// <summary>When the run ends, however it ended (also when the caller stops early or an exception leaves the fold).</summary>
    public virtual void OnTrainEnd() { }

    /// <summary>The weights to return instead of the last ones (early stopping's best epoch), with their epoch and why.</summary>
    public virtual (Model<T> Model, int Epoch, string Monitor)? RestoredWeights => null;

    /// <summary>The state to back up: named numbers (bits kept exactly) and at most one model; empty by default.</summary>
    public virtual CallbackState<T> Save() => CallbackState<T>.Empty;

    /// <summary>Takes back a state <see cref="Save"/> gave.</summary>
    public virtual void Restore(CallbackState<T> state) { }
}

/// <summary>A callback's saved state: named numbers and an optional model.</summary>
internal sealed record CallbackState<T>(IReadOnlyDictionary<string, double> Values, Model<T>? Model) where T : unmanaged, IFloatingPointIeee754<T>
{
    public static CallbackState<T> Empty { get; } = new(new Dictionary<string, double>(), null);

    /// <summary>The value saved under <paramref name="key"/>, or null.</summary>
    public double? Get(string key) => Values.TryGetValue(key, out var v) ? v : null;
}

/// <summary>
/// What callbacks may see and change during a run: the optimizer (its learning rate) the next updates use, and the model
/// as it is at the end of the current epoch. The fold hands the optimizer to its training run after the callbacks' hooks.
/// </summary>
internal sealed class FitSession<T>(Optimizer optimizer, int epochs) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of epochs requested.</summary>
    public int Epochs { get; } = epochs;

    /// <summary>The optimizer the next updates use (callbacks replace its learning rate).</summary>
    public Optimizer Optimizer { get; set; } = optimizer;

    /// <summary>The constant learning rate of the next updates.</summary>
    public double LearningRate
    {
        get => Optimizer.LearningRate;
        set => Optimizer = Optimizer with { LearningRate = value };
    }

    /// <summary>The model at the end of the current epoch (copied once per epoch, on first use).</summary>
    public Func<Model<T>> CurrentModel { get; set; } = () => throw new InvalidOperationException("no epoch has ended yet");
}
