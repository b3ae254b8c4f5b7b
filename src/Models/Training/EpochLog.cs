namespace Functional.Models;

/// <summary>
/// The numbers of one epoch, keyed as in Keras' History: "loss", metric names such as "accuracy",
/// and "val_loss"/"val_accuracy" when validation data is given.
/// </summary>
public sealed record EpochLog
{
    private readonly KeyValuePair<string, double>[] _values;

    /// <summary>A log for epoch number <paramref name="epoch"/> (1-based, as Keras prints it).</summary>
    public EpochLog(int epoch, IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Epoch = epoch;
        _values = [.. values];
    }

    /// <summary>The epoch number, 1-based.</summary>
    public int Epoch { get; }

    /// <summary>The values in the order they were recorded: loss, metrics, then validation ones.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values => _values;

    /// <summary>The value recorded under <paramref name="key"/>, if any.</summary>
    public double? TryGet(string key)
    {
        foreach (var kv in _values) if (kv.Key == key) return kv.Value;
        return null;
    }

    /// <summary>The value recorded under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">Nothing was recorded under that key; the message lists what was.</exception>
    public double this[string key] =>
        TryGet(key) ?? throw new KeyNotFoundException($"EpochLog: no '{key}' in epoch {Epoch}; recorded: {string.Join(", ", _values.Select(v => v.Key))}.");

    /// <summary>Equal when the epoch and every key and value are equal (bit for bit; NaN equals NaN).</summary>
    public bool Equals(EpochLog? other) =>
        other is not null && other.Epoch == Epoch && _values.Length == other._values.Length &&
        _values.Zip(other._values).All(p => p.First.Key == p.Second.Key && p.First.Value.Equals(p.Second.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Epoch, _values.Length);

    /// <summary>Keras' per-epoch line: "loss: 0.1234 - accuracy: 0.9876 - val_loss: ...".</summary>
    public override string ToString() =>
        string.Join(" - ", _values.Select(v => $"{v.Key}: {v.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}"));
}
