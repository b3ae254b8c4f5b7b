using Functional.Core;
using Functional.Models;
using Functional.Tests.Unit.Data;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Onnx;

/// <summary>Exported models run in ONNX Runtime, a real runtime written by others, and give Functional's predictions.</summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    public static TheoryData<string> Samples => [.. OnnxSampleModels.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Onnx_Runtime_gives_Predicts_outputs_for_every_layer_and_geometry(string name)
    {
        var layers = OnnxSampleModels.All.Single(s => s.Name == name).Layers;
        var model = OnnxSampleModels.Build(layers, seed: 7);
        var x = OnnxSampleModels.Inputs(model, 65, seed: 3);
        var expected = model.Predict(x);
        var actual = OnnxRuntimeRunner.Run(ModelFile.ToOnnxBytes(model), model.InputShape, x);
        double difference = OnnxRuntimeRunner.MaxDifference(expected, actual);
        output.WriteLine($"{name}: max |ONNX Runtime − Predict| = {difference:E2} over {x.RowCount} samples");
        Assert.InRange(difference, 0, 1e-5);
        Assert.True(expected.Enumerate().Select(Math.Abs).Max() > 1e-3, "the outputs are not all near zero");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Import_of_an_export_is_the_same_model_with_the_same_predictions(string name)
    {
        var layers = OnnxSampleModels.All.Single(s => s.Name == name).Layers;
        var model = OnnxSampleModels.Build(layers, seed: 11);
        var imported = ModelFile.FromOnnxBytes<float>(ModelFile.ToOnnxBytes(model));
        Assert.Equal(model.InputShape, imported.InputShape);
        Assert.Equal(model.Layers.Select(l => (l.Name, l.Kind, l.OutputShape)), imported.Layers.Select(l => (l.Name, l.Kind, l.OutputShape)));
        // What ONNX holds round-trips exactly (float32 weights, the activations, windows, epsilon and momentum, dropout rates);
        // initializers and penalties only matter before training and are not ONNX's to hold.
        foreach (var (a, b) in model.Layers.Zip(imported.Layers))
        {
            Assert.Equal(Portable(a.Spec), b.Spec);
            Assert.Equal(a.State, b.State);
            if (a.Spec is BatchNormalizationSpec { Center: false } or BatchNormalizationSpec { Scale: false })
                Assert.Equal(a.ParameterCount + a.OutputShape.Dimensions[^1], b.ParameterCount); // the missing one as ones or zeros
            else Assert.Equal(a.Parameters, b.Parameters);
        }
        var x = OnnxSampleModels.Inputs(model, 33, seed: 5);
        Assert.Equal(model.Predict(x), imported.Predict(x));
    }

    /// <summary>The spec as ONNX holds it: no penalties; a batch normalization without beta or gamma has zeros or ones for it.</summary>
    private static LayerSpec Portable(LayerSpec spec) => spec switch
    {
        DenseSpec d => d with { KernelRegularizer = null, BiasRegularizer = null },
        BatchNormalizationSpec b => b with { Center = true, Scale = true },
        _ => spec,
    };

    [Fact]
    public void A_double_model_exports_as_float32_and_imports_as_double()
    {
        var layers = OnnxSampleModels.All[1].Layers;
        var model = Sequential.Build<double>(layers, 3);
        var imported = ModelFile.FromOnnxBytes<double>(ModelFile.ToOnnxBytes(model));
        var x = Matrix<double>.Build.Dense(20, 1, (i, _) => i * 0.5);
        var difference = (model.Predict(x) - imported.Predict(x)).Enumerate().Select(Math.Abs).Max();
        Assert.InRange(difference, 0, 1e-6);
    }

    [Fact]
    public void The_training_input_range_travels_in_the_metadata()
    {
        var model = Sequential.Create(1, Layers.Input(1), Layers.Dense(1)) with { TrainingInputRange = new InputRange(-0.25, 9.9) };
        Assert.Equal(new InputRange(-0.25, 9.9), ModelFile.FromOnnxBytes<float>(ModelFile.ToOnnxBytes(model)).TrainingInputRange);
    }

    [Fact]
    public void The_export_is_deterministic_and_written_atomically()
    {
        var model = OnnxSampleModels.Build(OnnxSampleModels.All[4].Layers, seed: 2);
        var dir = Directory.CreateTempSubdirectory("functional-onnx-").FullName;
        try
        {
            var path = Path.Combine(dir, "m.onnx");
            ModelFile.ExportOnnx(model, path);
            Assert.Equal(ModelFile.ToOnnxBytes(model), File.ReadAllBytes(path));
            Assert.Equal(["m.onnx"], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_trained_MNIST_MLP_in_Onnx_Runtime_matches_Predict_on_the_10000_test_digits()
    {
        if (MnistOrSkip.Load(output) is not { } data) return;
        var x = data.Train.Images / 255f;
        var y = data.Train.LabelColumn<float>();
        var xTest = data.Test.Images / 255f;
        var model = Sequential.Create(0, Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax));
        var trained = Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, new FitOptions<float> { Epochs = 1 }).Model;
        var expected = trained.Predict(xTest);
        var actual = OnnxRuntimeRunner.Run(ModelFile.ToOnnxBytes(trained), trained.InputShape, xTest);
        double difference = OnnxRuntimeRunner.MaxDifference(expected, actual);
        int agree = Enumerable.Range(0, xTest.RowCount).Count(i => ArgMax(expected.Row(i)) == ArgMax(actual.Row(i)));
        output.WriteLine($"max |ONNX Runtime − Predict| = {difference:E2} over {xTest.RowCount} digits; same digit for {agree}");
        Assert.Equal(10_000, xTest.RowCount);
        Assert.InRange(difference, 0, 1e-5);
        Assert.Equal(10_000, agree);
    }

    private static int ArgMax(MathNet.Numerics.LinearAlgebra.Vector<float> v) => v.MaximumIndex();
}
