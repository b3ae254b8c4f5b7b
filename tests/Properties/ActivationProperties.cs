using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>
/// Activations: the backward pass is the vector-Jacobian product of the forward pass, and the forward pass is stable.
/// </summary>
public class ActivationProperties
{
    // Gradient check. f(z) = Σ g ⊙ Forward(z) with g uniform in [−1, 1]; then ∂f/∂z = Backward(z, Forward(z), g).
    // Central difference with step h = 1e-5 (absolute; z is moderate, |z| ≤ 8):
    //  - truncation error h²·|f'''|/6: |f'''| ≤ Σ|g|·max|a'''| and every activation here has |a'''| ≤ 2 (tanh's maximum;
    //    sigmoid's is 1/8; softmax's row derivatives are bounded by small constants; linear and relu (away from 0) have 0),
    //    so ≤ 1e-10·2/6 ≈ 3e-11;
    //  - rounding error ≈ ε·|f|/h: f is summed with compensated summation (so it is accurate to about ε·|f|) and
    //    |f| ≤ 96 elements · 8 = 768, giving ≤ 2.2e-16·768/1e-5 ≈ 2e-8, plus the few-ulp error of the two activation
    //    values that change (≈ 4ε·8/2e-5 ≈ 4e-10).
    // So the error is at most about 2e-8; the tolerance |Backward − FD| ≤ 1e-6 + 1e-6·max(|Backward|, |FD|) leaves a
    // margin of 50× over that bound (measured over 2 000 cases per activation, the worst error was 1e-4 of the tolerance)
    // while a wrong derivative (a sign, a missing factor) is off by O(|g|·|a'|) ≈ 0.01–1 and is caught.
    private const double Step = 1e-5;
    private const double AbsoluteTolerance = 1e-6;
    private const double RelativeTolerance = 1e-6;

    // Relu has a kink at 0 where the two one-sided derivatives differ: a central difference across it gives g/2, not
    // the 0 or g that Backward returns. The relu generator keeps |z| ≥ 1e-3 = 100·h, so no step of ±h crosses 0.
    private const double ReluMargin = 1e-3;

    private static double SumOfProducts(Matrix<double> g, Matrix<double> a)
    {
        // Neumaier's compensated sum, so f's rounding error stays near ε·|f| whatever the order of the terms.
        double sum = 0, compensation = 0;
        for (int i = 0; i < g.RowCount; i++)
            for (int j = 0; j < g.ColumnCount; j++)
            {
                double term = g[i, j] * a[i, j];
                double t = sum + term;
                compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
                sum = t;
            }
        return sum + compensation;
    }

    private static void BackwardIsVjp(VjpCase c)
    {
        var output = c.Activation.Forward(c.Z);
        var analytic = c.Activation.Backward(c.Z, output, c.G);
        var numeric = FiniteDifferences.Gradient(z => SumOfProducts(c.G, c.Activation.Forward(z)), c.Z, Step);
        var problem = FiniteDifferences.Disagreement(analytic, numeric, AbsoluteTolerance, RelativeTolerance);
        Assert.True(problem is null, $"{c.Activation}.Backward is not the VJP of Forward: {problem}");
    }

    [Property(MaxTest = 200)]
    public Property Linear_backward_equals_finite_differences() => Prop.ForAll(Generators.Vjp(Activation.Linear, ReluMargin), BackwardIsVjp);

    [Property(MaxTest = 200)]
    public Property Sigmoid_backward_equals_finite_differences() => Prop.ForAll(Generators.Vjp(Activation.Sigmoid, ReluMargin), BackwardIsVjp);

    [Property(MaxTest = 200)]
    public Property Relu_backward_equals_finite_differences_away_from_zero() => Prop.ForAll(Generators.Vjp(Activation.Relu, ReluMargin), BackwardIsVjp);

    [Property(MaxTest = 200)]
    public Property Tanh_backward_equals_finite_differences() => Prop.ForAll(Generators.Vjp(Activation.Tanh, ReluMargin), BackwardIsVjp);

    [Property(MaxTest = 200)]
    public Property Softmax_backward_equals_finite_differences() => Prop.ForAll(Generators.Vjp(Activation.Softmax, ReluMargin), BackwardIsVjp);

    // Stability, for |z| up to 1e4 (values past exp's overflow at ±710 included).

    private static void FiniteAndWithin(string what, Matrix<double> a, double low, double high)
    {
        for (int i = 0; i < a.RowCount; i++)
            for (int j = 0; j < a.ColumnCount; j++)
                Assert.True(double.IsFinite(a[i, j]) && a[i, j] >= low && a[i, j] <= high,
                    $"{what}: value {a[i, j]:R} at ({i},{j}) is not finite in [{low}, {high}]");
    }

    [Property(MaxTest = 300)]
    public Property Sigmoid_is_finite_and_in_unit_interval_for_large_inputs() =>
        Prop.ForAll(Generators.WideMatrices(), c => FiniteAndWithin("sigmoid", Activation.Sigmoid.Forward(c.Z), 0, 1));

