using System.Globalization;

namespace Functional.Models;

/// <summary>
/// Keras' <c>LearningRateScheduler</c>: before each epoch the learning rate becomes <c>Schedule(epoch, lr)</c>, with
/// <c>epoch</c> counted from 0 as Keras does and <c>lr</c> the current rate. The History gets a "learning_rate" key.
/// For a rate that changes every step, give the optimizer a <see cref="LearningRateSchedule"/> instead.
/// </summary>
/// <param name="Schedule">The new rate from the 0-based epoch and the current rate; must return a positive, finite rate.
/// It should be a pure function: a resumed run (<see cref="BackupAndRestore"/>) calls it again only for the epochs it runs.</param>
public sealed record LearningRateScheduler(Func<int, double, double> Schedule) : Callback
{
    internal override void Validate(CallbackCheck check)
    {
        if (Schedule is null) throw new ArgumentException("LearningRateScheduler: the schedule function is null.");
        LearningRateCallbacks.RequireConstantRate("LearningRateScheduler", check.Optimizer);
    }

    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>(this, session);

    private sealed class Run<T>(LearningRateScheduler settings, FitSession<T> session) : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void OnEpochBegin(int epoch)
        {
            double current = session.LearningRate;
            double rate = settings.Schedule(epoch - 1, current);
            if (!(double.IsFinite(rate) && rate > 0))
                throw new InvalidOperationException(
                    FormattableString.Invariant($"LearningRateScheduler: the schedule returned {rate} for epoch {epoch - 1} ") +
                    FormattableString.Invariant($"(0-based; the rate was {current}); ") +
                    "a learning rate must be positive and finite.");
            session.LearningRate = rate;
        }
    }
}

/// <summary>What the callbacks that set the learning rate share.</summary>
internal static class LearningRateCallbacks
{
    /// <summary>The History key of the rate each epoch trained with.</summary>
    public const string Key = "learning_rate";

    /// <summary>Whether <paramref name="callbacks"/> change the learning rate (their runs then log it).</summary>
    public static bool Present(IEnumerable<Callback> callbacks) => callbacks.Any(c => c is ReduceLROnPlateau or LearningRateScheduler);

    /// <summary>Throws when the optimizer's rate is a schedule, which a callback cannot set.</summary>
    public static void RequireConstantRate(string callback, Optimizer optimizer)
    {
        if (optimizer.Schedule is { } schedule)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Fit: {callback} sets the learning rate, but {optimizer.Name}'s rate is the schedule {schedule}; use one or the other."),
                "options");
    }
}
