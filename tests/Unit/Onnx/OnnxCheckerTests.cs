using Functional.Models;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Onnx;

/// <summary>ONNX's own checker (Debian's python3-onnx) accepts every file the exporter writes.</summary>
public sealed class OnnxCheckerTests(ITestOutputHelper output)
{
    [Fact]
    public void The_onnx_checker_accepts_every_sample_export()
    {
        if (!OnnxPeers.Has("onnx"))
        {
            Assert.False(OnnxPeers.Required, $"{OnnxPeers.Python} cannot import onnx, and FUNCTIONAL_REQUIRE_ONNX_PEERS=1 (install python3-onnx).");
            output.WriteLine("SKIPPED (checked nothing): python3-onnx is not installed; set FUNCTIONAL_REQUIRE_ONNX_PEERS=1 to make this an error.");
            return;
        }
        var dir = Directory.CreateTempSubdirectory("functional-onnx-check-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var (sample, index) in OnnxSampleModels.All.Select((s, i) => (s, i)))
            {
                var path = Path.Combine(dir, $"sample-{index}.onnx");
                ModelFile.ExportOnnx(OnnxSampleModels.Build(sample.Layers, 1), path);
                files.Add(path);
            }
            var (code, printed) = OnnxPeers.Run([Path.Combine(OnnxPeers.DataDirectory, "check_onnx.py"), .. files]);
            output.WriteLine(printed);
            Assert.True(code == 0, printed);
            Assert.Equal(files.Count, printed.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_onnx_checker_rejects_a_broken_graph()
    {
        // The checker check: a graph whose node reads a tensor nobody writes must fail it, or the test above proves nothing.
        if (!OnnxPeers.Has("onnx"))
        {
            Assert.False(OnnxPeers.Required, $"{OnnxPeers.Python} cannot import onnx, and FUNCTIONAL_REQUIRE_ONNX_PEERS=1 (install python3-onnx).");
            return;
        }
        var onnx = global::Onnx.ModelProto.Parser.ParseFrom(ModelFile.ToOnnxBytes(OnnxSampleModels.Build(OnnxSampleModels.All[1].Layers, 1)));
        onnx.Graph.Node[1].Input[0] = "nowhere";
        var path = Path.Combine(Path.GetTempPath(), $"functional-broken-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(onnx));
            var (code, printed) = OnnxPeers.Run([Path.Combine(OnnxPeers.DataDirectory, "check_onnx.py"), path]);
            output.WriteLine(printed);
            Assert.NotEqual(0, code);
            Assert.Contains("FAILED", printed);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
