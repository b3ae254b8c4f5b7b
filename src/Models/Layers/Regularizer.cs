using System.Globalization;

namespace Functional.Models;

/// <summary>
/// Keras' weight penalty <c>L1L2(l1, l2)</c>: <c>l1 · Σ|w| + l2 · Σw²</c> over a tensor, added to the training loss (and, as in
/// Keras' <c>compute_loss</c>, to every loss the model reports: History's "loss" and "val_loss", Evaluate), with its gradient
/// <c>l1 · sign(w) + 2 · l2 · w</c> added to the tensor's. Give one to Dense as its kernel or bias regularizer
/// (<c>Layers.Dense(64, Activation.Relu, kernelRegularizer: Regularizers.L2(1e-3))</c>).
/// </summary>
/// <remarks>The sums run in double; the penalty is added to the batch loss in double and the total rounded to the element type
/// once (Keras computes both in float32).</remarks>
public sealed record Regularizer
{
    /// <summary>A penalty of <paramref name="l1"/> · Σ|w| + <paramref name="l2"/> · Σw².</summary>
    /// <exception cref="ArgumentException">A factor is negative or not finite.</exception>
    public Regularizer(double l1, double l2)
    {
        L1 = double.IsFinite(l1) && l1 >= 0 ? l1
            : throw new ArgumentException(FormattableString.Invariant($"Regularizer: l1 must be finite and at least 0, got {l1}."), nameof(l1));
        L2 = double.IsFinite(l2) && l2 >= 0 ? l2
            : throw new ArgumentException(FormattableString.Invariant($"Regularizer: l2 must be finite and at least 0, got {l2}."), nameof(l2));
    }

    /// <summary>The factor of Σ|w|.</summary>
    public double L1 { get; }

    /// <summary>The factor of Σw².</summary>
    public double L2 { get; }

    /// <summary>The penalty of the values <paramref name="w"/>.</summary>
    public double Penalty<T>(ReadOnlySpan<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double abs = 0, squares = 0;
        foreach (var v in w)
        {
            double d = double.CreateTruncating(v);
            abs += Math.Abs(d);
            squares += d * d;
        }
        return (L1 > 0 ? L1 * abs : 0) + (L2 > 0 ? L2 * squares : 0);
    }

    /// <summary>Adds the penalty's gradient at <paramref name="w"/> to <paramref name="gradient"/>: l1 · sign(w) + 2 · l2 · w.</summary>
    public void AddGradient<T>(ReadOnlySpan<T> w, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradient.Length != w.Length) throw new ArgumentException($"Regularizer: {w.Length} values but a gradient of {gradient.Length}.", nameof(gradient));
        T l1 = T.CreateTruncating(L1), twoL2 = T.CreateTruncating(2 * L2);
        for (int k = 0; k < w.Length; k++) gradient[k] += l1 * T.CreateTruncating(T.Sign(w[k])) + twoL2 * w[k];
    }

    /// <summary>"L2(0.01)", "L1(0.001)", "L1L2(l1=0.01, l2=0.001)", as Keras names them.</summary>
    public override string ToString() => (L1, L2) switch
    {
        ( > 0, 0) => string.Create(CultureInfo.InvariantCulture, $"L1({L1})"),
        (0, > 0) => string.Create(CultureInfo.InvariantCulture, $"L2({L2})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"L1L2(l1={L1}, l2={L2})"),
    };
}

/// <summary>The weight penalties as Keras names them (<c>keras.regularizers.L1/L2/L1L2</c>), with Keras' defaults.</summary>
public static class Regularizers
{
    /// <summary><c>l1 · Σ|w|</c>.</summary>
    public static Regularizer L1(double l1 = 0.01) => new(l1, 0);

    /// <summary><c>l2 · Σw²</c>.</summary>
    public static Regularizer L2(double l2 = 0.01) => new(0, l2);

    /// <summary><c>l1 · Σ|w| + l2 · Σw²</c>.</summary>
    public static Regularizer L1L2(double l1 = 0, double l2 = 0) => new(l1, l2);
}

/// <summary>The weight penalties of a model's tensors, in the engine's order: what the loss and its gradient add.</summary>
internal static class Penalties
{
    /// <summary>The loss the model reports for a batch: <paramref name="loss"/> plus the penalty, rounded to T once (unchanged without penalties).</summary>
    public static T Total<T>(T loss, double penalty, bool penalized) where T : unmanaged, IFloatingPointIeee754<T> =>
        penalized ? T.CreateTruncating(double.CreateTruncating(loss) + penalty) : loss;
}
