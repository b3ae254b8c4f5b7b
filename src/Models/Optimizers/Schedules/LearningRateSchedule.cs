namespace Functional.Models;

/// <summary>
/// A learning rate that changes during training: a pure function of the optimizer's step, as Keras'
/// <c>keras.optimizers.schedules.LearningRateSchedule</c>. Give one to an optimizer as its <see cref="Optimizer.Schedule"/>;
/// update number t (1 for the first) uses <c>At(t − 1)</c>, the step Keras passes (its <c>iterations</c> before the update).
/// Computed in double.
/// </summary>
public abstract record LearningRateSchedule
{
    private protected LearningRateSchedule() { }

    /// <summary>The learning rate at <paramref name="step"/> (0 for the first update).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    public double At(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Rate(step);
    }

    /// <summary>The learning rate at a non-negative step.</summary>
    private protected abstract double Rate(long step);

    /// <summary>Throws unless <paramref name="value"/> is finite and at least 0 (strictly positive when <paramref name="positive"/>).</summary>
    private protected double Require(double value, string name, bool positive = false) =>
        double.IsFinite(value) && (positive ? value > 0 : value >= 0)
            ? value
            : throw new ArgumentException(
                FormattableString.Invariant($"{GetType().Name}: {name} must be finite and {(positive ? "positive" : "at least 0")}, got {value}."), name);
}
