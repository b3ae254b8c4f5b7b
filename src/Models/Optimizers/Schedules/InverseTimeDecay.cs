namespace Functional.Models;

/// <summary>
/// Keras' <c>InverseTimeDecay</c>: <c>initial_learning_rate / (1 + decay_rate · step / decay_steps)</c>, with
/// <c>step / decay_steps</c> floored when <see cref="Staircase"/>.
/// </summary>
public sealed record InverseTimeDecay : LearningRateSchedule
{
    /// <summary>A schedule from its parameters, named as in Keras.</summary>
    /// <param name="InitialLearningRate">The rate at step 0; finite, at least 0.</param>
    /// <param name="DecaySteps">The step scale; positive.</param>
    /// <param name="DecayRate">How fast the rate falls; finite, at least 0.</param>
    /// <param name="Staircase">Decay in whole steps of <paramref name="DecaySteps"/>.</param>
    public InverseTimeDecay(double InitialLearningRate, long DecaySteps, double DecayRate, bool Staircase = false)
    {
        this.InitialLearningRate = Require(InitialLearningRate, nameof(InitialLearningRate));
        this.DecaySteps = DecaySteps > 0 ? DecaySteps : throw new ArgumentException($"InverseTimeDecay: DecaySteps must be positive, got {DecaySteps}.");
        this.DecayRate = Require(DecayRate, nameof(DecayRate));
        this.Staircase = Staircase;
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The step scale.</summary>
    public long DecaySteps { get; }

    /// <summary>How fast the rate falls.</summary>
    public double DecayRate { get; }

    /// <summary>Whether <c>step / decay_steps</c> is floored.</summary>
    public bool Staircase { get; }

    private protected override double Rate(long step)
    {
        double p = (double)step / DecaySteps;
        if (Staircase) p = Math.Floor(p);
        return InitialLearningRate / (1 + DecayRate * p);
    }
}
