using System.Diagnostics;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.LinearAlgebra;
using Functional.Models;

namespace Functional.Bench;

/// <summary>
/// <c>bench wide</c>: the MNIST classifier with a wide hidden layer at a large batch (default 784-4096-10, batch 1024),
/// where every product is big enough to pay for a GPU: the run that compares <c>FUNCTIONAL_PROVIDER=openblas</c> with
/// <c>=cuda</c> (docs/benchmarks.md, "CUDA"). Prints seconds per epoch and the test accuracy.
/// </summary>
public static class WideMnistBenchmark
{
    /// <summary>What <c>bench wide</c> runs.</summary>
    /// <param name="Hidden">Units of the hidden layer (default 4096).</param>
    /// <param name="Batch">Batch size (default 1024).</param>
    /// <param name="Epochs">Epochs (default 2).</param>
    /// <param name="DataDirectory">Where the MNIST files are (null: the usual places, see <c>Mnist.Load</c>).</param>
    public sealed record Settings(int Hidden = 4096, int Batch = 1024, int Epochs = 2, string? DataDirectory = null);

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(Settings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var (hidden, batch, epochs, data) = (settings.Hidden, settings.Batch, settings.Epochs, settings.DataDirectory);

        LinearAlgebraProviders.EnsureInitialized();
        var mnist = Mnist.Load(data);
        var model = Sequential.Create(0, Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(hidden, Activation.Relu), Layers.Dense(10, Activation.Softmax));
        output.WriteLine($"Wide MNIST: 784-{hidden}-10, batch {batch}, Adam, {epochs} epochs, provider {LinearAlgebraProviders.ActiveName}.");
        var loss = Loss.SparseCategoricalCrossentropy();
        var clock = Stopwatch.StartNew();
        var seconds = new List<double>();
        var options = new FitOptions<float>
        {
            Epochs = epochs, BatchSize = batch,
            Progress = new SynchronousProgress<EpochProgress>(p =>
            {
                seconds.Add(p.Elapsed.TotalSeconds);
                output.WriteLine($"  {p}");
            }),
        };
        var fit = Training.Fit(model, new Adam(), loss, mnist.Train.Images, mnist.Train.LabelColumn<float>(), options);
        var test = Evaluation.Evaluate(fit.Model, loss, mnist.Test.Images, mnist.Test.LabelColumn<float>(), [Metric.SparseCategoricalAccuracy],
            batchSize: batch);
        double median = seconds.Order().ElementAt(seconds.Count / 2);
        output.WriteLine(FormattableString.Invariant(
            $"s/epoch: median {median:F3} (first {seconds[0]:F3}); ") + FormattableString.Invariant(
            $"test accuracy {test["accuracy"]:P2}, test loss {test.Loss:F4}; total {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }

}
