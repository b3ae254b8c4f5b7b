using System.Globalization;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// Chooses the process-wide MathNet linear-algebra provider (<c>LinearAlgebraControl.Provider</c>) the library's
/// matrix products run on: OpenBLAS when <c>libopenblas.so.0</c> loads, MathNet's managed code otherwise.
/// </summary>
/// <remarks>
/// <para>The environment decides unless a program calls <see cref="Use(string)"/>:
/// <c>FUNCTIONAL_PROVIDER=managed|openblas</c> forces one; unset (or empty) takes OpenBLAS when it loads and
/// otherwise falls back to the managed provider with one <see cref="DiagnosticLevel.Info"/> diagnostic.
/// <c>FUNCTIONAL_BLAS_THREADS</c> fixes the OpenBLAS thread count (default <see cref="DefaultBlasThreads"/>).</para>
/// <para>Determinism: the thread count is fixed once, when the provider is installed, and never changed behind the
/// caller's back; for a fixed thread count OpenBLAS gives bit-identical products run to run (the managed provider
/// always does). Different thread counts, or OpenBLAS against managed, may differ in the last bits.</para>
/// <para>Like <c>LinearAlgebraControl.Provider</c> itself this is process-wide state; every member is thread-safe.</para>
/// </remarks>
public static class LinearAlgebraProviders
{
    /// <summary>The environment variable that forces a provider: <c>managed</c> or <c>openblas</c>.</summary>
    public const string ProviderVariable = "FUNCTIONAL_PROVIDER";

    /// <summary>The environment variable that sets the OpenBLAS thread count (a whole number, at least 1).</summary>
    public const string ThreadsVariable = "FUNCTIONAL_BLAS_THREADS";

    /// <summary>
    /// The OpenBLAS thread count used when <see cref="ThreadsVariable"/> is unset: 1. Measured on the 2-core
    /// development machine (docs/benchmarks.md), a second thread does not pay for the network's small products
    /// (batch 32 through 784→128) and only pays for large square ones; one thread also leaves a core to the
    /// rest of the training loop and matches what PyTorch was fastest with for the same network.
    /// </summary>
    public const int DefaultBlasThreads = 1;

    /// <summary>The provider names <see cref="Use(string)"/> and <see cref="ProviderVariable"/> accept.</summary>
    public static IReadOnlyList<string> Names { get; } = ["managed", "openblas"];

    private static readonly object Gate = new();
    private static volatile bool initialized;

    /// <summary>True when OpenBLAS (<c>libopenblas.so.0</c>) loads in this process. Never throws.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasNative.IsAvailable;

    /// <summary>
    /// The provider matrix products run on now, e.g. <c>"openblas (1 thread)"</c> or <c>"managed"</c>
    /// (after <see cref="EnsureInitialized"/>, which reading this calls).
    /// </summary>
    public static string ActiveName
    {
        get
        {
            EnsureInitialized();
            return Describe(LinearAlgebraControl.Provider);
        }
    }

    /// <summary>
    /// Installs the provider the environment asks for, once; later calls (and calls after <see cref="Use(string)"/>)
    /// do nothing. The library calls it before training.
    /// </summary>
    /// <exception cref="ArgumentException">FUNCTIONAL_PROVIDER or FUNCTIONAL_BLAS_THREADS holds a value that is not valid.</exception>
    /// <exception cref="InvalidOperationException">FUNCTIONAL_PROVIDER=openblas but libopenblas.so.0 does not load.</exception>
    public static void EnsureInitialized()
    {
        if (initialized) return;
        lock (Gate)
        {
            if (initialized) return;
            Initialize(
                Environment.GetEnvironmentVariable(ProviderVariable),
                Environment.GetEnvironmentVariable(ThreadsVariable),
                () => OpenBlasNative.IsAvailable,
                ProviderVariable);
        }
    }

