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

/// <summary>Puts back the provider (and OpenBLAS thread count) that was installed when it was created.</summary>
sealed class ProviderRestore : IDisposable
{
    readonly ILinearAlgebraProvider previous = LinearAlgebraControl.Provider;
    readonly int? threads = LinearAlgebraProviders.IsOpenBlasAvailable ? OpenBlasNative.GetNumThreads() : null;

    public void Dispose()
    {
        LinearAlgebraControl.Provider = previous;
        if (threads is int n) OpenBlasNative.SetNumThreads(n);
    }
}

[Collection(ProviderCollection.Name)]
public sealed class LinearAlgebraProvidersTests
{
    static bool Never() => throw new InvalidOperationException("nativeLoads must not be asked here");

    [Fact]
    public void Unknown_environment_value_lists_the_valid_values()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Select("cuda", () => true, LinearAlgebraProviders.ProviderVariable));
        Assert.Contains("FUNCTIONAL_PROVIDER", e.Message);
        Assert.Contains("'cuda'", e.Message);
        Assert.Contains("valid values: managed, openblas", e.Message);
    }

    [Fact]
    public void Use_with_an_unknown_name_lists_the_valid_values_and_changes_nothing()
    {
        using var _ = new ProviderRestore();
        var before = LinearAlgebraControl.Provider;
        var e = Assert.Throws<ArgumentException>(() => LinearAlgebraProviders.Use("blas"));
        Assert.Contains("LinearAlgebraProviders.Use", e.Message);
        Assert.Contains("valid values: managed, openblas", e.Message);
        Assert.Same(before, LinearAlgebraControl.Provider);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData(" Managed ")]
    public void Forcing_managed_never_probes_the_native_library(string requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, Never, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.Managed, selection.Kind);
        Assert.Null(selection.Notice);
    }

    [Fact]
    public void Forcing_openblas_when_it_does_not_load_names_the_library_and_the_package()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LinearAlgebraProviders.Select("openblas", () => false, LinearAlgebraProviders.ProviderVariable));
        Assert.Contains("libopenblas.so.0", e.Message);
        Assert.Contains("libopenblas0-pthread", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_prefers_openblas_when_it_loads(string? requested)
    {
        var selection = LinearAlgebraProviders.Select(requested, () => true, LinearAlgebraProviders.ProviderVariable);
        Assert.Equal(LinearAlgebraProviders.ProviderKind.OpenBlas, selection.Kind);
        Assert.Null(selection.Notice);
    }

    [Fact]
    public void Unset_falls_back_to_managed_with_one_info_notice()
    {
        using var _ = new ProviderRestore();
        var seen = new List<Diagnostic>();
        using (Diagnostics.Subscribe(d => { if (d.Source == "LinearAlgebra") lock (seen) seen.Add(d); }))
            LinearAlgebraProviders.Initialize(null, null, () => false, LinearAlgebraProviders.ProviderVariable);
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
            LinearAlgebraProviders.Initialize("managed", null, Never, LinearAlgebraProviders.ProviderVariable);
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
        Assert.Equal(2, LinearAlgebraProviders.Names.Count);
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
}
