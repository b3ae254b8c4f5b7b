namespace Functional.Models;

/// <summary>
/// One link of an optimizer written as a chain, in the manner of Optax
/// (<c>adam = chain(scale_by_adam(), scale_by_learning_rate(lr))</c>); <see cref="Optimizers.Chain"/> composes them.
/// </summary>
public abstract record Transform
{
    private protected Transform() { }
}

/// <summary>Keras' <c>clipnorm</c>: each tensor's gradient rescaled to an L2 norm of at most <paramref name="Norm"/>.</summary>
public sealed record ClipByNorm(double Norm) : Transform;

/// <summary>Keras' <c>global_clipnorm</c>: all gradients rescaled together to a joint L2 norm of at most <paramref name="Norm"/>.</summary>
public sealed record ClipByGlobalNorm(double Norm) : Transform;

/// <summary>Decoupled weight decay (Keras' <c>weight_decay</c>, AdamW's): <c>variable −= variable · rate · learning_rate</c> before the rule.</summary>
public sealed record DecayWeights(double Rate) : Transform;

/// <summary>Adam's rule (Keras' form, ε added to √v); it takes its learning rate from the <see cref="ScaleByLearningRate"/> that follows.</summary>
public sealed record ScaleByAdam(double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-7) : Transform;

/// <summary>SGD's rule, with optional (Nesterov) momentum; it takes its learning rate from the <see cref="ScaleByLearningRate"/> that follows.</summary>
public sealed record ScaleBySgd(double Momentum = 0, bool Nesterov = false) : Transform;

/// <summary>RMSprop's rule; it takes its learning rate from the <see cref="ScaleByLearningRate"/> that follows.</summary>
public sealed record ScaleByRms(double Rho = 0.9, double Momentum = 0, double Epsilon = 1e-7, bool Centered = false) : Transform;

/// <summary>The learning rate, constant or scheduled: the last link of a chain.</summary>
public sealed record ScaleByLearningRate : Transform
{
    /// <summary>A constant learning rate.</summary>
    public ScaleByLearningRate(double rate) => Rate = rate;

    /// <summary>A scheduled learning rate (the optimizer's <see cref="Optimizer.Schedule"/>).</summary>
    public ScaleByLearningRate(LearningRateSchedule schedule) => Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>The constant rate, or null when scheduled.</summary>
    public double? Rate { get; }

    /// <summary>The schedule, or null when constant.</summary>
    public LearningRateSchedule? Schedule { get; }
}

/// <summary>
/// Optimizers composed from <see cref="Transform"/>s, and each optimizer as the chain it is. A chain is Keras' update in
/// Keras' order (BaseOptimizer.apply): optionally a gradient clipping, optionally a weight decay, then one rule followed by its
/// learning rate. The rule and its rate run fused, as Keras writes them (SGD's and RMSprop's momentum hold the learning
/// rate inside the velocity, Adam folds it into its bias correction), so a chain gives the named optimizer, bit for bit:
/// <c>Chain(new ScaleByAdam(), new ScaleByLearningRate(1e-3)) == new Adam(1e-3)</c>.
/// </summary>
public static class Optimizers
{
    /// <summary>The optimizer the chain describes.</summary>
    /// <exception cref="ArgumentException">The links are not in Keras' order (the message names the position), or a value is out of range.</exception>
    public static Optimizer Chain(params Transform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        int i = 0;
        double? clipNorm = null, globalClipNorm = null, weightDecay = null;
        if (i < transforms.Length && transforms[i] is ClipByNorm byNorm) { clipNorm = byNorm.Norm; i++; }
        else if (i < transforms.Length && transforms[i] is ClipByGlobalNorm byGlobal) { globalClipNorm = byGlobal.Norm; i++; }
        if (i < transforms.Length && transforms[i] is DecayWeights decay) { weightDecay = decay.Rate; i++; }
        if (transforms.Length - i != 2 || transforms[^1] is not ScaleByLearningRate rate || transforms[i] is not (ScaleByAdam or ScaleBySgd or ScaleByRms))
            throw new ArgumentException(
                $"Optimizers.Chain: [{string.Join(", ", transforms.Select(t => t?.GetType().Name ?? "null"))}] is not an optimizer in Keras' order: " +
                "an optional ClipByNorm or ClipByGlobalNorm, an optional DecayWeights, then one rule (ScaleByAdam, ScaleBySgd, ScaleByRms) and last " +
                $"ScaleByLearningRate (link {i + 1} breaks it).", nameof(transforms));
        // With a schedule the constant rate is unused; it holds the schedule's first rate (the rule's default when that is 0).
        double? first = rate.Schedule?.At(0) is { } r0 && r0 > 0 ? r0 : null;
        double Rate(double fallback) => rate.Rate ?? first ?? fallback;
        Optimizer optimizer = transforms[i] switch
        {
            ScaleByAdam a when weightDecay is not null => new AdamW(Rate(0.001), weightDecay.Value, a.Beta1, a.Beta2, a.Epsilon),
            ScaleByAdam a => new Adam(Rate(0.001), a.Beta1, a.Beta2, a.Epsilon),
            ScaleBySgd s => new Sgd(Rate(0.01), s.Momentum, s.Nesterov) { WeightDecay = weightDecay },
            ScaleByRms r => new RmsProp(Rate(0.001), r.Rho, r.Momentum, r.Epsilon, r.Centered) { WeightDecay = weightDecay },
            _ => throw new InvalidOperationException("unreachable: the rule was checked above"),
        };
        return optimizer with { Schedule = rate.Schedule, ClipNorm = clipNorm, GlobalClipNorm = globalClipNorm };
    }

    /// <summary>The chain <paramref name="optimizer"/> is: its clipping, its weight decay, its rule and its learning rate.</summary>
    public static IReadOnlyList<Transform> AsChain(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var chain = new List<Transform>();
        if (optimizer.ClipNorm is { } clip) chain.Add(new ClipByNorm(clip));
        if (optimizer.GlobalClipNorm is { } global) chain.Add(new ClipByGlobalNorm(global));
        if (optimizer.WeightDecay is { } decay) chain.Add(new DecayWeights(decay));
        chain.Add(optimizer switch
        {
            Adam a => new ScaleByAdam(a.Beta1, a.Beta2, a.Epsilon),
            AdamW a => new ScaleByAdam(a.Beta1, a.Beta2, a.Epsilon),
            Sgd s => new ScaleBySgd(s.Momentum, s.Nesterov),
            RmsProp r => new ScaleByRms(r.Rho, r.Momentum, r.Epsilon, r.Centered),
            _ => throw new ArgumentException($"Optimizers.AsChain: {optimizer.Name} has no chain form.", nameof(optimizer)),
        });
        chain.Add(optimizer.Schedule is { } schedule ? new ScaleByLearningRate(schedule) : new ScaleByLearningRate(optimizer.LearningRate));
        return chain;
    }
}
