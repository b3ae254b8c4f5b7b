namespace Functional.Core;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action at once, on the reporting thread. .NET's <c>Progress&lt;T&gt;</c>
/// posts to the captured synchronization context (the thread pool in a console program), so lines can arrive late and
/// out of order; training progress wants each epoch's line when the epoch ends.
/// </summary>
public sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly Action<T> _report;

    /// <summary>A progress sink that calls <paramref name="report"/> for every value.</summary>
    public SynchronousProgress(Action<T> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _report = report;
    }

    /// <inheritdoc />
    public void Report(T value) => _report(value);
}
