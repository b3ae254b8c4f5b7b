namespace Functional.Reports.Lab;

/// <summary>The best straight line through a data set, the yardstick the regression experiments are measured against.</summary>
/// <param name="Intercept">b in y = a·x + b.</param>
/// <param name="Slope">a in y = a·x + b.</param>
/// <param name="Mse">The mean squared residual of that line: no linear model can do better on this data.</param>
public sealed record LeastSquaresLine(double Intercept, double Slope, double Mse)
{
    /// <summary>The line's value at <paramref name="x"/>.</summary>
    public double At(double x) => Intercept + Slope * x;

    /// <summary>Ordinary least squares on (1, x), solved in closed form in double.</summary>
    public static LeastSquaresLine Fit(RegressionData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count;
        if (n < 2) throw new ArgumentException($"LeastSquaresLine.Fit: need at least 2 points, got {n}.", nameof(data));
        double mx = data.X.Average(), my = data.Y.Average();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (data.X[i] - mx) * (data.Y[i] - my);
            sxx += (data.X[i] - mx) * (data.X[i] - mx);
        }
        double slope = sxy / sxx, intercept = my - slope * mx;
        double mse = Enumerable.Range(0, n).Average(i => Math.Pow(intercept + slope * data.X[i] - data.Y[i], 2));
        return new LeastSquaresLine(intercept, slope, mse);
    }
}