    /// <summary>
    /// Installs the named provider (<c>"managed"</c> or <c>"openblas"</c>, any case) now, whatever the environment says;
    /// OpenBLAS gets the thread count of <see cref="ThreadsVariable"/>, or <see cref="DefaultBlasThreads"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="InvalidOperationException">OpenBLAS was asked for but libopenblas.so.0 does not load.</exception>
    public static void Use(string name) => Use(name, ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable), ThreadsVariable));

    /// <summary>Installs the named provider now; OpenBLAS runs with <paramref name="blasThreads"/> threads (ignored for managed).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>, or <paramref name="blasThreads"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">OpenBLAS was asked for but libopenblas.so.0 does not load.</exception>
    public static void Use(string name, int blasThreads)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (blasThreads < 1)
            throw new ArgumentException($"LinearAlgebraProviders.Use: blasThreads must be at least 1, got {blasThreads}.", nameof(blasThreads));
        lock (Gate)
        {
            var selection = Select(name, () => OpenBlasNative.IsAvailable, "LinearAlgebraProviders.Use");
            Install(selection.Kind, blasThreads);
            initialized = true;
        }
    }

    /// <summary>Which provider a selection installs.</summary>
    internal enum ProviderKind { Managed, OpenBlas }

    /// <summary>The outcome of <see cref="Select"/>: the provider and the notice to emit, if any.</summary>
    internal sealed record Selection(ProviderKind Kind, Diagnostic? Notice);

    /// <summary>The fallback notice, emitted once when OpenBLAS is not found and nothing was forced.</summary>
    internal const string FallbackMessage =
        "OpenBLAS (libopenblas.so.0) not found; using MathNet's managed provider, about 30x slower for matrix products; install libopenblas0-pthread";

    /// <summary>
    /// The pure part of the choice: <paramref name="requested"/> is the forced name (null or blank: choose),
    /// <paramref name="nativeLoads"/> says whether OpenBLAS loads (only asked when it matters),
    /// <paramref name="origin"/> names where the request came from in error messages.
    /// </summary>
    internal static Selection Select(string? requested, Func<bool> nativeLoads, string origin)
    {
        ArgumentNullException.ThrowIfNull(nativeLoads);
        var name = requested?.Trim().ToLowerInvariant();
        switch (name)
        {
            case null or "":
                return nativeLoads()
                    ? new Selection(ProviderKind.OpenBlas, null)
                    : new Selection(ProviderKind.Managed, new Diagnostic(DiagnosticLevel.Info, "LinearAlgebra", FallbackMessage));
            case "managed":
                return new Selection(ProviderKind.Managed, null);
            case "openblas":
                if (!nativeLoads())
                    throw new InvalidOperationException(
                        $"{origin}: the openblas provider was requested but {OpenBlasNative.LibraryName} could not be loaded; " +
                        $"install it with 'apt-get install -y {OpenBlasNative.AptPackage}', or ask for 'managed'.");
                return new Selection(ProviderKind.OpenBlas, null);
            default:
                throw new ArgumentException(
                    $"{origin}: unknown linear-algebra provider '{requested}'; valid values: {string.Join(", ", Names)}.",
                    origin == ProviderVariable ? ProviderVariable : "name");
        }
    }

    /// <summary>The OpenBLAS thread count <paramref name="value"/> asks for (null or blank: <see cref="DefaultBlasThreads"/>).</summary>
    internal static int ParseThreads(string? value, string origin)
    {
        if (string.IsNullOrWhiteSpace(value)) return DefaultBlasThreads;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var threads) && threads >= 1)
            return threads;
        throw new ArgumentException($"{origin}: the OpenBLAS thread count must be a whole number of at least 1, got '{value}'.", origin);
    }

    /// <summary>Selects, installs and emits the notice; the testable body of <see cref="EnsureInitialized"/>.</summary>
    internal static Selection Initialize(string? requested, string? threads, Func<bool> nativeLoads, string origin)
    {
        lock (Gate)
        {
            var selection = Select(requested, nativeLoads, origin);
            int blasThreads = ParseThreads(threads, ThreadsVariable);
            Install(selection.Kind, blasThreads);
            initialized = true;
            if (selection.Notice is not null) Diagnostics.Emit(selection.Notice);
            return selection;
        }
    }

    private static void Install(ProviderKind kind, int blasThreads)
    {
        if (kind == ProviderKind.OpenBlas)
        {
            OpenBlasNative.SetNumThreads(blasThreads);
            LinearAlgebraControl.Provider = OpenBlasLinearAlgebraProvider.Instance;
        }
        else
        {
            LinearAlgebraControl.Provider = ManagedLinearAlgebraProvider.Instance;
        }
    }

    private static string DescribeOpenBlas()
    {
        int n = OpenBlasNative.GetNumThreads();
        var core = OpenBlasNative.CoreName();
        return $"openblas ({n} thread{(n == 1 ? "" : "s")}{(string.IsNullOrEmpty(core) ? "" : ", " + core + " kernels")})";
    }

    /// <summary>The name <see cref="ActiveName"/> gives a provider.</summary>
    internal static string Describe(ILinearAlgebraProvider provider) => provider switch
    {
        OpenBlasLinearAlgebraProvider => DescribeOpenBlas(),
        ManagedLinearAlgebraProvider => "managed",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
