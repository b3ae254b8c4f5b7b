using Functional.Core;
using Functional.Models;

namespace Functional.Reports.Lab;

/// <summary>What a multi-seed experiment trains: the model, the optimizer, the loss, and how (epochs, batch size, callbacks).</summary>
/// <param name="Layers">The model's layer specs, from Input on.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Training">Epochs, batch size, callbacks…; the seed and the validation data are each run's own.</param>
public sealed record TrainingRecipe(IReadOnlyList<LayerSpec> Layers, Optimizer Optimizer, Loss Loss, FitOptions<float> Training);

/// <summary>One training run of a multi-seed experiment.</summary>
/// <param name="Seed">Seeds the weights and the shuffles.</param>
/// <param name="Model">The trained model.</param>
/// <param name="History">Its history.</param>
public sealed record SeedRun(ulong Seed, Model<float> Model, History History)
{
    /// <summary>The last recorded training loss (NaN or infinite when the run diverged).</summary>
    public double FinalLoss => History.Loss.Count == 0 ? double.NaN : History.Loss[^1];

    /// <summary>The model's predictions at <paramref name="x"/>.</summary>
    public IReadOnlyList<double> Predict(IReadOnlyList<double> x) => MatrixData.ToDoubles(Model.Predict(MatrixData.Column<float>(x), batchSize: 4096));
}

/// <summary>Runs the same training over several seeds ("make sure to run it a couple of times").</summary>
public static class SeedRuns
{
    /// <summary>
    /// Trains a model of <paramref name="recipe"/> once per seed: the seed draws the initial weights and the shuffles
    /// (it replaces <see cref="FitOptions{T}.Seed"/>), the data stay the same. Runs are independent, so they run in
    /// parallel and stay deterministic.
    /// </summary>
    public static IReadOnlyList<SeedRun> Fit(TrainingRecipe recipe, RegressionData train, IReadOnlyList<ulong> seeds, RegressionData? validation = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(seeds);
        var data = train.ToDataset();
        var options = recipe.Training with { Validation = validation?.ToDataset() };
        var runs = new SeedRun[seeds.Count];
        Parallel.For(0, seeds.Count, i =>
        {
            var model = Sequential.Build<float>(recipe.Layers, seeds[i]);
            var result = Training.Fit(model, recipe.Optimizer, recipe.Loss, data.X, data.Y, options with { Seed = seeds[i] });
            runs[i] = new SeedRun(seeds[i], result.Model, result.History);
        });
        return runs;
    }

    /// <summary>The run whose final loss is the median one (the lower middle for an even count): the "typical" run to plot.</summary>
    public static SeedRun Typical(IReadOnlyList<SeedRun> runs) =>
        runs.OrderBy(r => double.IsFinite(r.FinalLoss) ? r.FinalLoss : double.PositiveInfinity).ThenBy(r => r.Seed).ElementAt((runs.Count - 1) / 2);

    /// <summary>Seeds 0 .. count−1.</summary>
    public static IReadOnlyList<ulong> Seeds(int count) => Enumerable.Range(0, count).Select(i => (ulong)i).ToArray();
}
