using System.Runtime.InteropServices;

namespace Functional.Core.LinearAlgebra;

/// <summary>What probing for CUDA found.</summary>
internal enum CudaState
{
    /// <summary>No pair of CUDA runtime and cuBLAS libraries loads (the ordinary CPU-only machine).</summary>
    LibrariesMissing,
    /// <summary>The libraries load but <c>cudaGetDeviceCount</c> failed or reported no device (driver missing, container without GPUs).</summary>
    NoDevice,
    /// <summary>The libraries load and at least one device is visible.</summary>
    Present,
}

/// <summary>The outcome of probing for CUDA: the state and one line saying what was tried and what happened.</summary>
/// <param name="State">What was found.</param>
/// <param name="Detail">E.g. "probed libcudart.so/libcublas.so, libcudart.so.12/libcublas.so.12, …: none loaded".</param>
/// <param name="DeviceName">The name of device 0 when <see cref="CudaState.Present"/> and cudart says it; otherwise null.</param>
internal sealed record CudaProbe(CudaState State, string Detail, string? DeviceName = null)
{
    /// <summary>True when a GPU can be used.</summary>
    public bool GpuPresent => State == CudaState.Present;
}

/// <summary>
/// The few entry points of the CUDA runtime (<c>libcudart</c>) and cuBLAS (<c>libcublas</c>) the CUDA provider uses,
/// loaded the way <see cref="OpenBlasNative"/> loads OpenBLAS: <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>,
/// <see cref="NativeLibrary.TryGetExport"/> and unmanaged function pointers, so an absent library or GPU is a
/// <see cref="CudaState"/> from <see cref="Probe"/>, never an exception.
/// </summary>
/// <remarks>
/// <para>Library pairs are probed in the order of <see cref="LibraryPairs"/> (runtime and cuBLAS of the same CUDA major
/// version together; the unversioned names are the toolkit's development links). CUDA 11's runtime is
/// <c>libcudart.so.11.0</c>, its cuBLAS <c>libcublas.so.11</c>.</para>
/// <para>C signatures (cuda_runtime_api.h, cublas_api.h): <c>cudaError_t</c>, <c>cublasStatus_t</c>,
/// <c>cudaMemcpyKind</c>, <c>cublasOperation_t</c> and <c>cublasMath_t</c> are C enums (32-bit <c>int</c>); sizes are
/// <c>size_t</c> (<see cref="nuint"/>); handles and device pointers are pointers (<see cref="IntPtr"/>); cuBLAS's
/// <c>m, n, k, lda, ldb, ldc</c> are <c>int</c>; <c>alpha</c> and <c>beta</c> are host pointers (the default
/// CUBLAS_POINTER_MODE_HOST).</para>
/// </remarks>
internal static unsafe class CudaNative
{
    /// <summary>(CUDA runtime, cuBLAS) file names, in the order they are tried.</summary>
    public static IReadOnlyList<(string Runtime, string Blas)> LibraryPairs { get; } =
    [
        ("libcudart.so", "libcublas.so"),
        ("libcudart.so.12", "libcublas.so.12"),
        ("libcudart.so.11.0", "libcublas.so.11"),
        ("libcudart.so.13", "libcublas.so.13"),
    ];

    /// <summary>The probed names in one phrase, for messages: "libcudart.so/libcublas.so, libcudart.so.12/libcublas.so.12, …".</summary>
    public static string ProbedNames => string.Join(", ", LibraryPairs.Select(p => $"{p.Runtime}/{p.Blas}"));

    /// <summary>cudaSuccess and CUBLAS_STATUS_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>cudaMemcpyKind.cudaMemcpyHostToDevice.</summary>
    public const int HostToDevice = 1;

    /// <summary>cudaMemcpyKind.cudaMemcpyDeviceToHost.</summary>
    public const int DeviceToHost = 2;

    /// <summary>cublasOperation_t.CUBLAS_OP_N.</summary>
    public const int OpN = 0;

    /// <summary>cublasOperation_t.CUBLAS_OP_T.</summary>
    public const int OpT = 1;

    /// <summary>
    /// cublasMath_t.CUBLAS_DEFAULT_MATH: single precision stays IEEE FP32. Not CUBLAS_TF32_TENSOR_OP_MATH (3), which
    /// rounds the inputs of FP32 products to TF32's 10-bit mantissa (relative error about 2⁻¹¹ per product instead of
    /// 2⁻²⁴): results must equal the CPU providers' within float rounding (the bound the provider properties check),
    /// and a training run must not change its numbers because it happens to land on a GPU.
    /// </summary>
    public const int DefaultMath = 0;

