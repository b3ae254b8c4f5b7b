using System.Numerics;

using Functional.Core;

namespace Functional.Models;

/// <summary>
/// Stochastic gradient descent, optionally with momentum or Nesterov momentum, with Keras' defaults
/// (<c>keras.optimizers.SGD</c>: learning rate 0.01, momentum 0, no Nesterov).
/// Slots: none when <see cref="Momentum"/> is 0, else momentum (Keras' name for the velocity).
/// </summary>
/// <remarks>
/// Follows keras/src/optimizers/sgd.py <c>update_step</c>:
/// with momentum, <c>m = m·momentum − g·lr</c>, then <c>variable += m·momentum − g·lr</c> when Nesterov, else
/// <c>variable += m</c>; without momentum, <c>variable −= g·lr</c> (Nesterov then changes nothing, as in Keras).
/// A new m below the smallest normal number of <c>T</c> is stored as 0, as under TensorFlow's flush to zero (see
/// <see cref="Adam"/>: a momentum decaying into the subnormal range would cost a microcode assist per lane).
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

    /// <inheritdoc />
    public override IReadOnlyList<string> SlotNames => Momentum != 0 ? MomentumNames : [];

    private static readonly string[] MomentumNames = ["momentum"];

    private protected override void UpdateWholeVectors<T>(long step, double learningRate, Span<T> p, ReadOnlySpan<T> g, SlotSpans<T> slots)
    {
        int n = p.Length;
        // Coefficients in double, converted to T (Keras casts lr and momentum to the variable's dtype).
        var lr = new Vector<T>(Coefficient<T>(learningRate));
        if (Momentum == 0)
        {
            for (int k = 0; k < n; k += Vector<T>.Count)                                         // variable -= gradient * lr
                Lanes.StoreWhole(Lanes.LoadWhole<T>(p, k) - Lanes.LoadWhole<T>(g, k) * lr, p, k);
            return;
        }
        Span<T> m = slots[0];
        var momentum = new Vector<T>(Coefficient<T>(Momentum));
        var smallestNormal = new Vector<T>(SmallestNormal<T>());
        for (int k = 0; k < n; k += Vector<T>.Count)
        {
            var gLr = Lanes.LoadWhole<T>(g, k) * lr;
            var mk = Lanes.LoadWhole<T>(m, k) * momentum - gLr;                                  // m = m * momentum - gradient * lr
            mk = ZeroBelow(mk, mk, smallestNormal);                                              // flushed to zero
            var pk = Lanes.LoadWhole<T>(p, k) + (Nesterov ? mk * momentum - gLr
                : mk);           // variable += m * momentum - gradient * lr (Nesterov), else += m
            Lanes.StoreWhole(mk, m, k);
            Lanes.StoreWhole(pk, p, k);
        }
    }
}
