using System.CommandLine;
using Functional.Reports.Lab.Shards;
using Functional.Reports.Publishing;

namespace Functional.Reports;

/// <summary>
/// <c>report merge DIR --out OUT</c>: the report built from the shard files in DIR (<c>report --shard I/N --shard-dir DIR</c>),
/// published as one process would have. Exits 1, naming the files or units, when the shards do not make one whole report;
/// any previous report at OUT is then left as it was.
/// </summary>
internal static class MergeCommand
{
    /// <summary>The <c>merge</c> command.</summary>
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "the folder of shard-I-of-N.json files" };
        var output = new Option<string>("--out")
        {
            Description = "output folder (default docs/report)", DefaultValueFactory = _ => Path.Combine("docs", "report"),
        };
        var command = new Command("merge", "builds the report from the shards' files and publishes it") { directory, output };
        command.SetAction(parsed => Run(parsed.GetValue(directory)!, parsed.GetValue(output)!));
        return command;
    }

    private static int Run(string directory, string output)
    {
        try
        {
            var report = ShardMerge.Merge(directory);
            ReportWriter.Publish(report, output);
            var page = Path.GetFullPath(Path.Combine(output, "index.html"));
            Console.WriteLine($"Merged {report.Sections.Count} sections from {directory}; report written to {page}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException or NotSupportedException)
        {
            Console.Error.WriteLine($"functional report merge: failed: {e.Message}");
            Console.Error.WriteLine("No report was written; any previous report is unchanged.");
            return 1;
        }
    }
}
