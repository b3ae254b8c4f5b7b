using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Functional.Bench;

/// <summary>
/// The benchmark command tree: <c>gemm</c>, <c>train</c> and <c>wide</c> (docs/benchmarks.md). Bad options exit 2 with
/// a message naming the option; a benchmark that cannot run exits 2 as well.
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns the exit code (0 success, 2 bad usage).</summary>
    public static int Main(string[] args) => Invoke(args, Console.Out, Console.Error);

    /// <summary>Parses <paramref name="args"/> and runs the benchmark they name, writing to the given writers.</summary>
    public static int Invoke(string[] args, TextWriter output, TextWriter error)
    {
        var root = Commands(output);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"functional-bench: {e.Message}");
            error.WriteLine("Run 'functional-bench --help' for the commands and their options.");
            return 2;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static RootCommand Commands(TextWriter output)
    {
        var repetitions = Positive("--repetitions", 7, "repetitions per cell");
        var minMs = Positive("--min-ms", 100, "the least time of one repetition, in ms");
        var providers = new Option<string[]>("--providers")
        {
            Description = "providers to measure (default: every one available; cuda with every product offloaded)",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(p => p.ToLowerInvariant()).ToArray(),
        };
        providers.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string[]>()?.FirstOrDefault(p => !GemmBenchmark.ProviderNames.Contains(p)) is { } unknown)
                result.AddError($"--providers: unknown provider '{unknown}'; valid: {string.Join(", ", GemmBenchmark.ProviderNames)}.");
        });
        var shapes = PositiveList("--shapes", "square products s×s×s to measure instead of the network's shapes, e.g. 256,512");
        var gemm = new Command("gemm", "matrix-product GFLOP/s, managed vs OpenBLAS (1 and 2 threads) vs CUDA") { repetitions, minMs, providers, shapes };
        gemm.SetAction(r => GemmBenchmark.Run(new GemmBenchmark.Settings(r.GetValue(repetitions), r.GetValue(minMs),
            AllOrSome(r.GetValue(providers)), AllOrSome(r.GetValue(shapes))), output));

        var trainRepetitions = Positive("--repetitions", 5, "repetitions per workload");
        var mnist = new Option<string>("--mnist")
        {
            Description = $"folder of the uncompressed MNIST IDX files " +
            $"(default {TrainingBenchmark.DefaultMnistDirectory})"
        };
        var synthetic = new Option<bool>("--synthetic") { Description = "random data of MNIST's shape instead of the real files" };
        var workloads = new Option<string[]>("--workloads")
        {
            Description = $"the workloads to measure (default all): {string.Join(", ", TrainingBenchmark.WorkloadNames)}",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(w => w.ToLowerInvariant()).ToArray(),
        };
        workloads.Validators.Add(result =>
        {
            var unknown = result.GetValueOrDefault<string[]>()?.FirstOrDefault(w => !TrainingBenchmark.WorkloadNames.Contains(w));
            if (unknown is not null)
                result.AddError($"--workloads: unknown workload '{unknown}'; valid: {string.Join(", ", TrainingBenchmark.WorkloadNames)}.");
        });
        var train = new Command("train", "training and inference times of the lab's workloads (compare: bench/peer_torch.py)") { trainRepetitions,
            mnist, synthetic, workloads };
        train.SetAction(r => TrainingBenchmark.Run(new TrainingBenchmark.Settings(r.GetValue(trainRepetitions), r.GetValue(mnist),
            r.GetValue(synthetic), AllOrSome(r.GetValue(workloads))), output));

        var hidden = Positive("--hidden", 4096, "units of the hidden layer");
        var batch = Positive("--batch", 1024, "batch size");
        var epochs = Positive("--epochs", 2, "epochs");
        var data = new Option<string>("--data")
        {
            Description = "folder holding the four MNIST files (default: FUNCTIONAL_DATA_DIR, the user cache, or " +
            "fetch)"
        };
        var wide = new Command("wide", "a wide MNIST model (784-4096-10, batch 1024): CPU vs CUDA provider") { hidden, batch, epochs, data };
        wide.SetAction(r => WideMnistBenchmark.Run(new WideMnistBenchmark.Settings(r.GetValue(hidden), r.GetValue(batch), r.GetValue(epochs),
            r.GetValue(data)), output));

        var cnnEpochs = Positive("--epochs", 2, "timed epochs after the warm-up");
        var cnnData = new Option<string>("--data") { Description = "folder holding the four MNIST files (default: FUNCTIONAL_DATA_DIR or the user cache)" };
        var cnn = new Command("cnn", "an epoch of Keras' MNIST convnet, 54 000 digits at batch 128 (compare: bench/peer_torch.py --workload cnn)")
        {
            cnnEpochs, cnnData,
        };
        cnn.SetAction(r => ConvNetBenchmark.Run(new ConvNetBenchmark.Settings(r.GetValue(cnnEpochs), r.GetValue(cnnData)), output));

        return new RootCommand("Functional's benchmarks (docs/benchmarks.md).") { gemm, train, wide, cnn };
    }

    /// <summary>An option taking a positive whole number, with its default.</summary>
    /// <summary>A list option's value, null when it was not given (a custom parser hands back an empty array then).</summary>
    private static T[]? AllOrSome<T>(T[]? values) => values is { Length: > 0 } ? values : null;

    private static Option<int> Positive(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name)
        {
            Description = $"{description} (default {defaultValue})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
                result.AddError($"{name} takes a positive whole number, got '{text}'.");
                return 0;
            },
        };
        return option;
    }

    /// <summary>An option taking comma-separated positive whole numbers.</summary>
    private static Option<int[]> PositiveList(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var numbers = values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToArray();
            if (values.Length == 0 || numbers.Contains(0)) result.AddError($"{name} takes comma-separated positive whole numbers, got '{text}'.");
            return numbers;
        },
    };
}
