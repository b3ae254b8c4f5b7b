using System.Diagnostics;
using Functional.Core;
using Functional.Core.Data;
using Functional.Core.LinearAlgebra;
using Functional.Models;

namespace Functional.Reports.Bench;

/// <summary>
/// <c>bench wide</c>: the MNIST classifier with a wide hidden layer at a large batch (default 784-4096-10, batch 1024),
/// where every product is big enough to pay for a GPU: the run that compares <c>FUNCTIONAL_PROVIDER=openblas</c> with
/// <c>=cuda</c> (docs/benchmarks.md, "CUDA"). Prints seconds per epoch and the test accuracy.
/// </summary>
public static class WideMnistBenchmark
{
    /// <summary>Runs the benchmark; returns the exit code.</summary>
    /// <param name="args">Options: <c>--hidden N</c> (4096), <c>--batch B</c> (1024), <c>--epochs E</c> (2), <c>--data DIR</c>.</param>
    /// <param name="output">Where the lines go.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        int hidden = 4096, batch = 1024, epochs = 2;
        string? data = null;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            string? value = i + 1 < args.Count ? args[++i] : null;
            int positive = BenchOptions.Positive(value) ?? 0;
            switch (option)
            {
                case "--hidden" when positive > 0: hidden = positive; break;
                case "--batch" when positive > 0: batch = positive; break;
                case "--epochs" when positive > 0: epochs = positive; break;
                case "--data" when value is not null: data = value; break;
                default:
                    Console.Error.WriteLine($"bench wide: bad option '{option} {value}'. Options: --hidden N, --batch B, --epochs E (positive), --data DIR.");
                    return 2;
            }
        }

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
        var test = Evaluation.Evaluate(fit.Model, loss, mnist.Test.Images, mnist.Test.LabelColumn<float>(), [Metric.SparseCategoricalAccuracy], batchSize: batch);
        output.WriteLine(FormattableString.Invariant(
            $"s/epoch: median {seconds.Order().ElementAt(seconds.Count / 2):F3} (first {seconds[0]:F3}); test accuracy {test["accuracy"]:P2}, test loss {test.Loss:F4}; total {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }

}
