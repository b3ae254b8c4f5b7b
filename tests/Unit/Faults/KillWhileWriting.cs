using System.Diagnostics;
using System.Text.Json;
using Functional.Core.IO;
using Functional.FaultInjection;
using Functional.Models;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Faults;

/// <summary>
/// Fault injection: a process that writes the report, a model file or the MNIST cache over and over
/// (tests/FaultInjection) is killed with SIGKILL at random moments, at least 20 times each. After every kill the target
/// holds an old generation or a new one, whole (never a mix, never a half-written file); the only leftovers are the
/// killed process's hidden temporaries, and the next write deletes them.
/// </summary>
public abstract class KillWhileWriting(ITestOutputHelper output)
{
    protected const int Kills = 20;

    /// <summary>Starts the writer on <paramref name="target"/>, waits for its first complete write, lets it run a random
    /// moment, kills it, and returns how many of its temporaries it left.</summary>
    protected int KillOnce(string mode, string target, Random random, int maxDelayMs = 40)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Functional.FaultInjection.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, mode, target])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(60)) || ready.Result != "ready")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the writer never got ready: {process.StandardError.ReadToEnd()}");
        }
        Thread.Sleep(random.Next(0, maxDelayMs));
        process.Kill(); // SIGKILL: no finally, no cleanup
        process.WaitForExit();
        return Temporaries.Stale(target).Count;
    }

    protected void Say(string line) => output.WriteLine(line);

    protected void Note(string what, int interrupted) =>
        output.WriteLine($"{what}: {Kills} kills, {interrupted} of them left a temporary (a write was cut off); the next write removed them.");
}

public sealed class KillWhilePublishingTheReport(ITestOutputHelper output) : KillWhileWriting(output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("functional-kill-report-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_report_is_always_one_whole_generation_and_the_next_publish_leaves_no_temporary()
    {
        var target = Path.Combine(_root, "report");
        var random = new Random(20261201);
        int interrupted = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            interrupted += KillOnce("report", target, random) > 0 ? 1 : 0;
            WholeGeneration(target);
            Assert.All(Directory.GetFileSystemEntries(_root),
                e => Assert.True(e == target || Path.GetFileName(e).StartsWith(".report.", StringComparison.Ordinal), $"{e} is no temporary of the report"));
        }
        Functional.Reports.Publishing.ReportWriter.Publish(Generations.Report(7), target);
        Assert.Equal(7, WholeGeneration(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_root));
        Assert.True(interrupted > 0, "no kill landed during a write: the test tested nothing");
        Note("report", interrupted);
    }

    /// <summary>The generation the report at <paramref name="dir"/> is, checked to be one generation in every file.</summary>
    private static long WholeGeneration(string dir)
    {
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        var match = System.Text.RegularExpressions.Regex.Match(html, "<title>Generation (\\d+)</title>");
        Assert.True(match.Success, "index.html names no generation");
        long generation = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        Assert.Equal($"Generation {generation}", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(Generations.Png(generation), File.ReadAllBytes(Path.Combine(dir, "images", "figure.png")));
        var tables = Directory.GetFiles(Path.Combine(dir, "tables"));
        Assert.Equal(12, tables.Length);
        foreach (var table in tables)
            Assert.All(File.ReadAllLines(table).Skip(1), line => Assert.Equal(generation.ToString(System.Globalization.CultureInfo.InvariantCulture), line));
        Assert.Equal(["images", "index.html", "report.json", "tables"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order());
        return generation;
    }
}

public sealed class KillWhileSavingAModel(ITestOutputHelper output) : KillWhileWriting(output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("functional-kill-model-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_model_file_always_loads_as_one_generation_and_the_next_save_leaves_no_temporary()
    {
        var target = Path.Combine(_root, "model.fnnm");
        var random = new Random(20261202);
        int interrupted = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            interrupted += KillOnce("model", target, random) > 0 ? 1 : 0;
            var bias = ModelFile.Load<float>(target).Layers[^1].Parameters[1][0, 0];
            Assert.True(bias >= 1 && float.IsInteger(bias), $"bias {bias} is no generation");
            Assert.Equal(Generations.Model((long)bias), ModelFile.Load<float>(target));
        }
        ModelFile.Save(Generations.Model(3), target);
        Assert.Equal(Generations.Model(3), ModelFile.Load<float>(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(_root));
        Assert.True(interrupted > 0, "no kill landed during a save: the test tested nothing");
        Note("model file", interrupted);
    }
}

public sealed class KillWhileFillingTheMnistCache(ITestOutputHelper output) : KillWhileWriting(output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("functional-kill-mnist-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_cache_is_whole_or_absent_and_the_next_fill_leaves_no_temporary()
    {
        var random = new Random(20261203);
        int interrupted = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            var dir = Path.Combine(_root, $"run-{kill}");
            Directory.CreateDirectory(dir);
            KillOnce("mnist", dir, random);
            var leftovers = Directory.GetFileSystemEntries(dir).Where(e => Path.GetFileName(e).StartsWith('.')).ToArray();
            interrupted += leftovers.Length > 0 ? 1 : 0;
            foreach (var cache in Directory.GetDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')))
            {
                long generation = long.Parse(Path.GetFileName(cache)["cache-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var data = Functional.Core.Data.Mnist.Load(cache); // whole: all four files, valid
                Assert.Equal([(int)(generation % 10), (int)(generation % 10)], data.Train.Labels);
            }
            // The next fill of a cache whose fill was cut off deletes the temporary it left.
            foreach (var leftover in leftovers)
            {
                var name = Path.GetFileName(leftover)[1..];
                var cache = Path.Combine(dir, name[..name.IndexOf('.')]);
                Assert.False(Directory.Exists(cache), $"{cache} exists and a temporary of it too");
                Generations.FillCache(cache, 1);
            }
            Assert.All(Directory.GetFileSystemEntries(dir), e => Assert.False(Path.GetFileName(e).StartsWith('.'), $"{e} is left behind"));
        }
        Assert.True(interrupted > 0, "no kill landed during a fill: the test tested nothing");
        Note("MNIST cache", interrupted);
    }
}

public sealed class KillWhileTraining(ITestOutputHelper output) : KillWhileWriting(output), IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("functional-kill-fit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_fit_killed_again_and_again_resumes_from_its_backup_and_finishes_bit_identical_log_included()
    {
        var reference = Path.Combine(_root, "reference");
        var killed = Path.Combine(_root, "killed");
        Directory.CreateDirectory(reference);
        Directory.CreateDirectory(killed);
        var expected = Fitting.Fit(reference);

        var random = new Random(20261204);
        int resumedFromBackup = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            if (Directory.Exists(Path.Combine(killed, "backup"))) resumedFromBackup++;
            KillOnce("fit", killed, random, maxDelayMs: 100); // an epoch takes about 5 ms: kills land anywhere in one
        }
        var resumed = Fitting.Fit(killed); // the last start runs to the end
        Assert.True(resumedFromBackup == Kills - 1, $"only {resumedFromBackup} of {Kills - 1} restarts found a backup: a run finished or never backed up");

        Assert.Equal(expected.Model, resumed.Model);
        Assert.Equal(expected.History, resumed.History);
        // The CSV log is whole: the header once, each epoch once, in order, byte for byte the reference's.
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "log.csv")), File.ReadAllText(Path.Combine(killed, "log.csv")));
        Assert.False(Directory.Exists(Path.Combine(killed, "backup")), "the backup outlived the finished run");
        Say($"training: {Kills} kills, {resumedFromBackup} starts resumed from a backup; the last start finished the run.");
    }
}
