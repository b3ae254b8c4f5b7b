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

    private sealed class Exports
    {
        public required delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
        public required delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Dgemm;
        public required delegate* unmanaged<int, void> SetNumThreads;
        public required delegate* unmanaged<int> GetNumThreads;
        public required delegate* unmanaged<byte*> GetCoreName;
    }

    /// <summary>The environment variable OpenBLAS reads, once, when it loads, to choose its kernels.</summary>
    public const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    private static readonly Lazy<Exports?> Loaded = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when <see cref="LibraryName"/> loads and exports everything used here. Never throws.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    private static Exports? Probe()
    {
        try
        {
            HintCoreType();
            if (!NativeLibrary.TryLoad(LibraryName, out var handle)) return null;
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
        catch (Exception e) when (e is BadImageFormatException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Debian's OpenBLAS is built for every x86 generation and picks its kernels from the CPUID family/model numbers.
    /// Virtual machines that report a generic model ("Intel(R) Xeon(R) Processor", as the development machine does)
    /// make it fall back to its SSE3 "Prescott" kernels, measured 3–5x slower there than its AVX2 or AVX-512 kernels.
    /// So, unless the user has set OPENBLAS_CORETYPE, this names the kernel family the CPU's instruction sets support
    /// (what OpenBLAS itself would choose on a correctly identified CPU): "SkylakeX" with AVX-512 F/CD/BW/DQ/VL,
    /// "Haswell" with AVX2 and FMA, nothing otherwise. It must reach the C runtime's environment before the library
    /// loads, and .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach it on Unix,
    /// so this calls libc's <c>setenv</c> (without overwriting) directly.
    /// </summary>
    internal static string? PreferredCoreType()
    {
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512CD.IsSupported
            && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported && System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported
            && System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
            return "SkylakeX";
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            return "Haswell";
        return null;
    }

    private static void HintCoreType()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CoreTypeVariable))) return;
        var core = PreferredCoreType();
        if (core is null) return;
        if (!NativeLibrary.TryLoad("libc.so.6", out var libc)) return;
        if (!NativeLibrary.TryGetExport(libc, "setenv", out var setenvPtr)) return;
        var setenv = (delegate* unmanaged<byte*, byte*, int, int>)setenvPtr;
        var name = System.Text.Encoding.ASCII.GetBytes(CoreTypeVariable + "\0");
        var value = System.Text.Encoding.ASCII.GetBytes(core + "\0");
        fixed (byte* pn = name, pv = value)
            setenv(pn, pv, 0);
    }

    /// <summary>The kernel family OpenBLAS chose (e.g. "Haswell"), or null when it does not say.</summary>
    public static string? CoreName()
    {
        var exports = Require();
        return exports.GetCoreName is null ? null : Marshal.PtrToStringUTF8((IntPtr)exports.GetCoreName())?.Trim();
    }

    private static Exports Require() =>
        Loaded.Value ?? throw new InvalidOperationException(
            $"OpenBLAS: {LibraryName} could not be loaded; install it with 'apt-get install -y {AptPackage}'.");

    /// <summary>cblas_sgemm, column-major: C = alpha·op(A)·op(B) + beta·C.</summary>
    public static void Sgemm(int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        Require().Sgemm(ColMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>cblas_dgemm, column-major: C = alpha·op(A)·op(B) + beta·C.</summary>
    public static void Dgemm(int transA, int transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb, double beta,
        double* c, int ldc) =>
        Require().Dgemm(ColMajor, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>openblas_set_num_threads: the number of threads every later BLAS call uses.</summary>
    public static void SetNumThreads(int threads) => Require().SetNumThreads(threads);

    /// <summary>openblas_get_num_threads.</summary>
    public static int GetNumThreads() => Require().GetNumThreads();
}
