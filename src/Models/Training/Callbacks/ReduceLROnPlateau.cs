namespace Functional.Models;

/// <summary>
/// Keras' <c>ReduceLROnPlateau</c>: when the monitored value has not improved (by more than <see cref="MinDelta"/>) for
/// <see cref="Patience"/> epochs, the learning rate becomes <c>max(lr · factor, min_lr)</c>; then <see cref="Cooldown"/>
/// epochs pass before waiting starts again. The History gets a "learning_rate" key: the rate each epoch trained with.
/// </summary>
/// <remarks>
/// As in Keras, after each epoch: in cooldown the counter drops by one and the wait resets; an improvement becomes the best and
/// resets the wait; otherwise, out of cooldown, the wait grows, and when it reaches the patience the rate is reduced (if it is
/// above <see cref="MinLearningRate"/>), the cooldown starts and the wait resets. The first epoch is always the best so far.
/// Keras keeps the rate in a float32 variable; here it stays in double. An optimizer with a <see cref="Optimizer.Schedule"/>
/// is refused (Keras cannot set the rate of a schedule either).
/// </remarks>
/// <param name="Monitor">The History key to watch.</param>
/// <param name="Factor">The factor the rate is multiplied by; in (0, 1).</param>
/// <param name="Patience">Epochs without improvement before a reduction.</param>
/// <param name="Mode">Whether smaller or larger is better.</param>
/// <param name="MinDelta">The least change that counts as an improvement.</param>
/// <param name="Cooldown">Epochs after a reduction before the wait counts again.</param>
/// <param name="MinLearningRate">The rate is never reduced below this (Keras' <c>min_lr</c>).</param>
public sealed record ReduceLROnPlateau(
    string Monitor = "val_loss",
    double Factor = 0.1,
    int Patience = 10,
    MonitorMode Mode = MonitorMode.Auto,
    double MinDelta = 1e-4,
    int Cooldown = 0,
    double MinLearningRate = 0) : Callback
{
    internal override void Validate(CallbackCheck check)
    {
        const string name = "ReduceLROnPlateau";
        if (!(Factor > 0 && Factor < 1)) throw new ArgumentException($"{name}: Factor must be in (0, 1), got {Factor}.");
        if (Patience < 0) throw new ArgumentException($"{name}: Patience must not be negative, got {Patience}.");
        if (Cooldown < 0) throw new ArgumentException($"{name}: Cooldown must not be negative, got {Cooldown}.");
        if (!double.IsFinite(MinDelta)) throw new ArgumentException($"{name}: MinDelta must be finite, got {MinDelta}.");
        if (!(double.IsFinite(MinLearningRate) && MinLearningRate >= 0))
            throw new ArgumentException($"{name}: MinLearningRate must be finite and at least 0, got {MinLearningRate}.");
        Monitoring.RequireMode(name, Mode);
        LearningRateCallbacks.RequireConstantRate(name, check.Optimizer);
        check.RequireKey(name, Monitor);
    }

    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>(this, session);

    private sealed class Run<T>(ReduceLROnPlateau settings, FitSession<T> session) : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly bool _minimizes = Monitoring.Minimizes(settings.Monitor, settings.Mode);
        private double? _best;
        private int _wait, _cooldown;

        public override StopReason? OnEpochEnd(int epoch, EpochLog log, bool diverged)
        {
            if (diverged) return null;
            double current = log[settings.Monitor];
            if (_cooldown > 0) { _cooldown--; _wait = 0; }
            if (Monitoring.IsImprovement(current, _best, _minimizes, settings.MinDelta))
            {
                _best = current;
                _wait = 0;
            }
            else if (_cooldown == 0 && ++_wait >= settings.Patience)
            {
                double old = session.LearningRate;
                if (old > settings.MinLearningRate)
                {
                    session.LearningRate = Math.Max(old * settings.Factor, settings.MinLearningRate);
                    _cooldown = settings.Cooldown;
                    _wait = 0;
                }
            }
            return null;
        }

        public override CallbackState<T> Save()
        {
            var values = new Dictionary<string, double> { ["wait"] = _wait, ["cooldown"] = _cooldown };
            if (_best is { } best) values["best"] = best;
            return new(values, null);
        }

        public override void Restore(CallbackState<T> state)
        {
            _best = state.Get("best");
            _wait = (int)(state.Get("wait") ?? 0);
            _cooldown = (int)(state.Get("cooldown") ?? 0);
        }
    }
}
