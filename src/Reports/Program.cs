using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Functional.Core;
using Functional.Reports.Lab;
using Functional.Reports.Lab.Shards;
using Functional.Reports.Publishing;

namespace Functional.Reports;

/// <summary>
/// The command line: <c>report</c> (the default) runs the lab's parts into the static report; <c>export</c> writes a saved
/// model as ONNX. Bad usage exits 2 with a message naming the option; a failed run exits 1 and leaves any previous report
/// (or ONNX file) as it was.
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns the process exit code (0 success, 1 failure, 2 bad usage).</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = Root().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) Console.Error.WriteLine($"functional: {e.Message}");
            Console.Error.WriteLine("Run 'functional --help' for the commands and their options.");
            return 2;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = Console.Out, Error = Console.Error });
    }

    /// <summary>The command line: the report's options at the root, and the <c>report</c> (with <c>merge</c>) and <c>export</c> commands.</summary>
    internal static RootCommand Root()
    {
        var root = new RootCommand("Functional: the intro-to-neural-networks lab as a static report. Without a command, runs 'report'.");
        ReportCommand.AddTo(root);
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        return root;
    }
}

/// <summary><c>report</c>: runs the selected parts of <see cref="LabParts.All"/> and publishes the report.</summary>
internal static class ReportCommand
{
    private sealed record Options(Option<string> Out, Option<string[]> Only, Option<int> Seeds, Option<bool> Quick, Option<string> Data,
        Option<ShardSpec> Shard, Option<string> ShardDir);

