using Functional.Reports;

namespace Functional.Tests.Unit.Lab;

/// <summary><c>report --shard I/N --shard-dir DIR</c> and <c>report merge DIR --out OUT</c> from the command line: the exit codes and messages.</summary>
[Collection("Console")]
public sealed class ShardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-shard-cli-").FullName;
    private readonly CapturedConsole _console = new();

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_shards_run_from_the_command_line_and_merge_into_the_report()
    {
        var shards = Path.Combine(_dir, "shards");
        string[] common = ["--only", "linear,log,hidden", "--seeds", "2", "--quick"];
        Assert.Equal(0, Program.Main(["report", "--shard", "0/2", "--shard-dir", shards, .. common]));
        Assert.Equal(0, Program.Main(["--shard", "1/2", "--shard-dir", shards, .. common])); // the root is the report command too
        Assert.Contains("Shard 1/2 written to", _console.Text);
        Assert.Equal(["shard-0-of-2.json", "shard-1-of-2.json"], Directory.GetFiles(shards).Select(Path.GetFileName).Order());
        var merged = Path.Combine(_dir, "merged");
        Assert.Equal(0, Program.Main(["report", "merge", shards, "--out", merged]));
        Assert.Contains("Merged 3 sections", _console.Text);
        var single = Path.Combine(_dir, "single");
        Assert.Equal(0, Program.Main(["report", "--out", single, .. common]));
        ShardTests.AssertSameReport(single, merged);
    }

    [Theory]
    [InlineData("--shard 2/2 --shard-dir x", "shard 2 of 2 does not exist")]
    [InlineData("--shard 0/2", "--shard needs --shard-dir")]
    [InlineData("--shard-dir x", "--shard-dir is for --shard I/N")]
    [InlineData("--shard env --shard-dir x", "SLURM_ARRAY_TASK_ID is not set")]
    public void A_bad_shard_is_bad_usage(string arguments, string message)
    {
        Assert.Equal(2, Program.Main(["report", .. arguments.Split(' '), "--only", "linear"]));
        Assert.Contains(message, _console.Text);
    }

    [Fact]
    public void A_shard_with_out_is_bad_usage_and_a_failed_merge_exits_1_leaving_the_previous_report()
    {
        Assert.Equal(2, Program.Main(["report", "--shard", "0/2", "--shard-dir", _dir, "--out", Path.Combine(_dir, "r")]));
        Assert.Contains("--out is for the whole report", _console.Text);
        var previous = Path.Combine(_dir, "previous");
        Directory.CreateDirectory(previous);
        File.WriteAllText(Path.Combine(previous, "index.html"), "the previous report");
        Assert.Equal(1, Program.Main(["report", "merge", _dir, "--out", previous]));
        Assert.Contains("holds no shard files", _console.Text);
        Assert.Equal("the previous report", File.ReadAllText(Path.Combine(previous, "index.html")));
        Assert.Equal(1, Program.Main(["report", "merge", Path.Combine(_dir, "nowhere"), "--out", previous]));
        Assert.Contains("no folder", _console.Text);
    }
}
