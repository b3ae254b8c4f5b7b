using System.Globalization;
using Functional.Core;
using Functional.Models;
using static Functional.Tests.Unit.Callbacks.CallbackTestData;

namespace Functional.Tests.Unit.Callbacks;

/// <summary>ModelCheckpoint, CsvLogger and TerminateOnNaN, as Keras writes and decides them.</summary>
public class FileCallbackTests
{
    [Fact]
    public void ModelCheckpoint_saves_every_epoch_under_Keras_file_names()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(24);
            string template = Path.Combine(folder, "sub", "model-{epoch:02d}-{val_loss:.4f}.fmodel");
            var options = Options(3, new ModelCheckpoint(template));
            var states = Training.Epochs(SmallModel(), new Adam(0.02), Loss.MeanSquaredError, x, y, options).ToList();
            var files = Directory.GetFiles(Path.Combine(folder, "sub")).Select(Path.GetFileName).Order().ToArray();
            var expected = states.Select(s => string.Create(CultureInfo.InvariantCulture, $"model-{s.Epoch:00}-{s.Log["val_loss"]:F4}.fmodel")).ToArray();
            Assert.Equal(expected, files);
            foreach (var s in states)
                Assert.Equal(s.Model.Parameters, ModelFile.Load<double>(Path.Combine(folder, "sub", expected[s.Epoch - 1])).Parameters);
            Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories)); // written atomically, no temporaries left
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void ModelCheckpoint_save_best_only_keeps_the_best_epochs_model()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(24);
            string path = Path.Combine(folder, "best.fmodel");
            var saved = new List<int>();
            var options = Options(12, new ModelCheckpoint(path, SaveBestOnly: true));
            var states = Training.Epochs(SmallModel(), new Adam(0.2), Loss.MeanSquaredError, x, y, options).Select(s =>
            {
                if (File.Exists(path) && ModelFile.Load<double>(path).Parameters.Equals(s.Model.Parameters)) saved.Add(s.Epoch);
                return s;
            }).ToList();
            // An independent reading of the History: the epochs whose val_loss beats every earlier one.
            var expected = new List<int>();
            double best = double.PositiveInfinity;
            foreach (var s in states) if (s.Log["val_loss"] < best) { best = s.Log["val_loss"]; expected.Add(s.Epoch); }
            Assert.Equal(expected, saved);
            Assert.True(expected.Count < states.Count, "some epoch did not improve, so the test can tell");
            int bestEpoch = expected[^1];
            Assert.Equal(states[bestEpoch - 1].Model.Parameters, ModelFile.Load<double>(path).Parameters);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void ModelCheckpoint_refuses_a_bad_template_before_any_work()
    {
        var (x, y) = Wave(8);
        string folder = TemporaryFolder();
        try
        {
            foreach (var (template, named) in new[] { ("m-{val_mae}.fmodel", "'{val_mae}'"), ("m-{epoch:.2f}.fmodel", ":.2f"), ("m-{loss:x}.fmodel",
                ":x"), ("m-{.fmodel", "unmatched") })
            {
                var e = Assert.Throws<ArgumentException>(() =>
                    Training.Fit(SmallModel(), new Adam(), Loss.MeanSquaredError, x, y, Options(2, new ModelCheckpoint(Path.Combine(folder, template)))));
                Assert.Contains(named, e.Message);
            }
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.0, "-2.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e20, "1.5e+20")]
    [InlineData(1e16, "1e+16")]
    [InlineData(123456789.25, "123456789.25")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Numbers_are_written_as_Pythons_str(double value, string python) => Assert.Equal(python, PythonFormat.Str(value));

    [Fact]
    public void Templates_fill_as_Pythons_format()
    {
        var log = new EpochLog(3, [new("loss", 0.123456), new("val_loss", 1.5e-7)]);
        Assert.Equal("e3-03-  3-0.1235-1.50e-07-0.123456-{x}",
            PythonFormat.Fill("e{epoch}-{epoch:02d}-{epoch:3d}-{loss:.4f}-{val_loss:.2e}-{loss}-{{x}}", 3, log));
    }

    [Fact]
    public void CsvLogger_writes_Keras_rows_and_appends_without_a_second_header()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(24);
            string file = Path.Combine(folder, "log.csv");
            var noValidation = Options(3, new CsvLogger(file)) with { Validation = null };
            var fit = Training.Fit(SmallModel(), new Adam(0.02), Loss.MeanSquaredError, x, y, noValidation);
            string text = File.ReadAllText(file);
            var lines = text.Split("\r\n");
            // Keras: "epoch" then the sorted keys; without validation its val_ columns follow, holding NA.
            Assert.Equal("epoch,loss,val_loss", lines[0]);
            for (int e = 0; e < 3; e++)
            {
                var fields = lines[e + 1].Split(',');
                Assert.Equal(e.ToString(CultureInfo.InvariantCulture), fields[0]);
                Assert.Equal(fit.History.Loss[e], double.Parse(fields[1], CultureInfo.InvariantCulture)); // round-trip digits
                Assert.Equal("NA", fields[2]);
            }
            Assert.Equal("", lines[^1]);

            var appended = Training.Fit(SmallModel(), new Adam(0.02), Loss.MeanSquaredError, x, y,
                noValidation with { Callbacks = [new CsvLogger(file, Append: true)] });
            var all = File.ReadAllText(file).Split("\r\n");
            Assert.Equal(1 + 3 + 3 + 1, all.Length);
            Assert.Single(all, l => l.StartsWith("epoch", StringComparison.Ordinal));

            // Validation keys sorted by name, with the learning rate.
            string second = Path.Combine(folder, "second.csv");
            var withKeys = Options(2, new CsvLogger(second, Separator: ';'), new LearningRateScheduler((_, lr) => lr));
            Training.Fit(SmallModel(), new Adam(0.02), Loss.MeanSquaredError, x, y, withKeys);
            Assert.Equal("epoch;learning_rate;loss;val_loss", File.ReadLines(second).First());
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void CsvLogger_writes_the_diverged_epochs_row_with_its_loss_and_NA_for_what_it_did_not_compute()
    {
        string folder = TemporaryFolder();
        try
        {
            var (x, y) = Wave(24);
            string file = Path.Combine(folder, "log.csv");
            // Epochs 1 and 2 train at 0.02; the third at 1e200, which overflows.
            var options = Options(6, new LearningRateScheduler((epoch, lr) => epoch == 2 ? 1e200 : 0.02), new CsvLogger(file)) with
            {
                Metrics = [Metric.MeanSquaredError],
            };
            var fit = Training.Fit(SmallModel(), new Sgd(0.02), Loss.MeanSquaredError, x, y, options);
            Assert.Equal(StopKind.NonFiniteLoss, fit.History.Stop.Kind);
            Assert.Equal(3, fit.History.Stop.Epoch);
            var lines = File.ReadAllText(file).Split("\r\n");
            Assert.Equal("epoch,learning_rate,loss,mse,val_loss,val_mse", lines[0]);
            Assert.Equal(5, lines.Length); // header, three rows, the empty end
            Assert.StartsWith("1,0.02,", lines[2]);
            var diverged = lines[3].Split(',');
            Assert.Equal("2", diverged[0]);
            Assert.Contains(diverged[2], new[] { "nan", "inf", "-inf" }); // Python's str of the loss it reached
            Assert.Equal(["NA", "NA", "NA", "NA"], new[] { diverged[1], diverged[3], diverged[4], diverged[5] });
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void TerminateOnNaN_stops_a_run_that_would_otherwise_go_on()
    {
        var (x, y) = Wave(24);
        var model = Sequential.Build<double>([Layers.Input(1), Layers.Dense(1)], 3);
        var go = new FitOptions<double> { Epochs = 6, BatchSize = 8, StopOnNonFiniteLoss = false };
        var on = Training.Fit(model, new Sgd(1e60), Loss.MeanSquaredError, x, y, go);
        Assert.Equal(6, on.History.Epochs.Count);
        Assert.Equal(StopKind.Completed, on.History.Stop.Kind);
        Assert.Contains(on.History.Loss, l => !double.IsFinite(l));

        var stopped = Training.Fit(model, new Sgd(1e60), Loss.MeanSquaredError, x, y, go with { Callbacks = [new TerminateOnNaN()] });
        Assert.Equal(StopKind.NonFiniteLoss, stopped.History.Stop.Kind);
        Assert.True(stopped.History.Epochs.Count < 6);
        Assert.Contains("loss became", stopped.History.Stop.Message);
    }
}
