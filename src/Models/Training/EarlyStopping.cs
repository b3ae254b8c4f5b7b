namespace Functional.Models;

/// <summary>A training callback: settings that the training fold interprets at the end of every epoch.</summary>
public abstract record Callback;

/// <summary>Whether a larger or a smaller monitored value is better.</summary>
public enum MonitorMode
{
    /// <summary>Decided from the name: losses are minimized, "accuracy" is maximized.</summary>
    Auto,
    /// <summary>Smaller is better.</summary>
    Min,
    /// <summary>Larger is better.</summary>
    Max,
}

/// <summary>
/// Stops training when a monitored quantity stops improving, with Keras' exact rule: each epoch counts one more
/// epoch of waiting; an epoch whose value beats the best by more than <see cref="MinDelta"/> becomes the best and
/// resets the wait; when the wait reaches <see cref="Patience"/> (and it is not the first epoch) training stops.
/// </summary>
/// <param name="Monitor">The History key to watch ("val_loss" by default).</param>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">The least change that counts as an improvement.</param>
/// <param name="RestoreBestWeights">At the end, return the weights of the best epoch instead of the last.</param>
/// <param name="Mode">Whether smaller or larger is better.</param>
/// <param name="Baseline">If set, the wait only resets on epochs that also beat this value.</param>
/// <param name="StartFromEpoch">Epochs to let pass (warm-up) before monitoring.</param>
public sealed record EarlyStopping(
    string Monitor = "val_loss",
    int Patience = 0,
    double MinDelta = 0,
    bool RestoreBestWeights = false,
    MonitorMode Mode = MonitorMode.Auto,
    double? Baseline = null,
    int StartFromEpoch = 0) : Callback
{
    /// <summary>True when smaller values of the monitored quantity are better.</summary>
    public bool Minimizes => Mode switch
    {
        MonitorMode.Min => true,
        MonitorMode.Max => false,
        _ => Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor[4..] != "accuracy" : Monitor != "accuracy",
    };

    /// <summary>True when <paramref name="value"/> beats <paramref name="reference"/> by more than <see cref="MinDelta"/>.</summary>
    public bool IsImprovement(double value, double reference) =>
        Minimizes ? value + Math.Abs(MinDelta) < reference : value - Math.Abs(MinDelta) > reference;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Monitor)) throw new ArgumentException("EarlyStopping: Monitor must name a History key such as \"val_loss\".");
        if (Patience < 0) throw new ArgumentException($"EarlyStopping: Patience must not be negative, got {Patience}.");
        if (!double.IsFinite(MinDelta)) throw new ArgumentException($"EarlyStopping: MinDelta must be finite, got {MinDelta}.");
        if (StartFromEpoch < 0) throw new ArgumentException($"EarlyStopping: StartFromEpoch must not be negative, got {StartFromEpoch}.");
        if (Baseline is { } baseline && !double.IsFinite(baseline))
            throw new ArgumentException($"EarlyStopping: Baseline must be finite (or null for none), got {baseline}; no value could beat it.");
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"EarlyStopping: Mode {(int)Mode} is not one of Auto, Min, Max.");
    }
}
