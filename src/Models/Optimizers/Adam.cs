using System.Numerics;

using Functional.Core;

namespace Functional.Models;

/// <summary>
/// Adam with Keras' defaults and Keras' form of the bias correction (<c>keras.optimizers.Adam</c>: learning rate 0.001,
/// β1 0.9, β2 0.999, ε 1e-7, the "epsilon hat" added to √v). Slots: m and v (Keras' momentums and velocities).
/// </summary>
/// <remarks>
/// Follows keras/src/optimizers/adam.py <c>update_step</c> (without amsgrad), with t = iterations + 1:
/// <c>alpha = lr · sqrt(1 − β2^t) / (1 − β1^t)</c>; <c>m += (g − m)(1 − β1)</c>; <c>v += (g² − v)(1 − β2)</c>;
/// <c>variable −= (m · alpha) / (sqrt(v) + ε)</c>.
/// <para>
/// Flush to zero: a new m or v below the smallest normal number of <c>T</c> (2^−126 in float) is stored as 0, and so is
/// a product m · alpha that would be below it; TensorFlow's CPU kernels, which Keras runs on, flush such subnormal
/// values to zero as well (FTZ/DAZ). Without it the moments of weights whose gradient is almost always 0 (MNIST's
/// border pixels) decay into the subnormal range and stay there, and every operation on a subnormal lane takes a
/// microcode assist (docs/benchmarks.md, "Subnormals"). The flushed values are below 1.2e−38, so no step of a float
/// weight changes by more than that.
/// </para>
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

    /// <inheritdoc />
    public override IReadOnlyList<string> SlotNames => Names;

    private static readonly string[] Names = ["m", "v"];

    private protected override void UpdateWholeVectors<T>(long step, double learningRate, Span<T> p, ReadOnlySpan<T> g, SlotSpans<T> slots) =>
        Rule(step, learningRate, Beta1, Beta2, Epsilon, p, g, slots);

    /// <summary>Keras' Adam update of whole vectors (shared with <see cref="AdamW"/>, which decays the weights first).</summary>
    internal static void Rule<T>(long step, double learningRate, double Beta1, double Beta2, double Epsilon, Span<T> p, ReadOnlySpan<T> g,
        SlotSpans<T> slots)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> m = slots[0], v = slots[1];
        // Scalar coefficients in double (the powers β^t, the folded bias correction alpha), converted to T.
        double t = step;
        var c = new Coefficients<T>(
            Coefficient<T>(1 - Beta1), Coefficient<T>(1 - Beta2),
            Coefficient<T>(learningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t))), Coefficient<T>(Epsilon));
        // The widest native vectors first, then Vector<T> for the rest: the same bits per element either way.
        int k = Width512<T>.IsAccelerated ? RuleLanes<System.Runtime.Intrinsics.Vector512<T>, Width512<T>, T>(c, p, g, m, v) : 0;
        RuleLanes<Vector<T>, NativeWidth<T>, T>(c, p[k..], g[k..], m[k..], v[k..]);
    }

    /// <summary>The rule's coefficients in <typeparamref name="T"/>: 1 − β1, 1 − β2, the folded bias correction alpha, and ε.</summary>
    internal readonly record struct Coefficients<T>(T OneMinusBeta1, T OneMinusBeta2, T Alpha, T Epsilon);

    /// <summary>The rule over the spans' whole <typeparamref name="TW"/> vectors; returns how many elements that is.</summary>
    internal static int RuleLanes<TV, TW, T>(Coefficients<T> c, Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v)
        where TV : struct
        where TW : IVectorWidth<TV, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a1 = TW.Create(c.OneMinusBeta1);
        var a2 = TW.Create(c.OneMinusBeta2);
        var alpha = TW.Create(c.Alpha);
        var epsilon = TW.Create(c.Epsilon);
        // m·alpha is tested as m·(alpha·2^bits) against 2^bits times the smallest normal: the scaled product cannot be
        // subnormal, and, scaling by a power of two being exact, it is below that bound exactly when m·alpha would be
        // below the smallest normal. Those lanes multiply 0 instead, so no lane ever computes a subnormal product.
        T scale = T.ScaleB(T.One, T.Epsilon.GetSignificandBitLength());
        var smallestNormal = TW.Create(SmallestNormal<T>());
        var scaledAlpha = TW.Create(c.Alpha * scale);
        var scaledSmallestNormal = TW.Create(SmallestNormal<T>() * scale);
        int k = 0, end = p.Length - p.Length % TW.Count;
        for (; k < end; k += TW.Count)
        {
            var gk = TW.Load(g, k);
            var mk = TW.Load(m, k);
            var vk = TW.Load(v, k);
            mk = TW.Add(mk, TW.Multiply(TW.Subtract(gk, mk), a1));                              // m += (g - m)(1 - β1)
            vk = TW.Add(vk, TW.Multiply(TW.Subtract(TW.Multiply(gk, gk), vk), a2));             // v += (g² - v)(1 - β2)
            mk = TW.ZeroBelow(mk, mk, smallestNormal);                                          // flushed to zero
            vk = TW.ZeroBelow(vk, vk, smallestNormal);
            var stepNumerator = TW.Multiply(TW.ZeroBelow(TW.Multiply(mk, scaledAlpha), mk, scaledSmallestNormal), alpha); // m·alpha, flushed
            var pk = TW.Subtract(TW.Load(p, k), TW.Divide(stepNumerator, TW.Add(TW.Sqrt(vk), epsilon))); // variable -= m·alpha / (√v + ε)
            TW.Store(mk, m, k);
            TW.Store(vk, v, k);
            TW.Store(pk, p, k);
        }
        return k;
    }
}
