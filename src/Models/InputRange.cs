using System.Numerics.Tensors;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The range of input values a model was trained on. Predicting on inputs far outside it (the classic slip: training
/// on pixels ÷ 255, predicting on raw 0–255 pixels) gives confident nonsense, so Predict and Evaluate warn.
/// </summary>
/// <param name="Min">The smallest input value seen in training.</param>
/// <param name="Max">The largest input value seen in training.</param>
public sealed record InputRange(double Min, double Max)
{
    /// <summary>The range of the values of <paramref name="x"/>.</summary>
    public static InputRange Of<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = MatrixData.ColumnMajor(x);
        if (data.Length == 0) throw new ArgumentException("InputRange.Of: no values.", nameof(x));
        // Vectorized (Fit scans all of x: 47 million values for MNIST); NaN, which TensorPrimitives propagates, is
        // skipped by the loop below instead.
        T low = TensorPrimitives.Min<T>(data), high = TensorPrimitives.Max<T>(data);
        if (!T.IsNaN(low) && !T.IsNaN(high)) return new InputRange(double.CreateTruncating(low), double.CreateTruncating(high));
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in data)
        {
            double d = double.CreateTruncating(v);
            if (d < min) min = d;
            if (d > max) max = d;
        }
        return new InputRange(min, max);
    }

    /// <summary>The smallest range holding both.</summary>
    public InputRange Union(InputRange other) => new(Math.Min(Min, other.Min), Math.Max(Max, other.Max));

    /// <summary>
    /// True when <paramref name="other"/> reaches further than one training span beyond either end of this range
    /// (e.g. trained on [0, 1], given [0, 255]): that far out, a model is extrapolating, not predicting.
    /// </summary>
    public bool IsFarOutside(InputRange other)
    {
        double span = Math.Max(Max - Min, Math.Max(Math.Abs(Max), Math.Abs(Min)) * 1e-3 + 1e-12);
        return other.Min < Min - span || other.Max > Max + span;
    }

    /// <summary>"[0, 1]".</summary>
    public override string ToString() => FormattableString.Invariant($"[{Min:G4}, {Max:G4}]");
}
