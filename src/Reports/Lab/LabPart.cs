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
    private protected LabPart(string id, string summary)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        Id = id;
        Summary = summary;
    }

    /// <summary>The part's name on the command line ("linear", "sweep", …).</summary>
    public string Id { get; }

    /// <summary>What the part runs, in one line.</summary>
    public string Summary { get; }

    /// <summary>Runs the part's experiment with the settings <paramref name="options"/> call for and returns its section.</summary>
    public abstract Section Run(LabOptions options);

    /// <summary>
    /// A part from its three pieces: settings chosen from the options, a pure experiment from settings to a result, and the
    /// section that shows the result (with the experiment's measured run time).
    /// </summary>
    public static LabPart Of<TSettings, TResult>(string id, string summary,
        Func<LabOptions, TSettings> settings, Func<TSettings, TResult> experiment, Func<TResult, TimeSpan, Section> section) =>
        new Composed<TSettings, TResult>(id, summary, settings, experiment, section);

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Summary}";

    private sealed class Composed<TSettings, TResult>(string id, string summary,
        Func<LabOptions, TSettings> settings, Func<TSettings, TResult> experiment, Func<TResult, TimeSpan, Section> section)
        : LabPart(id, summary)
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
