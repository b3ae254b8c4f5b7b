namespace Functional.Models;

/// <summary>
/// What training recorded, epoch by epoch (Keras' <c>History.history</c>), and why it stopped.
/// </summary>
public sealed record History
{
    private readonly EpochLog[] _epochs;

    /// <summary>A history from its epoch logs and stop reason.</summary>
    public History(IEnumerable<EpochLog> epochs, StopReason stop, int? restoredEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(stop);
        _epochs = [.. epochs];
        Stop = stop;
        RestoredEpoch = restoredEpoch;
    }

    /// <summary>One log per epoch that completed (or, for a diverged run, the epoch that failed, its loss NaN or infinite).</summary>
    public IReadOnlyList<EpochLog> Epochs => _epochs;

    /// <summary>Why training ended.</summary>
    public StopReason Stop { get; }

    /// <summary>When early stopping restored the best weights: the epoch (1-based) they come from.</summary>
    public int? RestoredEpoch { get; }

    /// <summary>True when training stopped because a loss became NaN or infinite (<see cref="StopKind.NonFiniteLoss"/>).</summary>
    public bool Diverged => Stop.Kind == StopKind.NonFiniteLoss;

    /// <summary>The series recorded under <paramref name="key"/>, one value per epoch.</summary>
    /// <exception cref="KeyNotFoundException">Some epoch has no such key; the message lists the keys recorded.</exception>
    public IReadOnlyList<double> this[string key] => _epochs.Select(e => e[key]).ToArray();

    /// <summary>The keys recorded in the first epoch ("loss", "accuracy", "val_loss", ...).</summary>
    public IReadOnlyList<string> Keys => _epochs.Length == 0 ? [] : _epochs[0].Values.Select(v => v.Key).ToArray();

    /// <summary>The training loss per epoch.</summary>
    public IReadOnlyList<double> Loss => this["loss"];

    /// <summary>The validation loss per epoch (requires validation data).</summary>
    public IReadOnlyList<double> ValidationLoss => this["val_loss"];

    /// <summary>Equal when the epochs, the stop reason and the restored epoch are equal (bit for bit).</summary>
    public bool Equals(History? other) =>
        other is not null && _epochs.SequenceEqual(other._epochs) && Stop.Equals(other.Stop) && RestoredEpoch == other.RestoredEpoch;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_epochs.Length, Stop);

    /// <inheritdoc />
    public override string ToString() => $"History({_epochs.Length} epochs, {Stop})";
}
