using System.Text.RegularExpressions;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab.Shards;

/// <summary>
/// Builds the report from a folder of shard files: the same report one process would have made (its report.json equal
/// but for run times), or an error naming what is wrong: shards of other settings or versions, missing shards (with the
/// units they should have run), units run twice, files that are not shards.
/// </summary>
public static partial class ShardMerge
{
    [GeneratedRegex(@"^shard-(\d+)-of-(\d+)\.json$")]
    private static partial Regex ShardName();

    /// <summary>The report of the shards in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">The shards do not make one whole report; the message names the files and units.</exception>
    public static Report Merge(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"merge: no folder '{directory}'.");
        var paths = Directory.GetFiles(directory).Where(p => ShardName().IsMatch(Path.GetFileName(p))).Order(StringComparer.Ordinal).ToArray();
        if (paths.Length == 0) throw new InvalidDataException($"merge: '{directory}' holds no shard files (shard-I-of-N.json).");
        var shards = paths.Select(p => (Path: p, File: ShardFile.Read(p))).ToArray();

        var first = shards[0];
        foreach (var (path, file) in shards)
        {
            var name = Path.GetFileName(path);
            if (name != file.Shard.FileName) throw new InvalidDataException($"merge: '{path}' holds shard {file.Shard}, not what its name says.");
            if (file.Settings.Hash != first.File.Settings.Hash)
                throw new InvalidDataException($"merge: '{name}' ran other settings ({Describe(file.Settings)}) than '{Path.GetFileName(first.Path)}' " +
                    $"({Describe(first.File.Settings)}); shards of one report must share them.");
            if (file.LibraryVersion != first.File.LibraryVersion || file.Commit != first.File.Commit)
                throw new InvalidDataException($"merge: '{name}' was run by library {file.LibraryVersion} (commit {file.Commit ?? "unknown"}), " +
                    $"'{Path.GetFileName(first.Path)}' by {first.File.LibraryVersion} (commit {first.File.Commit ?? "unknown"}).");
            if (file.Shard.Count != first.File.Shard.Count)
                throw new InvalidDataException($"merge: '{name}' is one of {file.Shard.Count} shards, '{Path.GetFileName(first.Path)}' one of " +
                    $"{first.File.Shard.Count}: the folder mixes two runs.");
        }

        var settings = first.File.Settings;
        var parts = Parts(settings);
        int count = first.File.Shard.Count;
        var plan = ShardPlan.Assign(parts, count);
        var byIndex = shards.ToDictionary(s => s.File.Shard.Index, s => s.File);
        var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException("merge: " + string.Join("; ", missing.Select(i =>
                $"shard {i} of {count} is missing ({new ShardSpec(i, count).FileName}): its units {Units(plan[i])} did not run")) +
                ". Run those shards again (--shard I/N) and merge.");
        var sections = new Dictionary<string, Section>();
        foreach (var (index, file) in byIndex.OrderBy(kv => kv.Key))
        {
            var expected = plan[index].Select(p => p.Id).ToArray();
            foreach (var unit in file.Units.Where(u => sections.ContainsKey(u)))
                throw new InvalidDataException($"merge: unit '{unit}' appears twice ({new ShardSpec(index, count).FileName} and another shard).");
            if (!file.Units.SequenceEqual(expected))
                throw new InvalidDataException($"merge: {file.Shard.FileName} holds units {string.Join(", ", file.Units)}, but shard {index} of {count} " +
                    $"runs {Units(plan[index])}.");
            foreach (var (unit, section) in file.Units.Zip(file.Sections)) sections[unit] = section;
        }

        var options = new LabOptions { Seeds = settings.Seeds, Quick = settings.Quick };
        var files = byIndex.Values.ToArray();
        return LabReport.Assemble(parts, options, parts.Select(p => sections[p.Id]).ToArray(), files.Min(f => f.Started), Joined(files.Select(f => f.Machine)),
            Joined(files.Select(f => f.Provider)), Joined(files.Select(f => f.Runtime)));
    }

    private static IReadOnlyList<LabPart> Parts(ShardSettings settings)
    {
        try
        {
            return LabParts.Select(settings.Parts.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"merge: the shards' parts ({string.Join(", ", settings.Parts)}) are not this report's: {e.Message}", e);
        }
    }

    private static string Units(IReadOnlyList<LabPart> parts) => parts.Count == 0 ? "(none)" : string.Join(", ", parts.Select(p => p.Id));

    private static string Describe(ShardSettings s) => $"parts {string.Join(",", s.Parts)}, {s.Seeds} seeds{(s.Quick ? ", quick" : "")}";

    /// <summary>One value when all shards agree ("AMD EPYC, 2 cores, …"), else each distinct one, joined.</summary>
    private static string Joined(IEnumerable<string> values) => string.Join(" + ", values.Distinct());
}
