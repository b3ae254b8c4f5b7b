using Functional.Core;
using Functional.Core.Data;
using Functional.Models;
using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.FaultInjection;

/// <summary>
/// Writes one thing over and over, each time a new generation, until it is killed: <c>report DIR</c> publishes a report,
/// <c>model FILE</c> saves a model, <c>mnist DIR</c> fills a fresh MNIST cache DIR/cache-N (through Mnist.Load's fetch
/// path, with a fake fetch). Prints "ready" once the first one is complete. Every generation is recognizable in what it
/// writes (<see cref="Generations"/>), so the test that kills it can tell an old whole from a mix.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("usage: report DIR | model FILE | mnist DIR"); return 2; }
        var target = args[1];
        for (long generation = 1; ; generation++)
        {
            switch (args[0])
            {
                case "report": ReportWriter.Publish(Generations.Report(generation), target); break;
                case "model": ModelFile.Save(Generations.Model(generation), target); break;
                case "mnist": Generations.FillCache(Path.Combine(target, $"cache-{generation}"), generation); break;
                default: Console.Error.WriteLine($"unknown mode '{args[0]}'"); return 2;
            }
            if (generation == 1) Console.WriteLine("ready");
        }
    }
}

/// <summary>What generation N writes, and how to read N back.</summary>
public static class Generations
{
    private static readonly byte[][] Pngs = [Chart("even"), Chart("odd")];

    /// <summary>A report whose title, every table and its figure carry the generation (the figure by parity).</summary>
    public static Report Report(long generation)
    {
        var tables = Enumerable.Range(0, 12).Select(t => new Table($"table-{t}", $"Generation {generation}, table {t}",
            Tables.Frame(Tables.Column("generation", Enumerable.Repeat((double)generation, 200).ToArray())))).ToArray();
        var section = new Section("generation", $"Generation {generation}", "Which generation is this?", $"Generation {generation} was written.",
            [new Figure("figure.png", Pngs[generation % 2], "The figure of this generation's parity.", "A line.")],
            tables, [new Answer("Which generation?", $"Generation {generation}.", [new("generation", generation)])], TimeSpan.Zero, []);
        var header = new ReportHeader(DateTimeOffset.UnixEpoch, "test", "managed", "0", ".NET", []);
        return new Report($"Generation {generation}", header, [section]);
    }

    /// <summary>The PNG a report of <paramref name="generation"/> shows.</summary>
    public static byte[] Png(long generation) => Pngs[generation % 2];

    /// <summary>A model whose bias is the generation.</summary>
    public static Model<float> Model(long generation)
    {
        var model = Sequential.Create(0, Layers.Input(64), Layers.Dense(256), Layers.Dense(1));
        var last = model.Layers[^1];
        return new Model<float>(model.InputShape,
            [model.Layers[0], last.WithParameters([last.Parameters[0], Matrix<float>.Build.Dense(1, 1, generation)])]);
    }

    /// <summary>Fills <paramref name="cache"/> through Mnist.Load's fetch path: four small IDX files whose labels are the generation mod 10.</summary>
    public static MnistData FillCache(string cache, long generation) =>
        Mnist.Load(null, null, cache, staging =>
        {
            byte label = (byte)(generation % 10);
            Idx.Write(new IdxArray([2, 28, 28], new byte[2 * 784]), Path.Combine(staging, "train-images-idx3-ubyte"));
            Idx.Write(new IdxArray([2], [label, label]), Path.Combine(staging, "train-labels-idx1-ubyte"));
            Idx.Write(new IdxArray([1, 28, 28], new byte[784]), Path.Combine(staging, "t10k-images-idx3-ubyte"));
            Idx.Write(new IdxArray([1], [label]), Path.Combine(staging, "t10k-labels-idx1-ubyte"));
            return $"generation {generation}";
        }, sha256: null);

    private static byte[] Chart(string title) =>
        ChartRenderer.Render(new LineChart(title, new Axis("x"), new Axis("y"), [new Series(title, [0, 1, 2], [0, 1, title.Length], SeriesStyle.Line)])
        {
            Width = 320, Height = 200,
        });
}
