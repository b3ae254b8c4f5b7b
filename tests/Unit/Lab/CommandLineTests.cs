using Functional.Reports;
using BenchProgram = Functional.Bench.Program;

namespace Functional.Tests.Unit.Lab;

/// <summary>The main command's failure paths: a clear message, a non-zero exit code, and no report left behind.</summary>
[Collection("Console")]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-cli-").FullName;
    private readonly CapturedConsole _console = new();

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "many")]
    [InlineData("--frobnicate", "1")]
    public void Bad_usage_exits_2_with_the_usage(string option, string value)
    {
        Assert.Equal(2, Program.Main(["report", option, value, "--out", Path.Combine(_dir, "r")]));
        var text = _console.Text;
        Assert.Contains(option, text); // the message names the option
        Assert.Contains("functional --help", text);
        Assert.False(Directory.Exists(Path.Combine(_dir, "r")));
    }

    [Theory]
    [InlineData("linear,telepathy", "unknown part(s) telepathy")]
    [InlineData("", "no part named")]
    [InlineData(",", "no part named")]
    public void An_unknown_or_empty_part_list_is_bad_usage_and_writes_nothing(string only, string message)
    {
        Assert.Equal(2, Program.Main(["report", "--only", only, "--out", Path.Combine(_dir, "r")]));
        var text = _console.Text;
        Assert.Contains(message, text);
        Assert.Contains("the parts are linear, sweep, log, hidden, overfitting, fighting, mnist, inside, sine, cnn", text);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void The_help_lists_every_part_from_the_registry()
    {
        Assert.Equal(0, Program.Main(["--help"]));
        var text = _console.Text;
        foreach (var id in Functional.Reports.Lab.LabParts.Ids) Assert.Contains(id, text);
        Assert.Contains("--quick", text);
    }

    [Fact]
    public void A_subset_runs_and_publishes_with_a_summary()
    {
        Assert.Equal(0, Program.Main(["report", "--only", "linear", "--seeds", "2", "--out", Path.Combine(_dir, "r")]));
        var text = _console.Text;
        Assert.Contains("[1/1] linear: done", text);
        Assert.Contains("Report written to", text);
        Assert.True(File.Exists(Path.Combine(_dir, "r", "index.html")));
        Assert.True(File.Exists(Path.Combine(_dir, "r", "report.json")));
    }
}

[Collection("Console")]
public sealed class BenchCommandTests : IDisposable
{
    private readonly CapturedConsole _console = new();

    public void Dispose()
    {
        _console.Dispose();
    }

    [Fact]
    public void Bench_wide_rejects_bad_options()
    {
        Assert.Equal(2, BenchProgram.Main(["wide", "--epochs", "0"]));
        Assert.Contains("--epochs takes a positive whole number, got '0'", _console.Text);
        Assert.Equal(2, BenchProgram.Main(["nonsense"]));
        Assert.Contains("nonsense", _console.Text);
    }

    [Theory]
    [InlineData("gemm", "--repetitions", "x")]
    [InlineData("gemm", "--repetitions", "0")]
    [InlineData("gemm", "--min-ms", "-5")]
    [InlineData("gemm", "--shapes", "256,abc")]
    [InlineData("gemm", "--providers", "tpu")]
    [InlineData("train", "--repetitions", "x")]
    [InlineData("train", "--repetitions", "0")]
    [InlineData("train", "--epochs", "3")]
    [InlineData("train", "--workloads", "training")]
    public void Bench_gemm_and_train_reject_bad_options_with_exit_code_2_and_a_message(string bench, string option, string value)
    {
        Assert.Equal(2, BenchProgram.Main([bench, option, value]));
        var text = _console.Text;
        Assert.Contains("functional-bench:", text);
        Assert.Contains(value, text);
        Assert.DoesNotContain("   at ", text); // no stack trace
    }

    [Fact]
    public void Bench_gemm_measures_the_requested_shapes_on_each_provider()
    {
        Assert.Equal(0, BenchProgram.Main(["gemm", "--repetitions", "1", "--min-ms", "1", "--shapes", "16,33", "--providers", "managed,openblas"]));
        var rows = _console.Text.Split('\n').Where(line => line.StartsWith("| 16×16×16") || line.StartsWith("| 33×33×33")).ToArray();
        Assert.Equal(4, rows.Length); // two shapes, float32 and float64
        Assert.All(rows, row => Assert.Matches(@"\| [0-9.]+ \[[0-9.]+–[0-9.]+\] \|", row));
    }

    [Fact]
    public void Bench_gemm_without_shapes_measures_the_networks_shapes()
    {
        // A list option left out must mean "all", not an empty list (System.CommandLine's custom parsers give an empty array).
        if (!Functional.Core.LinearAlgebra.LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires it (FUNCTIONAL_REQUIRE_OPENBLAS)
        Assert.Equal(0, BenchProgram.Main(["gemm", "--repetitions", "1", "--min-ms", "1", "--providers", "openblas"]));
        var rows = _console.Text.Split('\n').Where(line => line.StartsWith("| 32×784×128") || line.StartsWith("| 784×32×128")
            || line.StartsWith("| 1024×1024×1024")).ToArray();
        Assert.Equal(6, rows.Length);
    }

    [Fact]
    public void Bench_train_times_only_the_requested_workloads()
    {
        Assert.Equal(0, BenchProgram.Main(["train", "--repetitions", "1", "--synthetic", "--workloads", "sweep,overfitting"]));
        var rows = _console.Text.Split('\n').Where(line => line.StartsWith("| ") && !line.StartsWith("| workload")).Select(line => line.Split('|')[1].Trim())
            .ToArray();
        Assert.Equal(["1→1 sweep, 8 rates × 5 seeds × 100 epochs", "overfitting run, 500 epochs"], rows);
    }

    [Fact]
    public void Bench_train_times_every_workload_on_synthetic_data()
    {
        Assert.Equal(0, BenchProgram.Main(["train", "--repetitions", "1", "--synthetic"]));
        var text = _console.Text;
        foreach (var workload in new[] { "MNIST MLP epoch, batch 32", "MNIST MLP epoch, batch 128", "MNIST MLP inference", "1→1 sweep", "overfitting run" })
        {
            var row = Assert.Single(text.Split('\n'), line => line.StartsWith($"| {workload}"));
            Assert.Matches(@"\| [0-9.]+ \[[0-9.]+–[0-9.]+\] \|", row);
        }
        Assert.Contains("synthetic", text);
    }

    [Fact]
    public void Bench_wide_trains_a_small_version_and_reports_accuracy()
    {
        if (Data.MnistOrSkip.Load() is null) return; // no data here; CI requires it
        Assert.Equal(0, BenchProgram.Main(["wide", "--hidden", "32", "--batch", "256", "--epochs", "1"]));
        var text = _console.Text;
        var accuracy = System.Text.RegularExpressions.Regex.Match(text, @"test accuracy ([0-9.]+) %");
        Assert.True(accuracy.Success, text);
        Assert.InRange(double.Parse(accuracy.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 85, 100);
    }
}

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
