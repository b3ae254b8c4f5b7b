using Functional.Reports.Charts;

namespace Functional.Tests.Unit.Charts;

/// <summary>
/// Writes one PNG of each chart kind for a person to look at, when the environment variable
/// FUNCTIONAL_CHART_EXAMPLES names a folder (e.g. /tmp/charts-examples); otherwise does nothing.
/// Uses the real MNIST test digits when ~/.cache/functional/mnist holds them, synthetic ones otherwise.
/// </summary>
public class ChartExampleWriter
{
    [Fact]
    public void WriteExamplesWhenAsked()
    {
        var folder = Environment.GetEnvironmentVariable("FUNCTIONAL_CHART_EXAMPLES");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "regression.png"), ChartRenderer.Render(SampleCharts.Regression()));
        File.WriteAllBytes(Path.Combine(folder, "loss-log.png"), ChartRenderer.Render(SampleCharts.LossPerEpoch()));
        File.WriteAllBytes(Path.Combine(folder, "learning-rates.png"), ChartRenderer.Render(SampleCharts.LearningRates()));
        File.WriteAllBytes(Path.Combine(folder, "train-vs-validation.png"), ChartRenderer.Render(SampleCharts.TrainVersusValidation()));
        File.WriteAllBytes(Path.Combine(folder, "digits.png"), ChartRenderer.Render(SampleCharts.Digits(MnistImages(out var labels), labels)));
        File.WriteAllBytes(Path.Combine(folder, "confusion.png"), ChartRenderer.Render(SampleCharts.Confusion()));
    }

    private static IReadOnlyList<byte[]>? MnistImages(out IReadOnlyList<int>? labels)
    {
        labels = null;
        var dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "functional", "mnist");
        string images = Path.Combine(dir, "t10k-images-idx3-ubyte"), labelFile = Path.Combine(dir, "t10k-labels-idx1-ubyte");
        if (!File.Exists(images) || !File.Exists(labelFile)) return null;
        var bytes = File.ReadAllBytes(images);
        var labelBytes = File.ReadAllBytes(labelFile);
        labels = Enumerable.Range(0, 9).Select(i => (int)labelBytes[8 + i]).ToArray();
        return Enumerable.Range(0, 9).Select(i => bytes.AsSpan(16 + i * 784, 784).ToArray()).ToArray();
    }
}
