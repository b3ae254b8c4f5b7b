using System.Text.Json;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Onnx;

/// <summary>
/// Graphs exported by PyTorch's torch.onnx.export (Onnx/Data/torch_models.py; CI regenerates them with Debian's
/// python3-torch) load in Functional and give PyTorch's outputs.
/// </summary>
public sealed class OnnxTorchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("torch-mlp", "(None, 28, 28)", "Flatten Dense Dense Dense Dense")]
    [InlineData("torch-cnn", "(None, 11, 11, 1)", "Conv2D MaxPooling2D Conv2D BatchNormalization Conv2D Flatten Dense")]
    public void A_PyTorch_export_loads_and_gives_PyTorchs_outputs(string name, string inputShape, string kinds)
    {
        var model = ModelFile.ImportOnnx<float>(Path.Combine(OnnxPeers.DataDirectory, $"{name}.onnx"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(OnnxPeers.DataDirectory, $"{name}-outputs.json")));
        var shape = json.RootElement.GetProperty("inputShape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var expected = json.RootElement.GetProperty("outputs").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        int n = shape[0], size = inputs.Length / n, classes = expected.Length / n;

        Assert.Equal(inputShape, model.InputShape.ToString());
        Assert.Equal(kinds, string.Join(" ", model.Layers.Select(l => l.Kind)));
        Assert.Equal(size, model.InputShape.Size);
        // One input channel stored first holds the same values as channels last: PyTorch's rows go in as they are.
        var x = Matrix<float>.Build.Dense(n, size, (i, j) => inputs[i * size + j]);
        var predicted = model.Predict(x);
        double difference = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < classes; j++)
                difference = Math.Max(difference, Math.Abs(predicted[i, j] - expected[i * classes + j]));
        output.WriteLine($"{name} (torch {json.RootElement.GetProperty("torch").GetString()}): {model.Summary()}");
        output.WriteLine($"max |Functional − PyTorch| = {difference:E2}");
        Assert.InRange(difference, 0, 1e-5);
    }

    [Fact]
    public void PyTorchs_flatten_of_several_channels_is_reordered_into_the_next_kernel()
    {
        // The CNN's last Conv has 5 channels at 2 x 2 positions: PyTorch flattens (channel, row, column), the library
        // (row, column, channel). Read without the reordering, the same kernel gives other outputs.
        var model = ModelFile.ImportOnnx<float>(Path.Combine(OnnxPeers.DataDirectory, "torch-cnn.onnx"));
        var dense = model.Layers.OfType<Dense<float>>().Single();
        var kernel = dense.Parameters[0];
        Assert.Equal(20, kernel.RowCount);
        var onnx = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(OnnxPeers.DataDirectory, "torch-cnn.onnx")));
        var weight = OnnxTensors.Reals(onnx.Graph.Initializer.Single(t => t.Name == "9.weight")); // 10 x 20, (out, in)
        for (int position = 0; position < 4; position++)
            for (int channel = 0; channel < 5; channel++)
                for (int unit = 0; unit < 10; unit++)
                    Assert.Equal((float)weight[unit * 20 + channel * 4 + position], kernel[position * 5 + channel, unit]);
    }
}
