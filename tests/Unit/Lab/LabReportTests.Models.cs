using Functional.Models;
using Functional.Tests.Unit.Onnx;

namespace Functional.Tests.Unit.Lab;

/// <summary>The models the report publishes as ONNX: every one runs in ONNX Runtime as Predict does, and ONNX's checker accepts it.</summary>
public sealed partial class LabReportTests
{
    [Fact]
    public void Every_section_that_trains_publishes_its_model_and_Onnx_Runtime_gives_its_predictions()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["linear-regression"] = ["linear"], ["learning-rate-sweep"] = ["sweep-best-rate"], ["log-linear"] = ["log-linear"],
            ["hidden-layer"] = ["log-tanh3"],
            ["overfitting"] = ["overfitting"], ["fighting-overfitting"] = ["overfitting-best-remedy"], ["sine"] = ["sine"],
            ["mnist"] = ["mnist-mlp"], ["convnet"] = ["mnist-cnn"],
        };
        foreach (var id in expected.Keys.Where(id => !NeedMnist.Contains(id) || lab.MnistSkipReason is null))
            Assert.Contains(id, lab.Report.Sections.Select(s => s.Id));
        foreach (var section in lab.Report.Sections.Where(s => expected.ContainsKey(s.Id) || s.Models.Count > 0))
        {
            Assert.Equal(expected[section.Id], section.Models.Select(m => m.Name));
            foreach (var published in section.Models)
            {
                var path = Path.Combine(lab.Output, published.FileName);
                var bytes = File.ReadAllBytes(path);
                var actual = OnnxRuntimeRunner.Run(bytes, published.Model.InputShape, published.Inputs);
                double difference = OnnxRuntimeRunner.MaxDifference(published.Model.Predict(published.Inputs), actual);
                Assert.True(difference <= 1e-5, $"{published.FileName}: ONNX Runtime differs from Predict by {difference:E2}");
                Assert.True(published.Inputs.RowCount >= 100, $"{published.FileName}: checked on {published.Inputs.RowCount} inputs");
                // And it loads back as the same network.
                var back = ModelFile.ImportOnnx<float>(path);
                Assert.Equal(published.Model.Predict(published.Inputs), back.Predict(published.Inputs));
            }
        }
        Assert.Contains("models/mnist-mlp.onnx", File.ReadAllText(Path.Combine(lab.Output, "index.html")));
        Assert.Contains("\"file\": \"models/linear.onnx\"", File.ReadAllText(Path.Combine(lab.Output, "report.json")));
    }

    [Fact]
    public void The_onnx_checker_accepts_every_published_model()
    {
        if (!OnnxPeers.Has("onnx"))
        {
            Assert.False(OnnxPeers.Required, $"{OnnxPeers.Python} cannot import onnx, and FUNCTIONAL_REQUIRE_ONNX_PEERS=1 (install python3-onnx).");
            return;
        }
        var files = Directory.GetFiles(Path.Combine(lab.Output, "models"), "*.onnx").Order().ToArray();
        Assert.Equal(lab.Report.Sections.Sum(s => s.Models.Count), files.Length);
        var (code, printed) = OnnxPeers.Run([Path.Combine(OnnxPeers.DataDirectory, "check_onnx.py"), .. files]);
        Assert.True(code == 0, printed);
    }
}
