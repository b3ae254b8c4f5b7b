using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Tests that change the process-wide linear-algebra provider or OpenBLAS thread count run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProviderCollection
{
    public const string Name = "Linear-algebra provider (process-global)";
}

/// <summary>A property that is skipped, not failed, when libopenblas.so.0 is not installed.</summary>
public sealed class OpenBlasPropertyAttribute : PropertyAttribute
{
    public OpenBlasPropertyAttribute()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) Skip = "libopenblas.so.0 is not installed (apt-get install -y libopenblas0-pthread).";
    }
}

/// <summary>A fact that is skipped, not failed, when libopenblas.so.0 is not installed.</summary>
public sealed class OpenBlasFactAttribute : FactAttribute
{
    public OpenBlasFactAttribute()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) Skip = "libopenblas.so.0 is not installed (apt-get install -y libopenblas0-pthread).";
    }
}

/// <summary>
/// One product C = alpha·op(A)·op(B) + beta·C: op(A) is M×K, op(B) is K×N; A is stored K×M when transposed,
/// B is stored N×K when transposed. The values come from <see cref="Seed"/>.
/// </summary>
public sealed record GemmCase(int M, int K, int N, Transpose TransposeA, Transpose TransposeB, double Alpha, double Beta, int Seed)
{
    public int RowsA => TransposeA == Transpose.DontTranspose ? M : K;
    public int ColumnsA => TransposeA == Transpose.DontTranspose ? K : M;
    public int RowsB => TransposeB == Transpose.DontTranspose ? K : N;
    public int ColumnsB => TransposeB == Transpose.DontTranspose ? N : K;

    static string Op(string name, Transpose t) => t == Transpose.DontTranspose ? name : name + "ᵀ";

    public override string ToString() =>
        $"C({M}x{N}) = {Alpha}·{Op("A", TransposeA)}·{Op("B", TransposeB)} + {Beta}·C, k={K}, A stored {RowsA}x{ColumnsA}, B " +
            $"stored {RowsB}x{ColumnsB}, seed {Seed}";
}

/// <summary>The OpenBLAS provider computes the same products as MathNet's managed one, up to rounding.</summary>
[Collection(ProviderCollection.Name)]
public sealed class ProviderProperties
{
    // Dimensions: mostly small, but 0 and 1 (1×N, N×1, inner dimension 0) come up often.
    static readonly Gen<int> Dimension = Gen.Frequency(
        (2, Gen.Constant(0)), (3, Gen.Constant(1)), (10, Gen.Choose(2, 48)), (1, Gen.Choose(100, 300)));

    static readonly Gen<Transpose> Transposes = Gen.Elements(Transpose.DontTranspose, Transpose.Transpose);
    static readonly Gen<double> Scalars = Gen.Elements(0.0, 1.0, -1.0, 0.5, 2.5, -0.75);

    internal static readonly Gen<GemmCase> Cases =
        from m in Dimension
        from k in Dimension
        from n in Dimension
        from ta in Transposes
        from tb in Transposes
        from alpha in Scalars
        from beta in Scalars
        from seed in Gen.Choose(0, int.MaxValue)
        select new GemmCase(m, k, n, ta, tb, alpha, beta, seed);

    internal static Arbitrary<GemmCase> CaseArb => Arb.From(Cases);

    internal static T[] Values<T>(System.Random random, int count) where T : IFloatingPointIeee754<T> =>
        Enumerable.Range(0, count).Select(_ => T.CreateTruncating(random.NextDouble() * 4 - 2)).ToArray();

