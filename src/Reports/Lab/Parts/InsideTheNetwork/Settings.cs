using Functional.Reports.Lab.Parts.HiddenLayer;
using Functional.Reports.Lab.Parts.MnistMlp;

namespace Functional.Reports.Lab.Parts.InsideTheNetwork;

/// <summary>"Inside the network"'s settings: part 3's tanh cell and part 5's classifier, trained exactly as those parts train them.</summary>
public sealed record InsideTheNetworkSettings
{
    /// <summary>Part 3's settings (the cell: Dense(3, tanh) → Dense(1), its rate, batch size and seed).</summary>
    public HiddenLayerSettings HiddenLayer { get; init; } = new();

    /// <summary>Part 5's settings (the classifier, trained as intended, its seed, epochs and digits).</summary>
    public MnistSettings Mnist { get; init; } = new();

    /// <summary>How many test digits the least-sure grid shows.</summary>
    public int LeastSure { get; init; } = 9;

    /// <summary>The settings the report runs with <paramref name="options"/>: those parts' own.</summary>
    public static InsideTheNetworkSettings For(LabOptions options) =>
        new() { HiddenLayer = HiddenLayerSettings.For(options), Mnist = MnistSettings.For(options) };
}
