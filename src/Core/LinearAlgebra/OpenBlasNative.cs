using System.Runtime.InteropServices;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// The few entry points of OpenBLAS (Debian's <c>libopenblas.so.0</c>, package <c>libopenblas0-pthread</c>) the library uses.
/// </summary>
/// <remarks>
/// The library is probed once with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/> and every export with
/// <see cref="NativeLibrary.TryGetExport"/>, so a missing library (or one lacking a symbol) is a plain
/// <c>false</c> from <see cref="IsAvailable"/>, never a <see cref="DllNotFoundException"/> at the first product.
/// The exports are then called through unmanaged function pointers taken from that same handle: this is what
/// a <c>[LibraryImport]</c> would bind to, without needing a process-wide <c>DllImportResolver</c> (an assembly
/// can have only one, and a CUDA provider will want its own library names).
/// CBLAS enums are C <c>int</c>s and Debian's OpenBLAS uses 32-bit <c>blasint</c>.
/// </remarks>
internal static unsafe class OpenBlasNative
{
    /// <summary>The file name the dynamic loader is asked for.</summary>
    public const string LibraryName = "libopenblas.so.0";

    /// <summary>The Debian/Ubuntu package that provides <see cref="LibraryName"/>.</summary>
    public const string AptPackage = "libopenblas0-pthread";

    /// <summary>CBLAS_ORDER.CblasColMajor: MathNet stores dense matrices column by column.</summary>
    public const int ColMajor = 102;

    /// <summary>CBLAS_TRANSPOSE.CblasNoTrans (MathNet's <c>Transpose.DontTranspose</c> has the same value).</summary>
    public const int NoTrans = 111;

    /// <summary>CBLAS_TRANSPOSE.CblasTrans (MathNet's <c>Transpose.Transpose</c> has the same value).</summary>
    public const int Trans = 112;

    /// <summary>The exports of one loaded copy of the library (the process's, or a private copy the calibration measures).</summary>
    internal sealed class Exports
    {
        public required delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
        public required delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
        public required delegate* unmanaged<int, void> SetNumThreads;
        public required delegate* unmanaged<int> GetNumThreads;
        public required delegate* unmanaged<byte*> GetCoreName;

        /// <summary>The kernel family this copy chose (e.g. "Haswell"), or null when it does not say.</summary>
        public string? CoreName() => GetCoreName is null ? null : Marshal.PtrToStringUTF8((IntPtr)GetCoreName())?.Trim();
    }

    /// <summary>The environment variable OpenBLAS reads, once, when it loads, to choose its kernels.</summary>
    public const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    /// <summary>The environment variable OpenBLAS reads when it loads for the size of its thread pool.</summary>
    public const string NumThreadsVariable = "OPENBLAS_NUM_THREADS";

