using Functional.Reports.Lab.Parts.Overfitting;

namespace Functional.Reports.Lab.Parts.FightingOverfitting;

/// <summary>One way of training part 4's network: with or without an L2 penalty, dropout and early stopping.</summary>
/// <param name="Id">The name its numbers carry in report.json ("none", "l2_dropout").</param>
/// <param name="Name">What the table and the legend call it.</param>
/// <param name="L2">The L2 factor on both Dense kernels (Keras' <c>kernel_regularizer=L2(l2)</c>), or null for none.</param>
/// <param name="DropoutRate">The rate of a Dropout after the hidden layer, or null for none.</param>
/// <param name="EarlyStopping">Whether EarlyStopping(val_loss, patience, restore_best_weights=True) watches the run.</param>
public sealed record Remedy(string Id, string Name, double? L2 = null, double? DropoutRate = null, bool EarlyStopping = false);

/// <summary>"Fighting overfitting"'s settings: part 4's network, data, training and seeds, and the remedies tried on them.</summary>
public sealed record FightingOverfittingSettings
{
    /// <summary>Part 4's network, optimizer, epochs, batch size, early-stopping patience and seeds.</summary>
    public OverfittingSettings Network { get; init; } = new();

    /// <summary>
    /// The four remedies compared with none, each at a strength fixed before looking: Keras' default L2 factor (0.01) and
    /// dropout at 0.2 (the rate Keras' examples use most); early stopping with part 4's patience.
    /// </summary>
    public IReadOnlyList<Remedy> Remedies { get; init; } =
    [
        new("none", "none (part 4 as written)"),
        new("early_stopping", "early stopping", EarlyStopping: true),
        new("l2", "L2 0.01", L2: 0.01),
        new("dropout", "dropout 0.2", DropoutRate: 0.2),
        new("l2_dropout", "L2 0.01 + dropout 0.2", L2: 0.01, DropoutRate: 0.2),
    ];

    /// <summary>The strengths of the sensitivity grid: every L2 factor with every dropout rate (0 is none).</summary>
    public IReadOnlyList<double> L2Grid { get; init; } = [0, 1e-3, 1e-2, 1e-1];

    /// <summary>The dropout rates of the sensitivity grid.</summary>
    public IReadOnlyList<double> DropoutGrid { get; init; } = [0, 0.1, 0.2, 0.5];

    /// <summary>How many evenly spaced x in [0, 9.9] the distance to the true ln(x + 1) is measured at.</summary>
    public int TruthPoints { get; init; } = 991;

    /// <summary>The settings the report runs with <paramref name="options"/>: part 4's with the report's seeds.</summary>
    public static FightingOverfittingSettings For(LabOptions options) => new() { Network = OverfittingSettings.For(options) };
}
