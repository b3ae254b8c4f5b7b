using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Random;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Initializers: bounds, variance, and reproducibility from a seed.</summary>
public class InitializerProperties
{
    private const double TruncatedStddev = 0.87962566103423978; // stddev of a unit normal truncated to [−2, 2]

    private static Matrix<double> Draw(Initializer init, InitCase c) => init.Create<double>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));

    private static void AllWithin(Initializer init, Matrix<double> m, double limit)
    {
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
                Assert.True(Math.Abs(m[i, j]) <= limit, $"{init}: value {m[i, j]:R} at ({i},{j}) is outside ±{limit:R}");
    }

    [Property(MaxTest = 100)]
    public Property Glorot_uniform_lies_within_its_limit() =>
        Prop.ForAll(Generators.InitCases(1, 64), c =>
            AllWithin(Initializer.GlorotUniform, Draw(Initializer.GlorotUniform, c), Math.Sqrt(6.0 / (c.FanIn + c.FanOut))));

    [Property(MaxTest = 100)]
    public Property He_uniform_lies_within_its_limit() =>
        Prop.ForAll(Generators.InitCases(1, 64), c =>
            AllWithin(Initializer.HeUniform, Draw(Initializer.HeUniform, c), Math.Sqrt(6.0 / c.FanIn)));

    [Property(MaxTest = 100)]
    public Property He_normal_is_truncated_at_two_standard_deviations() =>
        Prop.ForAll(Generators.InitCases(1, 64), c =>
            AllWithin(Initializer.HeNormal, Draw(Initializer.HeNormal, c), 2 * Math.Sqrt(2.0 / c.FanIn) / TruncatedStddev));

    private static double SampleVariance(Matrix<double> m)
    {
        var values = m.Enumerate().ToArray();
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
    }

    // Uniform on ±L has variance σ² = L²/3 and fourth central moment μ4 = L⁴/5, so the sample variance of n draws has
    // variance (μ4 − σ⁴)/n = (L⁴/5 − L⁴/9)/n = 4L⁴/(45n). Tolerance: 5 standard errors, 5·L²·sqrt(4/(45n)) — about 4.5%
    // of σ² at n = 4096 (fans ≥ 64); a false alarm has probability ≈ 6e-7 per case.
    [Property(MaxTest = 30)]
    public Property Glorot_uniform_variance_is_limit_squared_over_three() =>
        Prop.ForAll(Generators.InitCases(64, 160), c =>
        {
            var m = Draw(Initializer.GlorotUniform, c);
            double limit = Math.Sqrt(6.0 / (c.FanIn + c.FanOut));
            int n = m.RowCount * m.ColumnCount;
            double expected = limit * limit / 3;
            double tolerance = 5 * limit * limit * Math.Sqrt(4.0 / (45 * n));
            double variance = SampleVariance(m);
            Assert.True(Math.Abs(variance - expected) <= tolerance,
                $"glorot_uniform: sample variance {variance:R} of {n} values, expected {expected:R} ± {tolerance:R} (5 standard errors)");
        });

    // He normal: stddev sqrt(2/fan_in)/0.8796… truncated at ±2 of it, so the variance is exactly 2/fan_in. For a unit
    // normal truncated to [−a, a] (Z = erf(a/√2), φ the normal density): m2 = 1 − 2aφ(a)/Z, m4 = 3·m2 − 2a³φ(a)/Z; the
    // sample variance's relative standard error is sqrt((m4/m2² − 1)/n) ≈ 1.17/sqrt(n). Tolerance: 5 standard errors.
    [Property(MaxTest = 30)]
    public Property He_normal_variance_is_two_over_fan_in() =>
        Prop.ForAll(Generators.InitCases(64, 160), c =>
        {
            var m = Draw(Initializer.HeNormal, c);
            int n = m.RowCount * m.ColumnCount;
            const double a = 2;
            double phi = Math.Exp(-a * a / 2) / Math.Sqrt(2 * Math.PI);
            double z = SpecialFunctions.Erf(a / Math.Sqrt(2));
            double m2 = 1 - 2 * a * phi / z;
            double m4 = 3 * m2 - 2 * a * a * a * phi / z;
            double expected = 2.0 / c.FanIn;
            double tolerance = 5 * expected * Math.Sqrt((m4 / (m2 * m2) - 1) / n);
            double variance = SampleVariance(m);
            Assert.True(Math.Abs(variance - expected) <= tolerance,
                $"he_normal: sample variance {variance:R} of {n} values, expected {expected:R} ± {tolerance:R} (5 standard errors)");
        });

    private static readonly Initializer[] Random = [Initializer.GlorotUniform, Initializer.HeUniform, Initializer.HeNormal];

    [Property(MaxTest = 100)]
    public Property The_same_seed_gives_the_same_values_in_float_and_double() =>
        Prop.ForAll(Generators.InitCases(1, 32), c =>
        {
            foreach (var init in Random)
            {
                var d1 = init.Create<double>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));
                var d2 = init.Create<double>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));
                var f1 = init.Create<float>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));
                var f2 = init.Create<float>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));
                Assert.True(d1.Equals(d2), $"{init}: two double draws from seed {c.Seed} differ");
                Assert.True(f1.Equals(f2), $"{init}: two float draws from seed {c.Seed} differ");
                // The documented promise: values are drawn in double and rounded, so float = (float)double.
                Assert.True(f1.Equals(d1.Map(v => (float)v)), $"{init}: float draw is not the double draw rounded to float");
            }
        });

    [Property(MaxTest = 100)]
    public Property Different_seeds_give_different_values() =>
        Prop.ForAll(Generators.InitCases(1, 32), Arb.From(Generators.Seed), (c, other) =>
        {
            // A 1×1 draw could collide by chance (probability ~2^-53 for uniforms): negligible.
            if (other == c.Seed) other++;
            foreach (var init in Random)
            {
                var a = init.Create<double>(c.FanIn, c.FanOut, new PortableRandom(c.Seed));
                var b = init.Create<double>(c.FanIn, c.FanOut, new PortableRandom(other));
                Assert.False(a.Equals(b), $"{init}: seeds {c.Seed} and {other} give the same {c.FanIn}x{c.FanOut} matrix");
            }
        });
}
