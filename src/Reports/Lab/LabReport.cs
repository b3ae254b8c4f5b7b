using System.Reflection;
using System.Runtime.InteropServices;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab;

/// <summary>Runs the selected parts of <see cref="LabParts.All"/> and assembles the report; each part is a pure function of its settings.</summary>
public static class LabReport
{
    /// <summary>Runs <paramref name="parts"/> (report order) with <paramref name="options"/> and returns the report, not yet written anywhere.</summary>
    /// <param name="parts">The parts to run, e.g. <c>LabParts.All</c> or <c>LabParts.Select(["linear", "sweep"])</c>.</param>
    /// <param name="options">Seeds, sizes and data.</param>
    /// <param name="progress">Receives "part started/finished" lines.</param>
    public static Report Run(IReadOnlyList<LabPart> parts, LabOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(options);
        if (parts.Count == 0) throw new ArgumentException($"LabReport: no part to run; the parts are {string.Join(", ", LabParts.Ids)}.", nameof(parts));
        var sections = RunSections(parts, options, progress);
        return Assemble(parts, options, sections, DateTimeOffset.UtcNow, MachineDescription(), LinearAlgebraProviders.ActiveName,
            RuntimeInformation.FrameworkDescription);
    }

    /// <summary>Runs each of <paramref name="parts"/> in order into its section (what a shard does with its share).</summary>
    public static IReadOnlyList<Section> RunSections(IReadOnlyList<LabPart> parts, LabOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(options);
        LinearAlgebraProviders.EnsureInitialized();
        var sections = new List<Section>();
        for (int index = 1; index <= parts.Count; index++)
        {
            var part = parts[index - 1];
            progress?.Report($"[{index}/{parts.Count}] {part.Id}: running");
            var section = part.Run(options);
            sections.Add(section);
            progress?.Report($"[{index}/{parts.Count}] {part.Id}: done in {Format.RunTime(section.RunTime)}");
        }
        return sections;
    }

    /// <summary>
    /// The report of <paramref name="parts"/> from their sections (in the parts' order), with a header for where and when they
    /// ran: what <see cref="Run"/> returns, and what a merge of shards builds.
    /// </summary>
    public static Report Assemble(IReadOnlyList<LabPart> parts, LabOptions options, IReadOnlyList<Section> sections, DateTimeOffset date,
        string machine, string provider, string runtime)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count != parts.Count)
            throw new ArgumentException($"LabReport.Assemble: {sections.Count} sections for {parts.Count} parts.", nameof(sections));
        var header = new ReportHeader(date, machine, provider, LibraryVersion(), runtime,
            [
                new("mode", options.Quick ? "quick (small sizes)" : "full"),
                new("seeds per regression experiment", string.Join(", ", options.SeedList)),
                new("data", "numpy's legacy generator as the notebook runs top to bottom (np.random.seed(0) where a cell seeds, the stream " +
                    "continued where it does not); MNIST: the real files"),
                new("ln and sin", "the C library's log and sin (.NET's Math.Log, Math.Sin): within one unit in the last place of numpy's, whose " +
                    "vectorized versions on CPUs with AVX-512 differ in the last bit for about a quarter of the points"),
                new("experiments", string.Join(", ", parts.Select(p => p.Id))),
            ]);
        return new Report("Intro to neural networks — the lab, in Functional", header, sections) { Faithfulness = Faithfulness(sections) };
    }

    /// <summary>"How faithful is this report?": every section's rows, one per notebook cell, in page order.</summary>
    private static Table? Faithfulness(IReadOnlyList<Section> sections)
    {
        var rows = sections.SelectMany(s => s.Fidelity.Select(f => (Section: s, Row: f))).ToArray();
        if (rows.Length == 0) return null;
        return new Table("faithfulness",
            "Each notebook cell, what the report ran for it, and whether its data (numpy's, bit for bit), model and settings are the cell's; " +
            "where one is not, why.",
            Tables.Frame(
                Tables.Column("cell", rows.Select(r => r.Row.Cell).ToArray()),
                Tables.Column("report_ran", rows.Select(r => $"{r.Row.RanAs} ({r.Section.Title})").ToArray()),
                Tables.Column("same_data", rows.Select(r => r.Row.SameData).ToArray()),
                Tables.Column("same_model", rows.Select(r => r.Row.SameModel).ToArray()),
                Tables.Column("same_settings", rows.Select(r => r.Row.SameSettings).ToArray()),
                Tables.Column("why", rows.Select(r => r.Row.Why).ToArray())));
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
