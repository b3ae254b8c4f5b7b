namespace Functional.Tests.Unit.Lab;

/// <summary>
/// Standard output and error captured together for a command-line test, and restored by <see cref="Dispose"/>. Tests that
/// use it belong to the "Console" collection, which runs them one at a time (the console is the process's).
/// </summary>
public sealed class CapturedConsole : IDisposable
{
    private readonly TextWriter _out = Console.Out, _error = Console.Error;
    private readonly StringWriter _captured = new();

    /// <summary>Starts capturing.</summary>
    public CapturedConsole()
    {
        Console.SetOut(_captured);
        Console.SetError(_captured);
    }

    /// <summary>Everything written so far.</summary>
    public string Text => _captured.ToString();

    /// <summary>Restores the console.</summary>
    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
    }
}
