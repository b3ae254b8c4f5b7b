namespace Functional.Models;

/// <summary>
/// Keras' <c>ExponentialDecay</c>: <c>initial_learning_rate · decay_rate ^ (step / decay_steps)</c>, with the exponent
/// floored when <see cref="Staircase"/> (the rate then drops every <see cref="DecaySteps"/> steps).
/// </summary>
public sealed record ExponentialDecay : LearningRateSchedule
{
    /// <summary>A schedule from its parameters, named as in Keras.</summary>
    /// <param name="InitialLearningRate">The rate at step 0; finite, at least 0.</param>
    /// <param name="DecaySteps">Steps per factor of <paramref name="DecayRate"/>; positive.</param>
    /// <param name="DecayRate">The factor per <paramref name="DecaySteps"/>; finite, at least 0.</param>
    /// <param name="Staircase">Decay in whole steps of <paramref name="DecaySteps"/>.</param>
    public ExponentialDecay(double InitialLearningRate, long DecaySteps, double DecayRate, bool Staircase = false)
    {
        this.InitialLearningRate = Require(InitialLearningRate, nameof(InitialLearningRate));
        this.DecaySteps = DecaySteps > 0 ? DecaySteps : throw new ArgumentException($"ExponentialDecay: DecaySteps must be positive, got {DecaySteps}.");
        this.DecayRate = Require(DecayRate, nameof(DecayRate));
        this.Staircase = Staircase;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps per factor of <see cref="DecayRate"/>.</summary>
    public long DecaySteps { get; }

    /// <summary>The factor per <see cref="DecaySteps"/> steps.</summary>
    public double DecayRate { get; }

    /// <summary>Whether the exponent is floored.</summary>
    public bool Staircase { get; }

    private protected override double Rate(long step)
    {
        double p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate * Math.Pow(DecayRate, p);
    }
}
