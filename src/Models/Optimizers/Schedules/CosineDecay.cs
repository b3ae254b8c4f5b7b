namespace Functional.Models;

/// <summary>
/// Keras' <c>CosineDecay</c>, with its optional linear warmup. Without a warmup target:
/// <c>initial · ((1 − alpha) · ½(1 + cos(π · min(step, decay_steps) / decay_steps)) + alpha)</c>. With one, the rate rises
/// linearly from <c>initial</c> to <c>warmup_target</c> over <c>warmup_steps</c>
/// (<c>(target − initial) · step / warmup_steps + initial</c>), then decays from <c>warmup_target</c> as above over the next
/// <c>decay_steps</c> (step counted from the end of the warmup).
/// </summary>
public sealed record CosineDecay : LearningRateSchedule
{
    /// <summary>A schedule from its parameters, named as in Keras.</summary>
    /// <param name="InitialLearningRate">The rate at step 0; finite, at least 0.</param>
    /// <param name="DecaySteps">Steps to decay over; positive.</param>
    /// <param name="Alpha">The final rate as a fraction of the decay's starting rate; finite, at least 0.</param>
    /// <param name="WarmupTarget">The rate the warmup rises to, or null for no warmup.</param>
    /// <param name="WarmupSteps">Steps of warmup; at least 0 (0 starts the decay from <paramref name="WarmupTarget"/> at once).</param>
    public CosineDecay(double InitialLearningRate, long DecaySteps, double Alpha = 0, double? WarmupTarget = null, long WarmupSteps = 0)
    {
        this.InitialLearningRate = Require(InitialLearningRate, nameof(InitialLearningRate));
        this.DecaySteps = DecaySteps > 0 ? DecaySteps : throw new ArgumentException($"CosineDecay: DecaySteps must be positive, got {DecaySteps}.");
        this.Alpha = Require(Alpha, nameof(Alpha));
        this.WarmupTarget = WarmupTarget is { } target ? Require(target, nameof(WarmupTarget)) : null;
        this.WarmupSteps = WarmupSteps >= 0 ? WarmupSteps : throw new ArgumentException($"CosineDecay: WarmupSteps must not be negative, got {WarmupSteps}.");
    }

    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>Steps to decay over.</summary>
    public long DecaySteps { get; }

    /// <summary>The final rate as a fraction of the decay's starting rate.</summary>
    public double Alpha { get; }

    /// <summary>The rate the warmup rises to, or null for no warmup.</summary>
    public double? WarmupTarget { get; }

    /// <summary>Steps of warmup.</summary>
    public long WarmupSteps { get; }

    private protected override double Rate(long step)
    {
        double s = step, decaySteps = DecaySteps;
        if (WarmupTarget is not { } target) return Decay(Math.Min(s, decaySteps), InitialLearningRate);
        double warmupSteps = WarmupSteps;
        s = Math.Min(s, decaySteps + warmupSteps);
        return s < warmupSteps
            ? (target - InitialLearningRate) * (s / warmupSteps) + InitialLearningRate
            : Decay(s - warmupSteps, target);
    }

    private double Decay(double step, double from)
    {
        double cosine = 0.5 * (1.0 + Math.Cos(Math.PI * (step / DecaySteps)));
        return from * ((1 - Alpha) * cosine + Alpha);
    }
}
