using System.Security.Cryptography;
using Functional.Core.Data;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Data;

/// <summary>
/// The real MNIST files. CI fills the cache first (.ci/run) and sets FUNCTIONAL_REQUIRE_MNIST=1, which turns "data not
/// available" into a failure. Without that variable the test looks only at the directory, FUNCTIONAL_DATA_DIR and the
/// user cache (never the network) and, when the data is absent, passes after writing why it checked nothing
/// (xunit 2 has no dynamic skip).
/// </summary>
public sealed class MnistIntegrationTests(ITestOutputHelper output)
{
    private static bool Required => Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_MNIST") == "1";

    private MnistData? LoadOrExplain()
    {
        if (Required) return Mnist.Load(); // may fetch; any failure fails the test
        try
        {
            return Mnist.Load(null, Environment.GetEnvironmentVariable(Mnist.DataDirectoryVariable), Mnist.DefaultCacheDirectory(),
                _ => throw new InvalidOperationException("fetching is off in tests unless FUNCTIONAL_REQUIRE_MNIST=1"), Mnist.Sha256);
        }
        catch (FileNotFoundException e)
        {
            output.WriteLine($"SKIPPED (checked nothing): MNIST is not available and FUNCTIONAL_REQUIRE_MNIST is not 1.\n{e.Message}");
            return null;
        }
    }

    [Fact]
    public void Real_MNIST_has_the_published_counts_bytes_and_test_label_histogram()
    {
        var data = LoadOrExplain();
        if (data is null) return;

        Assert.Equal(60000, data.Train.Count);
        Assert.Equal(10000, data.Test.Count);
        Assert.Equal((28, 28), (data.Train.ImageRows, data.Train.ImageColumns));
        Assert.Equal((28, 28), (data.Test.ImageRows, data.Test.ImageColumns));

        // The SHA-256 of the four files as IDX bytes (whether the directory holds them plain or gzip-compressed).
        var files = new Dictionary<string, IdxArray>
        {
            ["train-images-idx3-ubyte"] = new([60000, 28, 28], data.Train.Pixels.Span),
            ["train-labels-idx1-ubyte"] = new([60000], data.Train.Labels.Select(l => (byte)l).ToArray()),
            ["t10k-images-idx3-ubyte"] = new([10000, 28, 28], data.Test.Pixels.Span),
            ["t10k-labels-idx1-ubyte"] = new([10000], data.Test.Labels.Select(l => (byte)l).ToArray()),
        };
        foreach (var (name, array) in files)
            Assert.True(Mnist.Sha256[name] == Convert.ToHexStringLower(SHA256.HashData(Idx.ToBytes(array))), $"SHA-256 of {name}");
        Assert.Equal("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", Mnist.Sha256["train-images-idx3-ubyte"]);
        Assert.Equal("65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", Mnist.Sha256["train-labels-idx1-ubyte"]);
        Assert.Equal("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", Mnist.Sha256["t10k-images-idx3-ubyte"]);
        Assert.Equal("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", Mnist.Sha256["t10k-labels-idx1-ubyte"]);

        var histogram = new int[10];
        foreach (var label in data.Test.Labels) histogram[label]++;
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], histogram);
        Assert.Equal([5, 0, 4, 1, 9], data.Train.Labels.Take(5));

        var x = data.Test.Images;
        Assert.Equal((10000, 784), (x.RowCount, x.ColumnCount));
        Assert.Equal(data.Test.Pixels.Span[784 * 3 + 200] / 255f, x[3, 200]);
        Assert.Equal(1f, x.Enumerate().Max());
        Assert.Equal(0f, x.Enumerate().Min());
        output.WriteLine($"checked MNIST from {data.Source}");
    }
}
