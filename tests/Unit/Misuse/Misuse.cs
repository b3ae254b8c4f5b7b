namespace Functional.Tests.Unit.Misuse;

/// <summary>
/// One way of using the library wrong: what the caller does, the exception type it must get (exactly that type, not a
/// subclass or a crash), and the words its message must contain, so that the message names what is wrong (the
/// argument, the layer, the shape, the file).
/// </summary>
/// <param name="Act">The misuse.</param>
/// <param name="Exception">The exception it must throw.</param>
/// <param name="Names">What the message must name (ordinal, case-sensitive substrings).</param>
public sealed record Misuse(Action Act, Type Exception, params string[] Names)
{
    /// <summary>Runs the misuse and checks that it failed as required.</summary>
    public void AssertFailsClearly(string name)
    {
        var thrown = Record.Exception(Act);
        Assert.True(thrown is not null, $"{name}: no exception; the misuse was accepted");
        Assert.True(thrown.GetType() == Exception, $"{name}: expected {Exception.Name}, got {thrown.GetType().Name}: {thrown.Message}");
        foreach (var part in Names)
            Assert.True(thrown.Message.Contains(part, StringComparison.Ordinal), $"{name}: the message does not name '{part}': {thrown.Message}");
    }

    /// <summary>A misuse that must throw <typeparamref name="TException"/> naming <paramref name="names"/>.</summary>
    public static Misuse Of<TException>(Action act, params string[] names) where TException : Exception => new(act, typeof(TException), names);
}
