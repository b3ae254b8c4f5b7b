namespace Functional.Core;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticLevel
{
    /// <summary>Something worth knowing (which provider was chosen).</summary>
    Info,
    /// <summary>Probably a mistake in how the library is used (softmax twice, inputs out of the trained range).</summary>
    Warning,
}

/// <summary>One message of the diagnostics channel.</summary>
/// <param name="Level">How serious it is.</param>
/// <param name="Source">What emitted it, e.g. "LinearAlgebra" or "Fit".</param>
/// <param name="Message">The message, a full sentence saying what to do about it.</param>
public sealed record Diagnostic(DiagnosticLevel Level, string Source, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Level.ToString().ToLowerInvariant()}: {Source}: {Message}";
}

/// <summary>
/// The library's diagnostics channel: the library never writes to the console; it emits here, and a
/// program decides what to show (the command line prints warnings to standard error).
/// Like Python's warnings module, this is process-wide.
/// </summary>
public static class Diagnostics
{
    private static readonly object Gate = new();
    private static readonly List<Action<Diagnostic>> Listeners = [];

    /// <summary>Calls <paramref name="listener"/> for every diagnostic until the returned handle is disposed.</summary>
    public static IDisposable Subscribe(Action<Diagnostic> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (Gate) Listeners.Add(listener);
        return new Subscription(listener);
    }

    /// <summary>Sends a diagnostic to every current listener.</summary>
    public static void Emit(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        Action<Diagnostic>[] snapshot;
        lock (Gate) snapshot = [.. Listeners];
        foreach (var listener in snapshot) listener(diagnostic);
    }

    private sealed class Subscription(Action<Diagnostic> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Listeners.Remove(listener);
        }
    }
}
