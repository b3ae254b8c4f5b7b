namespace Functional.Models;

/// <summary>
/// Stochastic gradient descent, optionally with momentum or Nesterov momentum, with Keras' defaults
/// (<c>keras.optimizers.SGD</c>: learning rate 0.01, momentum 0, no Nesterov).
/// Slots: none when <see cref="Momentum"/> is 0, else [velocity].
/// </summary>
/// <remarks>
/// Follows keras/src/optimizers/sgd.py <c>update_step</c>:
/// with momentum, <c>m = m·momentum − g·lr</c>, then <c>variable += m·momentum − g·lr</c> when Nesterov, else
/// <c>variable += m</c>; without momentum, <c>variable −= g·lr</c> (Nesterov then changes nothing, as in Keras).
/// </remarks>
public sealed record Sgd : Optimizer
{
    /// <summary>An SGD optimizer; every hyperparameter is optional and named as in the properties.</summary>
    /// <param name="LearningRate">The step size (Keras' default 0.01).</param>
    /// <param name="Momentum">The velocity's decay, in [0, 1] as Keras requires; 0 (the default) is plain SGD.</param>
    /// <param name="Nesterov">Whether to use Nesterov momentum (default false).</param>
    /// <exception cref="ArgumentException">A hyperparameter is out of range.</exception>
    public Sgd(double LearningRate = 0.01, double Momentum = 0, bool Nesterov = false)
    {
        this.LearningRate = LearningRate;
        this.Momentum = Momentum;
        this.Nesterov = Nesterov;
    }

    /// <inheritdoc />
    public override string Name => "Sgd";

    /// <summary>The velocity's decay factor, in [0, 1] (Keras: "`momentum` must be a float between [0, 1]"); 0 means plain SGD.</summary>
    /// <exception cref="ArgumentException">Outside [0, 1].</exception>
    public double Momentum { get; init => field = RequireFraction(value, nameof(Momentum), includeOne: true); }

    /// <summary>Whether to apply Nesterov momentum (only matters when <see cref="Momentum"/> &gt; 0).</summary>
    public bool Nesterov { get; init; }

    private protected override int SlotCount => Momentum != 0 ? 1 : 0;

    private protected override LeafKernel<T> Kernel<T>()
    {
        // Coefficients in double, converted to T once (Keras casts lr and momentum to the variable's dtype).
        T lr = Coefficient<T>(LearningRate);
        if (Momentum == 0)
        {
            // variable -= gradient * lr
            return (_, p, g, _, pNew, _) =>
            {
                for (int k = 0; k < p.Length; k++) pNew[k] = p[k] - g[k] * lr;
            };
        }
        T momentum = Coefficient<T>(Momentum);
        if (Nesterov)
        {
            // m = m * momentum - gradient * lr;  variable += m * momentum - gradient * lr
            return (_, p, g, s, pNew, sNew) =>
            {
                T[] m = s[0], mNew = sNew[0];
                for (int k = 0; k < p.Length; k++)
                {
                    T gLr = g[k] * lr;
                    mNew[k] = m[k] * momentum - gLr;
                    pNew[k] = p[k] + (mNew[k] * momentum - gLr);
                }
            };
        }
        // m = m * momentum - gradient * lr;  variable += m
        return (_, p, g, s, pNew, sNew) =>
        {
            T[] m = s[0], mNew = sNew[0];
            for (int k = 0; k < p.Length; k++)
            {
                mNew[k] = m[k] * momentum - g[k] * lr;
                pNew[k] = p[k] + mNew[k];
            }
        };
    }
}
