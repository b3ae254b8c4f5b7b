using Functional.Core;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>Tests that change the process-wide linear-algebra provider run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProviderCollection
{
    public const string Name = "Linear-algebra provider (process-global)";
}

/// <summary>Puts back the provider (and OpenBLAS thread count and split size) that was installed when it was created.</summary>
sealed class ProviderRestore : IDisposable
{
    readonly ILinearAlgebraProvider previous = LinearAlgebraControl.Provider;
    readonly int? threads = LinearAlgebraProviders.IsOpenBlasAvailable ? OpenBlasNative.GetNumThreads() : null;
    readonly long splitFrom = OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds;
    readonly long shardFrom = OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds;

    public void Dispose()
    {
        LinearAlgebraControl.Provider = previous;
        if (threads is int n) OpenBlasNative.SetNumThreads(n);
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom;
        OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds = shardFrom;
    }
}

[Collection(ProviderCollection.Name)]
public sealed class LinearAlgebraProvidersTests
{
    static bool Never() => throw new InvalidOperationException("nativeLoads must not be asked here");
    static CudaProbe NeverProbe() => throw new InvalidOperationException("CUDA must not be probed here");
    static CudaProbe NoCuda() => new(CudaState.LibrariesMissing, $"probed {CudaNative.ProbedNames}: none loaded");

