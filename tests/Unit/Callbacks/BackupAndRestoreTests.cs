using Functional.Core;
using Functional.Models;
using static Functional.Tests.Unit.Callbacks.CallbackTestData;

namespace Functional.Tests.Unit.Callbacks;

/// <summary>
/// BackupAndRestore: a run interrupted at any epoch and resumed from its backup finishes bit-identical to the run never
/// interrupted (model, History, the callbacks' decisions and files), and a backup of another run is refused.
/// </summary>
public class BackupAndRestoreTests
{
    private sealed class Interruption : Exception;

    /// <summary>Progress that throws when epoch <paramref name="at"/> ends (before its callbacks and its backup).</summary>
    private sealed class InterruptAt(int at) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value)
        {
            if (value.Epoch == at) throw new Interruption();
        }
    }

    private static Callback[] Callbacks(string folder) =>
    [
        new EarlyStopping("val_loss", Patience: 6, RestoreBestWeights: true),
        new ReduceLROnPlateau("val_loss", Factor: 0.5, Patience: 1, MinDelta: 1e-3),
        new CsvLogger(Path.Combine(folder, "log.csv"), Append: true),
        new BackupAndRestore(Path.Combine(folder, "backup")),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(7)]
    public void An_interrupted_run_resumed_equals_the_uninterrupted_run(int interruptAt)
    {
        string reference = TemporaryFolder(), resumed = TemporaryFolder();
        try
        {
            var (x, y) = Wave(40);
            var optimizer = new Adam(0.01) with { ClipNorm = 1 };
            var whole = Training.Fit(SmallModel(), optimizer, Loss.MeanSquaredError, x, y, Options(30, Callbacks(reference)));
            Assert.True(whole.History.Epochs.Count > interruptAt, $"the run gets past the interruption: {whole.History.Stop}");
            Assert.True(whole.History["learning_rate"].Distinct().Count() > 1, "the rate was reduced, so its state matters");

            var options = Options(30, Callbacks(resumed));
            Assert.Throws<Interruption>(() =>
                Training.Fit(SmallModel(), optimizer, Loss.MeanSquaredError, x, y, options with { Progress = new InterruptAt(interruptAt) }));
            Assert.Equal(interruptAt > 1, Directory.Exists(Path.Combine(resumed, "backup")));
            var again = Training.Fit(SmallModel(), optimizer, Loss.MeanSquaredError, x, y, options);

            Assert.Equal(whole.History, again.History);
            Assert.Equal(whole.Model, again.Model);
            Assert.Equal(File.ReadAllText(Path.Combine(reference, "log.csv")), File.ReadAllText(Path.Combine(resumed, "log.csv")));
            Assert.False(Directory.Exists(Path.Combine(resumed, "backup")), "deleted when training ended");
        }
        finally
        {
            Directory.Delete(reference, true);
            Directory.Delete(resumed, true);
        }
    }

    [Fact]
    public void A_kept_backup_of_a_finished_run_gives_its_result_again()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(40);
            var options = Options(30, new EarlyStopping("val_loss", Patience: 2, RestoreBestWeights: true), new BackupAndRestore(Path.Combine(folder,
                "b"), DeleteCheckpoint: false));
            var first = Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y, options);
            Assert.Equal(StopKind.EarlyStopping, first.History.Stop.Kind);
            var second = Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y, options);
            Assert.Equal(first.History, second.History);
            Assert.Equal(first.Model, second.Model);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void A_backup_of_another_run_is_refused_naming_the_difference()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(40);
            var options = Options(10, new BackupAndRestore(Path.Combine(folder, "b")));
            Assert.Throws<Interruption>(() => Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y,
                options with { Progress = new InterruptAt(3) }));
            var e = Assert.Throws<InvalidDataException>(() => Training.Fit(SmallModel(), new Adam(0.01), Loss.MeanSquaredError, x, y, options));
            Assert.Contains("optimizer", e.Message);
            Assert.Contains("LearningRate = 0.05", e.Message);
            var wider = Sequential.Build<double>([Layers.Input(1), Layers.Dense(5, Activation.Tanh), Layers.Dense(1)], 11);
            Assert.Contains("architecture", Assert.Throws<InvalidDataException>(() => Training.Fit(wider, new Adam(0.05), Loss.MeanSquaredError, x, y,
                options)).Message);
            Assert.Contains("batch size", Assert.Throws<InvalidDataException>(() =>
                Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y, options with { BatchSize = 4 })).Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
