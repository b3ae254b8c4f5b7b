using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using Functional.Reports.Experiments;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab;

/// <summary>What the main job runs.</summary>
public sealed record LabReportOptions
{
    /// <summary>The experiments, in report order.</summary>
    public static IReadOnlyList<string> AllExperiments { get; } = ["linear", "sweep", "hidden", "overfitting", "mnist", "sine"];

    /// <summary>Which experiments to run (names of <see cref="AllExperiments"/>).</summary>
    public IReadOnlyList<string> Experiments { get; init; } = AllExperiments;
    /// <summary>Seeds per regression experiment (the lab: "run it a couple of times"; default 5).</summary>
    public int Seeds { get; init; } = 5;
    /// <summary>Small sizes for CI: fewer grid points, a MNIST subset, a smaller search.</summary>
    public bool Quick { get; init; }
    /// <summary>Where the MNIST files are (null: the usual places).</summary>
    public string? DataDirectory { get; init; }
    /// <summary>Receives "experiment started/finished" lines.</summary>
    public IProgress<string>? Progress { get; init; }
    /// <summary>Receives MNIST's per-epoch lines.</summary>
    public IProgress<EpochProgress>? EpochProgress { get; init; }
}

/// <summary>Runs the lab's experiments and assembles the report; each experiment is a pure function of its settings.</summary>
public static class LabReport
{
    /// <summary>Runs the selected experiments and returns the report (not yet written anywhere).</summary>
    public static Report Run(LabReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unknown = options.Experiments.Except(LabReportOptions.AllExperiments).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"LabReport: unknown experiment(s) {string.Join(", ", unknown)}; known: {string.Join(", ", LabReportOptions.AllExperiments)}.");
        if (options.Seeds < 1) throw new ArgumentException($"LabReport: seeds must be at least 1, got {options.Seeds}.");

        LinearAlgebraProviders.EnsureInitialized();
        var seeds = SeedRuns.Seeds(options.Seeds);
        var quick = options.Quick;
        var sections = new List<Section>();
        var selected = LabReportOptions.AllExperiments.Where(options.Experiments.Contains).ToArray();
        int index = 0;
        foreach (var name in selected)
        {
            index++;
            options.Progress?.Report($"[{index}/{selected.Length}] {name}: running");
            var clock = Stopwatch.StartNew();
            Func<TimeSpan, Section> build = name switch
            {
                "linear" => Timed(() => LinearRegressionExperiment.Run(new() { Seeds = seeds }), LinearRegressionSection.Build),
                "sweep" => Timed(() => LearningRateSweepExperiment.Run(new() { Seeds = seeds }), LearningRateSweepSection.Build),
                "hidden" => Timed(() => HiddenLayerExperiment.Run(quick
                    ? new() { Seeds = seeds, Rates = [1e-2, 1e-1], BatchSizes = [32, 100] }
                    : new() { Seeds = seeds }), HiddenLayerSection.Build),
                "overfitting" => Timed(() => OverfittingExperiment.Run(new() { Seeds = seeds }), OverfittingSection.Build),
                "mnist" => Timed(() => MnistExperiment.Run(quick
                    ? new() { Epochs = 2, TrainLimit = 6000, TestLimit = 2000, DataDirectory = options.DataDirectory, Progress = options.EpochProgress }
                    : new() { DataDirectory = options.DataDirectory, Progress = options.EpochProgress }), MnistSection.Build),
                "sine" => Timed(() => SineExperiment.Run(quick
                    ? new() { Seeds = seeds, Candidates = 4, Epochs = 30 }
                    : new() { Seeds = seeds }), SineSection.Build),
                _ => throw new InvalidOperationException(name),
            };
            var section = build(clock.Elapsed);
            sections.Add(section);
            options.Progress?.Report($"[{index}/{selected.Length}] {name}: done in {ReportWriter.FormatRunTime(section.RunTime)}");
        }

        var header = new ReportHeader(DateTimeOffset.UtcNow, MachineDescription(), LinearAlgebraProviders.ActiveName, LibraryVersion(),
            RuntimeInformation.FrameworkDescription,
            [
                new("mode", quick ? "quick (small sizes)" : "full"),
                new("seeds per regression experiment", string.Join(", ", seeds)),
                new("data", "numpy seed 0 (the notebook's data); MNIST: the real files"),
                new("experiments", string.Join(", ", selected)),
            ]);
        return new Report("Intro to neural networks — the lab, in Functional", header, sections);
    }

    /// <summary>Runs <paramref name="experiment"/> now and returns a builder that turns its result into a section with the measured time.</summary>
    private static Func<TimeSpan, Section> Timed<TResult>(Func<TResult> experiment, Func<TResult, TimeSpan, Section> section)
    {
        var clock = Stopwatch.StartNew();
        var result = experiment();
        var elapsed = clock.Elapsed;
        return _ => section(result, elapsed);
    }

    /// <summary>"Intel(R) Xeon(R) Processor, 2 cores, Debian GNU/Linux 12".</summary>
    public static string MachineDescription()
    {
        string cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"{cpu}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
    }

    /// <summary>The library's version.</summary>
    public static string LibraryVersion() =>
        typeof(Model<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Model<>).Assembly.GetName().Version?.ToString() ?? "unknown";
}
