using System.Numerics;

using Functional.Core;

namespace Functional.Models;

/// <summary>
/// Adam with Keras' defaults and Keras' form of the bias correction (<c>keras.optimizers.Adam</c>: learning rate 0.001,
/// β1 0.9, β2 0.999, ε 1e-7, the "epsilon hat" added to √v). Slots: [m, v] (Keras' momentums and velocities).
/// </summary>
/// <remarks>
/// Follows keras/src/optimizers/adam.py <c>update_step</c> (without amsgrad), with t = iterations + 1:
/// <c>alpha = lr · sqrt(1 − β2^t) / (1 − β1^t)</c>; <c>m += (g − m)(1 − β1)</c>; <c>v += (g² − v)(1 − β2)</c>;
/// <c>variable −= (m · alpha) / (sqrt(v) + ε)</c>.
/// </remarks>
public sealed record Adam : Optimizer
{
    /// <summary>An Adam optimizer; every hyperparameter is optional and named as in the properties.</summary>
    /// <param name="LearningRate">The step size (Keras' default 0.001).</param>
    /// <param name="Beta1">The decay of the first-moment average, in [0, 1) (default 0.9).</param>
    /// <param name="Beta2">The decay of the second-moment average, in [0, 1) (default 0.999).</param>
    /// <param name="Epsilon">Added to √v; positive (default 1e-7).</param>
    /// <exception cref="ArgumentException">A hyperparameter is out of range.</exception>
    public Adam(double LearningRate = 0.001, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-7)
    {
        this.LearningRate = LearningRate;
        this.Beta1 = Beta1;
        this.Beta2 = Beta2;
        this.Epsilon = Epsilon;
    }

    /// <inheritdoc />
    public override string Name => "Adam";

    /// <summary>The decay rate of the first-moment estimate m, in [0, 1) (1 would divide by 1 − β1^t = 0).</summary>
    /// <exception cref="ArgumentException">Outside [0, 1).</exception>
    public double Beta1 { get; init => field = RequireFraction(value, nameof(Beta1), includeOne: false); }

    /// <summary>The decay rate of the second-moment estimate v, in [0, 1) (1 would freeze v at 0 and the step at 0).</summary>
    /// <exception cref="ArgumentException">Outside [0, 1).</exception>
    public double Beta2 { get; init => field = RequireFraction(value, nameof(Beta2), includeOne: false); }

    /// <summary>The constant added to √v for numerical stability; positive and finite.</summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double Epsilon { get; init => field = RequirePositive(value, nameof(Epsilon)); }

    private protected override int SlotCount => 2;

    private protected override LeafKernel<T> Kernel<T>(long step)
    {
        // Scalar coefficients in double (the powers β^t, the folded bias correction alpha), converted to T once per step.
        double t = step;
        double alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        T a = Coefficient<T>(alpha);
        T oneMinusBeta1 = Coefficient<T>(1 - Beta1);
        T oneMinusBeta2 = Coefficient<T>(1 - Beta2);
        T epsilon = Coefficient<T>(Epsilon);
        // The rule is written once, on Vector<T> lanes (the last, partial vector through Lanes' padded load and store):
        // each operation is IEEE-rounded per element and the JIT never fuses a multiply and an add, so every lane gets the
        // bits of the scalar formula, several elements at a time.
        var a1 = new Vector<T>(oneMinusBeta1);
        var a2 = new Vector<T>(oneMinusBeta2);
        var av = new Vector<T>(a);
        var ev = new Vector<T>(epsilon);
        return (p, g, s, pNew, sNew, start, end) =>
        {
            T[] m = s[0], v = s[1], mNew = sNew[0], vNew = sNew[1];
            for (int k = start; k < end; k += Vector<T>.Count)
            {
                var gk = Lanes.Load(g, k);
                var mk = Lanes.Load(m, k);
                var vk = Lanes.Load(v, k);
                mk += (gk - mk) * a1;                                                    // m += (g - m)(1 - β1)
                vk += (gk * gk - vk) * a2;                                               // v += (g² - v)(1 - β2)
                var pk = Lanes.Load(p, k) - mk * av / (Vector.SquareRoot(vk) + ev);      // variable -= m·alpha / (√v + ε)
                Lanes.Store(mk, mNew, k);
                Lanes.Store(vk, vNew, k);
                Lanes.Store(pk, pNew, k);
            }
        };
    }
}
