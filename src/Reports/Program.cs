namespace Functional.Reports;

/// <summary>The command line: runs the lab's experiments and the benchmarks.</summary>
public static class Program
{
    /// <summary>Entry point; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "report";
        switch (command)
        {
            case "bench" when args.Length > 1 && args[1] == "gemm":
                return Bench.GemmBenchmark.Run(args[2..], Console.Out);
            case "bench" when args.Length > 1 && args[1] == "train":
                return Bench.TrainingBenchmark.Run(args[2..], Console.Out);
            case "bench":
                Console.Error.WriteLine("functional: bench needs a benchmark name. Benchmarks: gemm, train.");
                return 2;
            default:
                Console.Error.WriteLine($"functional: unknown command '{command}'. Commands: report, bench.");
                return 2;
        }
    }
}
