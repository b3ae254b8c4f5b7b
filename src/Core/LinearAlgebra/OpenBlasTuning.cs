using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Core.IO;

namespace Functional.Core.LinearAlgebra;

/// <summary>
/// How OpenBLAS runs on this machine: which kernel family it loads, and from which size a product is split in two halves
/// over two threads (<see cref="SplitProduct"/>). Measured once per machine by <see cref="OpenBlasCalibration"/> (about a
/// second), and cached in <c>$XDG_CACHE_HOME/functional/openblas-tuning-HASH.json</c> (else <c>~/.cache/functional/…</c>), HASH
/// naming a fingerprint of the CPU and the library file, so every later process on the machine makes the same choice, and
/// machines of different kinds sharing a home folder (a cluster) each keep their own.
/// </summary>
/// <remarks>
/// <para>Why measure: the right kernels are not a function of the instruction sets. On a Zen 5 SkylakeX's are 1.4× faster
/// for training; on a Zen 4 (AVX-512 on 256-bit halves) Haswell's were faster for inference. And a second thread pays for
/// an inference pass of 10 000 rows on every machine measured, but for batch-32 training products only on some.</para>
/// <para>Determinism: both choices change the last bits of products, so they are made once and kept (the cache); the report
/// header and <see cref="LinearAlgebraProviders.ActiveName"/> name them. Delete the cache file to measure again.
/// <c>FUNCTIONAL_BLAS_TUNING=off</c> skips the measurement: kernels from the instruction sets, no split (the behaviour before
/// tuning). A user's OPENBLAS_CORETYPE is always kept (the other families are still timed, and the header says when
/// one of them was faster: <see cref="FasterMeasuredKernels"/>), and an explicit FUNCTIONAL_BLAS_THREADS replaces the split by
/// OpenBLAS's own threads.</para>
/// </remarks>
/// <param name="Kernels">The family put into OPENBLAS_CORETYPE before the library loads; null leaves OpenBLAS's own choice.</param>
/// <param name="KernelsFrom">Why: <c>"measured"</c>, <c>"instruction sets"</c> or <c>"OPENBLAS_CORETYPE"</c>.</param>
/// <param name="SplitFromMultiplyAdds">Products with m·n·k at least this run in two halves on two threads; null: never.</param>
/// <param name="MeasuredUtc">When the calibration ran; null when nothing was measured.</param>
/// <param name="Fingerprint">The CPU and library this holds for.</param>
/// <param name="Measurements">Each shape's median µs per product in every configuration measured.</param>
public sealed record OpenBlasTuning(string? Kernels, string KernelsFrom, long? SplitFromMultiplyAdds, DateTimeOffset? MeasuredUtc, string Fingerprint,
    IReadOnlyList<OpenBlasTuning.Measurement> Measurements)
{
    /// <summary>The environment variable that turns the measurement off (<c>off</c>) or on (<c>auto</c>, the default).</summary>
    public const string TuningVariable = "FUNCTIONAL_BLAS_TUNING";

    /// <summary>The cache file's name inside <c>functional/</c> in the user cache, for a machine of <paramref name="fingerprint"/>.</summary>
    public static string CacheFileName(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fingerprint));
        return $"openblas-tuning-{Convert.ToHexStringLower(hash)[..12]}.json";
    }

    /// <summary>One shape's times: microseconds per product for each configuration ("SkylakeX whole", "split in two", …).</summary>
    public sealed record Measurement(string Shape, long MultiplyAdds, IReadOnlyDictionary<string, double> Microseconds);

    /// <summary>
    /// When the kernels came from the user's OPENBLAS_CORETYPE and another family measured faster by the calibration's
    /// margin (geometric mean over the shapes, as <see cref="OpenBlasCalibration.ChooseKernels"/> decides): that family and
    /// how many times faster it was; else null. The report header says so: the choice is kept, but it should not cost silently.
    /// </summary>
    public (string Kernels, double Speedup)? FasterMeasuredKernels()
    {
        if (KernelsFrom != OpenBlasNative.CoreTypeVariable || Kernels is null || Measurements.Count == 0) return null;
        string inUse = Kernels + " whole";
        var families = Measurements[0].Microseconds.Keys.Where(k => k.EndsWith(" whole", StringComparison.Ordinal)).ToArray();
        var used = families.FirstOrDefault(k => string.Equals(k, inUse, StringComparison.OrdinalIgnoreCase));
        if (used is null) return null;
        (string Kernels, double Speedup)? best = null;
        foreach (var family in families.Where(f => f != used))
        {
            if (!Measurements.All(m => m.Microseconds.ContainsKey(family) && m.Microseconds.ContainsKey(used))) continue;
            double ratio = Math.Exp(Measurements.Average(m => Math.Log(m.Microseconds[family] / m.Microseconds[used])));
            if (ratio <= 1 - OpenBlasCalibration.KernelMargin && (best is null || 1 / ratio > best.Value.Speedup))
                best = (family[..^" whole".Length], 1 / ratio);
        }
        return best;
    }

    /// <summary>Where the tuning came from in this process (not stored): "cache", "measured now", or why nothing was measured.</summary>
    [JsonIgnore]
    public string Origin { get; init; } = "";

    /// <summary>The cache file it was read from or written to; null when it is not cached.</summary>
    [JsonIgnore]
    public string? CacheFile { get; init; }

    private static readonly Lazy<OpenBlasTuning> Current = new(() => Resolve(Environment.GetEnvironmentVariable(TuningVariable)),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>This machine's tuning: from the cache, or measured now (once per process; a second process waits for the first's measurement).</summary>
    public static OpenBlasTuning ForThisMachine() => Current.Value;

    /// <summary>Whether <paramref name="value"/> of <see cref="TuningVariable"/> asks for tuning: null, blank or <c>auto</c> yes, <c>off</c> no.</summary>
    /// <exception cref="ArgumentException">Any other value.</exception>
    public static bool ParseEnabled(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => true,
        "off" => false,
        _ => throw new ArgumentException($"{TuningVariable}: must be 'auto' or 'off', got '{value}'.", TuningVariable),
    };

    /// <summary>The cache file for a given XDG_CACHE_HOME value and home directory (a relative XDG_CACHE_HOME is ignored, as the XDG spec says).</summary>
    internal static string CachePath(string? xdgCacheHome, string home, string fingerprint) =>
        Path.Combine(!string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome : Path.Combine(home, ".cache"), "functional",
            CacheFileName(fingerprint));

    private static OpenBlasTuning Resolve(string? setting)
    {
        bool enabled;
        try
        {
            enabled = ParseEnabled(setting);
        }
        catch (ArgumentException)
        {
            enabled = false; // LinearAlgebraProviders.EnsureInitialized reports the bad value; loading must not throw.
        }
        var userKernels = OpenBlasNative.GetEnvironment(OpenBlasNative.CoreTypeVariable);
        var library = OpenBlasNative.LibraryFile();
        var fingerprint = FingerprintOf(library, userKernels);
        if (!enabled) return Untuned(userKernels, fingerprint, $"not measured ({TuningVariable}=off)");
        if (library is null) return Untuned(userKernels, fingerprint, $"not measured ({OpenBlasNative.LibraryName} not found in the library folders)");
        var path = CachePath(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            fingerprint);
        try
        {
            return Cached(path, fingerprint, () => Measure(library, userKernels, fingerprint));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Loading OpenBLAS must not fail because measuring did (a full temporary folder, a copy that does not load).
            return Untuned(userKernels, fingerprint, $"not measured ({e.Message})");
        }
    }

    /// <summary>The choice without measuring: the user's kernels, else the instruction sets'; no split.</summary>
    internal static OpenBlasTuning Untuned(string? userKernels, string fingerprint, string origin) =>
        string.IsNullOrEmpty(userKernels)
            ? new(OpenBlasNative.PreferredCoreType(), "instruction sets", null, null, fingerprint, []) { Origin = origin }
            : new(userKernels, OpenBlasNative.CoreTypeVariable, null, null, fingerprint, []) { Origin = origin };

    private static OpenBlasTuning Measure(string library, string? userKernels, string fingerprint)
    {
        bool userChose = !string.IsNullOrEmpty(userKernels);
        var candidates = OpenBlasNative.CandidateCoreTypes();
        // A user's choice is kept, but the other candidates are timed too, so that the header can say what it costs.
        IReadOnlyList<string?> families = userChose
            ? [null, .. candidates.Where(c => !string.Equals(c, userKernels, StringComparison.OrdinalIgnoreCase))]
            : candidates.Count > 0 ? [.. candidates] : [null];
        var result = OpenBlasCalibration.Run(library, families, measureSplit: Environment.ProcessorCount >= 2, keepFirst: userChose);
        string from = userChose ? OpenBlasNative.CoreTypeVariable : families.Count > 1 ? "measured" : "instruction sets";
        return new OpenBlasTuning(userChose ? userKernels : result.Kernels, from, result.SplitFromMultiplyAdds, DateTimeOffset.UtcNow, fingerprint,
            result.Measurements);
    }

    /// <summary>
    /// The tuning in <paramref name="path"/> when its fingerprint matches, else <paramref name="measure"/>'s, written there.
    /// An exclusive lock file beside it makes concurrent processes measure once: the others wait and read the result. A
    /// cache that cannot be read is measured again; one that cannot be written leaves the tuning uncached (this process only).
    /// </summary>
    internal static OpenBlasTuning Cached(string path, string fingerprint, Func<OpenBlasTuning> measure)
    {
        if (Read(path, fingerprint) is { } hit) return hit;
        FileStream gate;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            gate = Lock(path + ".lock");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return measure() with { Origin = $"measured now, not cached ({e.Message})" };
        }
        using (gate)
        {
            if (Read(path, fingerprint) is { } other) return other;
            var measured = measure();
            try
            {
                AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, measured, Json));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return measured with { Origin = $"measured now, not cached ({e.Message})" };
            }
            return measured with { Origin = "measured now", CacheFile = path };
        }
    }

    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static OpenBlasTuning? Read(string path, string fingerprint)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var stream = File.OpenRead(path);
            var tuning = JsonSerializer.Deserialize<OpenBlasTuning>(stream, Json);
            return tuning is not null && tuning.Fingerprint == fingerprint && tuning.KernelsFrom is not null
                ? tuning with { Origin = "cache", CacheFile = path, Measurements = tuning.Measurements ?? [] }
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null; // Unreadable or from another version: measure again and replace it.
        }
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>
    /// What the tuning depends on: the CPU (model name, family, model, stepping, logical cores, instruction sets), the library
    /// file (path, size, modification time) and a user's OPENBLAS_CORETYPE. Another machine, a library update or a changed
    /// variable means measuring again.
    /// </summary>
    internal static string FingerprintOf(string? library, string? userKernels)
    {
        string cpu = "";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
                cpu = string.Join(", ", new[] { "model name", "cpu family", "model", "stepping" }.Select(k => fields.GetValueOrDefault(k, "?")));
            }
        }
        catch (IOException)
        {
        }
        var isa = string.Join("+", OpenBlasNative.CandidateCoreTypes());
        string file = "none";
        if (library is not null)
        {
            var info = new FileInfo(library);
            file = info.Exists ? $"{library} {info.Length} bytes {info.LastWriteTimeUtc:O}" : library;
        }
        return $"v3; cpu {cpu}; {Environment.ProcessorCount} logical cores; kernels for {isa}; {file}; OPENBLAS_CORETYPE={userKernels}";
    }
}
