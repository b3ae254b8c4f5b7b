using System.Globalization;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// Chooses the process-wide MathNet linear-algebra provider (<c>LinearAlgebraControl.Provider</c>) the library's
/// matrix products run on: cuBLAS for large products when a CUDA GPU is found, OpenBLAS when <c>libopenblas.so.0</c>
/// loads, MathNet's managed code otherwise.
/// </summary>
/// <remarks>
/// <para>The environment decides unless a program calls <see cref="Use(string)"/>:
/// <c>FUNCTIONAL_PROVIDER=managed|openblas|cuda</c> forces one; unset (or empty) takes CUDA when the CUDA runtime and
/// cuBLAS load and report a device, with products below <see cref="DefaultCudaMinMultiplyAdds"/> multiply-adds
/// (<see cref="CudaMinVariable"/> overrides it) on the CPU provider; otherwise OpenBLAS when it loads, otherwise the
/// managed provider with one <see cref="DiagnosticLevel.Info"/> diagnostic. A machine without the CUDA libraries gets no
/// notice about CUDA; one where they load but no device is visible (no driver, a container started without GPUs) gets
/// one Info line saying so, since that is usually a setup mistake. <c>FUNCTIONAL_PROVIDER=cuda</c> without a GPU gets
/// one Warning line naming every library probed, and the CPU provider; <see cref="Use(string)"/> with <c>"cuda"</c>
/// throws instead.
/// <c>FUNCTIONAL_BLAS_THREADS</c> fixes the OpenBLAS thread count for every product. Unset, OpenBLAS runs
/// <see cref="DefaultBlasThreads"/> thread and the machine's <see cref="OpenBlasTuning"/> (measured once, cached) says
/// from which size a product is split in two halves over two threads, and which kernels OpenBLAS loads
/// (<c>FUNCTIONAL_BLAS_TUNING=off</c>: no split, kernels from the instruction sets).</para>
/// <para>Determinism: the thread count is fixed once, when the provider is installed, and never changed behind the
/// caller's back; for a fixed thread count OpenBLAS gives bit-identical products run to run (the managed provider
/// always does). Different thread counts, or OpenBLAS against managed, may differ in the last bits.</para>
/// <para>Like <c>LinearAlgebraControl.Provider</c> itself this is process-wide state; every member is thread-safe.</para>
/// </remarks>
public static class LinearAlgebraProviders
{
    /// <summary>The environment variable that forces a provider: <c>managed</c>, <c>openblas</c> or <c>cuda</c>.</summary>
    public const string ProviderVariable = "FUNCTIONAL_PROVIDER";

    /// <summary>The environment variable that sets the OpenBLAS thread count (a whole number, at least 1).</summary>
    public const string ThreadsVariable = "FUNCTIONAL_BLAS_THREADS";

    /// <summary>
    /// The OpenBLAS thread count used when <see cref="ThreadsVariable"/> is unset: 1. On some machines a second thread does
    /// not pay for the network's small products (batch 32 through 784→128), only for large ones (docs/benchmarks.md), and
    /// one thread leaves a core to the rest of the training loop; the products where it pays on this machine are split
    /// over two threads instead (<see cref="OpenBlasTuning"/>).
    /// </summary>
    public const int DefaultBlasThreads = 1;

    /// <summary>
    /// The environment variable that sets the CUDA offload threshold: products with <c>m·n·k</c> (multiply-adds, half the
    /// flops) at least this run on the GPU, smaller ones on the CPU. A whole number ≥ 0, or <c>2^N</c>.
    /// </summary>
    public const string CudaMinVariable = "FUNCTIONAL_CUDA_MIN_FLOPS";

    /// <summary>
    /// The CUDA offload threshold used when <see cref="CudaMinVariable"/> is unset: 2^24 multiply-adds (a 256×256×256
    /// product). An estimate, not yet measured (docs/benchmarks.md, "CUDA"): below it, copying the operands over PCIe
    /// and launching the kernel take about as long as OpenBLAS needs for the whole product on one core. The MNIST
    /// network's products at batch 32 (32×784×128, 3.2·10^6) stay on the CPU; wide layers at large batches go to the GPU.
    /// </summary>
    public const long DefaultCudaMinMultiplyAdds = 1L << 24;

