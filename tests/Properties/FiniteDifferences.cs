using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Central finite differences, in double, of a scalar function of a matrix.</summary>
public static class FiniteDifferences
{
    /// <summary>Machine epsilon of double (2^-52). Not <see cref="double.Epsilon"/>, which is the smallest subnormal.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// The gradient of <paramref name="f"/> at <paramref name="x"/> by central differences:
    /// ∂f/∂x_k ≈ (f(x + h e_k) − f(x − h e_k)) / (2h), with h = <paramref name="step"/>.
    /// The divisor is the step actually taken ((x+h) − (x−h) as rounded), not 2h, which removes the representation error of x ± h.
    /// </summary>
    /// <remarks>The error is O(h²·|f'''|/6) from truncation plus O(ε·|f|/h) from rounding the two evaluations of f.
    /// <paramref name="x"/> is never modified: each evaluation gets a fresh copy.</remarks>
    public static Matrix<double> Gradient(Func<Matrix<double>, double> f, Matrix<double> x, double step)
    {
        var result = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        for (int i = 0; i < x.RowCount; i++)
        {
            for (int j = 0; j < x.ColumnCount; j++)
            {
                double h = step;
                var up = x.Clone();
                var down = x.Clone();
                up[i, j] = x[i, j] + h;
                down[i, j] = x[i, j] - h;
                result[i, j] = (f(up) - f(down)) / (up[i, j] - down[i, j]);
            }
        }
        return result;
    }

    /// <summary>
    /// The first element where |analytic − numeric| &gt; absolute + relative·max(|analytic|, |numeric|), or null when all agree.
    /// The message names the position, both values and the error.
    /// </summary>
    public static string? Disagreement(Matrix<double> analytic, Matrix<double> numeric, double absolute, double relative)
    {
        if (analytic.RowCount != numeric.RowCount || analytic.ColumnCount != numeric.ColumnCount)
            return $"shapes differ: analytic {analytic.RowCount}x{analytic.ColumnCount}, numeric {numeric.RowCount}x{numeric.ColumnCount}";
        for (int i = 0; i < analytic.RowCount; i++)
        {
            for (int j = 0; j < analytic.ColumnCount; j++)
            {
                double a = analytic[i, j], n = numeric[i, j];
                double tolerance = absolute + relative * Math.Max(Math.Abs(a), Math.Abs(n));
                if (!(Math.Abs(a - n) <= tolerance))
                    return $"at ({i},{j}): analytic {a:R}, finite difference {n:R}, |error| {Math.Abs(a - n):E3} > tolerance {tolerance:E3}";
            }
        }
        return null;
    }

    /// <summary>Largest |analytic − numeric| / (absolute + relative·max(|a|,|n|)): below 1 means the check passes (for calibrating tolerances).</summary>
    public static double WorstRatio(Matrix<double> analytic, Matrix<double> numeric, double absolute, double relative)
    {
        double worst = 0;
        for (int i = 0; i < analytic.RowCount; i++)
            for (int j = 0; j < analytic.ColumnCount; j++)
            {
                double a = analytic[i, j], n = numeric[i, j];
                worst = Math.Max(worst, Math.Abs(a - n) / (absolute + relative * Math.Max(Math.Abs(a), Math.Abs(n))));
            }
        return worst;
    }
}