    [Fact]
    public void Unknown_environment_value_lists_the_valid_values()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Select("cublas", () => true, NoCuda, LinearAlgebraProviders.ProviderVariable));
        Assert.Contains("FUNCTIONAL_PROVIDER", e.Message);
        Assert.Contains("'cublas'", e.Message);
        Assert.Contains("valid values: managed, openblas, cuda", e.Message);
    }

    [Fact]
    public void Use_with_an_unknown_name_lists_the_valid_values_and_changes_nothing()
    {
        using var _ = new ProviderRestore();
        var before = LinearAlgebraControl.Provider;
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Use("blas"));
        Assert.Contains("LinearAlgebraProviders.Use", e.Message);
        Assert.Contains("valid values: managed, openblas, cuda", e.Message);
        Assert.Same(before, LinearAlgebraControl.Provider);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData(" Managed ")]
    public void Forcing_managed_never_probes_the_native_library(string requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, Never, NeverProbe, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, selection.Kind);
        Assert.Empty(selection.Notices);
    }

    [Fact]
    public void Forcing_openblas_when_it_does_not_load_names_the_library_and_the_package()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LinearAlgebraProviders.Select("openblas", () => false, NeverProbe,
            LinearAlgebraProviders.ProviderVariable));
        Assert.Contains("libopenblas.so.0", e.Message);
        Assert.Contains("libopenblas0-pthread", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_prefers_openblas_when_it_loads(string? requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, () => true, NoCuda, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, selection.Kind);
        Assert.Empty(selection.Notices);
    }

    [Fact]
    public void Unset_falls_back_to_managed_with_one_info_notice()
    {
        using var _ = new ProviderRestore();
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(d => { if (d.Source == "LinearAlgebra") lock (seen) seen.Add(d); }))
            LinearAlgebraProviders.Initialize(null, null, null, () => false, NoCuda, LinearAlgebraProviders.ProviderVariable);
        var notice = Assert.Single(seen);
        Assert.Equal(DiagnosticLevel.Info, notice.Level);
        Assert.Equal(
            "OpenBLAS (libopenblas.so.0) not found; using MathNet's managed provider, about 30x slower for matrix products; install libopenblas0-pthread",
            notice.Message);
        Assert.IsType<ManagedLinearAlgebraProvider>(LinearAlgebraControl.Provider);
        Assert.Equal("managed", LinearAlgebraProviders.ActiveName);
    }

    [Fact]
    public void Forcing_managed_installs_it_without_a_notice()
    {
        using var _ = new ProviderRestore();
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(d => { if (d.Source == "LinearAlgebra") lock (seen) seen.Add(d); }))
            LinearAlgebraProviders.Initialize("managed", null, null, Never, NeverProbe, LinearAlgebraProviders.ProviderVariable);
        Assert.Empty(seen);
        Assert.IsType<ManagedLinearAlgebraProvider>(LinearAlgebraControl.Provider);
        Assert.Equal("managed", LinearAlgebraProviders.ActiveName);
    }

    [Fact]
    public void Use_managed_installs_the_managed_provider()
    {
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("managed");
        Assert.IsType<ManagedLinearAlgebraProvider>(LinearAlgebraControl.Provider);
        Assert.Equal("managed", LinearAlgebraProviders.ActiveName);
        var product = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 } }) * Matrix<double>.Build.DenseOfArray(new double[,] { { 3 }, { 4 } });
        Assert.Equal(11.0, product[0, 0]);
    }

    [Fact]
    public void Use_openblas_fixes_the_thread_count_and_names_it()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // covered by the FUNCTIONAL_REQUIRE_OPENBLAS guard in CI
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 2);
        Assert.StartsWith("openblas (2 threads", LinearAlgebraProviders.ActiveName);
        LinearAlgebraProviders.Use("OpenBLAS", 1);
        Assert.StartsWith("openblas (1 thread", LinearAlgebraProviders.ActiveName);
        Assert.Equal(3, LinearAlgebraProviders.Names.Count);
        var product = Matrix<float>.Build.DenseOfArray(new float[,] { { 1, 2 } }) * Matrix<float>.Build.DenseOfArray(new float[,] { { 3 }, { 4 } });
        Assert.Equal(11f, product[0, 0]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void Invalid_thread_counts_are_rejected_naming_the_variable(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.ParseThreads(value, LinearAlgebraProviders.ThreadsVariable));
        Assert.Contains("FUNCTIONAL_BLAS_THREADS", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Theory]
    [InlineData(null, LinearAlgebraProviders.DefaultBlasThreads)]
    [InlineData("", LinearAlgebraProviders.DefaultBlasThreads)]
    [InlineData("2", 2)]
    [InlineData(" 4 ", 4)]
    public void Thread_counts_parse_with_a_default(string? value, int expected) =>
        Assert.Equal(expected, LinearAlgebraProviders.ParseThreads(value, LinearAlgebraProviders.ThreadsVariable));

    [Fact]
    public void Use_rejects_a_thread_count_below_one()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Use("managed", 0));
        Assert.Contains("blasThreads", e.Message);
    }

    [Fact]
    public void EnsureInitialized_is_idempotent_and_thread_safe()
    {
        using var _ = new ProviderRestore();
        Parallel.For(0, 16, _ => LinearAlgebraProviders.EnsureInitialized());
        var installed = LinearAlgebraControl.Provider;
        LinearAlgebraProviders.EnsureInitialized();
        Assert.Same(installed, LinearAlgebraControl.Provider);
    }

    // ---- CUDA selection (pure: the probe is injected, so these run on any machine) ----

    static CudaProbe NoDevice() => new(CudaState.NoDevice,
        "libcudart.so.12 and libcublas.so.12 loaded but cudaGetDeviceCount returned cudaErrorNoDevice (100)");
    static CudaProbe Gpu() => new(CudaState.Present, "libcudart.so.12 and libcublas.so.12 loaded; 1 device", "NVIDIA Test GPU");

    [Fact]
    public void Cuda_from_the_environment_without_a_gpu_warns_in_one_line_naming_every_probed_library_and_uses_the_cpu()
    {
        var selection = LinearAlgebraProviders.Select(" CUDA ", () => true, NoCuda, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, selection.Kind);
        var notice = Assert.Single(selection.Notices);
        Assert.Equal(DiagnosticLevel.Warning, notice.Level);
        Assert.DoesNotContain('\n', notice.Message);
        Assert.Contains("FUNCTIONAL_PROVIDER", notice.Message);
        Assert.Contains("no CUDA GPU", notice.Message);
        Assert.Contains("using the CPU provider", notice.Message);
        foreach (var (runtime, blas) in CudaNative.LibraryPairs)
        {
            Assert.Contains(runtime, notice.Message);
            Assert.Contains(blas, notice.Message);
        }
        Assert.Contains("libcudart.so.11.0", notice.Message);

        // Without OpenBLAS either: the managed provider, with its own notice as well.
        var managed = LinearAlgebraProviders.Select("cuda", () => false, NoDevice, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, managed.Kind);
        Assert.Equal(2, managed.Notices.Count);
        Assert.Contains("cudaGetDeviceCount returned cudaErrorNoDevice", managed.Notices[0].Message);
        Assert.Equal(LinearAlgebraProviders.FallbackMessage, managed.Notices[1].Message);
    }

    [Fact]
    public void Use_cuda_without_a_gpu_throws_naming_what_was_probed()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LinearAlgebraProviders.Select("cuda", () => true, NoDevice,
            "LinearAlgebraProviders.Use", cudaRequired: true));
        Assert.Contains("LinearAlgebraProviders.Use", e.Message);
        Assert.Contains("cudaGetDeviceCount returned cudaErrorNoDevice", e.Message);
        Assert.Contains("'openblas'", e.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => LinearAlgebraProviders.Select("cuda", () => true, NoCuda,
            "LinearAlgebraProviders.Use", cudaRequired: true));
        Assert.Contains("libcudart.so.13", missing.Message);
    }

    [Fact]
    public void The_real_probe_on_this_machine_never_throws_and_agrees_with_IsCudaAvailable()
    {
        var probe = CudaNative.Probe();
        Assert.Equal(probe.GpuPresent, LinearAlgebraProviders.IsCudaAvailable);
        Assert.False(string.IsNullOrWhiteSpace(LinearAlgebraProviders.CudaProbeDetail));
        if (!probe.GpuPresent)
        {
            Assert.Null(probe.DeviceName);
            var e = Assert.Throws<InvalidOperationException>(() => LinearAlgebraProviders.Use("cuda", 1, 0));
            Assert.Contains("no CUDA GPU", e.Message);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_without_cuda_libraries_is_silent_about_cuda_and_keeps_the_cpu_choice(string? requested)
    {
        var withBlas = LinearAlgebraProviders.Select(requested, () => true, NoCuda, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, withBlas.Kind);
        Assert.Empty(withBlas.Notices);
        var without = LinearAlgebraProviders.Select(requested, () => false, NoCuda, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, without.Kind);
        Assert.Equal(LinearAlgebraProviders.FallbackMessage, Assert.Single(without.Notices).Message);
    }

    [Fact]
    public void Unset_with_cuda_libraries_but_no_device_adds_one_info_line_and_uses_the_cpu()
    {
        var selection = LinearAlgebraProviders.Select(null, () => true, NoDevice, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, selection.Kind);
        var notice = Assert.Single(selection.Notices);
        Assert.Equal(DiagnosticLevel.Info, notice.Level);
        Assert.Equal(
            "no CUDA GPU found (libcudart.so.12 and libcublas.so.12 loaded but cudaGetDeviceCount returned cudaErrorNoDevice (100)); using the CPU provider",
            notice.Message);
        Assert.DoesNotContain('\n', notice.Message);
        var managed = LinearAlgebraProviders.Select(null, () => false, NoDevice, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, managed.Kind);
        Assert.Equal(2, managed.Notices.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cuda")]
    public void A_gpu_selects_cuda_with_openblas_below_the_threshold(string? requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, () => true, Gpu, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Cuda, selection.Kind);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, selection.Cpu);
        Assert.Empty(selection.Notices);
        var managed = LinearAlgebraProviders.Select(requested, () => false, Gpu, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Cuda, managed.Kind);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, managed.Cpu);
        Assert.Contains("below the CUDA offload threshold", Assert.Single(managed.Notices).Message);
    }

    [Theory]
    [InlineData("openblas")]
    [InlineData("managed")]
    public void Forcing_a_cpu_provider_never_probes_cuda(string requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, () => true, NeverProbe, LinearAlgebraProviders.ProviderVariable);
        Assert.NotEqual(LinearAlgebraProviders.ProviderKind.Cuda, selection.Kind);
    }

    [Theory]
    [InlineData(null, 1L << 24)]
    [InlineData(" ", 1L << 24)]
    [InlineData("0", 0L)]
    [InlineData("1000000", 1000000L)]
    [InlineData(" 2^20 ", 1L << 20)]
    [InlineData("2^62", 1L << 62)]
    public void Cuda_thresholds_parse_with_a_default(string? value, long expected) =>
        Assert.Equal(expected, LinearAlgebraProviders.ParseCudaMin(value, LinearAlgebraProviders.CudaMinVariable));

    [Theory]
    [InlineData("-1")]
    [InlineData("1e6")]
    [InlineData("2^63")]
    [InlineData("2^")]
    [InlineData("lots")]
    public void Invalid_cuda_thresholds_are_rejected_naming_the_variable(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.ParseCudaMin(value, LinearAlgebraProviders.CudaMinVariable));
        Assert.Contains("FUNCTIONAL_CUDA_MIN_FLOPS", e.Message);
        Assert.Contains($"'{value}'", e.Message);
    }

    [Fact]
    public void Use_rejects_a_negative_cuda_threshold()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Use("managed", 1, -1));
        Assert.Contains("cudaMinMultiplyAdds", e.Message);
    }

    [Theory]
    [InlineData(1L << 24, "2^24")]
    [InlineData(1L, "2^0")]
    [InlineData(0L, "0")]
    [InlineData(1000000L, "1000000")]
    public void Thresholds_are_described_as_powers_of_two_when_they_are(long count, string expected) =>
        Assert.Equal(expected, LinearAlgebraProviders.FormatCount(count));

    [Fact]
    public void The_cuda_provider_sends_products_below_the_threshold_to_the_cpu_without_touching_cuda()
    {
        // Runs without a GPU: below the threshold the CUDA provider never calls into CUDA.
        var cuda = new CudaLinearAlgebraProvider(ManagedLinearAlgebraProvider.Instance, 1000);
        Assert.False(cuda.Offloads(9, 10, 11)); // 990
        Assert.True(cuda.Offloads(10, 10, 10)); // 1000
        Assert.True(cuda.Offloads(50000, 50000, 50000)); // m·n·k beyond int
        long before = CudaLinearAlgebraProvider.OffloadCount;
        var provider = (ILinearAlgebraProvider<double>)cuda;
        var a = new double[] { 1, 2, 3, 4, 5, 6 }; // 2x3 column-major: [[1,3,5],[2,4,6]]
        var b = new double[] { 1, 0, 1, 0, 1, 0 }; // 3x2: [[1,0],[0,1],[1,0]]
        var c = new double[4];
        provider.MatrixMultiply(a, 2, 3, b, 3, 2, c);
        Assert.Equal(new double[] { 6, 8, 3, 4 }, c);
        var f = new float[] { 1, 1, 1, 1 };
        ((ILinearAlgebraProvider<float>)cuda).MatrixMultiplyWithUpdate(Transpose.Transpose, Transpose.DontTranspose, 2f, [1f, 2f], 2, 1, [3f, 4f], 2,
            1, 0.5f, [0f]);
        ((ILinearAlgebraProvider<float>)cuda).MatrixMultiplyWithUpdate(Transpose.DontTranspose, Transpose.DontTranspose, 1f, [], 2, 0, [], 0, 2, 0.5f, f);
        Assert.Equal(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, f);
        Assert.Equal(before, CudaLinearAlgebraProvider.OffloadCount);
        var e = Assert.Throws<ArgumentException>(() => provider.MatrixMultiply(new double[6], 2, 3, new double[4], 2, 2, new double[4]));
        Assert.Contains("inner dimensions must match", e.Message);
        Assert.Equal("managed", LinearAlgebraProviders.Describe(cuda.Cpu));
        cuda.FreeResources(); // nothing was created: a no-op without a GPU
    }

    [Fact]
    public void The_cuda_provider_rejects_a_negative_threshold_and_a_cuda_cpu_provider()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CudaLinearAlgebraProvider(ManagedLinearAlgebraProvider.Instance, -1));
        var cuda = new CudaLinearAlgebraProvider(ManagedLinearAlgebraProvider.Instance, 0);
        Assert.Throws<ArgumentException>(() => new CudaLinearAlgebraProvider(cuda, 0));
    }
}
