using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Prints matrices so FsCheck counterexamples read well: shape, then rows of round-trippable values.</summary>
public static class Show
{
    public static string Matrix(Matrix<double> m)
    {
        var sb = new StringBuilder();
        sb.Append(m.RowCount).Append('x').Append(m.ColumnCount).Append(" [");
        for (int i = 0; i < m.RowCount; i++)
        {
            sb.Append(i == 0 ? "[" : "; [");
            for (int j = 0; j < m.ColumnCount; j++)
            {
                if (j > 0) sb.Append(", ");
                sb.Append(m[i, j].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append(']');
        }
        return sb.Append(']').ToString();
    }

    /// <summary>The matrix without row <paramref name="row"/> (used by shrinkers).</summary>
    public static Matrix<double> WithoutRow(Matrix<double> m, int row) => m.RemoveRow(row);

    /// <summary>The matrix without column <paramref name="column"/> (used by shrinkers).</summary>
    public static Matrix<double> WithoutColumn(Matrix<double> m, int column) => m.RemoveColumn(column);
}

/// <summary>A batch of pre-activations for the stability properties.</summary>
public sealed record MatrixCase(Matrix<double> Z)
{
    public override string ToString() => $"Z = {Show.Matrix(Z)}";
}

/// <summary>An activation, its pre-activations z and an upstream gradient g of the same shape.</summary>
public sealed record VjpCase(Activation Activation, Matrix<double> Z, Matrix<double> G)
{
    public override string ToString() => $"{Activation}: Z = {Show.Matrix(Z)}, G = {Show.Matrix(G)}";

    /// <summary>Smaller cases: one row or one column fewer (every element keeps the constraints it was drawn under).</summary>
    public IEnumerable<VjpCase> Shrink()
    {
        for (int i = 0; Z.RowCount > 1 && i < Z.RowCount; i++)
            yield return this with { Z = Show.WithoutRow(Z, i), G = Show.WithoutRow(G, i) };
        for (int j = 0; Z.ColumnCount > 1 && j < Z.ColumnCount; j++)
            yield return this with { Z = Show.WithoutColumn(Z, j), G = Show.WithoutColumn(G, j) };
    }
}

/// <summary>Predictions and targets for a loss (targets: same shape for MSE, an n×1 column of class indices for cross-entropy).</summary>
public sealed record LossCase(Matrix<double> Predictions, Matrix<double> Targets)
{
    public override string ToString() => $"predictions = {Show.Matrix(Predictions)}, targets = {Show.Matrix(Targets)}";

    /// <summary>Smaller cases: one row fewer (rows are independent samples; labels stay in range).</summary>
    public IEnumerable<LossCase> Shrink()
    {
        for (int i = 0; Predictions.RowCount > 1 && i < Predictions.RowCount; i++)
            yield return new LossCase(Show.WithoutRow(Predictions, i), Show.WithoutRow(Targets, i));
    }
}

/// <summary>An initializer draw: fan-in (rows), fan-out (columns) and a seed.</summary>
public sealed record InitCase(int FanIn, int FanOut, ulong Seed)
{
    public override string ToString() => $"fan_in = {FanIn}, fan_out = {FanOut}, seed = {Seed}";
}

/// <summary>Generators of shapes, matrices and labels, all in double.</summary>
public static class Generators
{
    /// <summary>Batch sizes 1–8.</summary>
    public static readonly Gen<int> Batch = Gen.Choose(1, 8);

    /// <summary>Feature (or class) counts 1–12.</summary>
    public static readonly Gen<int> Features = Gen.Choose(1, 12);

    /// <summary>Uniform in [0, 1) with 53 random bits (two 31-bit draws; Gen.Choose is for ints only).</summary>
    public static readonly Gen<double> Unit =
        from hi in Gen.Choose(0, (1 << 30) - 1)
        from lo in Gen.Choose(0, (1 << 23) - 1)
        select ((double)hi * (1 << 23) + lo) / (1L << 53);

    /// <summary>Uniform in [low, high).</summary>
    public static Gen<double> Uniform(double low, double high) => Unit.Select(u => low + (high - low) * u);

    /// <summary>
    /// Values for stability checks: a mixture of moderate values, values spread over ±1e4, the extremes ±1e4 themselves,
    /// values just past exp's overflow point (±710) and zero.
    /// </summary>
    public static readonly Gen<double> Wide = Gen.Frequency(
        (3, Uniform(-5, 5)),
        (3, Uniform(-1e4, 1e4)),
        (1, Gen.Elements(-1e4, 1e4, -710.0, 710.0, -1e3, 1e3, 0.0)));

    /// <summary>
    /// Values for gradient checks, where finite differences are meaningful: mostly in [−3, 3] (where every activation
    /// curves) with some in [−8, 8] (where sigmoid and tanh saturate but are still far from rounding to ±1).
    /// </summary>
    public static readonly Gen<double> Moderate = Gen.Frequency(
        (4, Uniform(-3, 3)),
        (1, Uniform(-8, 8)));

    /// <summary>Moderate values at least <paramref name="margin"/> away from 0 (relu's kink).</summary>
    public static Gen<double> AwayFromZero(double margin) =>
        from magnitude in Uniform(margin, 4)
        from negative in Gen.Elements(false, true)
        select negative ? -magnitude : magnitude;

    /// <summary>Probabilities strictly inside (1e-3, 1 − 1e-3): no element sits at (or within a finite-difference step of) Keras' clip range.</summary>
    public static readonly Gen<double> Probability = Uniform(1e-3, 1 - 1e-3);

    /// <summary>A rows × columns matrix of values drawn from <paramref name="element"/>.</summary>
    public static Gen<Matrix<double>> MatrixOf(int rows, int columns, Gen<double> element) =>
        Gen.ArrayOf(element, rows * columns).Select(values => Matrix<double>.Build.Dense(rows, columns, values));

    /// <summary>A matrix of random shape (batch × features) with elements from <paramref name="element"/>.</summary>
    public static Gen<Matrix<double>> AnyMatrix(Gen<double> element) =>
        from rows in Batch
        from columns in Features
        from m in MatrixOf(rows, columns, element)
        select m;

    /// <summary>An n × 1 column of class indices in [0, classes).</summary>
    public static Gen<Matrix<double>> LabelsOf(int rows, int classes) =>
        Gen.ArrayOf(Gen.Choose(0, classes - 1), rows)
           .Select(labels => Matrix<double>.Build.Dense(rows, 1, labels.Select(l => (double)l).ToArray()));

    /// <summary>A seed spread over all 64 bits.</summary>
    public static readonly Gen<ulong> Seed =
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        select ((ulong)(uint)a << 33) ^ (ulong)(uint)b ^ ((ulong)(uint)a >> 20);

    /// <summary>Stability batches: random shape, <see cref="Wide"/> values.</summary>
    public static Arbitrary<MatrixCase> WideMatrices() => Arb.From(AnyMatrix(Wide).Select(m => new MatrixCase(m)));

    /// <summary>
    /// VJP cases for <paramref name="activation"/>: moderate z (for relu, z at least <paramref name="reluMargin"/> from 0),
    /// upstream gradient g uniform in [−1, 1].
    /// </summary>
    public static Arbitrary<VjpCase> Vjp(Activation activation, double reluMargin)
    {
        var element = activation == Activation.Relu ? AwayFromZero(reluMargin) : Moderate;
        var gen =
            from rows in Batch
            from columns in Features
            from z in MatrixOf(rows, columns, element)
            from g in MatrixOf(rows, columns, Uniform(-1, 1))
            select new VjpCase(activation, z, g);
        return Arb.From(gen, c => c.Shrink());
    }

    /// <summary>MSE cases: predictions and targets of one random shape, values from <paramref name="element"/>.</summary>
    public static Arbitrary<LossCase> MseCases(Gen<double> element)
    {
        var gen =
            from rows in Batch
            from columns in Features
            from p in MatrixOf(rows, columns, element)
            from t in MatrixOf(rows, columns, element)
            select new LossCase(p, t);
        return Arb.From(gen, c => c.Shrink());
    }

    /// <summary>Sparse cross-entropy cases: n × classes predictions from <paramref name="element"/>, labels in range.</summary>
    public static Arbitrary<LossCase> CrossEntropyCases(Gen<double> element, int minClasses = 1)
    {
        var gen =
            from rows in Batch
            from classes in Gen.Choose(minClasses, 12)
            from p in MatrixOf(rows, classes, element)
            from t in LabelsOf(rows, classes)
            select new LossCase(p, t);
        return Arb.From(gen, c => c.Shrink());
    }

    /// <summary>Initializer shapes with fan-in and fan-out in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Arbitrary<InitCase> InitCases(int min, int max) =>
        Arb.From(
            from fanIn in Gen.Choose(min, max)
            from fanOut in Gen.Choose(min, max)
            from seed in Seed
            select new InitCase(fanIn, fanOut, seed));
}
