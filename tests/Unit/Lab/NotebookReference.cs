using System.Text.Json;
using Functional.Reports.Lab;
using static Functional.Tests.Unit.RangesTests;

namespace Functional.Tests.Unit.Lab;

/// <summary>
/// The notebook's data as Debian's numpy makes them (reference/notebook-data.json, written by reference/notebook_data.py),
/// and the checks that a part's points are numpy's: x and every random draw bit for bit, the ln or sin of x within one unit
/// in the last place of numpy's, and y built from them as the cell builds it.
/// </summary>
internal static class NotebookReference
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "reference", "notebook-data.json"))));

    /// <summary>One array of a cell's reference, e.g. <c>Doubles("sine", "x1")</c>.</summary>
    public static double[] Doubles(string cell, string key) =>
        Document.Value.RootElement.GetProperty(cell).GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>A value of a cell's reference that is not an array (the permutations' length, hash and last index).</summary>
    public static JsonElement Value(string cell, string key) => Document.Value.RootElement.GetProperty(cell).GetProperty(key);

    /// <summary>The points of one set of a cell: the training set, or with <paramref name="validation"/> the x1, y1 set.</summary>
    public static Points Set(string cell, bool validation = false)
    {
        string suffix = validation ? "1" : "";
        var (curveKey, curve, noise) = cell switch
        {
            "line" => ((string?)null, (Func<double, double>)LabData.TrueLine, 1.0),
            "log" or "hidden" => ("ln", LabData.TrueLog, LabData.LogNoise),
            "overfitting" => ("ln", LabData.TrueLog, LabData.OverfittingNoise),
            "sine" => ("sin", Math.Sin, LabData.LogNoise),
            _ => throw new ArgumentException($"no reference cell '{cell}'", nameof(cell)),
        };
        return new Points($"{cell}.{(validation ? "validation" : "train")}", Doubles(cell, "x" + suffix), Doubles(cell, "draws" + suffix),
            curveKey is null ? null : Doubles(cell, curveKey + suffix), Doubles(cell, "y" + suffix), curve, noise);
    }

    /// <summary>A set of reference points and how the cell builds y from them: <c>y = curve(x) + draw·noise</c> (the line: <c>2x + 3 + draw</c>).</summary>
    public sealed record Points(string Name, double[] X, double[] Draws, double[]? NumpyCurve, double[] Y, Func<double, double> Curve, double Noise)
    {
        /// <summary>
        /// Asserts that <paramref name="x"/> and <paramref name="y"/> are these points: x bit for bit; y bit for bit equal to
        /// curve(x) + draw·noise with numpy's draws and .NET's ln or sin; that ln or sin within one unit in the last place of
        /// numpy's; so y within that unit and y's own rounding of numpy's y.
        /// </summary>
        public void AssertMatches(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            Assert.True(X.Length == x.Count, $"{Name}: {x.Count} points, numpy has {X.Length}");
            Assert.True(Y.Length == y.Count, $"{Name}: {y.Count} targets, numpy has {Y.Length}");
            for (int i = 0; i < X.Length; i++)
            {
                Assert.True(Bits(X[i]) == Bits(x[i]), $"{Name}: x[{i}] = {x[i]:R}, numpy's is {X[i]:R}");
                double curve = Curve(X[i]);
                double expected = Noise == 1.0 ? curve + Draws[i] : curve + Draws[i] * Noise;
                Assert.True(Bits(expected) == Bits(y[i]), $"{Name}: y[{i}] = {y[i]:R}, but numpy's draw {Draws[i]:R} gives {expected:R}");
                if (NumpyCurve is null)
                {
                    Assert.True(Bits(Y[i]) == Bits(y[i]), $"{Name}: y[{i}] = {y[i]:R}, numpy's is {Y[i]:R}");
                    continue;
                }
                Assert.True(Math.Abs(curve - NumpyCurve[i]) <= Ulp(NumpyCurve[i]),
                    $"{Name}: the curve at x[{i}] = {X[i]:R} is {curve:R}, more than one unit in the last place from numpy's {NumpyCurve[i]:R}");
                Assert.True(Math.Abs(y[i] - Y[i]) <= Ulp(NumpyCurve[i]) + Ulp(Y[i]), $"{Name}: y[{i}] = {y[i]:R}, numpy's is {Y[i]:R}");
            }
        }
    }

    /// <summary>The distance from |v| to the next larger double.</summary>
    public static double Ulp(double v) => Math.BitIncrement(Math.Abs(v)) - Math.Abs(v);
}
