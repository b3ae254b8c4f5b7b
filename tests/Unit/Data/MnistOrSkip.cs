using Functional.Core.Data;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Data;

/// <summary>
/// The real MNIST files for a test, or null with a "SKIPPED" line when they cannot be loaded here. CI fills the cache
/// and sets FUNCTIONAL_REQUIRE_MNIST=1, which makes a missing data set the error it is there.
/// </summary>
public static class MnistOrSkip
{
    /// <summary>The data set, or null (and a line on <paramref name="output"/>) when it is not available and not required.</summary>
    public static MnistData? Load(ITestOutputHelper? output = null)
    {
        try
        {
            return Mnist.Load();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_MNIST") != "1" && e is IOException or InvalidDataException)
        {
            output?.WriteLine("SKIPPED (checked nothing): MNIST is not available: " + e.Message);
            return null;
        }
    }
}
