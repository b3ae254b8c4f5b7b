using System.Runtime.InteropServices;
using Functional.Core.LinearAlgebra;

namespace Functional.Reports.Lab.Shards;

/// <summary>Runs one shard: the parts <see cref="ShardPlan"/> gives it, into its shard file.</summary>
public static class ShardRun
{
    /// <summary>
    /// Runs shard <paramref name="shard"/> of the report of <paramref name="parts"/> with <paramref name="options"/>, and writes
    /// <c>shard-I-of-N.json</c> into <paramref name="directory"/>.
    /// </summary>
    /// <returns>The file written.</returns>
    public static string Run(IReadOnlyList<LabPart> parts, LabOptions options, ShardSpec shard, string directory, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shard);
        var mine = ShardPlan.Assign(parts, shard.Count)[shard.Index];
        progress?.Report($"shard {shard}: {(mine.Count == 0 ? "no parts (more shards than parts)" : string.Join(", ", mine.Select(p => p.Id)))}");
        var started = DateTimeOffset.UtcNow;
        var sections = LabReport.RunSections(mine, options, progress);
        var file = new ShardFile(Settings(parts, options), LabReport.LibraryVersion(), ShardFile.CurrentCommit(), shard, started,
            LabReport.MachineDescription(), LinearAlgebraProviders.ActiveName, RuntimeInformation.FrameworkDescription, mine.Select(p => p.Id).ToArray(),
            sections);
        return file.Write(directory);
    }

    /// <summary>What every shard of this report must share.</summary>
    public static ShardSettings Settings(IReadOnlyList<LabPart> parts, LabOptions options) =>
        new(parts.Select(p => p.Id).ToArray(), options.Seeds, options.Quick);
}