    [Property(MaxTest = 300)]
    public Property Tanh_is_finite_and_in_minus_one_one_for_large_inputs() =>
        Prop.ForAll(Generators.WideMatrices(), c => FiniteAndWithin("tanh", Activation.Tanh.Forward(c.Z), -1, 1));

    [Property(MaxTest = 300)]
    public Property Softmax_is_finite_in_unit_interval_and_rows_sum_to_one() =>
        Prop.ForAll(Generators.WideMatrices(), c =>
        {
            var a = Activation.Softmax.Forward(c.Z);
            FiniteAndWithin("softmax", a, 0, 1);
            // Each probability carries ≤ 2 ulp (exp, then the division) and the test's own sum adds one rounding
            // per term, so |Σ − 1| ≤ about (2·cols + cols)·ε/2; the stated tolerance is 4·cols·ε.
            double tolerance = 4 * a.ColumnCount * FiniteDifferences.MachineEpsilon;
            for (int i = 0; i < a.RowCount; i++)
            {
                double sum = a.Row(i).Sum();
                Assert.True(Math.Abs(sum - 1) <= tolerance, $"softmax row {i} sums to {sum:R}; |sum − 1| = {Math.Abs(sum - 1):E3} > {tolerance:E3}");
            }
        });

    /// <summary>A wide batch and one constant per row to add to it.</summary>
    public sealed record ShiftCase(Matrix<double> Z, double[] Shift)
    {
        public override string ToString() => $"Z = {Show.Matrix(Z)}, row shifts = [{string.Join(", ", Shift.Select(s => s.ToString("R")))}]";
    }

    private static Arbitrary<ShiftCase> ShiftCases() => Arb.From(
        from z in Generators.AnyMatrix(Generators.Wide)
        from shift in Gen.ArrayOf(Generators.Wide, z.RowCount)
        select new ShiftCase(z, shift));

    [Property(MaxTest = 300)]
    public Property Softmax_is_unchanged_by_adding_a_constant_to_a_row() =>
        Prop.ForAll(ShiftCases(), c =>
        {
            var shifted = c.Z.Clone();
            for (int i = 0; i < shifted.RowCount; i++)
                for (int j = 0; j < shifted.ColumnCount; j++)
                    shifted[i, j] += c.Shift[i];
            var a = Activation.Softmax.Forward(c.Z);
            var b = Activation.Softmax.Forward(shifted);
            for (int i = 0; i < a.RowCount; i++)
            {
                // z + c is rounded: each logit moves by up to ε/2·(|z| + |c|), and the max-subtraction adds as much again;
                // a softmax output moves by at most 2·max|δ|. With softmax's own rounding (≤ 2 ulp of values ≤ 1 on each
                // side) the tolerance is 4ε·(max|z_row| + |c|) + 8ε: about 1.8e-11 at |z|, |c| = 1e4, 1.8e-15 near 0.
                double scale = c.Z.Row(i).AbsoluteMaximum() + Math.Abs(c.Shift[i]);
                double tolerance = 4 * FiniteDifferences.MachineEpsilon * scale + 8 * FiniteDifferences.MachineEpsilon;
                for (int j = 0; j < a.ColumnCount; j++)
                    Assert.True(Math.Abs(a[i, j] - b[i, j]) <= tolerance,
                        $"softmax({i},{j}) is {a[i, j]:R} before and {b[i, j]:R} after adding {c.Shift[i]:R} to the row; " +
                            $"|Δ| {Math.Abs(a[i, j] - b[i, j]):E3} > {tolerance:E3}");
            }
        });

    [Property(MaxTest = 300)]
    public Property Every_activation_in_float_gives_no_NaN_for_large_inputs() =>
        Prop.ForAll(Generators.WideMatrices(), c =>
        {
            var z = c.Z.Map(v => (float)v);
            foreach (var activation in Activation.All)
            {
                var a = activation.Forward(z);
                for (int i = 0; i < a.RowCount; i++)
                    for (int j = 0; j < a.ColumnCount; j++)
                    {
                        float v = a[i, j];
                        Assert.False(float.IsNaN(v) || float.IsInfinity(v), $"{activation} in float: {v} at ({i},{j}) for z = {z[i, j]}");
                        if (activation == Activation.Sigmoid || activation == Activation.Softmax)
                            Assert.True(v >= 0f && v <= 1f, $"{activation} in float: {v} at ({i},{j}) is outside [0, 1]");
                        if (activation == Activation.Tanh)
                            Assert.True(v >= -1f && v <= 1f, $"tanh in float: {v} at ({i},{j}) is outside [−1, 1]");
                    }
                if (activation == Activation.Softmax)
                {
                    // float: the same bound as in double, with float's ε = 2^-23.
                    float tolerance = 4 * a.ColumnCount * 1.1920929e-7f;
                    for (int i = 0; i < a.RowCount; i++)
                    {
                        float sum = 0;
                        for (int j = 0; j < a.ColumnCount; j++) sum += a[i, j];
                        Assert.True(MathF.Abs(sum - 1) <= tolerance, $"softmax in float: row {i} sums to {sum:R}");
                    }
                }
            }
        });
}
