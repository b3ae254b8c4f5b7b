using System.Numerics;

using Functional.Core;

namespace Functional.Models;

/// <summary>
/// RMSprop with Keras' defaults (<c>keras.optimizers.RMSprop</c>: learning rate 0.001, ρ 0.9, momentum 0, ε 1e-7,
/// not centered). Slots: velocity, then momentum when <see cref="Momentum"/> &gt; 0, then average_gradient when
/// <see cref="Centered"/> (Keras' names and order in <c>build</c>).
/// </summary>
/// <remarks>
/// Follows keras/src/optimizers/rmsprop.py <c>update_step</c>: <c>velocity = ρ·velocity + (1 − ρ)·g²</c>; when centered
/// <c>average_grad = ρ·average_grad + (1 − ρ)·g</c> and <c>denominator = velocity − average_grad² + ε</c>, else
/// <c>denominator = velocity + ε</c> (ε inside the square root, unlike Adam); <c>increment = lr·g / sqrt(denominator)</c>;
/// with momentum <c>momentum = momentum_coef·momentum + increment</c>, <c>variable −= momentum</c>, else
/// <c>variable −= increment</c>.
/// New velocity, momentum and average-gradient values below the smallest normal number of <c>T</c> are stored as 0, as
/// under TensorFlow's flush to zero (see <see cref="Adam"/>: slots decaying into the subnormal range would cost a
/// microcode assist per lane).
/// </remarks>
public sealed record RmsProp : Optimizer
{
    /// <summary>An RMSprop optimizer; every hyperparameter is optional and named as in the properties.</summary>
    /// <param name="LearningRate">The step size (Keras' default 0.001).</param>
    /// <param name="Rho">The decay of the squared-gradient average, in [0, 1] as Keras requires (default 0.9).</param>
    /// <param name="Momentum">The decay of the momentum accumulator, in [0, 1] as Keras requires; 0 (the default) keeps none.</param>
    /// <param name="Epsilon">Added under the square root; positive as Keras requires (default 1e-7).</param>
    /// <param name="Centered">Whether to divide by the estimated variance instead of the uncentered second moment (default false).</param>
    /// <exception cref="ArgumentException">A hyperparameter is out of range.</exception>
    public RmsProp(double LearningRate = 0.001, double Rho = 0.9, double Momentum = 0, double Epsilon = 1e-7, bool Centered = false)
    {
        this.LearningRate = LearningRate;
        this.Rho = Rho;
        this.Momentum = Momentum;
        this.Epsilon = Epsilon;
        this.Centered = Centered;
    }

    /// <inheritdoc />
    public override string Name => "RmsProp";

    /// <summary>The discounting factor of the squared-gradient average, in [0, 1] (Keras' range).</summary>
    /// <exception cref="ArgumentException">Outside [0, 1].</exception>
    public double Rho { get; init => field = RequireFraction(value, nameof(Rho), includeOne: true); }

    /// <summary>The momentum coefficient, in [0, 1] (Keras' range); 0 means no momentum slot.</summary>
    /// <exception cref="ArgumentException">Outside [0, 1].</exception>
    public double Momentum { get; init => field = RequireFraction(value, nameof(Momentum), includeOne: true); }

    /// <summary>The constant added under the square root; positive and finite.</summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double Epsilon { get; init => field = RequirePositive(value, nameof(Epsilon)); }

    /// <summary>Whether gradients are normalized by the estimated variance (velocity − average_gradient²).</summary>
    public bool Centered { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> SlotNames => Names[(Momentum > 0 ? 1 : 0) + (Centered ? 2 : 0)];

    // Static, so that the per-step update reads the names without allocating: [momentum?, centered?] as an index.
    private static readonly string[][] Names =
        [["velocity"], ["velocity", "momentum"], ["velocity", "average_gradient"], ["velocity", "momentum", "average_gradient"]];

    private protected override void UpdateWholeVectors<T>(long step, double learningRate, Span<T> p, ReadOnlySpan<T> g, SlotSpans<T> slots)
    {
        int n = p.Length;
        // Scalar coefficients in double, converted to T (they do not depend on the step).
        var lr = new Vector<T>(Coefficient<T>(learningRate));
        var rho = new Vector<T>(Coefficient<T>(Rho));
        var oneMinusRho = new Vector<T>(Coefficient<T>(1 - Rho));
        var momentumCoefficient = new Vector<T>(Coefficient<T>(Momentum));
        var epsilon = new Vector<T>(Coefficient<T>(Epsilon));
        var smallestNormal = new Vector<T>(SmallestNormal<T>());
        bool hasMomentum = Momentum > 0, centered = Centered;
        // Keras' slot order: velocity, then momentum (if any), then the average gradient (if centered).
        Span<T> velocity = slots[0], momentum = hasMomentum ? slots[1] : [], average = centered ? slots[hasMomentum ? 2 : 1] : [];
        for (int k = 0; k < n; k += Vector<T>.Count)
        {
            var gk = Lanes.LoadWhole<T>(g, k);
            var vk = rho * Lanes.LoadWhole<T>(velocity, k) + oneMinusRho * (gk * gk);           // velocity = ρ·velocity + (1 − ρ)·g²
            vk = ZeroBelow(vk, vk, smallestNormal);                                              // flushed to zero
            Lanes.StoreWhole(vk, velocity, k);
            Vector<T> denominator;
            if (centered)
            {
                var ak = rho * Lanes.LoadWhole<T>(average, k) + oneMinusRho * gk;                // average_grad = ρ·average_grad + (1 − ρ)·g
                ak = ZeroBelow(ak, ak, smallestNormal);
                Lanes.StoreWhole(ak, average, k);
                denominator = vk - ak * ak + epsilon;                                            // velocity − average_grad² + ε
            }
            else
            {
                denominator = vk + epsilon;                                                      // velocity + ε
            }
            var increment = lr * gk / Vector.SquareRoot(denominator);                            // lr·g / sqrt(denominator)
            if (hasMomentum)
            {
                var mk = momentumCoefficient * Lanes.LoadWhole<T>(momentum, k) + increment;      // momentum = coef·momentum + increment
                mk = ZeroBelow(mk, mk, smallestNormal);
                Lanes.StoreWhole(mk, momentum, k);
                Lanes.StoreWhole(Lanes.LoadWhole<T>(p, k) - mk, p, k);                           // variable −= momentum
            }
            else
            {
                Lanes.StoreWhole(Lanes.LoadWhole<T>(p, k) - increment, p, k);                    // variable −= increment
            }
        }
    }
}