    /// <summary>
    /// Tolerance. Both implementations compute each element as a sum of K products, in different orders (OpenBLAS
    /// blocks and vectorizes, the managed code does not), then scale by alpha and add beta·C. Standard error analysis
    /// of a dot product bounds each one's rounding error by γ_K·Σ|a·b| with γ_K ≈ K·u (u the unit roundoff: 2⁻²⁴ for
    /// float, 2⁻⁵³ for double), so the two may differ by up to about 2·(K + 2)·u·(|alpha|·(|A|·|B|)ᵢⱼ + |beta|·|Cᵢⱼ|).
    /// The bound is relative to the magnitudes summed, not to the result, which may cancel to near zero. A factor 4
    /// of headroom is added; a wrong transpose or leading dimension produces errors of the order of the values
    /// themselves, orders of magnitude above it.
    /// </summary>
    internal static void AssertClose<T>(string what, GemmCase c, T[] expected, T[] actual, double[] magnitude) where T : IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double u = typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);
        double factor = 4 * 2 * (c.K + 2) * u;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]), a = double.CreateTruncating(actual[i]);
            double bound = factor * magnitude[i] + double.Epsilon;
            if (!(Math.Abs(e - a) <= bound))
                Assert.Fail($"{what} ({typeof(T).Name}) {c}: element {i} (row {i % Math.Max(1, c.M)}, column {i / Math.Max(1, c.M)}) is {a}, reference " +
                    $"gives {e}; |difference| {Math.Abs(e - a):g3} > bound {bound:g3}.");
        }
    }

    /// <summary>|alpha|·(|op(A)|·|op(B)|) + |beta|·|C|, column-major M×N, in double.</summary>
    internal static double[] Magnitude<T>(GemmCase c, T[] a, T[] b, T[] cInitial) where T : IFloatingPointIeee754<T>
    {
        double A(int i, int p) => Math.Abs(double.CreateTruncating(c.TransposeA == Transpose.DontTranspose ? a[p * c.M + i] : a[i * c.K + p]));
        double B(int p, int j) => Math.Abs(double.CreateTruncating(c.TransposeB == Transpose.DontTranspose ? b[j * c.K + p] : b[p * c.N + j]));
        var result = new double[c.M * c.N];
        for (int j = 0; j < c.N; j++)
            for (int i = 0; i < c.M; i++)
            {
                double sum = 0;
                for (int p = 0; p < c.K; p++) sum += A(i, p) * B(p, j);
                result[j * c.M + i] = Math.Abs(c.Alpha) * sum + Math.Abs(c.Beta) * Math.Abs(double.CreateTruncating(cInitial[j * c.M + i]));
            }
        return result;
    }

    static void CheckWithUpdate<T>(GemmCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var a = Values<T>(random, c.RowsA * c.ColumnsA);
        var b = Values<T>(random, c.RowsB * c.ColumnsB);
        var cInitial = Values<T>(random, c.M * c.N);
        var expected = (T[])cInitial.Clone();
        var actual = (T[])cInitial.Clone();
        T alpha = T.CreateTruncating(c.Alpha), beta = T.CreateTruncating(c.Beta);
        ((ILinearAlgebraProvider<T>)(object)ManagedLinearAlgebraProvider.Instance).MatrixMultiplyWithUpdate(
            c.TransposeA, c.TransposeB, alpha, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB, beta, expected);
        ((ILinearAlgebraProvider<T>)(object)OpenBlasLinearAlgebraProvider.Instance).MatrixMultiplyWithUpdate(
            c.TransposeA, c.TransposeB, alpha, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB, beta, actual);
        AssertClose("MatrixMultiplyWithUpdate", c, expected, actual, Magnitude(c, a, b, cInitial));
    }

    [OpenBlasProperty(MaxTest = 300)]
    public Property MatrixMultiplyWithUpdate_float_matches_managed() =>
        Prop.ForAll(CaseArb, c => CheckWithUpdate<float>(c));

    [OpenBlasProperty(MaxTest = 300)]
    public Property MatrixMultiplyWithUpdate_double_matches_managed() =>
        Prop.ForAll(CaseArb, c => CheckWithUpdate<double>(c));

    /// <summary>Runs <paramref name="body"/> with <paramref name="provider"/> installed, then puts the previous one back.</summary>
    internal static TResult With<TResult>(ILinearAlgebraProvider provider, Func<TResult> body)
    {
        var previous = LinearAlgebraControl.Provider;
        try
        {
            LinearAlgebraControl.Provider = provider;
            return body();
        }
        finally
        {
            LinearAlgebraControl.Provider = previous;
        }
    }

    /// <summary>Plain Multiply, TransposeThisAndMultiply and TransposeAndMultiply through Matrix&lt;T&gt;, OpenBLAS installed vs managed.</summary>
    static void CheckMatrixApi<T>(GemmCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var build = Matrix<T>.Build;
        var zeros = new T[c.M * c.N];
        var plain = c with { TransposeA = Transpose.DontTranspose, TransposeB = Transpose.DontTranspose, Alpha = 1, Beta = 0 };

        // A·B with A M×K, B K×N.
        var a = build.Dense(c.M, c.K, Values<T>(random, c.M * c.K));
        var b = build.Dense(c.K, c.N, Values<T>(random, c.K * c.N));
        Compare("Multiply", plain, () => a.Multiply(b), a.ToColumnMajorArray(), b.ToColumnMajorArray(), zeros);

        // Aᵀ·B with A stored K×M.
        var at = build.Dense(c.K, c.M, Values<T>(random, c.K * c.M));
        var tn = plain with { TransposeA = Transpose.Transpose };
        Compare("TransposeThisAndMultiply", tn, () => at.TransposeThisAndMultiply(b), at.ToColumnMajorArray(), b.ToColumnMajorArray(), zeros);

        // A·Bᵀ with B stored N×K.
        var bt = build.Dense(c.N, c.K, Values<T>(random, c.N * c.K));
        var nt = plain with { TransposeB = Transpose.Transpose };
        Compare("TransposeAndMultiply", nt, () => a.TransposeAndMultiply(bt), a.ToColumnMajorArray(), bt.ToColumnMajorArray(), zeros);
    }

    static void Compare<T>(string what, GemmCase c, Func<Matrix<T>> product, T[] a, T[] b, T[] zeros) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = With(ManagedLinearAlgebraProvider.Instance, product);
        var actual = With(OpenBlasLinearAlgebraProvider.Instance, product);
        Assert.Equal((c.M, c.N), (actual.RowCount, actual.ColumnCount));
        AssertClose(what, c, expected.ToColumnMajorArray(), actual.ToColumnMajorArray(), Magnitude(c, a, b, zeros));
    }

    [OpenBlasProperty(MaxTest = 150)]
    public Property Matrix_products_float_match_managed() =>
        Prop.ForAll(CaseArb, c => CheckMatrixApi<float>(c));

    [OpenBlasProperty(MaxTest = 150)]
    public Property Matrix_products_double_match_managed() =>
        Prop.ForAll(CaseArb, c => CheckMatrixApi<double>(c));

    [OpenBlasFact]
    public void Inner_dimension_zero_gives_beta_times_C_and_zeros_for_a_plain_product()
    {
        var provider = (ILinearAlgebraProvider<double>)OpenBlasLinearAlgebraProvider.Instance;
        var c = new[] { 1.0, 2.0, double.NaN, 4.0 };
        provider.MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1.0, [], 2, 0, [], 0, 2, 0.5, c);
        Assert.Equal(new[] { 0.5, 1.0, double.NaN, 2.0 }, c);
        var result = new[] { 7f, 7f, 7f, 7f, 7f, 7f };
        ((ILinearAlgebraProvider<float>)OpenBlasLinearAlgebraProvider.Instance).MatrixMultiply([], 3, 0, [], 0, 2, result);
        Assert.All(result, v => Assert.Equal(0f, v));
        var product = With(OpenBlasLinearAlgebraProvider.Instance, () => Matrix<float>.Build.Dense(3, 0).Multiply(Matrix<float>.Build.Dense(0, 2)));
        Assert.Equal((3, 2), (product.RowCount, product.ColumnCount));
        Assert.All(product.ToColumnMajorArray(), v => Assert.Equal(0f, v));
    }

    [OpenBlasFact]
    public void Mismatched_inner_dimensions_are_rejected_with_both_shapes()
    {
        var provider = (ILinearAlgebraProvider<float>)OpenBlasLinearAlgebraProvider.Instance;
        var e = Assert.Throws<ArgumentException>(() =>
            provider.MatrixMultiplyWithUpdate(Transpose.Transpose, Transpose.DontTranspose, 1f, new float[6], 2, 3, new float[8], 4, 2, 0f, new float[6]));
        Assert.Contains("MatrixMultiplyWithUpdate", e.Message);
        Assert.Contains("A 2x3", e.Message);
        Assert.Contains("B 4x2", e.Message);
    }

    /// <summary>For a fixed thread count, OpenBLAS gives the same bits every time (the library's determinism promise).</summary>
    [OpenBlasFact]
    public void Products_are_bit_identical_run_to_run_for_a_fixed_thread_count()
    {
        var random = new System.Random(7);
        var a = Matrix<float>.Build.Dense(300, 784, (_, _) => (float)random.NextDouble() - 0.5f);
        var b = Matrix<float>.Build.Dense(784, 256, (_, _) => (float)random.NextDouble() - 0.5f);
        int previousThreads = OpenBlasNative.GetNumThreads();
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                OpenBlasNative.SetNumThreads(threads);
                var first = With(OpenBlasLinearAlgebraProvider.Instance, () => a.Multiply(b)).ToColumnMajorArray();
                for (int run = 0; run < 5; run++)
                {
                    // Other work in between must not change the next result.
                    _ = With(OpenBlasLinearAlgebraProvider.Instance, () => b.TransposeAndMultiply(b));
                    var same = With(OpenBlasLinearAlgebraProvider.Instance, () => a.Multiply(b)).ToColumnMajorArray();
                    Assert.True(first.AsSpan().SequenceEqual(same), $"{threads} thread(s): run {run} differs from the first.");
                }
            }
        }
        finally
        {
            OpenBlasNative.SetNumThreads(previousThreads);
        }
    }

    /// <summary>CI installs OpenBLAS and sets FUNCTIONAL_REQUIRE_OPENBLAS=1, so the properties above cannot silently skip there.</summary>
    [Fact]
    public void OpenBlas_is_loadable_when_required()
    {
        if (Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_OPENBLAS") != "1") return;
        Assert.True(LinearAlgebraProviders.IsOpenBlasAvailable,
            "FUNCTIONAL_REQUIRE_OPENBLAS=1 but libopenblas.so.0 does not load; install it with 'apt-get install -y libopenblas0-pthread'.");
    }
}
