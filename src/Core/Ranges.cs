namespace Functional.Core;

/// <summary>
/// Evenly spaced values the way numpy makes them (<c>np.arange</c>, <c>np.linspace</c>, <c>np.logspace</c>), value for
/// value: the same lengths and the same floating-point operations in the same order, so a synthetic data set
/// written against numpy comes out bit-identical here.
/// </summary>
/// <remarks>
/// Every result is a fresh array behind a read-only view. Unlike numpy, arguments that are NaN or infinite, and
/// (for <see cref="Arange"/>) steps that are zero or negative, are rejected with an <see cref="ArgumentException"/>
/// naming the operation and the value instead of giving NaNs or an empty array.
/// </remarks>
public static class Ranges
{
    /// <summary>
    /// <c>np.arange(start, stop, step)</c> for floats: <c>ceil((stop − start) / step)</c> values (none when that is not
    /// positive), computed as numpy does: <c>start</c>, <c>start + step</c>, then <c>start + i·d</c> with
    /// <c>d = (start + step) − start</c>. Because of rounding the last value can land just above
    /// <paramref name="stop"/>, exactly when numpy's does (e.g. <c>Arange(1, 1.3, 0.1)</c> ends with 1.3000000000000003).
    /// </summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The end of the interval (excluded, up to rounding as above).</param>
    /// <param name="step">The spacing; must be positive.</param>
    /// <exception cref="ArgumentException">An argument is NaN or infinite, <paramref name="step"/> is zero or negative,
    /// or the length exceeds the largest array .NET allows.</exception>
    public static IReadOnlyList<double> Arange(double start, double stop, double step)
    {
        RequireFinite("Ranges.Arange", start, nameof(start));
        RequireFinite("Ranges.Arange", stop, nameof(stop));
        RequireFinite("Ranges.Arange", step, nameof(step));
        if (step <= 0)
            throw new ArgumentException($"Ranges.Arange: step is {Show(step)}; it must be positive (numpy's negative steps are not supported).", nameof(step));

        double delta = stop - start;
        double lengthReal = delta / step;
        long length;
        if (lengthReal == 0.0 && delta != 0.0)
            length = double.IsNegative(lengthReal) ? 0 : 1; // numpy's underflow rule: a tiny positive span still holds start
        else if (!(lengthReal > 0))
            length = 0;
        else
        {
            double ceiling = Math.Ceiling(lengthReal);
            if (ceiling > Array.MaxLength)
                throw new ArgumentException(
                    FormattableString.Invariant($"Ranges.Arange: start {Show(start)}, stop {Show(stop)}, step {Show(step)} give {ceiling} values; at ") +
                        FormattableString.Invariant($"most {Array.MaxLength} are allowed."), nameof(step));
            length = (long)ceiling;
        }

        var result = new double[length];
        if (length > 0) result[0] = start;
        if (length > 1) result[1] = start + step;
        if (length > 2)
        {
            // numpy's DOUBLE_fill: the increment is re-derived from the first two stored values.
            double d = result[1] - start;
            for (long i = 2; i < length; i++) result[i] = start + i * d;
        }
        return Array.AsReadOnly(result);
    }

    /// <summary>
    /// <c>np.linspace(start, stop, num, endpoint)</c>: <paramref name="num"/> values <c>i·step + start</c> with
    /// <c>step = (stop − start) / div</c>, <c>div = num − 1</c> when <paramref name="endpoint"/> (and the last value set to
    /// exactly <paramref name="stop"/> when num &gt; 1), else <c>div = num</c>. When the step underflows to zero numpy's
    /// fallback <c>(i / div)·(stop − start) + start</c> is used; <c>num = 1</c> gives <c>[start]</c>, <c>num = 0</c> nothing.
    /// </summary>
    /// <param name="start">The first value.</param>
    /// <param name="stop">The last value when <paramref name="endpoint"/>, else the excluded end.</param>
    /// <param name="num">How many values; must not be negative.</param>
    /// <param name="endpoint">Whether <paramref name="stop"/> is the last value.</param>
    /// <exception cref="ArgumentException"><paramref name="num"/> is negative, or <paramref name="start"/> or <paramref name="stop"/> is NaN or
    /// infinite.</exception>
    public static IReadOnlyList<double> Linspace(double start, double stop, int num, bool endpoint = true) =>
        Array.AsReadOnly(LinspaceArray("Ranges.Linspace", start, stop, num, endpoint));

    /// <summary>
    /// <c>np.logspace(start, stop, num, endpoint, base)</c>: <c>base^x</c> (<see cref="Math.Pow"/>, the C library's
    /// <c>pow</c> that numpy also calls) for each <c>x</c> of <see cref="Linspace"/>(start, stop, num, endpoint).
    /// </summary>
    /// <param name="start">The first exponent.</param>
    /// <param name="stop">The last exponent when <paramref name="endpoint"/>, else the excluded end.</param>
    /// <param name="num">How many values; must not be negative.</param>
    /// <param name="endpoint">Whether <paramref name="stop"/> is the last exponent.</param>
    /// <param name="base">The base of the powers (numpy's default 10).</param>
    /// <exception cref="ArgumentException"><paramref name="num"/> is negative, or an argument is NaN or infinite.</exception>
    public static IReadOnlyList<double> Logspace(double start, double stop, int num, bool endpoint = true, double @base = 10.0)
    {
        RequireFinite("Ranges.Logspace", @base, nameof(@base));
        var result = LinspaceArray("Ranges.Logspace", start, stop, num, endpoint);
        for (int i = 0; i < result.Length; i++) result[i] = Math.Pow(@base, result[i]);
        return Array.AsReadOnly(result);
    }

    private static double[] LinspaceArray(string operation, double start, double stop, int num, bool endpoint)
    {
        RequireFinite(operation, start, nameof(start));
        RequireFinite(operation, stop, nameof(stop));
        if (num < 0)
            throw new ArgumentException(FormattableString.Invariant($"{operation}: num is {num}; the number of samples must not be negative."), nameof(num));

        int div = endpoint ? num - 1 : num;
        double delta = stop - start;
        var y = new double[num];
        if (div > 0)
        {
            double step = delta / div;
            if (step == 0)
                for (int i = 0; i < num; i++) y[i] = i / (double)div * delta + start;
            else
                for (int i = 0; i < num; i++) y[i] = i * step + start;
        }
        else
        {
            // num = 0, or num = 1 with the endpoint: numpy multiplies by delta (giving 0·delta) and adds start.
            for (int i = 0; i < num; i++) y[i] = i * delta + start;
        }
        if (endpoint && num > 1) y[num - 1] = stop;
        return y;
    }

    private static void RequireFinite(string operation, double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{operation}: {name} is {Show(value)}; it must be a finite number.", name);
    }

    private static string Show(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
