namespace Functional.Models;

/// <summary>
/// AdamW (<c>keras.optimizers.AdamW</c>): Adam with decoupled weight decay, Keras' defaults (learning rate 0.001,
/// weight decay 0.004, β1 0.9, β2 0.999, ε 1e-7). Before each Adam update every parameter is decayed,
/// <c>variable −= variable · weight_decay · learning_rate</c>, then Adam's rule runs on the (clipped) gradient. The same as
/// <c>new Adam() with { WeightDecay = 0.004 }</c>, under Keras' name. Slots: m and v.
/// </summary>
public sealed record AdamW : Optimizer
{
    /// <summary>An AdamW optimizer; every hyperparameter is optional and named as in the properties.</summary>
    /// <param name="LearningRate">The step size (default 0.001).</param>
    /// <param name="WeightDecay">The decoupled decay per unit of learning rate (default 0.004).</param>
    /// <param name="Beta1">The decay of the first-moment average, in [0, 1) (default 0.9).</param>
    /// <param name="Beta2">The decay of the second-moment average, in [0, 1) (default 0.999).</param>
    /// <param name="Epsilon">Added to √v; positive (default 1e-7).</param>
    /// <exception cref="ArgumentException">A hyperparameter is out of range.</exception>
    public AdamW(double LearningRate = 0.001, double WeightDecay = 0.004, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-7)
    {
        this.LearningRate = LearningRate;
        this.WeightDecay = WeightDecay;
        this.Beta1 = Beta1;
        this.Beta2 = Beta2;
        this.Epsilon = Epsilon;
    }

    /// <inheritdoc />
    public override string Name => "AdamW";

    /// <summary>The decay rate of the first-moment estimate m, in [0, 1).</summary>
    public double Beta1 { get; init => field = RequireFraction(value, nameof(Beta1), includeOne: false); }

    /// <summary>The decay rate of the second-moment estimate v, in [0, 1).</summary>
    public double Beta2 { get; init => field = RequireFraction(value, nameof(Beta2), includeOne: false); }

    /// <summary>The constant added to √v; positive and finite.</summary>
    public double Epsilon { get; init => field = RequirePositive(value, nameof(Epsilon)); }

    /// <inheritdoc />
    public override IReadOnlyList<string> SlotNames => Names;

    private static readonly string[] Names = ["m", "v"];

    private protected override void UpdateWholeVectors<T>(long step, double learningRate, Span<T> p, ReadOnlySpan<T> g, SlotSpans<T> slots) =>
        Adam.Rule(step, learningRate, Beta1, Beta2, Epsilon, p, g, slots);
}