    /// <summary>The provider names <see cref="Use(string)"/> and <see cref="ProviderVariable"/> accept.</summary>
    public static IReadOnlyList<string> Names { get; } = ["managed", "openblas", "cuda"];

    private static readonly object Gate = new();
    private static volatile bool initialized;

    /// <summary>True when OpenBLAS (<c>libopenblas.so.0</c>) loads in this process. Never throws.</summary>
    public static bool IsOpenBlasAvailable => OpenBlasNative.IsAvailable;

    /// <summary>
    /// True when the CUDA runtime and cuBLAS load and report at least one device (probed once, libraries
    /// <c>libcudart.so[.12|.11.0|.13]</c> and <c>libcublas.so[.12|.11|.13]</c>). Never throws.
    /// </summary>
    public static bool IsCudaAvailable => CudaNative.IsAvailable;

    /// <summary>One line saying what the CUDA probe tried and found, e.g. for a skipped test's reason. Never throws.</summary>
    public static string CudaProbeDetail => CudaNative.Probe().Detail;

    /// <summary>
    /// The provider matrix products run on now, e.g. <c>"openblas (1 thread)"</c>, <c>"managed"</c> or
    /// <c>"cuda (NVIDIA H100 80GB HBM3, offload from 2^24 multiply-adds; below: openblas (1 thread))"</c>
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
    /// <exception cref="ArgumentException">FUNCTIONAL_PROVIDER, FUNCTIONAL_BLAS_THREADS, FUNCTIONAL_BLAS_TUNING or FUNCTIONAL_CUDA_MIN_FLOPS
    /// holds a value that is not valid.</exception>
    /// <exception cref="InvalidOperationException">FUNCTIONAL_PROVIDER=openblas but libopenblas.so.0 does not load.</exception>
    public static void EnsureInitialized()
    {
        if (initialized) return;
        lock (Gate)
        {
            if (initialized) return;
            OpenBlasTuning.ParseEnabled(Environment.GetEnvironmentVariable(OpenBlasTuning.TuningVariable));
            Initialize(
                Environment.GetEnvironmentVariable(ProviderVariable),
                Environment.GetEnvironmentVariable(ThreadsVariable),
                Environment.GetEnvironmentVariable(CudaMinVariable),
                () => OpenBlasNative.IsAvailable,
                CudaNative.Probe,
                ProviderVariable);
        }
    }

    /// <summary>
    /// Installs the named provider (<c>"managed"</c>, <c>"openblas"</c> or <c>"cuda"</c>, any case) now, whatever the
    /// environment says; OpenBLAS gets the thread count of <see cref="ThreadsVariable"/>, or <see cref="DefaultBlasThreads"/>,
    /// and CUDA the threshold of <see cref="CudaMinVariable"/>, or <see cref="DefaultCudaMinMultiplyAdds"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="InvalidOperationException">OpenBLAS was asked for but libopenblas.so.0 does not load, or CUDA but no GPU is found.</exception>
    public static void Use(string name)
    {
        var threads = Environment.GetEnvironmentVariable(ThreadsVariable);
        UseWith(name, ParseThreads(threads, ThreadsVariable), ParseCudaMin(Environment.GetEnvironmentVariable(CudaMinVariable), CudaMinVariable),
            tuned: string.IsNullOrWhiteSpace(threads));
    }

    /// <summary>Installs the named provider now; OpenBLAS runs with <paramref name="blasThreads"/> threads (ignored for managed).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>, or <paramref name="blasThreads"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">OpenBLAS was asked for but libopenblas.so.0 does not load, or CUDA but no GPU is found.</exception>
    public static void Use(string name, int blasThreads) =>
        Use(name, blasThreads, ParseCudaMin(Environment.GetEnvironmentVariable(CudaMinVariable), CudaMinVariable));

