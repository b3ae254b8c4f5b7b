using Functional.Core;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab;

/// <summary>The trained models the lab's sections publish, with the inputs their sections asked them about.</summary>
public static class LabModels
{
    /// <summary>A regression run's model, published with its data's x as inputs (one value per sample).</summary>
    public static PublishedModel Regression(string name, string description, SeedRun run, RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(data);
        return new PublishedModel(name, $"{description} Seed {run.Seed}; input x, one value per sample; output the prediction of y.", run.Model,
            MatrixData.Column<float>(data.X));
    }
}
