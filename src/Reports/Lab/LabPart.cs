using System.Diagnostics;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab;

/// <summary>
/// One part of the report (a lab part or an extension section): its id (what <c>--only</c> takes), a one-line summary
/// (what the help shows), and how it runs into a section. Each lives in one folder under <c>Lab/Parts/</c> with its
/// settings, experiment and section; <see cref="LabParts.All"/> lists them in report order.
/// </summary>
public abstract class LabPart
{
    private protected LabPart(string id, string summary, double cost)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        if (!(cost > 0 && double.IsFinite(cost))) throw new ArgumentException($"LabPart '{id}': the cost must be positive, got {cost}.", nameof(cost));
        Id = id;
        Summary = summary;
        Cost = cost;
    }

    /// <summary>The part's name on the command line ("linear", "sweep", …).</summary>
    public string Id { get; }

    /// <summary>What the part runs, in one line.</summary>
    public string Summary { get; }

    /// <summary>
    /// About how long the part takes in a full run, in seconds on the project's 2-core machines: what a shard assignment
    /// balances (<see cref="Shards.ShardPlan"/>). A guess that is off only makes the shards less even, never the results different.
    /// </summary>
    public double Cost { get; }

    /// <summary>Runs the part's experiment with the settings <paramref name="options"/> call for and returns its section.</summary>
    public abstract Section Run(LabOptions options);

    /// <summary>
    /// A part from its three pieces: settings chosen from the options, a pure experiment from settings to a result, and the
    /// section that shows the result (with the experiment's measured run time).
    /// </summary>
    public static LabPart Of<TSettings, TResult>(string id, string summary,
        Func<LabOptions, TSettings> settings, Func<TSettings, TResult> experiment, Func<TResult, TimeSpan, Section> section, double cost = 1) =>
        new Composed<TSettings, TResult>(id, summary, cost, settings, experiment, section);

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Summary}";

    private sealed class Composed<TSettings, TResult>(string id, string summary, double cost,
        Func<LabOptions, TSettings> settings, Func<TSettings, TResult> experiment, Func<TResult, TimeSpan, Section> section)
        : LabPart(id, summary, cost)
    {
        public override Section Run(LabOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            var chosen = settings(options);
            var clock = Stopwatch.StartNew();
            var result = experiment(chosen);
            var elapsed = clock.Elapsed;
            return section(result, elapsed);
        }
    }
}