    /// <summary>
    /// Installs the named provider now; OpenBLAS (alone, or below the CUDA threshold) runs with <paramref name="blasThreads"/>
    /// threads, and CUDA offloads products with <c>m·n·k ≥ </c><paramref name="cudaMinMultiplyAdds"/> (0: every product).
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>, <paramref name="blasThreads"/> is below 1, or <paramref
    /// name="cudaMinMultiplyAdds"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">OpenBLAS was asked for but libopenblas.so.0 does not load, or CUDA but no GPU is found.</exception>
    public static void Use(string name, int blasThreads, long cudaMinMultiplyAdds) => UseWith(name, blasThreads, cudaMinMultiplyAdds, tuned: false);

    /// <summary>Installs the named provider; <paramref name="tuned"/>: the thread count was not asked for, so the machine's split applies.</summary>
    private static void UseWith(string name, int blasThreads, long cudaMinMultiplyAdds, bool tuned)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (blasThreads < 1)
            throw new ArgumentException($"LinearAlgebraProviders.Use: blasThreads must be at least 1, got {blasThreads}.", nameof(blasThreads));
        if (cudaMinMultiplyAdds < 0)
            throw new ArgumentException($"LinearAlgebraProviders.Use: cudaMinMultiplyAdds must be at least 0, got {cudaMinMultiplyAdds}.",
                nameof(cudaMinMultiplyAdds));
        lock (Gate)
        {
            var selection = Select(name, () => OpenBlasNative.IsAvailable, CudaNative.Probe, "LinearAlgebraProviders.Use", cudaRequired: true);
            Install(selection, blasThreads, cudaMinMultiplyAdds, tuned);
            initialized = true;
        }
    }

    /// <summary>Which provider a selection installs.</summary>
    internal enum ProviderKind { Managed, OpenBlas, Cuda }

    /// <summary>
    /// The outcome of <see cref="Select"/>: the provider, the notices to emit (zero, one or two Info lines), and for
    /// <see cref="ProviderKind.Cuda"/> the CPU provider that takes the products below the threshold.
    /// </summary>
    internal sealed record Selection(ProviderKind Kind, IReadOnlyList<Diagnostic> Notices, ProviderKind Cpu)
    {
        /// <summary>A selection of a CPU provider (its own CPU provider) with the given notices.</summary>
        public static Selection Of(ProviderKind kind, params Diagnostic[] notices) => new(kind, notices, kind);
    }

    /// <summary>The fallback notice, emitted once when OpenBLAS is not found and nothing was forced.</summary>
    internal const string FallbackMessage =
        "OpenBLAS (libopenblas.so.0) not found; using MathNet's managed provider, about 30x slower for matrix products; install libopenblas0-pthread";

    /// <summary>The notice when CUDA takes the large products but OpenBLAS is missing for the small ones.</summary>
    internal const string CudaCpuFallbackMessage =
        "OpenBLAS (libopenblas.so.0) not found; products below the CUDA offload threshold use MathNet's managed provider, about 30x slower; install " +
            "libopenblas0-pthread";

    /// <summary>The one-line notice when the CUDA libraries load but report no device (and CUDA was not forced).</summary>
    internal static string NoGpuMessage(CudaProbe probe) => $"no CUDA GPU found ({probe.Detail}); using the CPU provider";

    private static Diagnostic Info(string message) => new(DiagnosticLevel.Info, "LinearAlgebra", message);

    /// <summary>
    /// The pure part of the choice: <paramref name="requested"/> is the forced name (null or blank: choose),
    /// <paramref name="nativeLoads"/> says whether OpenBLAS loads and <paramref name="cuda"/> what probing for CUDA found
    /// (each asked only when it matters: forcing managed or openblas never probes CUDA),
    /// <paramref name="origin"/> names where the request came from in error messages.
    /// </summary>
    internal static Selection Select(string? requested, Func<bool> nativeLoads, Func<CudaProbe> cuda, string origin, bool cudaRequired = false)
    {
        ArgumentNullException.ThrowIfNull(nativeLoads);
        ArgumentNullException.ThrowIfNull(cuda);
        var name = requested?.Trim().ToLowerInvariant();
        switch (name)
        {
            case null or "":
                {
                    var probe = cuda();
                    if (probe.GpuPresent)
                        return nativeLoads()
                            ? new Selection(ProviderKind.Cuda, [], ProviderKind.OpenBlas)
                            : new Selection(ProviderKind.Cuda, [Info(CudaCpuFallbackMessage)], ProviderKind.Managed);
                    var notices = new List<Diagnostic>();
                    if (probe.State == CudaState.NoDevice) notices.Add(Info(NoGpuMessage(probe)));
                    if (nativeLoads()) return new Selection(ProviderKind.OpenBlas, notices, ProviderKind.OpenBlas);
                    notices.Add(Info(FallbackMessage));
                    return new Selection(ProviderKind.Managed, notices, ProviderKind.Managed);
                }
            case "managed":
                return Selection.Of(ProviderKind.Managed);
            case "openblas":
                if (!nativeLoads())
                    throw new InvalidOperationException(
                        $"{origin}: the openblas provider was requested but {OpenBlasNative.LibraryName} could not be loaded; " +
                        $"install it with 'apt-get install -y {OpenBlasNative.AptPackage}', or ask for 'managed'.");
                return Selection.Of(ProviderKind.OpenBlas);
            case "cuda":
                {
                    var probe = cuda();
                    if (!probe.GpuPresent)
                    {
                        string missing = $"{origin}: the cuda provider was requested but no CUDA GPU was found ({probe.Detail})";
                        const string Remedy = "install the NVIDIA driver and the CUDA runtime and cuBLAS libraries (NVIDIA's packages cuda-cudart-12-* " +
                            "and libcublas-12-*)";
                        if (cudaRequired) throw new InvalidOperationException($"{missing}; {Remedy}, or ask for 'openblas' or 'managed'.");
                        // From the environment: the same script runs on machines with and without a GPU, so warn and go on.
                        var notices = new List<Diagnostic> { new(DiagnosticLevel.Warning, "LinearAlgebra",
                            $"{missing}; using the CPU provider ({Remedy} to use one).") };
                        if (nativeLoads()) return new Selection(ProviderKind.OpenBlas, notices, ProviderKind.OpenBlas);
                        notices.Add(Info(FallbackMessage));
                        return new Selection(ProviderKind.Managed, notices, ProviderKind.Managed);
                    }
                    return nativeLoads()
                        ? new Selection(ProviderKind.Cuda, [], ProviderKind.OpenBlas)
                        : new Selection(ProviderKind.Cuda, [Info(CudaCpuFallbackMessage)], ProviderKind.Managed);
                }
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

    /// <summary>
    /// The CUDA offload threshold <paramref name="value"/> asks for (null or blank: <see cref="DefaultCudaMinMultiplyAdds"/>):
    /// a whole number of multiply-adds ≥ 0, or <c>2^N</c> with N from 0 to 62.
    /// </summary>
    internal static long ParseCudaMin(string? value, string origin)
    {
        if (string.IsNullOrWhiteSpace(value)) return DefaultCudaMinMultiplyAdds;
        var text = value.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return count;
        if (text.StartsWith("2^", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var power) && power <= 62)
            return 1L << power;
        throw new ArgumentException(
            $"{origin}: the CUDA offload threshold (multiply-adds m·n·k) must be a whole number of at least 0 or 2^N (N ≤ 62), got '{value}'.", origin);
    }

    /// <summary>Selects, installs and emits the notices; the testable body of <see cref="EnsureInitialized"/>.</summary>
    internal static Selection Initialize(string? requested, string? threads, string? cudaMin, Func<bool> nativeLoads, Func<CudaProbe> cuda, string origin)
    {
        lock (Gate)
        {
            var selection = Select(requested, nativeLoads, cuda, origin);
            int blasThreads = ParseThreads(threads, ThreadsVariable);
            long minMultiplyAdds = ParseCudaMin(cudaMin, CudaMinVariable);
            Install(selection, blasThreads, minMultiplyAdds, tuned: string.IsNullOrWhiteSpace(threads));
            initialized = true;
            foreach (var notice in selection.Notices) Diagnostics.Emit(notice);
            return selection;
        }
    }

    private static ILinearAlgebraProvider CpuProvider(ProviderKind kind, int blasThreads, bool tuned)
    {
        if (kind == ProviderKind.OpenBlas)
        {
            OpenBlasNative.SetNumThreads(blasThreads);
            // The split is the tuned alternative to OpenBLAS's own threads: only with one OpenBLAS thread, and only when the
            // thread count was not asked for.
            long? splitFrom = tuned && blasThreads == 1 ? OpenBlasTuning.ForThisMachine().SplitFromMultiplyAdds : null;
            OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = splitFrom ?? long.MaxValue;
            // Where splitting products pays, so does giving each core half of a wide layer (and its update) to itself, with
            // kernels whose column blocks keep the whole product's bits (the shards must not change results).
            OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds = splitFrom is null || BlockProduct.ColumnTile == 0
                ? long.MaxValue : OpenBlasLinearAlgebraProvider.DefaultShardFromMultiplyAdds;
            return OpenBlasLinearAlgebraProvider.Instance;
        }
        return ManagedLinearAlgebraProvider.Instance;
    }

    private static void Install(Selection selection, int blasThreads, long cudaMinMultiplyAdds, bool tuned)
    {
        var cpu = CpuProvider(selection.Cpu, blasThreads, tuned);
        LinearAlgebraControl.Provider = selection.Kind == ProviderKind.Cuda ? new CudaLinearAlgebraProvider(cpu, cudaMinMultiplyAdds) : cpu;
    }

    /// <summary>"2^24" for powers of two, the plain number otherwise.</summary>
    internal static string FormatCount(long count) =>
        count > 0 && (count & (count - 1)) == 0
            ? "2^" + System.Numerics.BitOperations.Log2((ulong)count).ToString(CultureInfo.InvariantCulture)
            : count.ToString(CultureInfo.InvariantCulture);

    private static string DescribeCuda(CudaLinearAlgebraProvider cuda)
    {
        var device = CudaNative.Probe().DeviceName;
        return $"cuda ({(device is null ? "" : device + ", ")}offload from {FormatCount(cuda.MinMultiplyAdds)} multiply-adds; below: {Describe(cuda.Cpu)})";
    }

    /// <summary>E.g. "openblas (1 thread, 2 threads from 12845056 multiply-adds, Haswell kernels measured 2026-12-02)".</summary>
    private static string DescribeOpenBlas()
    {
        int n = OpenBlasNative.GetNumThreads();
        var core = OpenBlasNative.CoreName();
        long splitFrom = OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds;
        long shardFrom = OpenBlasLinearAlgebraProvider.ShardFromMultiplyAdds;
        var split = (splitFrom == long.MaxValue ? "" : $", 2 threads from {FormatCount(splitFrom)} multiply-adds") +
                    (shardFrom == long.MaxValue ? "" : $", Dense layers in 2 shards from {FormatCount(shardFrom)} multiply-adds a half");
        var tuning = OpenBlasTuning.ForThisMachine();
        var measured = tuning.KernelsFrom == "measured" && tuning.MeasuredUtc is { } t
            ? " measured " + t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
        var costly = tuning.FasterMeasuredKernels() is { } faster
            ? $" from {OpenBlasNative.CoreTypeVariable}; {faster.Kernels} measured {faster.Speedup.ToString("0.0#", CultureInfo.InvariantCulture)}x faster"
            : "";
        return $"openblas ({n} thread{(n == 1 ? "" : "s")}{split}{(string.IsNullOrEmpty(core) ? "" : ", " + core + " kernels" + measured + costly)})";
    }

    /// <summary>The name <see cref="ActiveName"/> gives a provider.</summary>
    internal static string Describe(ILinearAlgebraProvider provider) => provider switch
    {
        OpenBlasLinearAlgebraProvider => DescribeOpenBlas(),
        CudaLinearAlgebraProvider cuda => DescribeCuda(cuda),
        ManagedLinearAlgebraProvider => "managed",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
