using System.Text.Json;
using System.Text.Json.Nodes;
using Functional.Reports.Lab;
using Functional.Reports.Lab.Shards;
using Functional.Reports.Publishing;

namespace Functional.Tests.Unit.Lab;

/// <summary>
/// The report as shards: a deterministic, balanced assignment; shard files that carry each section exactly; a merge that
/// gives the single-process report bit for bit (but run times), and refuses, naming them, shards that do not make one.
/// </summary>
public sealed class ShardTests(QuickLabReport lab) : IClassFixture<QuickLabReport>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-shards-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LabOptions Quick = new() { Quick = true };

    /// <summary>The parts the quick report ran (all, or all but the MNIST ones when MNIST is not available).</summary>
    private IReadOnlyList<LabPart> Parts => LabParts.Select(lab.Report.Header.Settings.Single(s => s.Key == "experiments").Value.Split(", "));

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData("env", 1, 3)]
    [InlineData("env/4", 3, 4)]
    public void A_shard_comes_from_the_command_line_or_the_schedulers_environment(string text, int index, int count)
    {
        var environment = new Dictionary<string, string>
        {
            ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "3", ["JOB_COMPLETION_INDEX"] = "3",
        };
        Assert.Equal(new ShardSpec(index, count), ShardSpec.Parse(text, v => environment.GetValueOrDefault(v)));
        // Slurm alone: env/N takes SLURM_ARRAY_TASK_ID when Kubernetes' variable is absent.
        Assert.Equal(new ShardSpec(1, 5), ShardSpec.Parse("env/5", v => v == "SLURM_ARRAY_TASK_ID" ? "1" : null));
    }

    [Theory]
    [InlineData("3/3", "shard 3 of 3 does not exist")]
    [InlineData("-1/3", "not a whole number")]
    [InlineData("1/0", "not a whole number of at least 1")]
    [InlineData("1", "takes I/N")]
    [InlineData("a/b/c", "takes I/N")]
    [InlineData("env", "SLURM_ARRAY_TASK_ID is not set")]
    [InlineData("env/3", "neither JOB_COMPLETION_INDEX (Kubernetes) nor SLURM_ARRAY_TASK_ID (Slurm) is set")]
    public void A_bad_shard_is_refused_naming_what_was_read(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => ShardSpec.Parse(text, _ => null));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_assignment_is_deterministic_complete_and_balanced_by_cost()
    {
        foreach (int count in new[] { 1, 2, 3, 4, 7, 10, 13 })
        {
            var plan = ShardPlan.Assign(LabParts.All, count);
            Assert.Equal(count, plan.Count);
            Assert.Equal(LabParts.Ids.Order(), plan.SelectMany(s => s.Select(p => p.Id)).Order());     // every part exactly once
            Assert.Equal(plan.Select(s => s.Select(p => p.Id)), ShardPlan.Assign(LabParts.All, count).Select(s => s.Select(p => p.Id)));
            foreach (var shard in plan) Assert.Equal(shard.OrderBy(p => LabParts.Ids.ToList().IndexOf(p.Id)), shard); // report order
            // Longest-first greedy: no shard exceeds the largest part or the even share by more than one part's cost.
            double max = plan.Max(s => s.Sum(p => p.Cost)), even = LabParts.All.Sum(p => p.Cost) / count, largest = LabParts.All.Max(p => p.Cost);
            Assert.True(max <= Math.Max(largest, even + largest), $"{count} shards: the heaviest holds {max}");
        }
        var three = ShardPlan.Assign(LabParts.All, 3);
        Assert.Equal(["cnn"], three[0].Select(p => p.Id));  // the convnet alone, the rest shared by the other two
        Assert.Empty(ShardPlan.Assign(LabParts.Select(["linear"]), 2)[1]);
    }

    [Fact]
    public void A_section_round_trips_through_its_shard_form_exactly()
    {
        foreach (var section in lab.Report.Sections)
        {
            var back = SectionCodec.FromJson(SectionCodec.ToJson(section));
            var one = new Report("r", lab.Report.Header, [section]);
            var other = new Report("r", lab.Report.Header, [back]);
            Assert.Equal(ReportJson.Serialize(one), ReportJson.Serialize(other));
            Assert.Equal(ReportHtml.Page(one), ReportHtml.Page(other));
            Assert.Equal(section.AllFigures.Select(f => f.Png), back.AllFigures.Select(f => f.Png));
            Assert.Equal(section.Fidelity, back.Fidelity);
            Assert.Equal(section.RunTime, back.RunTime);
            Assert.Equal(section.Models.Select(m => (m.Name, m.Model, m.Inputs)), back.Models.Select(m => (m.Name, m.Model, m.Inputs)));
        }
    }

    [Fact]
    public void Three_shards_merged_give_the_single_process_report_but_for_run_times()
    {
        for (int i = 0; i < 3; i++) ShardRun.Run(Parts, Quick, new ShardSpec(i, 3), _dir);
        var merged = Path.Combine(_dir, "merged");
        ReportWriter.Publish(ShardMerge.Merge(_dir), merged);
        AssertSameReport(lab.Output, merged);
    }

    [Fact]
    public void A_missing_shard_is_named_with_its_units_and_running_it_again_gives_the_same_report()
    {
        var parts = LabParts.Select(["linear", "sweep", "log", "hidden", "overfitting"]);
        for (int i = 0; i < 3; i++) ShardRun.Run(parts, Quick, new ShardSpec(i, 3), _dir);
        ReportWriter.Publish(ShardMerge.Merge(_dir), Path.Combine(_dir, "first"));
        var missing = ShardPlan.Assign(parts, 3)[1];
        File.Delete(Path.Combine(_dir, "shard-1-of-3.json"));
        var e = Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir));
        Assert.Contains($"shard 1 of 3 is missing (shard-1-of-3.json): its units {string.Join(", ", missing.Select(p => p.Id))} did not run", e.Message);
        // A shard killed mid-write leaves only its temporary file, which merge does not take for a shard.
        File.WriteAllText(Path.Combine(_dir, ".shard-1-of-3.json.tmp-1234"), "{\"format\":");
        Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir));
        ShardRun.Run(parts, Quick, new ShardSpec(1, 3), _dir);
        ReportWriter.Publish(ShardMerge.Merge(_dir), Path.Combine(_dir, "second"));
        AssertSameReport(Path.Combine(_dir, "first"), Path.Combine(_dir, "second"));
    }

    [Fact]
    public void Shards_of_other_settings_versions_or_counts_and_broken_files_are_refused_naming_them()
    {
        var parts = LabParts.Select(["linear", "log"]);
        ShardRun.Run(parts, Quick, new ShardSpec(0, 2), _dir);
        ShardRun.Run(parts, Quick with { Seeds = 2 }, new ShardSpec(1, 2), _dir);
        var settings = Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir));
        Assert.Contains("'shard-1-of-2.json' ran other settings (parts linear,log, 2 seeds, quick)", settings.Message);

        ShardRun.Run(parts, Quick, new ShardSpec(1, 2), _dir);
        var path = Path.Combine(_dir, "shard-1-of-2.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["libraryVersion"] = "9.9.9";
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("'shard-1-of-2.json' was run by library 9.9.9", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir)).Message);

        json["libraryVersion"] = LabReport.LibraryVersion();
        json["settings"]!["seeds"] = 3; // edited settings no longer match their hash
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("does not match its settings", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir)).Message);

        var bytes = File.ReadAllBytes(Path.Combine(_dir, "shard-0-of-2.json"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir));
        Assert.Contains("shard-1-of-2.json", truncated.Message);
        Assert.Contains("not a shard file, or truncated", truncated.Message);

        var holed = JsonNode.Parse(bytes)!;
        holed["units"]![0]!["section"]!.AsObject().Remove("figures"); // a field the section cannot do without
        File.WriteAllText(path, holed.ToJsonString());
        Assert.Contains("not a section as the report writes it", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir)).Message);

        File.Copy(Path.Combine(_dir, "shard-0-of-2.json"), path, overwrite: true); // shard 0's content under shard 1's name
        Assert.Contains("holds shard 0/2, not what its name says", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir)).Message);

        File.Delete(path);
        ShardRun.Run(parts, Quick, new ShardSpec(0, 3), _dir);
        Assert.Contains("the folder mixes two runs", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(_dir)).Message);

        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        Assert.Contains("holds no shard files", Assert.Throws<InvalidDataException>(() => ShardMerge.Merge(empty)).Message);
    }

    /// <summary>
    /// report.json equal but for what measures time (<see cref="WithoutTimes"/>); every image, model and table byte for byte but
    /// the tables with a column of seconds, whose other columns report.json holds.
    /// </summary>
    internal static void AssertSameReport(string expected, string actual)
    {
        Assert.Equal(WithoutTimes(Path.Combine(expected, "report.json")), WithoutTimes(Path.Combine(actual, "report.json")));
        var timed = JsonNode.Parse(File.ReadAllText(Path.Combine(expected, "report.json")))!["sections"]!.AsArray()
            .SelectMany(s => s!["tables"]!.AsArray().Concat(s["extensions"]!.AsArray().SelectMany(e => e!["tables"]!.AsArray())))
            .Where(t => t!["columns"]!.AsArray().Any(c => IsTime(c!["name"]!.GetValue<string>())))
            .Select(t => t!["csv"]!.GetValue<string>()).ToHashSet();
        string[] Files(string root) =>
            Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => f is not ("report.json" or "index.html") && !timed.Contains(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files(expected), Files(actual));
        Assert.Contains("models/linear.onnx", Files(expected));
        foreach (var file in Files(expected))
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs");
    }

    /// <summary>Names of measured times: a section's run time, seconds per epoch or of training, and speeds derived from them.</summary>
    private static bool IsTime(string name) => name is "seconds" or "runTimeSeconds" || name.EndsWith("_seconds", StringComparison.Ordinal) ||
        name.EndsWith("_per_second", StringComparison.Ordinal);

    /// <summary>
    /// The report's JSON without what measures time rather than computes a result: the header's date, each section's run
    /// time, answer numbers named for seconds (and the numbers in those answers' texts, which quote them), and table columns
    /// of seconds. Everything else must be equal.
    /// </summary>
    internal static string WithoutTimes(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["header"]!.AsObject().Remove("date");
        foreach (var section in json["sections"]!.AsArray())
        {
            section!.AsObject().Remove("runTimeSeconds");
            foreach (var answer in section["answers"]!.AsArray())
            {
                var numbers = answer!["numbers"]!.AsArray();
                var times = numbers.Where(n => IsTime(n!["name"]!.GetValue<string>())).ToArray();
                foreach (var n in times) numbers.Remove(n);
                if (times.Length > 0) answer["text"] = System.Text.RegularExpressions.Regex.Replace(answer["text"]!.GetValue<string>(), "[0-9][0-9.,]*", "#");
            }
            foreach (var table in section["tables"]!.AsArray().Concat(section["extensions"]!.AsArray().SelectMany(e => e!["tables"]!.AsArray())))
            {
                var columns = table!["columns"]!.AsArray();
                foreach (var c in columns.Where(c => IsTime(c!["name"]!.GetValue<string>())).ToArray()) columns.Remove(c);
            }
        }
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    [Fact]
    public void Shards_run_by_Slurm_merge_into_the_single_process_report()
    {
        // .ci/run runs the quick report as a 3-task Slurm job array on a local cluster, merges it with 'report merge' into
        // FUNCTIONAL_SLURM_REPORT, and sets FUNCTIONAL_REQUIRE_SLURM=1; here it must equal this process's quick report.
        var merged = Environment.GetEnvironmentVariable("FUNCTIONAL_SLURM_REPORT");
        if (string.IsNullOrEmpty(merged))
        {
            Assert.False(Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_SLURM") == "1",
                "FUNCTIONAL_REQUIRE_SLURM=1 but FUNCTIONAL_SLURM_REPORT names no merged report.");
            return;
        }
        Assert.True(File.Exists(Path.Combine(merged, "report.json")), $"{merged} holds no report.json: did the Slurm array or the merge fail?");
        AssertSameReport(lab.Output, merged);
    }
}