    internal sealed class Exports
    {
        public required string Runtime { get; init; }
        public required string Blas { get; init; }
        public required delegate* unmanaged<int*, int> GetDeviceCount;
        public required delegate* unmanaged<IntPtr*, nuint, int> Malloc;
        public required delegate* unmanaged<IntPtr, int> Free;
        public required delegate* unmanaged<IntPtr, IntPtr, nuint, int, int> Memcpy;
        public required delegate* unmanaged<IntPtr*, int> Create;
        public required delegate* unmanaged<IntPtr, int> Destroy;
        public required delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int> Sgemm;
        public required delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, IntPtr, int, double*, IntPtr, int, int> Dgemm;
        public required delegate* unmanaged<IntPtr, int, int> SetMathMode;
        /// <summary>cudaGetErrorName, optional (for messages).</summary>
        public delegate* unmanaged<int, byte*> GetErrorName;
        /// <summary>cublasGetStatusName (cuBLAS 11.4.2 and later), optional (for messages).</summary>
        public delegate* unmanaged<int, byte*> GetStatusName;
        /// <summary>cudaGetDeviceProperties_v2 (CUDA 12) or cudaGetDeviceProperties, optional (for the device name).</summary>
        public delegate* unmanaged<byte*, int, int> GetDeviceProperties;
    }

    private static readonly Lazy<(Exports? Exports, CudaProbe Probe)> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>What probing found (probes once per process). Never throws.</summary>
    public static CudaProbe Probe() => Loaded.Value.Probe;

    /// <summary>True when the libraries load and a device is visible. Never throws.</summary>
    public static bool IsAvailable => Loaded.Value.Probe.GpuPresent;

    private static (Exports?, CudaProbe) Load()
    {
        try
        {
            foreach (var (runtimeName, blasName) in LibraryPairs)
            {
                var exports = TryLoadPair(runtimeName, blasName);
                if (exports is null) continue;
                int count = 0;
                int status = exports.GetDeviceCount(&count);
                if (status != Success || count < 1)
                {
                    string why = status != Success ? $"cudaGetDeviceCount returned {ErrorName(exports, status)}" : "cudaGetDeviceCount found 0 devices";
                    return (null, new CudaProbe(CudaState.NoDevice, $"{runtimeName} and {blasName} loaded but {why}"));
                }
                return (exports, new CudaProbe(CudaState.Present,
                    $"{runtimeName} and {blasName} loaded; {count} device{(count == 1 ? "" : "s")}", DeviceName(exports)));
            }
            return (null, new CudaProbe(CudaState.LibrariesMissing, $"probed {ProbedNames}: none loaded"));
        }
        catch (Exception e) when (e is BadImageFormatException or DllNotFoundException or EntryPointNotFoundException)
        {
            return (null, new CudaProbe(CudaState.LibrariesMissing, $"probed {ProbedNames}: {e.GetType().Name}: {e.Message}"));
        }
    }

