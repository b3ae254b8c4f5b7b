using Functional.Core;
using Functional.Reports.Lab;
using Functional.Reports.Publishing;

namespace Functional.Reports;

/// <summary>The command line: runs the lab's experiments into the static report, and the benchmarks.</summary>
public static class Program
{
    private const string Usage =
        """
        usage: functional [report] [--out DIR] [--only a,b,...] [--seeds N] [--quick] [--data DIR]
               functional bench gemm [--repetitions N] [--min-ms T] [--providers managed,openblas,cuda] [--shapes 256,512,...]
               functional bench train [--repetitions N] [--mnist DIR] [--synthetic]
               functional bench wide [--hidden N] [--batch B] [--epochs E] [--data DIR]

          report     runs the lab's experiments and publishes the static report (default command)
            --out    output folder (default docs/report)
            --only   experiments to run: linear, sweep, hidden, overfitting, mnist, sine (default: all)
            --seeds  seeds per regression experiment (default 5)
            --quick  small sizes (CI): MNIST subset, fewer grid points
            --data   folder holding the four MNIST files (default: FUNCTIONAL_DATA_DIR, the user cache, or fetch)
          bench gemm matrix-product GFLOP/s, managed vs OpenBLAS vs CUDA
          bench train training and inference timings of the lab's workloads (compare: bench/peer_torch.py)
          bench wide  a wide MNIST model (784-4096-10, batch 1024): CPU vs CUDA provider
        """;

    /// <summary>Entry point; returns the process exit code (0 success, 1 failure, 2 bad usage).</summary>
    public static int Main(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "report";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (command)
        {
            case "report":
                return RunReport(rest);
            case "bench" when rest.Length > 0 && rest[0] == "gemm":
                return Bench.GemmBenchmark.Run(rest[1..], Console.Out);
            case "bench" when rest.Length > 0 && rest[0] == "train":
                return Bench.TrainingBenchmark.Run(rest[1..], Console.Out);
            case "bench" when rest.Length > 0 && rest[0] == "wide":
                return Bench.WideMnistBenchmark.Run(rest[1..], Console.Out);
            case "bench":
                Console.Error.WriteLine("functional: bench needs a benchmark name. Benchmarks: gemm, train, wide.");
                return 2;
            case "help" or "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"functional: unknown command '{command}'.\n{Usage}");
                return 2;
        }
    }

    private static int RunReport(string[] args)
    {
        string output = Path.Combine("docs", "report");
        var options = new LabReportOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--out": output = Value(); break;
                    case "--only": options = options with { Experiments = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }; break;
                    case "--seeds":
                        var v = Value();
                        options = options with { Seeds = int.TryParse(v, out var n) && n > 0 ? n : throw new UsageException($"--seeds takes a positive number, got '{v}'") };
                        break;
                    case "--quick": options = options with { Quick = true }; break;
                    case "--data": options = options with { DataDirectory = Value() }; break;
                    default: throw new UsageException($"unknown option '{args[i]}'");
                }
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"functional report: {e.Message}.\n{Usage}");
                return 2;
            }
        }

        using var diagnostics = Diagnostics.Subscribe(d => Console.Error.WriteLine($"  {d}"));
        options = options with
        {
            Progress = new SynchronousProgress<string>(Console.WriteLine),
            EpochProgress = new SynchronousProgress<Models.EpochProgress>(p => Console.WriteLine($"    {p}")),
        };
        try
        {
            var started = DateTime.UtcNow;
            var report = LabReport.Run(options);
            ReportWriter.Publish(report, output);
            Console.WriteLine();
            foreach (var section in report.Sections)
            {
                Console.WriteLine($"{section.Title} ({ReportWriter.FormatRunTime(section.RunTime)})");
                foreach (var answer in section.Answers)
                {
                    var flag = answer.AgreesWithLab == false ? $"  [differs from the lab, which says {answer.LabSays}]" : "";
                    Console.WriteLine($"  - {answer.Question}\n    {FirstSentence(answer.Text)}{flag}");
                }
            }
            Console.WriteLine($"\nReport written to {Path.GetFullPath(Path.Combine(output, "index.html"))} in {ReportWriter.FormatRunTime(DateTime.UtcNow - started)}.");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or UnauthorizedAccessException or InvalidDataException)
        {
            Console.Error.WriteLine($"functional report: failed: {e.Message}");
            Console.Error.WriteLine("No report was written; any previous report is unchanged.");
            return 1;
        }
    }

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    private sealed class UsageException(string message) : Exception(message);

}
