using Functional.Models;

namespace Functional.Reports.Lab;

/// <summary>What the report's command line gives every lab part: how many seeds, full or quick sizes, where MNIST is.</summary>
public sealed record LabOptions
{
    /// <summary>Seeds per regression experiment (the lab: "run it a couple of times"; default 5): seeds 0 … n−1.</summary>
    public int Seeds
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentException($"LabOptions: seeds must be at least 1, got {value}.", nameof(Seeds));
    } = 5;

    /// <summary>Small sizes for CI: fewer grid points, a MNIST subset, a smaller search.</summary>
    public bool Quick { get; init; }

    /// <summary>Where the MNIST files are (null: the usual places).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Receives the per-epoch lines of long trainings (MNIST).</summary>
    public IProgress<EpochProgress>? EpochProgress { get; init; }

    /// <summary>The seeds 0 … <see cref="Seeds"/> − 1.</summary>
    public IReadOnlyList<ulong> SeedList => SeedRuns.Seeds(Seeds);
}