    /// <summary>The <c>report</c> command.</summary>
    public static Command Create()
    {
        var command = new Command("report", "runs the lab's experiments and publishes the static report (the default command)");
        AddTo(command);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> the report's options and action.</summary>
    public static void AddTo(Command command)
    {
        var options = new Options(
            new Option<string>("--out") { Description = "output folder (default docs/report)", DefaultValueFactory = _ => Path.Combine("docs", "report") },
            new Option<string[]>("--only")
            {
                Description = $"parts to run, comma-separated (default: all): {string.Join(", ", LabParts.Ids)}",
                CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',',
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            },
            new Option<int>("--seeds")
            {
                Description = "seeds per regression experiment (default 5)",
                DefaultValueFactory = _ => 5,
                CustomParser = result => int.TryParse(result.Tokens.Single().Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : Fail(result, $"--seeds takes a positive whole number, got '{result.Tokens.Single().Value}'."),
            },
            new Option<bool>("--quick") { Description = "small sizes (CI): a MNIST subset, fewer grid points, a smaller search" },
            new Option<string>("--data") { Description = "folder holding the four MNIST files (default: FUNCTIONAL_DATA_DIR, the user cache, or fetch)" },
            new Option<ShardSpec>("--shard")
            {
                Description = "run only shard I of N (I/N; env: SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT; env/N: JOB_COMPLETION_INDEX or " +
                    "SLURM_ARRAY_TASK_ID of N) into --shard-dir; 'merge' builds the report from the shards",
                CustomParser = result =>
                {
                    try
                    {
                        return ShardSpec.Parse(result.Tokens.Single().Value, Environment.GetEnvironmentVariable);
                    }
                    catch (FormatException e)
                    {
                        result.AddError(e.Message);
                        return null;
                    }
                },
            },
            new Option<string>("--shard-dir") { Description = "folder the shard's file shard-I-of-N.json goes to (with --shard)" });
        command.Validators.Add(result =>
        {
            bool shard = result.GetResult(options.Shard) is { Implicit: false }, dir = result.GetResult(options.ShardDir) is { Implicit: false };
            if (shard != dir) result.AddError(shard ? "--shard needs --shard-dir (the folder its file goes to)." : "--shard-dir is for --shard I/N.");
            if (shard && result.GetResult(options.Out) is { Implicit: false })
                result.AddError("--out is for the whole report; a shard writes into --shard-dir, and 'merge DIR --out OUT' publishes.");
        });
        options.Only.Validators.Add(result =>
        {
            var ids = result.GetValueOrDefault<string[]>() ?? [];
            if (result.Tokens.Count > 0 && ids.Length == 0)
                result.AddError($"--only: no part named; the parts are {string.Join(", ", LabParts.Ids)}.");
            else if (ids.Except(LabParts.Ids).ToArray() is { Length: > 0 } unknown)
                result.AddError($"--only: unknown part(s) {string.Join(", ", unknown)}; the parts are {string.Join(", ", LabParts.Ids)}.");
        });
        options.Data.Validators.Add(result =>
        {
            // A folder named for the data is authoritative: a missing one is bad usage, not a reason to use the cache.
            if (result.GetValueOrDefault<string>() is { } data && !Directory.Exists(data))
                result.AddError($"--data: no folder '{data}' (it should hold the four MNIST files; leave --data out to use the user cache).");
        });
        options.Out.Validators.Add(result =>
        {
            // Checked before the lab runs, so that an unwritable place fails now, not after the experiments.
            if (result.GetValueOrDefault<string>() is not { } output) return;
            try
            {
                Core.IO.AtomicDirectory.RequireWritable(output);
            }
            catch (IOException e)
            {
                result.AddError($"--out: {e.Message}");
            }
        });
        command.Options.Add(options.Out);
        command.Options.Add(options.Only);
        command.Options.Add(options.Seeds);
        command.Options.Add(options.Quick);
        command.Options.Add(options.Data);
        command.Options.Add(options.Shard);
        command.Options.Add(options.ShardDir);
        command.Subcommands.Add(MergeCommand.Create());
        command.SetAction(parsed => Run(parsed, options));
    }

    private static int Fail(ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }

    private static int Run(ParseResult parsed, Options o)
    {
        var output = parsed.GetValue(o.Out)!;
        var only = parsed.GetValue(o.Only);
        var parts = only is null or { Length: 0 } ? LabParts.All : LabParts.Select(only); // an empty --only is refused by its validator
        var options = new LabOptions
        {
            Seeds = parsed.GetValue(o.Seeds), Quick = parsed.GetValue(o.Quick), DataDirectory = parsed.GetValue(o.Data),
            EpochProgress = new SynchronousProgress<Models.EpochProgress>(p => Console.WriteLine($"    {p}")),
        };
        using var diagnostics = Diagnostics.Subscribe(d => Console.Error.WriteLine($"  {d}"));
        if (parsed.GetValue(o.Shard) is { } shard) return RunShard(parts, options, shard, parsed.GetValue(o.ShardDir)!);
        try
        {
            var started = DateTime.UtcNow;
            var report = LabReport.Run(parts, options, new SynchronousProgress<string>(Console.WriteLine));
            ReportWriter.Publish(report, output);
            Console.WriteLine();
            foreach (var section in report.Sections)
            {
                Console.WriteLine($"{section.Title} ({Format.RunTime(section.RunTime)})");
                foreach (var answer in section.Answers)
                {
                    var flag = answer.AgreesWithLab == false ? $"  [differs from the lab, which says {answer.LabSays}]" : "";
                    Console.WriteLine($"  - {answer.Question}\n    {FirstSentence(answer.Text)}{flag}");
                }
            }
            Console.WriteLine($"\nReport written to {Path.GetFullPath(Path.Combine(output, "index.html"))} in {Format.RunTime(DateTime.UtcNow - started)}.");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException or InvalidDataException
            or NotSupportedException)
        {
            Console.Error.WriteLine($"functional report: failed: {e.Message}");
            Console.Error.WriteLine("No report was written; any previous report is unchanged.");
            return 1;
        }
    }

    private static int RunShard(IReadOnlyList<LabPart> parts, LabOptions options, ShardSpec shard, string directory)
    {
        try
        {
            var started = DateTime.UtcNow;
            var path = ShardRun.Run(parts, options, shard, directory, new SynchronousProgress<string>(Console.WriteLine));
            Console.WriteLine($"Shard {shard} written to {Path.GetFullPath(path)} in {Format.RunTime(DateTime.UtcNow - started)}.");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException or InvalidDataException
            or NotSupportedException)
        {
            Console.Error.WriteLine($"functional report --shard {shard}: failed: {e.Message}");
            Console.Error.WriteLine("No shard file was written.");
            return 1;
        }
    }

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }
}