    private static readonly Lazy<Exports?> Loaded = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when <see cref="LibraryName"/> loads and exports everything used here. Never throws.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>The process's OpenBLAS, loaded once: with the kernels of this machine's tuning (<see cref="OpenBlasTuning"/>).</summary>
    private static Exports? Probe()
    {
        try
        {
            var tuning = OpenBlasTuning.ForThisMachine();
            if (tuning.Kernels is { } kernels) SetEnvironment(CoreTypeVariable, kernels, overwrite: false);
            // By its file, not its name: the loader hands back any loaded library whose SONAME matches a bare name, and the
            // calibration's private copies carry the same SONAME.
            return LoadFrom(LibraryFile() ?? LibraryName);
        }
        catch (Exception e) when (e is BadImageFormatException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Loads the library at <paramref name="nameOrPath"/> (a name the loader searches for, or a file) and its exports; null
    /// when it does not load.
    /// </summary>
    internal static Exports? LoadFrom(string nameOrPath)
    {
        if (!NativeLibrary.TryLoad(nameOrPath, out var handle)) return null;
        if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)
            && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm)
            && NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var set)
            && NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var get))
        {
            return new Exports
            {
                Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm,
                Dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm,
                SetNumThreads = (delegate* unmanaged<int, void>)set,
                GetNumThreads = (delegate* unmanaged<int>)get,
                GetCoreName = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var core) ? (delegate* unmanaged<byte*>)core : null,
            };
        }
        NativeLibrary.Free(handle);
        return null;
    }

    /// <summary>
    /// The file the loader would open for <see cref="LibraryName"/> (links resolved), from LD_LIBRARY_PATH and the
    /// usual library folders; null when none holds it. The calibration copies it.
    /// </summary>
    internal static string? LibraryFile()
    {
        var folders = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/lib/x86_64-linux-gnu"]);
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, LibraryName);
            if (!File.Exists(path)) continue;
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target?.FullName ?? Path.GetFullPath(path);
        }
        return null;
    }

    /// <summary>
    /// Debian's OpenBLAS is built for every x86 generation and picks its kernels from the CPUID family/model numbers.
    /// Virtual machines that report a generic model ("Intel(R) Xeon(R) Processor", as the development machine does)
    /// make it fall back to its SSE3 "Prescott" kernels, measured 3–5x slower there than its AVX2 or AVX-512 kernels.
    /// So, unless the user has set OPENBLAS_CORETYPE, the library names the kernels itself: the families the CPU's
    /// instruction sets support, best first ("SkylakeX" needs AVX-512 F/CD/BW/DQ/VL, "Haswell" AVX2 and FMA, and on AMD
    /// CPUs "Zen", Haswell's kernels with AMD's blocking). The first is what OpenBLAS would choose on a correctly
    /// identified CPU; which one is faster depends on the CPU (on a Zen 4, whose AVX-512 runs on 256-bit halves, Haswell's
    /// and Zen's can win for some shapes), so <see cref="OpenBlasCalibration"/> measures them.
    /// </summary>
    internal static IReadOnlyList<string> CandidateCoreTypes() =>
        CandidateCoreTypes(
            System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512CD.IsSupported
                && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported
                && System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported,
            System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported,
            IsAmd());

    /// <summary>The candidates for a CPU with these instruction sets and vendor: OpenBLAS's own choice for it first.</summary>
    internal static IReadOnlyList<string> CandidateCoreTypes(bool avx512, bool avx2Fma, bool amd) =>
        avx512 && avx2Fma ? (amd ? ["SkylakeX", "Haswell", "Zen"] : ["SkylakeX", "Haswell"])
        : avx2Fma ? (amd ? ["Zen", "Haswell"] : ["Haswell"])
        : [];

    /// <summary>Whether CPUID's vendor string is AMD's ("AuthenticAMD").</summary>
    private static bool IsAmd()
    {
        if (!System.Runtime.Intrinsics.X86.X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = System.Runtime.Intrinsics.X86.X86Base.CpuId(0, 0);
        Span<int> vendor = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(vendor)) == "AuthenticAMD";
    }

    /// <summary>The first of <see cref="CandidateCoreTypes()"/>, or null: the choice from the instruction sets alone.</summary>
    internal static string? PreferredCoreType() => CandidateCoreTypes().FirstOrDefault();

    /// <summary>
    /// Sets a variable in the C runtime's environment, which OpenBLAS reads when it loads; .NET's
    /// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it on Unix, so this calls libc's
    /// <c>setenv</c> (or <c>unsetenv</c> for a null value) directly. Returns false when libc cannot be reached.
    /// </summary>
    internal static bool SetEnvironment(string name, string? value, bool overwrite)
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc)) return false;
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        if (value is null)
        {
            if (!NativeLibrary.TryGetExport(libc, "unsetenv", out var unsetenvPtr)) return false;
            fixed (byte* pn = nameBytes)
                return ((delegate* unmanaged<byte*, int>)unsetenvPtr)(pn) == 0;
        }
        if (!NativeLibrary.TryGetExport(libc, "setenv", out var setenvPtr)) return false;
        var valueBytes = System.Text.Encoding.ASCII.GetBytes(value + "\0");
        fixed (byte* pn = nameBytes, pv = valueBytes)
            return ((delegate* unmanaged<byte*, byte*, int, int>)setenvPtr)(pn, pv, overwrite ? 1 : 0) == 0;
    }

    /// <summary>The C runtime's value of an environment variable (what OpenBLAS will read), or null.</summary>
    internal static string? GetEnvironment(string name)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "getenv", out var getenvPtr))
            return Environment.GetEnvironmentVariable(name);
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* pn = nameBytes)
            return Marshal.PtrToStringUTF8((IntPtr)((delegate* unmanaged<byte*, byte*>)getenvPtr)(pn));
    }

    /// <summary>The kernel family OpenBLAS chose (e.g. "Haswell"), or null when it does not say.</summary>
    public static string? CoreName() => Require().CoreName();

    internal static Exports Require() =>
        Loaded.Value ?? throw new InvalidOperationException(
            $"OpenBLAS: {LibraryName} could not be loaded; install it with 'apt-get install -y {AptPackage}'.");

    /// <summary>openblas_set_num_threads: the number of threads every later BLAS call uses.</summary>
    public static void SetNumThreads(int threads) => Require().SetNumThreads(threads);

    /// <summary>openblas_get_num_threads.</summary>
    public static int GetNumThreads() => Require().GetNumThreads();
}
