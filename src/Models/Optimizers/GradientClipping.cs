using System.Numerics.Tensors;

namespace Functional.Models;

/// <summary>
/// Keras' gradient clipping (keras/src/optimizers/base_optimizer.py), in place on gradient storage. Norms are summed in
/// double; the rescaling runs in the element type, as Keras' ops do.
/// </summary>
internal static class GradientClipping
{
    /// <summary><c>clipnorm</c>: <c>g · clip / max(‖g‖, clip)</c>, with ‖g‖ = 0 for a zero gradient (Keras' two-tap where).</summary>
    public static void ByNorm<T>(T[] gradient, double clip) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = SumOfSquares(gradient);
        double norm = sum > 0 ? Math.Sqrt(sum) : sum;
        T c = T.CreateChecked(clip), denominator = T.CreateTruncating(Math.Max(norm, clip)); // Math.Max keeps a NaN norm
        TensorPrimitives.Multiply(gradient, c, gradient);
        TensorPrimitives.Divide(gradient, denominator, gradient);
    }

    /// <summary>
    /// <c>global_clipnorm</c>: every gradient times <c>clip · min(1/‖g‖, 1/clip) + (‖g‖ − ‖g‖)</c>, the last term NaN for a
    /// non-finite norm.
    /// </summary>
    public static void ByGlobalNorm<T>(T[][] gradients, double clip) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var g in gradients) sum += SumOfSquares(g);
        double norm = Math.Sqrt(sum);
        T scale = T.CreateTruncating(clip * Math.Min(1.0 / norm, 1.0 / clip) + (norm - norm));
        foreach (var g in gradients) TensorPrimitives.Multiply(g, scale, g);
    }

    private static double SumOfSquares<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var v in values)
        {
            double d = double.CreateTruncating(v);
            sum += d * d;
        }
        return sum;
    }
}
