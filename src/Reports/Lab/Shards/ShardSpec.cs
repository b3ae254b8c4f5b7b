using System.Globalization;

namespace Functional.Reports.Lab.Shards;

/// <summary>
/// Which shard of how many this process runs: <c>I/N</c> with 0 ≤ I &lt; N, from the command line or from the scheduler's
/// environment, so that one command line serves a Slurm job array and a Kubernetes Indexed Job:
/// <list type="bullet">
/// <item><c>env</c>: Slurm's <c>SLURM_ARRAY_TASK_ID</c> of <c>SLURM_ARRAY_TASK_COUNT</c> (an array <c>--array=0-(N-1)</c>);</item>
/// <item><c>env/N</c>: the index from <c>JOB_COMPLETION_INDEX</c> (Kubernetes) or else <c>SLURM_ARRAY_TASK_ID</c>, of N.</item>
/// </list>
/// </summary>
/// <param name="Index">This shard, from 0.</param>
/// <param name="Count">How many shards there are.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The file this shard writes into the shard folder.</summary>
    public string FileName => FormattableString.Invariant($"shard-{Index}-of-{Count}.json");

    /// <summary>"2/3".</summary>
    public override string ToString() => FormattableString.Invariant($"{Index}/{Count}");

    /// <summary>Reads <c>I/N</c>, <c>env</c> or <c>env/N</c>; <paramref name="environment"/> looks up a variable (null when unset).</summary>
    /// <exception cref="FormatException">The text or the variables are not a shard; the message names what was read.</exception>
    public static ShardSpec Parse(string text, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        var parts = text.Split('/');
        if (parts.Length > 2 || text.Length == 0)
            throw new FormatException($"--shard takes I/N (0 <= I < N), env or env/N, got '{text}'.");
        if (parts[0] == "env")
        {
            if (parts.Length == 1)
                return Checked(Variable(environment, "SLURM_ARRAY_TASK_ID"), Variable(environment, "SLURM_ARRAY_TASK_COUNT"), text);
            var index = environment("JOB_COMPLETION_INDEX") is { } k ? ("JOB_COMPLETION_INDEX", k) : Variable(environment, "SLURM_ARRAY_TASK_ID",
                "neither JOB_COMPLETION_INDEX (Kubernetes) nor SLURM_ARRAY_TASK_ID (Slurm) is set");
            return Checked(index, ("the count", parts[1]), text);
        }
        if (parts.Length != 2) throw new FormatException($"--shard takes I/N (0 <= I < N), env or env/N, got '{text}'.");
        return Checked(("the index", parts[0]), ("the count", parts[1]), text);
    }

    private static (string Name, string Value) Variable(Func<string, string?> environment, string name, string? missing = null) =>
        environment(name) is { } value ? (name, value) : throw new FormatException($"--shard: {missing ?? name + " is not set"} (not in a job array?).");

    private static ShardSpec Checked((string Name, string Value) index, (string Name, string Value) count, string text)
    {
        int Number((string Name, string Value) v, int min) =>
            int.TryParse(v.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new FormatException($"--shard '{text}': {v.Name} is '{v.Value}', not a whole number of at least {min}.");
        int i = Number(index, 0), n = Number(count, 1);
        if (i >= n) throw new FormatException($"--shard '{text}': shard {i} of {n} does not exist (shards are numbered 0 to {n - 1}).");
        return new ShardSpec(i, n);
    }
}
