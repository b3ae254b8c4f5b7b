using Functional.Reports.Lab.Parts.ConvNet;
using Functional.Reports.Lab.Parts.FightingOverfitting;
using Functional.Reports.Lab.Parts.HiddenLayer;
using Functional.Reports.Lab.Parts.InsideTheNetwork;
using Functional.Reports.Lab.Parts.LearningRateSweep;
using Functional.Reports.Lab.Parts.LinearRegression;
using Functional.Reports.Lab.Parts.LogLinear;
using Functional.Reports.Lab.Parts.MnistMlp;
using Functional.Reports.Lab.Parts.Overfitting;
using Functional.Reports.Lab.Parts.Sine;

namespace Functional.Reports.Lab;

/// <summary>
/// The registry of the report's parts, in report order: the runner, <c>--only</c> and the command line's help all read
/// it, and so do the shards of a cluster run (each part is one unit of work). A new part is a folder under <c>Lab/Parts/</c>
/// and one line here; its cost is about its run time in seconds in the committed full report.
/// </summary>
public static class LabParts
{
    /// <summary>Every part, in report order.</summary>
    public static IReadOnlyList<LabPart> All { get; } =
    [
        LabPart.Of("linear", "part 1: a linear model fitted with Adam at learning rate 100",
            LinearRegressionSettings.For, LinearRegressionExperiment.Run, LinearRegressionSection.Build, cost: 0.2),
        LabPart.Of("sweep", "part 2: the same model at 8 learning rates from 1e-5 to 1e2",
            LearningRateSweepSettings.For, LearningRateSweepExperiment.Run, LearningRateSweepSection.Build, cost: 0.1),
        LabPart.Of("log", "part 3, first cell: ln(x+1) with the linear model",
            LogLinearSettings.For, LogLinearExperiment.Run, LogLinearSection.Build, cost: 0.1),
        LabPart.Of("hidden", "part 3, second cell: ln(x+1) with Dense(3, tanh), then over learning rates and batch sizes",
            HiddenLayerSettings.For, HiddenLayerExperiment.Run, HiddenLayerSection.Build, cost: 0.6),
        LabPart.Of("overfitting", "part 4: 10 training points, 100 validation points, early stopping",
            OverfittingSettings.For, OverfittingExperiment.Run, OverfittingSection.Build, cost: 0.1),
        LabPart.Of("fighting", "next chapter, after part 4: early stopping, L2, dropout, and L2 with dropout on part 4's network and data",
            FightingOverfittingSettings.For, FightingOverfittingExperiment.Run, FightingOverfittingSection.Build, cost: 1),
        LabPart.Of("mnist", "part 5: the MNIST MLP, its confusion matrix and misclassified digits, the notebook's mistakes",
            MnistSettings.For, MnistExperiment.Run, MnistSection.Build, cost: 6),
        LabPart.Of("inside", "next chapter: inside part 3's tanh units and part 5's classifier (first-layer weights, least sure digits)",
            InsideTheNetworkSettings.For, InsideTheNetworkExperiment.Run, InsideTheNetworkSection.Build, cost: 7),
        LabPart.Of("sine", "extra credit: sin(x) with an MLP found by random search",
            SineSettings.For, SineExperiment.Run, SineSection.Build, cost: 0.8),
        LabPart.Of("cnn", "beyond the lab: Keras' MNIST convnet, trained until 99 % test accuracy, against the MLP",
            ConvNetSettings.For, ConvNetExperiment.Run, ConvNetSection.Build, cost: 150),
    ];

    /// <summary>The ids of <see cref="All"/>, in order.</summary>
    public static IReadOnlyList<string> Ids => All.Select(p => p.Id).ToArray();

    /// <summary>The parts named by <paramref name="ids"/>, in report order.</summary>
    /// <exception cref="ArgumentException">No id is given, or one is unknown; the message lists the known ones.</exception>
    public static IReadOnlyList<LabPart> Select(IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) throw new ArgumentException($"LabParts: no part selected; the parts are {string.Join(", ", Ids)}.", nameof(ids));
        var unknown = ids.Except(Ids).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"LabParts: unknown part(s) {string.Join(", ", unknown)}; the parts are {string.Join(", ", Ids)}.", nameof(ids));
        return All.Where(p => ids.Contains(p.Id)).ToArray();
    }
}
