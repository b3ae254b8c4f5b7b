using Functional.Reports;

namespace Functional.Tests.Unit.Misuse;

/// <summary>
/// The report command given bad usage: exit code 2, a message naming the option, before any experiment runs, and
/// nothing written (a good report already in place stays as it was).
/// </summary>
[Collection("Console")]
public sealed class CommandLineMisuse : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-misuse-cli-").FullName;
    private readonly StringWriter _captured = new();
    private readonly TextWriter _out = Console.Out, _error = Console.Error;

    public CommandLineMisuse()
    {
        Console.SetOut(_captured);
        Console.SetError(_captured);
    }

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "an empty part list", ["--only", ""], "--only: no part named" },
        { "only commas", ["--only", ",,"], "--only: no part named" },
        { "an unknown part", ["--only", "linear,telepathy"], "unknown part(s) telepathy" },
        { "seeds 0", ["--seeds", "0"], "--seeds takes a positive whole number, got '0'" },
        { "seeds not a number", ["--seeds", "five"], "got 'five'" },
        { "an unknown option", ["--fast"], "--fast" },
        { "a data folder that does not exist", ["--data", "/nonexistent-mnist"], "--data: no folder '/nonexistent-mnist'" },
        { "an output place that cannot be written", ["--out", "/proc/functional-report"], "--out: cannot write '/proc/functional-report'" },
        { "an output that is a file", ["--out", "{file}"], "is a file, not a folder" },
        { "an output under a file", ["--out", "{file}/report"], "is a file, not a folder" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_usage_exits_2_naming_the_option_and_writes_nothing(string name, string[] args, string message)
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "keep me");
        var good = Path.Combine(_dir, "good");
        Directory.CreateDirectory(good);
        File.WriteAllText(Path.Combine(good, "index.html"), "the previous report");
        var withOut = args.Contains("--out") ? args : [.. args, "--out", good];
        var resolved = withOut.Select(a => a.Replace("{file}", file, StringComparison.Ordinal)).ToArray();
        message = message.Replace("{file}", file, StringComparison.Ordinal);

        string[] only = args.Contains("--only") ? [] : ["--only", "linear"];
        int code = Program.Main(["report", .. only, .. resolved]);

        var text = _captured.ToString();
        Assert.True(code == 2, $"{name}: exit code {code}: {text}");
        Assert.Contains(message, text);
        Assert.DoesNotContain("running", text); // no experiment started
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.Equal("the previous report", File.ReadAllText(Path.Combine(good, "index.html")));
        Assert.Equal(["a-file", "good"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order());
    }
}
