using Functional.Core;
using Functional.Models;
using static Functional.Tests.Unit.Callbacks.CallbackTestData;

namespace Functional.Tests.Unit.Callbacks;

/// <summary>ReduceLROnPlateau and LearningRateScheduler: Keras' rules, traced by hand, and the rates really used by Fit.</summary>
public class LearningRateCallbackTests
{
    [Fact]
    public void ReduceLROnPlateau_follows_Keras_rule_with_patience_cooldown_and_floor()
    {
        // Traced by hand from keras/src/callbacks/reduce_lr_on_plateau.py (min_delta 1e-4): epoch 2 and 3 do not beat 1.0 by
        // more than 1e-4, so the rate halves after epoch 3; the cooldown of 1 then clears the wait; the floor 0.2 stops the last cut.
        double[] monitored = [1.0, 0.99995, 0.99996, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1];
        double[] expected = [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2];
        var session = new FitSession<double>(new Sgd(1.0), monitored.Length);
        var run = new ReduceLROnPlateau("loss", Factor: 0.5, Patience: 2, Cooldown: 1, MinLearningRate: 0.2).Start(session);
        var rates = new List<double>();
        for (int e = 1; e <= monitored.Length; e++)
        {
            run.OnEpochEnd(e, Log(e, "loss", monitored[e - 1]), diverged: false);
            rates.Add(session.LearningRate);
        }
        Assert.Equal(expected, rates);
    }

    [Fact]
    public void ReduceLROnPlateau_maximizes_accuracies_in_auto_mode()
    {
        var session = new FitSession<double>(new Sgd(1.0), 3);
        var run = new ReduceLROnPlateau("val_accuracy", Patience: 1).Start(session);
        run.OnEpochEnd(1, Log(1, "val_accuracy", 0.5), false);
        run.OnEpochEnd(2, Log(2, "val_accuracy", 0.6), false); // better: no cut
        Assert.Equal(1.0, session.LearningRate);
        run.OnEpochEnd(3, Log(3, "val_accuracy", 0.55), false);
        Assert.Equal(0.1, session.LearningRate, 15);
    }

    [Fact]
    public void In_Fit_the_reduced_rates_are_logged_and_are_the_rates_used()
    {
        var (x, y) = Wave(40);
        var plateau = Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y,
            Options(30, new ReduceLROnPlateau("val_loss", Factor: 0.5, Patience: 1, MinDelta: 1e-2)));
        var rates = plateau.History["learning_rate"];
        Assert.Equal(0.05, rates[0]);
        Assert.True(rates.Distinct().Count() >= 3, $"the rate was cut at least twice: {string.Join(", ", rates)}");

        // The same rates set by a scheduler give the same run, bit for bit: the logged rate is the rate each epoch trained with.
        var scheduled = Training.Fit(SmallModel(), new Adam(0.05), Loss.MeanSquaredError, x, y,
            Options(30, new LearningRateScheduler((epoch, _) => rates[epoch])));
        Assert.Equal(plateau.History, scheduled.History);
        Assert.Equal(plateau.Model, scheduled.Model);
    }

    [Fact]
    public void LearningRateScheduler_gets_the_0_based_epoch_and_the_current_rate()
    {
        var (x, y) = Wave(16);
        var seen = new List<(int, double)>();
        var fit = Training.Fit(SmallModel(), new Sgd(0.1), Loss.MeanSquaredError, x, y,
            Options(4, new LearningRateScheduler((epoch, lr) => { seen.Add((epoch, lr)); return lr * 0.5; })));
        Assert.Equal([(0, 0.1), (1, 0.05), (2, 0.025), (3, 0.0125)], seen);
        Assert.Equal([0.05, 0.025, 0.0125, 0.00625], fit.History["learning_rate"]);

        // A constant scheduler equals the constant rate, bit for bit (only the extra key differs).
        var constant = Training.Fit(SmallModel(), new Sgd(0.01), Loss.MeanSquaredError, x, y, Options(4, new LearningRateScheduler((_, _) => 0.01)));
        var plain = Training.Fit(SmallModel(), new Sgd(0.01), Loss.MeanSquaredError, x, y, Options(4));
        Assert.Equal(plain.History.Loss, constant.History.Loss);
        Assert.Equal(plain.Model, constant.Model);
    }

    [Fact]
    public void Bad_rates_and_settings_are_refused_by_name()
    {
        var (x, y) = Wave(16);
        var e = Assert.Throws<InvalidOperationException>(() => Training.Fit(SmallModel(), new Sgd(0.1), Loss.MeanSquaredError, x, y,
            Options(4, new LearningRateScheduler((epoch, _) => epoch == 2 ? 0 : 0.1))));
        Assert.Contains("epoch 2", e.Message);
        var scheduled = new Adam() with { Schedule = new ExponentialDecay(0.01, 10, 0.9) };
        Assert.Contains("schedule", Assert.Throws<ArgumentException>(() =>
            Training.Fit(SmallModel(), scheduled, Loss.MeanSquaredError, x, y, Options(2, new ReduceLROnPlateau()))).Message);
        Assert.Contains("Factor", Assert.Throws<ArgumentException>(() =>
            Training.Fit(SmallModel(), new Adam(), Loss.MeanSquaredError, x, y, Options(2, new ReduceLROnPlateau(Factor: 1)))).Message);
        Assert.Contains("'val_mae'", Assert.Throws<ArgumentException>(() =>
            Training.Fit(SmallModel(), new Adam(), Loss.MeanSquaredError, x, y, Options(2, new ReduceLROnPlateau("val_mae")))).Message);
    }
}
