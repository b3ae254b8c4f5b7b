namespace Functional.Models;

/// <summary>
/// A training callback, as Keras' <c>keras.callbacks</c>: an immutable record of settings. Fit checks every callback
/// before the first step (<see cref="Validate"/>) and starts one private run of it (<see cref="Start{T}"/>), which the
/// fold calls at the epoch's begin and end; the record itself never changes, so one list of callbacks serves many runs.
/// </summary>
public abstract record Callback
{
    private protected Callback() { }

    /// <summary>Throws when the settings do not suit this run (a monitored key it does not record, a bad path).</summary>
    internal virtual void Validate(CallbackCheck check) { }

    /// <summary>The bookkeeping of this callback for one run.</summary>
    internal abstract CallbackRun<T> Start<T>(FitSession<T> session) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>What Fit knows about a run when it checks the callbacks.</summary>
/// <param name="Keys">The keys each epoch's log will hold, in order ("loss", metrics, "val_…", and "learning_rate" when a
/// callback changes the learning rate).</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="HasValidation">Whether validation data are given.</param>
internal sealed record CallbackCheck(IReadOnlyList<string> Keys, Optimizer Optimizer, bool HasValidation)
{
    /// <summary>Throws unless <paramref name="monitor"/> is one of <see cref="Keys"/>; the message lists them.</summary>
    public void RequireKey(string callback, string monitor)
    {
        if (string.IsNullOrWhiteSpace(monitor)) throw new ArgumentException($"{callback}: Monitor must name a History key such as \"val_loss\".");
        if (!Keys.Contains(monitor))
            throw new ArgumentException(
                $"Fit: {callback} monitors '{monitor}', which this run does not record; it records: {string.Join(", ", Keys)}" +
                (monitor.StartsWith("val_", StringComparison.Ordinal) && !HasValidation ? " (give Validation data for val_ keys)." : "."),
                "options");
    }
}
