using Functional.Core;
using Functional.Models;
using Google.Protobuf;
using MyProject.Layers;
using Onnx;

namespace Functional.Tests.Unit.Onnx;

/// <summary>What cannot be exported, and ONNX files that cannot be read, give errors naming the file, the node and the problem.</summary>
public sealed class OnnxBadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-onnx-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Model<float> Mlp() => OnnxSampleModels.Build(OnnxSampleModels.All[4].Layers, 5);

    private static ModelProto Graph(Model<float> model) => ModelProto.Parser.ParseFrom(ModelFile.ToOnnxBytes(model));

    private InvalidDataException ImportFails(byte[] bytes, params string[] expected)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.ImportOnnx<float>(path));
        Assert.Contains(path, e.Message);
        foreach (var text in expected) Assert.True(e.Message.Contains(text, StringComparison.Ordinal), $"\"{text}\" not in: {e.Message}");
        return e;
    }

    [Fact]
    public void A_truncated_file_is_refused_at_every_length()
    {
        var bytes = ModelFile.ToOnnxBytes(Mlp());
        // Every cut inside the header and the first node, then a spread of cuts through the weights.
        var lengths = Enumerable.Range(0, 400).Concat(Enumerable.Range(1, 60).Select(k => bytes.Length * k / 61)).Append(bytes.Length - 1);
        foreach (int length in lengths)
        {
            var e = Assert.Throws<InvalidDataException>(() => ModelFile.FromOnnxBytes<float>(bytes[..length]));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        ImportFails(bytes[..(bytes.Length / 2)]);
    }

    [Fact]
    public void Corrupt_bytes_are_refused()
    {
        var random = new System.Random(1);
        var noise = new byte[5000];
        random.NextBytes(noise);
        ImportFails(noise);
        ImportFails("FNNM this is a Functional model file, not ONNX"u8.ToArray());
        ImportFails([], "no ONNX graph");
        var bytes = ModelFile.ToOnnxBytes(Mlp());
        for (int trial = 0; trial < 200; trial++)
        {
            var corrupt = (byte[])bytes.Clone();
            for (int k = 0; k < 3; k++) corrupt[random.Next(Math.Min(corrupt.Length, 600))] ^= (byte)(1 + random.Next(255));
            try
            {
                ModelFile.FromOnnxBytes<float>(corrupt); // a flip inside a float or a name can still be a valid model
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [Fact]
    public void An_operator_without_a_layer_is_named_with_its_node()
    {
        var onnx = Graph(Mlp());
        onnx.Graph.Node.Single(n => n.OpType == "Relu").OpType = "LeakyRelu";
        ImportFails(onnx.ToByteArray(), "node 'dense/relu' (LeakyRelu)", "no layer for operator LeakyRelu", "Gemm");
    }

    [Fact]
    public void A_graph_with_branches_is_refused_naming_the_node()
    {
        // The second Gemm also reads the first's pre-activation: a skip connection.
        var onnx = Graph(Mlp());
        var relu = onnx.Graph.Node.Single(n => n.OpType == "Relu");
        onnx.Graph.Node.Single(n => n.Name == "dense_1").Input[0] = relu.Input[0];
        ImportFails(onnx.ToByteArray(), "feeds 2 nodes", "the graph branches");

        // A node that adds two tensors of the graph.
        var add = Graph(Mlp());
        var second = add.Graph.Node.Single(n => n.Name == "dense_1");
        var node = new NodeProto { Name = "skip", OpType = "Add" };
        node.Input.Add(second.Output[0]);
        node.Input.Add("dense/out_of_chain");
        node.Output.Add("summed");
        add.Graph.Node.Insert(add.Graph.Node.IndexOf(second) + 1, node);
        ImportFails(add.ToByteArray(), "'dense_1' feeds 2 nodes ('skip' (Add), 'dense_1/softmax' (Softmax))", "the graph branches");
    }

    [Fact]
    public void Shapes_that_do_not_chain_are_refused_naming_the_node_and_the_shapes()
    {
        var onnx = Graph(Mlp());
        var kernel = onnx.Graph.Initializer.Single(t => t.Name == "dense_1/kernel");
        onnx.Graph.Initializer.Remove(kernel);
        onnx.Graph.Initializer.Add(OnnxTensors.FloatTensor("dense_1/kernel", [100, 10], new float[1000]));
        ImportFails(onnx.ToByteArray(), "node 'dense_1' (Gemm)", "100x10", "128 values per sample", "do not chain");

        var conv = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        var weight = conv.Graph.Initializer.Single(t => t.Name == "conv2d_1/kernel");
        weight.Dims[1] = 4; // 8 channels come in
        ImportFails(conv.ToByteArray(), "node 'conv2d_1' (Conv)", "8 channels", "do not chain");

        var wrongData = Graph(Mlp());
        wrongData.Graph.Initializer.Single(t => t.Name == "dense/bias").Dims[0] = 127;
        ImportFails(wrongData.ToByteArray(), "dense/bias", "needs 508 bytes of data but holds 512");

        var huge = Graph(Mlp());
        huge.Graph.Initializer.Single(t => t.Name == "dense/kernel").Dims[0] = long.MaxValue / 2;
        ImportFails(huge.ToByteArray(), "dense/kernel", "4611686018427387903x128", "do not chain");
        var overflow = Graph(Mlp());
        var bias = overflow.Graph.Initializer.Single(t => t.Name == "dense/bias");
        bias.Dims.Clear();
        bias.Dims.AddRange([1L << 40, 1L << 40]); // the product overflows 64 bits
        ImportFails(overflow.ToByteArray(), "tensor 'dense/bias'", "too many");
    }

    [Fact]
    public void Graph_inputs_and_outputs_that_are_not_one_fixed_sample_shape_are_refused()
    {
        var onnx = Graph(Mlp());
        onnx.Graph.Input[0].Type.TensorType.Shape.Dim[1].ClearDimValue();
        onnx.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimParam = "height";
        ImportFails(onnx.ToByteArray(), "graph input 'input'", "(batch, height, 28)", "fixed positive size");

        var two = Graph(Mlp());
        two.Graph.Input.Add(two.Graph.Input[0].Clone());
        two.Graph.Input[1].Name = "second";
        ImportFails(two.ToByteArray(), "2 inputs (input, second)");

        var end = Graph(Mlp());
        end.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = 9;
        ImportFails(end.ToByteArray(), "declares its output 'output' as (batch, 9)", "(None, 10)");
    }

    [Fact]
    public void Windows_and_layouts_the_library_cannot_hold_are_refused_naming_the_node()
    {
        var onnx = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        var conv = onnx.Graph.Node.Single(n => n.Name == "conv2d");
        conv.Attribute.Single(a => a.Name == "pads").Ints[0] = 1;
        ImportFails(onnx.ToByteArray(), "node 'conv2d' (Conv)", "pads (top, left, bottom, right) = (1, 0, 0, 0)", "same padding (1, 1, 1, 1)");

        var grouped = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        grouped.Graph.Node.Single(n => n.Name == "conv2d").Attribute.Add(OnnxTensors.Attribute("group", 2L));
        ImportFails(grouped.ToByteArray(), "grouped convolution");

        // No Transpose: a Conv reading 28x28x1 channels-last storage as channels first.
        var layout = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        var transpose = layout.Graph.Node.First(n => n.OpType == "Transpose");
        layout.Graph.Node.Remove(transpose);
        layout.Graph.Node.Single(n => n.Name == "conv2d").Input[0] = "input";
        ImportFails(layout.ToByteArray(), "node 'conv2d' (Conv)", "stored channels last");

        var ceil = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        ceil.Graph.Node.First(n => n.OpType == "MaxPool").Attribute.Add(OnnxTensors.Attribute("ceil_mode", 1L));
        ImportFails(ceil.ToByteArray(), "(MaxPool)", "ceil_mode = 1");
    }

    [Fact]
    public void A_standalone_activation_and_a_convolution_softmax_are_refused()
    {
        // A Relu after a Flatten has no Dense or Conv to belong to.
        var onnx = Graph(Mlp());
        var relu = onnx.Graph.Node.Single(n => n.OpType == "Relu");
        var flatten = onnx.Graph.Node.Single(n => n.OpType == "Flatten");
        onnx.Graph.Node.Remove(relu);
        relu.Input[0] = flatten.Output[0];
        onnx.Graph.Node.Single(n => n.Name == "dense").Input[0] = relu.Output[0];
        onnx.Graph.Node.Insert(1, relu);
        ImportFails(onnx.ToByteArray(), "node 'dense/relu' (Relu)", "no separate activation layer");

        var conv = Graph(OnnxSampleModels.Build(OnnxSampleModels.All[5].Layers, 1));
        conv.Graph.Node.Single(n => n.Name == "conv2d/relu").OpType = "Softmax";
        conv.Graph.Node.Single(n => n.Name == "conv2d/relu").Attribute.Add(OnnxTensors.Attribute("axis", 1L));
        ImportFails(conv.ToByteArray(), "node 'conv2d' (Conv)", "softmax activation is not supported");
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_refused_naming_it()
    {
        var missing = Path.Combine(_dir, "none", "model.onnx");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => ModelFile.ImportOnnx<float>(missing)).Message);
        Assert.Contains(_dir, Assert.Throws<InvalidDataException>(() => ModelFile.ImportOnnx<float>(_dir)).Message);
    }

    [Fact]
    public void A_layer_without_an_ONNX_mapping_is_named_and_nothing_is_written()
    {
        LayerSpec.Register<ScaleSpec>("Scale");
        var model = Sequential.Create(1, Layers.Input(2), Layers.Dense(3, Activation.Tanh), new ScaleSpec(2), Layers.Dense(1));
        var path = Path.Combine(_dir, "scale.onnx");
        var e = Assert.Throws<NotSupportedException>(() => ModelFile.ExportOnnx(model, path));
        Assert.Contains("layer 'scale' (Scale) has no ONNX mapping", e.Message);
        Assert.Contains("Dense, Flatten", e.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
