using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Losses: gradients match finite differences of values, the fused and separate forms agree, and the values behave.</summary>
public class LossProperties
{
    private static readonly Loss Mse = Loss.MeanSquaredError;
    private static readonly Loss CeLogits = Loss.SparseCategoricalCrossentropy(fromLogits: true);
    private static readonly Loss CeProbabilities = Loss.SparseCategoricalCrossentropy(fromLogits: false);
    private const double Eps = FiniteDifferences.MachineEpsilon;

    // One tolerance for every gradient check: |Gradient − FD| ≤ 1e-6 + 1e-6·max(|Gradient|, |FD|). Each step below is
    // chosen so that the expected error is at least 30× below it (measured over 2 000 cases each, the worst errors were
    // 3e-6 (MSE), 9e-5 (from logits) and 4e-3 (from probabilities) of the tolerance); a wrong gradient is off by O(1/n) or more.
    private const double AbsoluteTolerance = 1e-6;
    private const double RelativeTolerance = 1e-6;

    private static void GradientMatches(Loss loss, LossCase c, double step)
    {
        var analytic = loss.Gradient(c.Predictions, c.Targets);
        var numeric = FiniteDifferences.Gradient(p => loss.Value(p, c.Targets), c.Predictions, step);
        var problem = FiniteDifferences.Disagreement(analytic, numeric, AbsoluteTolerance, RelativeTolerance);
        Assert.True(problem is null, $"{loss}.Gradient is not the derivative of Value: {problem}");
    }

    // MSE is quadratic, so the central difference has no truncation error (f''' = 0) and only rounding matters:
    // ≈ n·ε·|f|/h ≤ 96·2.2e-16·256/1e-3 ≈ 5e-9 worst case (|p − t| ≤ 16). A large step h = 1e-3 keeps that small.
    [Property(MaxTest = 200)]
    public Property Mse_gradient_equals_finite_differences() =>
        Prop.ForAll(Generators.MseCases(Generators.Moderate), c => GradientMatches(Mse, c, 1e-3));

    // Cross-entropy from logits: f = mean_i(logsumexp(z_i) − z_i[y]); |f'''| ≤ 0.4 (logsumexp's third derivative),
    // so with h = 1e-5 truncation ≤ 1e-10·0.4/6 ≈ 7e-12, rounding ≈ few·ε·|f|/h ≤ 4·2.2e-16·20/1e-5 ≈ 2e-9.
    [Property(MaxTest = 200)]
    public Property Crossentropy_from_logits_gradient_equals_finite_differences() =>
        Prop.ForAll(Generators.CrossEntropyCases(Generators.Moderate), c => GradientMatches(CeLogits, c, 1e-5));

    // Cross-entropy from probabilities (Keras' form): f = mean_i(log Σ_k clip(p_ik) − log clip(p_iy)). Probabilities lie
    // in (1e-3, 1 − 1e-3), far from the clip bounds 1e-7 and 1 − 1e-7 compared with the step, so the clip is the
    // identity around every point; rows are NOT normalized (log Σ renormalizes them) and the gradient must still match.
    // The derivative −1/p_y is steep: |f'''| ≤ 2/p³ ≤ 2e9, so truncation is h²·2e9/6, relative to the gradient 1/p
    // that is h²/(3p²) = 3e-9 at h = 1e-7; rounding is ε·|f|/h ≤ 2.2e-16·10/1e-7 ≈ 2e-8 absolute.
    [Property(MaxTest = 200)]
    public Property Crossentropy_from_probabilities_gradient_equals_finite_differences() =>
        Prop.ForAll(Generators.CrossEntropyCases(Generators.Probability), c => GradientMatches(CeProbabilities, c, 1e-7));

    private static void FusedEqualsSeparate(Loss loss, LossCase c)
    {
        var (value, gradient) = loss.ValueAndGradient(c.Predictions, c.Targets);
        double separateValue = loss.Value(c.Predictions, c.Targets);
        var separateGradient = loss.Gradient(c.Predictions, c.Targets);
        // The same arithmetic in the same order: the results must be identical, bit for bit.
        Assert.True(value.Equals(separateValue), $"{loss}: ValueAndGradient's value {value:R} differs from Value {separateValue:R}");
        Assert.True(gradient.Equals(separateGradient),
            $"{loss}: ValueAndGradient's gradient {Show.Matrix(gradient)} differs from Gradient {Show.Matrix(separateGradient)}");
    }

    [Property(MaxTest = 100)]
    public Property Mse_value_and_gradient_equal_value_and_gradient() =>
        Prop.ForAll(Generators.MseCases(Generators.Wide), c => FusedEqualsSeparate(Mse, c));

    [Property(MaxTest = 100)]
    public Property Crossentropy_from_logits_value_and_gradient_equal_value_and_gradient() =>
        Prop.ForAll(Generators.CrossEntropyCases(Generators.Wide), c => FusedEqualsSeparate(CeLogits, c));

    // Probabilities here include values outside (0, 1) so the clipped branch of the gradient is exercised too.
    [Property(MaxTest = 100)]
    public Property Crossentropy_from_probabilities_value_and_gradient_equal_value_and_gradient() =>
        Prop.ForAll(Generators.CrossEntropyCases(Gen.Frequency((3, Generators.Probability), (1, Generators.Uniform(-0.5, 1.5)))),
            c => FusedEqualsSeparate(CeProbabilities, c));

