using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>Why the CUDA tests are skipped here, or null when a GPU is present.</summary>
static class CudaSkip
{
    public static string? Reason => LinearAlgebraProviders.IsCudaAvailable ? null : $"no CUDA GPU: {LinearAlgebraProviders.CudaProbeDetail}";
}

/// <summary>A property that is reported as skipped, with what was probed, when no CUDA GPU is present.</summary>
public sealed class CudaPropertyAttribute : PropertyAttribute
{
    public CudaPropertyAttribute()
    {
        if (CudaSkip.Reason is { } reason) Skip = reason;
    }
}

/// <summary>A fact that is reported as skipped, with what was probed, when no CUDA GPU is present.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (CudaSkip.Reason is { } reason) Skip = reason;
    }
}

/// <summary>
/// The CUDA provider computes the same products as MathNet's managed one, within the float/double rounding bound of
/// <see cref="ProviderProperties"/> (cuBLAS sums in yet another order; CUBLAS_DEFAULT_MATH keeps FP32 exact, so the
/// bound is the same as OpenBLAS's; TF32 would break it by orders of magnitude).
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class CudaProviderProperties
{
    /// <summary>Every product offloaded (threshold 0); the CPU provider is managed so nothing else is involved.</summary>
    static readonly CudaLinearAlgebraProvider AllOnGpu = new(ManagedLinearAlgebraProvider.Instance, 0);

    static ILinearAlgebraProvider Cpu => LinearAlgebraProviders.IsOpenBlasAvailable ? OpenBlasLinearAlgebraProvider.Instance
        : ManagedLinearAlgebraProvider.Instance;

    static void CheckWithUpdate<T>(GemmCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(c.Seed);
        var a = ProviderProperties.Values<T>(random, c.RowsA * c.ColumnsA);
        var b = ProviderProperties.Values<T>(random, c.RowsB * c.ColumnsB);
        var cInitial = ProviderProperties.Values<T>(random, c.M * c.N);
        var expected = (T[])cInitial.Clone();
        var actual = (T[])cInitial.Clone();
        T alpha = T.CreateTruncating(c.Alpha), beta = T.CreateTruncating(c.Beta);
        ((ILinearAlgebraProvider<T>)(object)ManagedLinearAlgebraProvider.Instance).MatrixMultiplyWithUpdate(
            c.TransposeA, c.TransposeB, alpha, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB, beta, expected);
        ((ILinearAlgebraProvider<T>)(object)AllOnGpu).MatrixMultiplyWithUpdate(
            c.TransposeA, c.TransposeB, alpha, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB, beta, actual);
        ProviderProperties.AssertClose("CUDA MatrixMultiplyWithUpdate", c, expected, actual, ProviderProperties.Magnitude(c, a, b, cInitial));
    }

    // Random shapes (0 and 1 often: 1×N, N×1, inner dimension 0), all four transpose combinations, alpha and beta
    // including 0 (beta = 0: C is not uploaded), in random order so the device buffers grow and are reused.
    [CudaProperty(MaxTest = 300)]
    public Property MatrixMultiplyWithUpdate_float_on_the_gpu_matches_managed() =>
        Prop.ForAll(ProviderProperties.CaseArb, c => CheckWithUpdate<float>(c));

    [CudaProperty(MaxTest = 300)]
    public Property MatrixMultiplyWithUpdate_double_on_the_gpu_matches_managed() =>
        Prop.ForAll(ProviderProperties.CaseArb, c => CheckWithUpdate<double>(c));

    [CudaFact]
    public void Every_transpose_combination_of_a_large_float_product_matches_the_cpu()
    {
        foreach (var ta in new[] { Transpose.DontTranspose, Transpose.Transpose })
            foreach (var tb in new[] { Transpose.DontTranspose, Transpose.Transpose })
                foreach (var (m, k, n) in new[] { (256, 784, 512), (1, 4096, 4096), (4096, 4096, 1), (1024, 1, 2048) })
                {
                    var c = new GemmCase(m, k, n, ta, tb, 1.5, 0.5, m + 3 * k + 7 * n);
                    var random = new System.Random(c.Seed);
                    var a = ProviderProperties.Values<float>(random, c.RowsA * c.ColumnsA);
                    var b = ProviderProperties.Values<float>(random, c.RowsB * c.ColumnsB);
                    var cInitial = ProviderProperties.Values<float>(random, m * n);
                    var expected = (float[])cInitial.Clone();
                    var actual = (float[])cInitial.Clone();
                    ((ILinearAlgebraProvider<float>)Cpu).MatrixMultiplyWithUpdate(ta, tb, 1.5f, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB, 0.5f, expected);
                    ((ILinearAlgebraProvider<float>)AllOnGpu).MatrixMultiplyWithUpdate(ta, tb, 1.5f, a, c.RowsA, c.ColumnsA, b, c.RowsB, c.ColumnsB,
                        0.5f, actual);
                    ProviderProperties.AssertClose("CUDA vs CPU", c, expected, actual, ProviderProperties.Magnitude(c, a, b, cInitial));
                }
    }

    [CudaFact]
    public void Matrix_api_products_on_the_gpu_match_managed()
    {
        var random = new System.Random(11);
        var a = Matrix<float>.Build.Dense(300, 784, (_, _) => (float)random.NextDouble() - 0.5f);
        var b = Matrix<float>.Build.Dense(784, 256, (_, _) => (float)random.NextDouble() - 0.5f);
        var plain = new GemmCase(300, 784, 256, Transpose.DontTranspose, Transpose.DontTranspose, 1, 0, 11);
        var zeros = new float[300 * 256];
        var expected = ProviderProperties.With(ManagedLinearAlgebraProvider.Instance, () => a.Multiply(b));
        var actual = ProviderProperties.With(AllOnGpu, () => a.Multiply(b));
        ProviderProperties.AssertClose("Multiply", plain, expected.ToColumnMajorArray(), actual.ToColumnMajorArray(),
            ProviderProperties.Magnitude(plain, a.ToColumnMajorArray(), b.ToColumnMajorArray(), zeros));
        // Aᵀ·A through TransposeThisAndMultiply (784×300 · 300×784).
        var gram = new GemmCase(784, 300, 784, Transpose.Transpose, Transpose.DontTranspose, 1, 0, 11);
        var expectedGram = ProviderProperties.With(ManagedLinearAlgebraProvider.Instance, () => a.TransposeThisAndMultiply(a));
        var actualGram = ProviderProperties.With(AllOnGpu, () => a.TransposeThisAndMultiply(a));
        ProviderProperties.AssertClose("TransposeThisAndMultiply", gram, expectedGram.ToColumnMajorArray(), actualGram.ToColumnMajorArray(),
            ProviderProperties.Magnitude(gram, a.ToColumnMajorArray(), a.ToColumnMajorArray(), new float[784 * 784]));
    }

    [CudaFact]
    public void Inner_dimension_zero_never_reaches_cublas_and_gives_beta_times_C()
    {
        long before = CudaLinearAlgebraProvider.OffloadCount;
        var c = new[] { 1.0, 2.0, double.NaN, 4.0 };
        ((ILinearAlgebraProvider<double>)AllOnGpu).MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1.0, [], 2, 0, [], 0, 2, 0.5, c);
        Assert.Equal(new[] { 0.5, 1.0, double.NaN, 2.0 }, c);
        var result = new[] { 7f, 7f, 7f, 7f, 7f, 7f };
        ((ILinearAlgebraProvider<float>)AllOnGpu).MatrixMultiply([], 3, 0, [], 0, 2, result);
        Assert.All(result, v => Assert.Equal(0f, v));
        Assert.Equal(before, CudaLinearAlgebraProvider.OffloadCount);
    }

    [CudaFact]
    public void Products_below_the_threshold_stay_on_the_cpu_and_larger_ones_go_to_the_gpu()
    {
        var provider = new CudaLinearAlgebraProvider(Cpu, 1L << 24);
        var random = new System.Random(5);
        var small = (a: ProviderProperties.Values<float>(random, 32 * 784), b: ProviderProperties.Values<float>(random, 784 * 128));
        long before = CudaLinearAlgebraProvider.OffloadCount;
        ((ILinearAlgebraProvider<float>)provider).MatrixMultiply(small.a, 32, 784, small.b, 784, 128, new float[32 * 128]); // 3.2·10^6 < 2^24
        Assert.Equal(before, CudaLinearAlgebraProvider.OffloadCount);
        var large = ProviderProperties.Values<float>(random, 256 * 256);
        ((ILinearAlgebraProvider<float>)provider).MatrixMultiply(large, 256, 256, large, 256, 256, new float[256 * 256]); // 2^24
        Assert.Equal(before + 1, CudaLinearAlgebraProvider.OffloadCount);
    }

    [CudaFact]
    public void Use_cuda_installs_it_and_names_the_device_threshold_and_cpu_provider()
    {
        var previous = LinearAlgebraControl.Provider;
        try
        {
            LinearAlgebraProviders.Use("cuda", 1, 1L << 24);
            Assert.IsType<CudaLinearAlgebraProvider>(LinearAlgebraControl.Provider);
            var name = LinearAlgebraProviders.ActiveName;
            Assert.StartsWith("cuda (", name);
            Assert.Contains("offload from 2^24 multiply-adds; below: " + (LinearAlgebraProviders.IsOpenBlasAvailable ? "openblas (1 thread" : "managed"), name);
            var product = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 } }) * Matrix<double>.Build.DenseOfArray(new double[,] { { 3 }, { 4 } });
            Assert.Equal(11.0, product[0, 0]);
        }
        finally
        {
            LinearAlgebraControl.Provider = previous;
        }
    }

    [CudaFact]
    public void Gpu_products_repeat_bit_for_bit_and_survive_FreeResources()
    {
        var random = new System.Random(3);
        var a = Matrix<float>.Build.Dense(300, 784, (_, _) => (float)random.NextDouble() - 0.5f);
        var b = Matrix<float>.Build.Dense(784, 256, (_, _) => (float)random.NextDouble() - 0.5f);
        var first = ProviderProperties.With(AllOnGpu, () => a.Multiply(b)).ToColumnMajorArray();
        _ = ProviderProperties.With(AllOnGpu, () => b.TransposeAndMultiply(b));
        AllOnGpu.FreeResources();
        var again = ProviderProperties.With(AllOnGpu, () => a.Multiply(b)).ToColumnMajorArray();
        Assert.True(first.AsSpan().SequenceEqual(again), "the same product on the GPU gave different bits");
    }

    /// <summary>A GPU CI job sets FUNCTIONAL_REQUIRE_CUDA=1, so the tests above cannot silently skip there.</summary>
    [Fact]
    public void Cuda_is_available_when_required()
    {
        if (Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_CUDA") != "1") return;
        Assert.True(LinearAlgebraProviders.IsCudaAvailable, $"FUNCTIONAL_REQUIRE_CUDA=1 but {LinearAlgebraProviders.CudaProbeDetail}.");
    }
}