    private static Exports? TryLoadPair(string runtimeName, string blasName)
    {
        if (!NativeLibrary.TryLoad(runtimeName, out var runtime)) return null;
        if (!NativeLibrary.TryLoad(blasName, out var blas))
        {
            NativeLibrary.Free(runtime);
            return null;
        }
        if (NativeLibrary.TryGetExport(runtime, "cudaGetDeviceCount", out var count)
            && NativeLibrary.TryGetExport(runtime, "cudaMalloc", out var malloc)
            && NativeLibrary.TryGetExport(runtime, "cudaFree", out var free)
            && NativeLibrary.TryGetExport(runtime, "cudaMemcpy", out var memcpy)
            && NativeLibrary.TryGetExport(blas, "cublasCreate_v2", out var create)
            && NativeLibrary.TryGetExport(blas, "cublasDestroy_v2", out var destroy)
            && NativeLibrary.TryGetExport(blas, "cublasSgemm_v2", out var sgemm)
            && NativeLibrary.TryGetExport(blas, "cublasDgemm_v2", out var dgemm)
            && NativeLibrary.TryGetExport(blas, "cublasSetMathMode", out var mathMode))
        {
            IntPtr properties = IntPtr.Zero;
            _ = NativeLibrary.TryGetExport(runtime, "cudaGetDeviceProperties_v2", out properties)
                || NativeLibrary.TryGetExport(runtime, "cudaGetDeviceProperties", out properties);
            return new Exports
            {
                Runtime = runtimeName,
                Blas = blasName,
                GetDeviceCount = (delegate* unmanaged<int*, int>)count,
                Malloc = (delegate* unmanaged<IntPtr*, nuint, int>)malloc,
                Free = (delegate* unmanaged<IntPtr, int>)free,
                Memcpy = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int>)memcpy,
                Create = (delegate* unmanaged<IntPtr*, int>)create,
                Destroy = (delegate* unmanaged<IntPtr, int>)destroy,
                Sgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, float*, IntPtr, int, IntPtr, int, float*, IntPtr, int, int>)sgemm,
                Dgemm = (delegate* unmanaged<IntPtr, int, int, int, int, int, double*, IntPtr, int, IntPtr, int, double*, IntPtr, int, int>)dgemm,
                SetMathMode = (delegate* unmanaged<IntPtr, int, int>)mathMode,
                GetErrorName = NativeLibrary.TryGetExport(runtime, "cudaGetErrorName", out var errorName) ? (delegate* unmanaged<int, byte*>)errorName : null,
                GetStatusName = NativeLibrary.TryGetExport(blas, "cublasGetStatusName", out var statusName) ? (delegate* unmanaged<int,
                    byte*>)statusName : null,
                GetDeviceProperties = (delegate* unmanaged<byte*, int, int>)properties,
            };
        }
        NativeLibrary.Free(blas);
        NativeLibrary.Free(runtime);
        return null;
    }

    /// <summary>
    /// Device 0's name: <c>cudaDeviceProp.name</c> is a <c>char[256]</c> at offset 0 in every CUDA version, so a buffer
    /// far larger than the struct (about 1 KB in CUDA 12) is passed and only its first 256 bytes are read.
    /// </summary>
    private static string? DeviceName(Exports exports)
    {
        if (exports.GetDeviceProperties is null) return null;
        var buffer = new byte[16384];
        fixed (byte* p = buffer)
        {
            if (exports.GetDeviceProperties(p, 0) != Success) return null;
            int length = Array.IndexOf(buffer, (byte)0, 0, 256);
            var name = System.Text.Encoding.UTF8.GetString(buffer, 0, length < 0 ? 256 : length).Trim();
            return name.Length == 0 ? null : name;
        }
    }

    private static string ErrorName(Exports exports, int status)
    {
        var name = exports.GetErrorName is null ? null : Marshal.PtrToStringUTF8((IntPtr)exports.GetErrorName(status));
        return name is null ? $"cudaError {status}" : $"{name} ({status})";
    }

    private static string StatusName(Exports exports, int status)
    {
        var name = exports.GetStatusName is not null ? Marshal.PtrToStringUTF8((IntPtr)exports.GetStatusName(status)) : status switch
        {
            1 => "CUBLAS_STATUS_NOT_INITIALIZED",
            3 => "CUBLAS_STATUS_ALLOC_FAILED",
            7 => "CUBLAS_STATUS_INVALID_VALUE",
            8 => "CUBLAS_STATUS_ARCH_MISMATCH",
            11 => "CUBLAS_STATUS_MAPPING_ERROR",
            13 => "CUBLAS_STATUS_EXECUTION_FAILED",
            14 => "CUBLAS_STATUS_INTERNAL_ERROR",
            15 => "CUBLAS_STATUS_NOT_SUPPORTED",
            16 => "CUBLAS_STATUS_LICENSE_ERROR",
            _ => null,
        };
        return name is null ? $"cublasStatus {status}" : $"{name} ({status})";
    }

    /// <summary>The loaded exports; throws, saying what was probed, when there is no usable GPU.</summary>
    public static Exports Require() =>
        Loaded.Value.Exports ?? throw new InvalidOperationException($"CUDA: no usable GPU ({Loaded.Value.Probe.Detail}).");

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming <paramref name="call"/> when a CUDA runtime call failed.</summary>
    public static void CheckCuda(Exports exports, int status, string call)
    {
        if (status != Success)
            throw new InvalidOperationException($"CUDA: {call} failed with {ErrorName(exports, status)} ({exports.Runtime}).");
    }

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming <paramref name="call"/> when a cuBLAS call failed.</summary>
    public static void CheckBlas(Exports exports, int status, string call)
    {
        if (status != Success)
            throw new InvalidOperationException($"cuBLAS: {call} failed with {StatusName(exports, status)} ({exports.Blas}).");
    }
}