    // With one class softmax is exactly 1, above the clip bound 1 − 1e-7, so cases have 2 to 12 classes.
    // Logits in [−3, 3] with at most 12 classes give softmax probabilities in [e^-6/12, 1/(1 + e^-6)] ⊂ [2e-4, 0.9976],
    // inside the clip range, where log(clip(softmax(z))) = z − logsumexp(z) and the two forms agree exactly in real
    // arithmetic. In double each probability carries a few ulp of relative error, so each log term is off by ~2ε absolute
    // and the row's log Σ by ~cols·ε; the tolerance is 64ε·(1 + |loss|) (≈ 1.4e-13 at a loss of 9).
    [Property(MaxTest = 200)]
    public Property Crossentropy_from_logits_equals_crossentropy_of_softmax_probabilities() =>
        Prop.ForAll(Generators.CrossEntropyCases(Generators.Uniform(-3, 3), minClasses: 2), c =>
        {
            var probabilities = Activation.Softmax.Forward(c.Predictions);
            Assert.True(probabilities.Enumerate().All(p => p >= Loss.Epsilon && p <= 1 - Loss.Epsilon), "precondition: probabilities inside the clip range");
            double fromLogits = CeLogits.Value(c.Predictions, c.Targets);
            double fromProbabilities = CeProbabilities.Value(probabilities, c.Targets);
            double tolerance = 64 * Eps * (1 + Math.Abs(fromLogits));
            Assert.True(Math.Abs(fromLogits - fromProbabilities) <= tolerance,
                $"cross-entropy from logits {fromLogits:R} but of softmax probabilities {fromProbabilities:R}; " +
                    $"|Δ| {Math.Abs(fromLogits - fromProbabilities):E3} > {tolerance:E3}");
        });

    [Property(MaxTest = 200)]
    public Property Mse_is_non_negative() =>
        Prop.ForAll(Generators.MseCases(Generators.Wide), c =>
        {
            double value = Mse.Value(c.Predictions, c.Targets);
            Assert.True(value >= 0 && double.IsFinite(value), $"MSE is {value:R}");
        });

    [Property(MaxTest = 200)]
    public Property Mse_is_exactly_zero_when_predictions_equal_targets() =>
        Prop.ForAll(Generators.WideMatrices(), c =>
        {
            double value = Mse.Value(c.Z, c.Z.Clone());
            Assert.True(value == 0, $"MSE of a matrix against itself is {value:R}, not 0");
        });

    /// <summary>Predictions and targets equal except at one element.</summary>
    public sealed record DifferingCase(Matrix<double> Predictions, Matrix<double> Targets, int Row, int Column)
    {
        public override string ToString() =>
            $"predictions = {Show.Matrix(Predictions)}, targets = {Show.Matrix(Targets)}, differing at ({Row},{Column})";
    }

    // The differing element is either a wide random value or the next double after the prediction (1 ulp away), the
    // smallest possible difference. A zero prediction moves to 1e-150 instead of to the subnormal 5e-324: a difference
    // below ~1e-154 squares to 0 in double, the one place where "differs ⇒ MSE > 0" cannot hold in floating point.
    private static Arbitrary<DifferingCase> DifferingCases() => Arb.From(
        from p in Generators.AnyMatrix(Generators.Wide)
        from row in Gen.Choose(0, p.RowCount - 1)
        from column in Gen.Choose(0, p.ColumnCount - 1)
        from useUlp in Gen.Elements(false, true)
        from other in Generators.Wide
        select Differ(p, row, column, useUlp, other));

    private static DifferingCase Differ(Matrix<double> p, int row, int column, bool useUlp, double other)
    {
        var t = p.Clone();
        double v = p[row, column];
        double changed = useUlp || other == v ? (v == 0 ? 1e-150 : Math.BitIncrement(v)) : other;
        t[row, column] = changed;
        return new DifferingCase(p, t, row, column);
    }

    [Property(MaxTest = 300)]
    public Property Mse_is_positive_when_any_element_differs() =>
        Prop.ForAll(DifferingCases(), c =>
        {
            Assert.True(c.Predictions[c.Row, c.Column] != c.Targets[c.Row, c.Column], "precondition: the element differs");
            double value = Mse.Value(c.Predictions, c.Targets);
            Assert.True(value > 0, $"MSE is {value:R} though element ({c.Row},{c.Column}) differs");
        });

    [Property(MaxTest = 300)]
    public Property Crossentropy_from_logits_is_finite_for_logits_up_to_1e4() =>
        Prop.ForAll(Generators.CrossEntropyCases(Generators.Wide), c =>
        {
            var (value, gradient) = CeLogits.ValueAndGradient(c.Predictions, c.Targets);
            Assert.True(double.IsFinite(value) && value >= 0, $"loss is {value:R}");
            Assert.True(gradient.Enumerate().All(double.IsFinite), $"gradient {Show.Matrix(gradient)} is not finite");
            // softmax − one-hot sums to 0 in each row (each of the cols terms carries ≤ 2 ulp of 1/n, plus the sum's roundings).
            double tolerance = 4 * c.Predictions.ColumnCount * Eps;
            for (int i = 0; i < gradient.RowCount; i++)
                Assert.True(Math.Abs(gradient.Row(i).Sum()) <= tolerance, $"gradient row {i} sums to {gradient.Row(i).Sum():R}, not 0");

            var (valueF, gradientF) = CeLogits.ValueAndGradient(c.Predictions.Map(v => (float)v), c.Targets.Map(v => (float)v));
            Assert.True(float.IsFinite(valueF) && valueF >= 0, $"float loss is {valueF:R}");
            Assert.True(gradientF.Enumerate().All(float.IsFinite), "float gradient is not finite");
        });
}
