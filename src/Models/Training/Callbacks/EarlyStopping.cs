using System.Globalization;

namespace Functional.Models;

/// <summary>
/// Stops training when a monitored quantity stops improving, with Keras' exact rule: each epoch counts one more
/// epoch of waiting; an epoch whose value beats the best by more than <see cref="MinDelta"/> becomes the best and
/// resets the wait; when the wait reaches <see cref="Patience"/> (and it is not the first epoch) training stops.
/// </summary>
/// <param name="Monitor">The History key to watch ("val_loss" by default).</param>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">The least change that counts as an improvement.</param>
/// <param name="RestoreBestWeights">At the end, return the weights of the best epoch instead of the last (also after a divergence,
/// as Keras restores in <c>on_train_end</c> however training ended).</param>
/// <param name="Mode">Whether smaller or larger is better.</param>
/// <param name="Baseline">If set, the wait only resets on epochs that also beat this value.</param>
/// <param name="StartFromEpoch">Epochs to let pass (warm-up) before monitoring.</param>
public sealed record EarlyStopping(
    string Monitor = "val_loss",
    int Patience = 0,
    double MinDelta = 0,
    bool RestoreBestWeights = false,
    MonitorMode Mode = MonitorMode.Auto,
    double? Baseline = null,
    int StartFromEpoch = 0) : Callback
{
    /// <summary>True when smaller values of the monitored quantity are better.</summary>
    public bool Minimizes => Monitoring.Minimizes(Monitor, Mode);

    /// <summary>True when <paramref name="value"/> beats <paramref name="reference"/> by more than <see cref="MinDelta"/>.</summary>
    public bool IsImprovement(double value, double reference) => Monitoring.IsImprovement(value, reference, Minimizes, MinDelta);

    internal override void Validate(CallbackCheck check)
    {
        if (string.IsNullOrWhiteSpace(Monitor)) throw new ArgumentException("EarlyStopping: Monitor must name a History key such as \"val_loss\".");
        if (Patience < 0) throw new ArgumentException($"EarlyStopping: Patience must not be negative, got {Patience}.");
        if (!double.IsFinite(MinDelta)) throw new ArgumentException($"EarlyStopping: MinDelta must be finite, got {MinDelta}.");
        if (StartFromEpoch < 0) throw new ArgumentException($"EarlyStopping: StartFromEpoch must not be negative, got {StartFromEpoch}.");
        if (Baseline is { } baseline && !double.IsFinite(baseline))
            throw new ArgumentException($"EarlyStopping: Baseline must be finite (or null for none), got {baseline}; no value could beat it.");
        Monitoring.RequireMode("EarlyStopping", Mode);
        check.RequireKey("EarlyStopping", Monitor);
    }

    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>(this, session);

    private sealed class Run<T>(EarlyStopping settings, FitSession<T> session) : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private Model<T>? _bestModel;
        private int _bestEpoch;
        private double _best = settings.Minimizes ? double.PositiveInfinity : double.NegativeInfinity;
        private int _wait;

        public override (Model<T> Model, int Epoch, string Monitor)? RestoredWeights =>
            settings.RestoreBestWeights && _bestModel is not null ? (_bestModel, _bestEpoch, settings.Monitor) : null;

        public override StopReason? OnEpochEnd(int epoch, EpochLog log, bool diverged)
        {
            if (diverged) return null;
            int index = epoch - 1; // Keras counts epochs from 0
            double current = log[settings.Monitor];
            if (index < settings.StartFromEpoch) return null;
            if (settings.RestoreBestWeights && _bestModel is null) { _bestModel = session.CurrentModel(); _bestEpoch = epoch; }
            _wait++;
            if (settings.IsImprovement(current, _best))
            {
                _best = current;
                _bestEpoch = epoch;
                if (settings.RestoreBestWeights) _bestModel = session.CurrentModel(); // copied only when kept
                if (settings.Baseline is not { } baseline || settings.IsImprovement(current, baseline)) _wait = 0;
                return null;
            }
            if (_wait >= settings.Patience && index > 0)
                return new StopReason(StopKind.EarlyStopping, epoch,
                    $"early stopping at epoch {epoch}: {settings.Monitor} did not improve for {_wait} epochs " +
                        $"(best {_best.ToString("G6", CultureInfo.InvariantCulture)} at epoch {_bestEpoch})" +
                    (settings.RestoreBestWeights ? $"; weights restored from epoch {_bestEpoch}" : ""));
            return null;
        }

        public override CallbackState<T> Save() =>
            new(new Dictionary<string, double> { ["best"] = _best, ["best_epoch"] = _bestEpoch, ["wait"] = _wait }, _bestModel);

        public override void Restore(CallbackState<T> state)
        {
            _best = state.Get("best") ?? _best;
            _bestEpoch = (int)(state.Get("best_epoch") ?? 0);
            _wait = (int)(state.Get("wait") ?? 0);
            _bestModel = state.Model;
        }
    }
}
