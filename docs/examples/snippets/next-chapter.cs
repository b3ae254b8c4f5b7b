// The next chapter (docs/next-chapter.md): dropout, weight penalties, AdamW, schedules and callbacks.
// Run: dotnet run docs/examples/snippets/next-chapter.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.Random;
using Functional.Models;

// Part 4's data: 10 training points, 100 validation points, 0.2 noise.
var rng = new NumpyRandomState(0);
var xs = Ranges.Arange(0, 10, 1);
var x1s = Ranges.Arange(0, 10, 0.1);
var ys = rng.Normal(xs.Count).Select((n, i) => Math.Log(xs[i] + 1) + 0.2 * n).ToArray();
var y1s = rng.Normal(x1s.Count).Select((n, i) => Math.Log(x1s[i] + 1) + 0.2 * n).ToArray();
var (x, y) = (MatrixData.Column<double>(xs), MatrixData.Column<double>(ys));
var validation = new Dataset<double>(MatrixData.Column<double>(x1s), MatrixData.Column<double>(y1s));

// <regularized>
var model = Sequential.Build<double>(
[
    Layers.Input(1),
    Layers.Dense(32, Activation.Tanh, kernelRegularizer: Regularizers.L2(1e-3)),
    Layers.Dropout(0.2),
    Layers.Dense(1),
], seed: 0);
var optimizer = new AdamW(LearningRate: 1e-2, WeightDecay: 1e-4) with { ClipNorm = 1.0 };
// </regularized>

// <callbacks>
string folder = Path.Combine(Path.GetTempPath(), "next-chapter-" + Environment.ProcessId);
var options = new FitOptions<double>
{
    Epochs = 500, BatchSize = 10, Seed = 1, Validation = validation,
    Callbacks =
    [
        new EarlyStopping("val_loss", Patience: 50, RestoreBestWeights: true),
        new ReduceLROnPlateau("val_loss", Factor: 0.5, Patience: 20),
        new ModelCheckpoint(Path.Combine(folder, "best.fmodel"), SaveBestOnly: true),
        new CsvLogger(Path.Combine(folder, "log.csv")),
        new BackupAndRestore(Path.Combine(folder, "backup")),
    ],
};
Directory.CreateDirectory(folder);
var fit = Training.Fit(model, optimizer, Loss.MeanSquaredError, x, y, options);
Console.WriteLine(fit.History.Stop);
Console.WriteLine($"best val_loss {fit.History.ValidationLoss.Min():F4}; learning rates used: {string.Join(", ", fit.History["learning_rate"].Distinct())}");
Console.WriteLine($"log.csv starts: {File.ReadLines(Path.Combine(folder, "log.csv")).First()}");
// </callbacks>

// <schedule>
// A learning rate that changes every step: 10 steps of warmup to 0.01, then a cosine over 490.
var scheduled = new Adam() with { Schedule = new CosineDecay(0, 490, WarmupTarget: 1e-2, WarmupSteps: 10) };
long[] steps = [0, 5, 10, 255, 500];
Console.WriteLine($"rates at steps 0, 5, 10, 255, 500: {string.Join(", ", steps.Select(s => scheduled.Schedule!.At(s).ToString("G4")))}");
// The same optimizer written as a chain of transforms, as Optax does:
var chained = Optimizers.Chain(new ClipByNorm(1.0), new DecayWeights(1e-4), new ScaleByAdam(), new ScaleByLearningRate(1e-2));
Console.WriteLine($"Chain(...) == AdamW(...) with ClipNorm: {chained == optimizer}");
// </schedule>
Directory.Delete(folder, recursive: true);
