using Functional.Core;
using Functional.Models;
using Functional.Reports;
using Functional.Tests.Unit.Onnx;
using MyProject.Layers;

namespace Functional.Tests.Unit.Lab;

/// <summary><c>export MODEL_FILE OUT.onnx</c>: a saved model becomes an ONNX file that ONNX Runtime runs; failures name the problem and
/// write nothing.</summary>
[Collection("Console")]
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-export-").FullName;
    private readonly CapturedConsole _console = new();

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_saved_float32_model_exports_and_runs_in_Onnx_Runtime()
    {
        var model = OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 4);
        var saved = Path.Combine(_dir, "cnn.fnnm");
        var onnx = Path.Combine(_dir, "cnn.onnx");
        ModelFile.Save(model, saved);
        Assert.Equal(0, Program.Main(["export", saved, onnx]));
        Assert.Contains("Exported", _console.Text);
        var x = OnnxSampleModels.Inputs(model, 9, 1);
        Assert.InRange(OnnxRuntimeRunner.MaxDifference(model.Predict(x), OnnxRuntimeRunner.Run(File.ReadAllBytes(onnx), model.InputShape, x)), 0, 1e-5);
    }

    [Fact]
    public void A_saved_float64_model_exports_too()
    {
        var model = Sequential.Build<double>([Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)], 2);
        var saved = Path.Combine(_dir, "double.fnnm");
        ModelFile.Save(model, saved);
        Assert.Equal(0, Program.Main(["export", saved, Path.Combine(_dir, "double.onnx")]));
        Assert.Equal(["dense", "dense_1"], ModelFile.ImportOnnx<double>(Path.Combine(_dir, "double.onnx")).Layers.Select(l => l.Name));
    }

    [Fact]
    public void A_bad_model_file_or_an_unmapped_layer_exits_1_naming_it_and_writes_nothing()
    {
        var bad = Path.Combine(_dir, "bad.fnnm");
        File.WriteAllText(bad, "not a model");
        var onnx = Path.Combine(_dir, "out.onnx");
        Assert.Equal(1, Program.Main(["export", bad, onnx]));
        Assert.Contains("bad.fnnm", _console.Text);
        Assert.Contains("not a Functional model file", _console.Text);
        Assert.False(File.Exists(onnx));

        LayerSpec.Register<ScaleSpec>("Scale");
        var scaled = Path.Combine(_dir, "scaled.fnnm");
        ModelFile.Save(Sequential.Create(1, Layers.Input(2), new ScaleSpec(3), Layers.Dense(1)), scaled);
        Assert.Equal(1, Program.Main(["export", scaled, onnx]));
        Assert.Contains("layer 'scale' (Scale) has no ONNX mapping", _console.Text);
        Assert.False(File.Exists(onnx));
    }

    [Fact]
    public void Missing_arguments_are_bad_usage()
    {
        Assert.Equal(2, Program.Main(["export"]));
        Assert.Equal(2, Program.Main(["export", "only-one.fnnm"]));
    }
}
