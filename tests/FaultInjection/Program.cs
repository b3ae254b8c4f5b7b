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
/// path, with a fake fetch). Prints "ready" once the first one is complete. <c>fit DIR</c> instead trains one long run
/// with a backup in DIR (<see cref="Fitting"/>), resuming from it, and prints "ready" after its second epoch. Every generation is recognizable in what it
/// writes (<see cref="Generations"/>), so the test that kills it can tell an old whole from a mix.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2) { Console.Error.WriteLine("usage: report DIR | model FILE | mnist DIR | fit DIR"); return 2; }
        var target = args[1];
        if (args[0] == "fit")
        {
            Fitting.Fit(target, ready: () => Console.WriteLine("ready"));
            return 0;
        }
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

/// <summary>
/// One long training run that backs itself up every epoch (BackupAndRestore in DIR/backup) and logs every epoch
/// (CsvLogger, appending, to DIR/log.csv): killed and started again, it resumes; run once without a kill it is the
/// reference. Dropout, a penalty, a plateau schedule, early stopping's state and validation make every piece of the
/// backup matter.
/// </summary>
public static class Fitting
{
    /// <summary>Epochs of the run: many more than a kill lets one process finish.</summary>
    public const int Epochs = 1000;

    /// <summary>Trains (or resumes) the run whose files are in <paramref name="dir"/>; calls <paramref name="ready"/> after its second epoch.</summary>
    public static FitResult<float> Fit(string dir, Action? ready = null)
    {
        var x = Matrix<float>.Build.Dense(24, 2, (i, j) => MathF.Sin(i * 0.7f + j));
        var y = Matrix<float>.Build.Dense(24, 1, (i, _) => MathF.Cos(i * 0.3f));
        var validation = new Dataset<float>(x.Map(v => v + 0.05f), y);
        var model = Sequential.Build<float>(
            [Layers.Input(2), Layers.Dense(8, Activation.Tanh, kernelRegularizer: Regularizers.L2(1e-3)), Layers.Dropout(0.25), Layers.Dense(1)], seed: 5);
        int reported = 0;
        var options = new FitOptions<float>
        {
            Epochs = Epochs, BatchSize = 8, Seed = 11, Validation = validation, Metrics = [Metric.MeanSquaredError],
            Callbacks =
            [
                new ReduceLROnPlateau("val_loss", Factor: 0.9, Patience: 5, MinLearningRate: 1e-4),
                new EarlyStopping("val_loss", Patience: Epochs, RestoreBestWeights: true),
                new CsvLogger(Path.Combine(dir, "log.csv"), Append: true),
                new BackupAndRestore(Path.Combine(dir, "backup")),
            ],
            // Ready at the second epoch's end: the first epoch's backup is written by then (its first write is slow: the JIT).
            Progress = new SynchronousProgress<EpochProgress>(_ =>
            {
                if (++reported == 2) ready?.Invoke();
            }),
        };
        return Training.Fit(model, new Adam(0.01) with { ClipNorm = 1.0 }, Loss.MeanSquaredError, x, y, options);
    }
}
