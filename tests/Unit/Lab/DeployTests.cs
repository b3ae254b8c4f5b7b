using Functional.Reports;
using YamlDotNet.RepresentationModel;

namespace Functional.Tests.Unit.Lab;

/// <summary>
/// The cluster recipes: the Kubernetes Indexed Job and its merge Job (deploy/k8s/report-job.yaml), the container recipe
/// (deploy/Dockerfile) and the Slurm batch script, checked for what can be checked without a cluster: their fields, and
/// that every command line they run is one the report's own parser accepts and the README's.
/// </summary>
[Collection("Console")]
public sealed class DeployTests
{
    private static string Repo
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functional.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("the repository root (Functional.sln) is not above the test's folder");
        }
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)]).Value!;

    private static YamlSequenceNode Sequence(YamlNode node, string key) => (YamlSequenceNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static string[] Strings(YamlSequenceNode node) => node.Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();

    /// <summary>The report's parser accepts <paramref name="args"/> (what follows "dotnet run ... --"), with the scheduler's variables set.</summary>
    private static void Parses(string[] args, params (string Name, string Value)[] environment)
    {
        foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);
        try
        {
            var errors = Program.Root().Parse(args).Errors;
            Assert.True(errors.Count == 0, $"'{string.Join(" ", args)}': {string.Join("; ", errors.Select(e => e.Message))}");
        }
        finally
        {
            foreach (var (name, _) in environment) Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void The_Kubernetes_manifest_is_an_Indexed_Job_of_shards_and_a_merge_of_the_same_shards()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Repo, "deploy", "k8s", "report-job.yaml"))));
        var documents = yaml.Documents.Select(d => d.RootNode).ToArray();
        Assert.Equal(["PersistentVolumeClaim", "Job", "Job"], documents.Select(d => Scalar(d, "kind")));
        var claim = Scalar(Map(documents[0], "metadata"), "name");

        var shards = documents[1];
        var spec = Map(shards, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        int count = int.Parse(Scalar(spec, "completions"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar(spec, "parallelism"));
        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = Sequence(pod, "containers").Children.Single();
        var command = Strings(Sequence(container, "command"));
        var args = command.SkipWhile(a => a != "--").Skip(1).ToArray();
        Assert.Equal(["dotnet", "run", "--project", "src/Reports", "-c", "Release", "--no-build", "--"], command.Take(8));
        Assert.Equal($"env/{count}", args[args.ToList().IndexOf("--shard") + 1]);
        var shardDir = args[args.ToList().IndexOf("--shard-dir") + 1];
        Assert.Equal(shardDir, Scalar(Sequence(container, "volumeMounts").Children.Single(), "mountPath"));
        Assert.Equal(claim, Scalar(Map(Sequence(pod, "volumes").Children.Single(), "persistentVolumeClaim"), "claimName"));
        Parses(args, ("JOB_COMPLETION_INDEX", "0"));

        var merge = Map(Map(Map(documents[2], "spec"), "template"), "spec");
        var mergeCommand = Strings(Sequence(Sequence(merge, "containers").Children.Single(), "command"));
        var mergeArgs = mergeCommand.SkipWhile(a => a != "--").Skip(1).ToArray();
        Assert.Equal(["report", "merge", shardDir], mergeArgs.Take(3));
        Parses(mergeArgs);
        // Its init container waits for every shard's file, by the names the shards write.
        var wait = string.Join(" ", Strings(Sequence(Sequence(merge, "initContainers").Children.Single(), "command")));
        for (int i = 0; i < count; i++) Assert.Contains($"{shardDir}/shard-{i}-of-{count}.json", wait);
        Assert.Equal(claim, Scalar(Map(Sequence(merge, "volumes").Children.Single(), "persistentVolumeClaim"), "claimName"));
    }

    [Fact]
    public void The_Dockerfile_builds_and_runs_the_READMEs_command()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Repo, "deploy", "Dockerfile")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var readme = File.ReadAllText(Path.Combine(Repo, "README.md"));
        var cmd = dockerfile.Single(l => l.StartsWith("CMD ", StringComparison.Ordinal));
        var main = string.Join(" ", System.Text.Json.JsonSerializer.Deserialize<string[]>(cmd["CMD ".Length..])!);
        Assert.Equal("dotnet run --project src/Reports -c Release", main);
        Assert.Contains($"**Main job:** `{main}`", readme);
        Assert.Contains(dockerfile, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("libopenblas0-pthread", StringComparison.Ordinal));
        Assert.Contains("apt-get install -y libopenblas0-pthread", readme);
        Assert.Contains("RUN dotnet build Functional.sln -c Release", dockerfile);
        Parses(["--only", "mnist", "--quick", "--out", "/tmp/smoke"]);
        // The README's command runs with the default provider settings (tuned); a fixed thread count would change the bits.
        Assert.DoesNotContain(dockerfile, l => l.Contains("FUNCTIONAL_BLAS_THREADS", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Slurm_batch_script_runs_one_shard_per_array_task()
    {
        var script = File.ReadAllLines(Path.Combine(Repo, "deploy", "slurm", "report-array.sbatch"));
        var exec = script.Single(l => l.StartsWith("exec dotnet run", StringComparison.Ordinal));
        Assert.Contains("-- report --shard env --shard-dir \"$shard_dir\" \"$@\"", exec);
        Parses(["report", "--shard", "env", "--shard-dir", "/tmp/shards", "--quick"], ("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3"));
        Assert.Contains(script, l => l.StartsWith("#SBATCH --job-name=", StringComparison.Ordinal));
        // Shards must round like the single-process report: its default provider settings, not a fixed thread count.
        Assert.DoesNotContain(script, l => !l.StartsWith('#') && l.Contains("FUNCTIONAL_BLAS_THREADS", StringComparison.Ordinal));
    }
}
