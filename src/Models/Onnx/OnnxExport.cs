using System.Globalization;
using System.Reflection;
using Functional.Core;
using Google.Protobuf;
using MathNet.Numerics.LinearAlgebra;
using Onnx;

namespace Functional.Models;

/// <summary>
/// A model as an ONNX graph (IR version 8, opset 13, float32): input "input" of shape (batch, sample dims…), output "output",
/// one node per layer (plus its activation) named after the layer, weights as initializers named "layer/tensor".
/// Samples are channels-last as in Keras; ONNX's Conv, MaxPool and BatchNormalization take channels first, so the graph
/// transposes into that order before them and back before anything that reads samples in Keras' order (Flatten, Reshape,
/// the output), as tf2onnx does.
/// </summary>
internal static class OnnxExport
{
    /// <summary>The IR version written: ONNX 1.10 and later read it (Debian 12's onnx 1.12 checker among them).</summary>
    public const long IrVersion = 8;

    /// <summary>The operator set written: Softmax over one axis and Dropout's ratio as an input need 13 and 12.</summary>
    public const long Opset = 13;

    /// <summary>The metadata key of the training input range ("min,max"), which ONNX has no field for.</summary>
    public const string TrainingInputRangeKey = "functional.training_input_range";

    /// <summary>The layer kinds this exporter maps, for the error about one it does not.</summary>
    public static readonly string[] Mapped = ["Dense", "Flatten", "Reshape", "Dropout", "Conv2D", "MaxPooling2D", "BatchNormalization"];

    /// <summary>The ONNX model of <paramref name="model"/>, serialized.</summary>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX mapping; the message names it.</exception>
    public static byte[] ToBytes<T>(Model<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = new GraphProto { Name = "functional" };
        graph.Input.Add(ValueInfo("input", model.InputShape));
        var builder = new Builder(graph, new Flow("input", model.InputShape, ChannelsFirst: false));
        foreach (var layer in model.Layers) builder.Add(layer);
        builder.Finish(model.OutputShape);

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Functional",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = $"Exported by Functional from a Sequential model: {string.Join(" → ", model.Layers.Select(l => $"{l.Name} {l.Spec}"))}.",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (model.TrainingInputRange is { } range)
            onnx.MetadataProps.Add(new StringStringEntryProto
            {
                Key = TrainingInputRangeKey,
                Value = string.Create(CultureInfo.InvariantCulture, $"{range.Min:R},{range.Max:R}"),
            });
        return onnx.ToByteArray();
    }

    /// <summary>A float tensor of (batch, dims…) with a symbolic batch dimension.</summary>
    private static ValueInfoProto ValueInfo(string name, Shape sample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in sample.Dimensions) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = OnnxTensors.Float, Shape = shape } },
        };
    }

    /// <summary>The tensor the graph has reached: its name, the sample shape in Keras' order, and whether it is stored channels first.</summary>
    private sealed record Flow(string Name, Shape Sample, bool ChannelsFirst);

    /// <summary>Appends the nodes of one layer after another, keeping track of the tensor reached and its order.</summary>
    private sealed class Builder(GraphProto graph, Flow start)
    {
        private Flow _flow = start;

        public void Add<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
        {
            var weights = layer.ParameterStore;
            switch (layer.Spec)
            {
                case DenseSpec dense:
                    Node("Gemm", layer.Name, layer.Name, [_flow.Name,
                        Initializer($"{layer.Name}/kernel", [weights[0].RowCount, dense.Units], RowMajor(weights[0])),
                        Initializer($"{layer.Name}/bias", [dense.Units], RowMajor(weights[1]))]);
                    _flow = _flow with { Sample = layer.OutputShape };
                    Activate(layer.Name, dense.Activation);
                    break;
                case Conv2DSpec conv:
                    ChannelsFirst(layer.Name);
                    int channels = layer.InputShape.Dimensions[2];
                    var window = conv.Window(layer.Name, layer.InputShape);
                    Node("Conv", layer.Name, layer.Name,
                        [_flow.Name,
                            Initializer($"{layer.Name}/kernel", [conv.Filters, channels, conv.KernelHeight, conv.KernelWidth],
                                ConvKernel(weights[0], conv, channels)),
                            Initializer($"{layer.Name}/bias", [conv.Filters], RowMajor(weights[1]))],
                        OnnxTensors.Attribute("kernel_shape", conv.KernelHeight, conv.KernelWidth),
                        OnnxTensors.Attribute("strides", conv.StrideHeight, conv.StrideWidth),
                        Pads(window));
                    _flow = _flow with { Sample = layer.OutputShape };
                    Activate(layer.Name, conv.Activation);
                    break;
                case MaxPooling2DSpec pool:
                    ChannelsFirst(layer.Name);
                    Node("MaxPool", layer.Name, layer.Name, [_flow.Name],
                        OnnxTensors.Attribute("kernel_shape", pool.PoolHeight, pool.PoolWidth),
                        OnnxTensors.Attribute("strides", pool.StrideHeight, pool.StrideWidth),
                        Pads(pool.Window(layer.Name, layer.InputShape)));
                    _flow = _flow with { Sample = layer.OutputShape };
                    break;
                case BatchNormalizationSpec norm:
                    // ONNX normalizes axis 1: samples of one dimension are there already, larger ones go channels first.
                    if (layer.InputShape.Dimensions.Count > 1) ChannelsFirst(layer.Name);
                    int c = layer.InputShape.Dimensions[^1];
                    int next = 0;
                    var gamma = norm.Scale ? RowMajor(weights[next++]) : Filled(c, 1f);
                    var beta = norm.Center ? RowMajor(weights[next]) : Filled(c, 0f);
                    Node("BatchNormalization", layer.Name, layer.Name,
                        [_flow.Name, Initializer($"{layer.Name}/gamma", [c], gamma), Initializer($"{layer.Name}/beta", [c], beta),
                            Initializer($"{layer.Name}/moving_mean", [c], RowMajor(layer.StateStore[0])),
                            Initializer($"{layer.Name}/moving_variance", [c], RowMajor(layer.StateStore[1]))],
                        OnnxTensors.Attribute("epsilon", (float)norm.Epsilon), OnnxTensors.Attribute("momentum", (float)norm.Momentum));
                    break;
                case DropoutSpec dropout:
                    // Kept so that an import gives the same layers back; ONNX Dropout is the identity in inference.
                    Node("Dropout", layer.Name, layer.Name, [_flow.Name, Initializer($"{layer.Name}/ratio", [], [(float)dropout.Rate])]);
                    break;
                case FlattenSpec:
                    ChannelsLast(layer.Name);
                    Node("Flatten", layer.Name, layer.Name, [_flow.Name], OnnxTensors.Attribute("axis", 1L));
                    _flow = _flow with { Sample = layer.OutputShape };
                    break;
                case ReshapeSpec reshape:
                    // 0 keeps the batch; a -1 of the spec stays one, for ONNX to infer as Keras does.
                    ChannelsLast(layer.Name);
                    graph.Initializer.Add(OnnxTensors.Int64Tensor($"{layer.Name}/shape", [0, .. reshape.TargetShape.Select(d => (long)d)]));
                    Node("Reshape", layer.Name, layer.Name, [_flow.Name, $"{layer.Name}/shape"]);
                    _flow = _flow with { Sample = layer.OutputShape };
                    break;
                default:
                    throw new NotSupportedException(
                        $"ModelFile.ExportOnnx: layer '{layer.Name}' ({layer.Kind}) has no ONNX mapping; the exporter maps {string.Join(", ", Mapped)}.");
            }
        }

        /// <summary>Ends the graph: samples back in Keras' order, the last tensor renamed "output".</summary>
        public void Finish(Shape output)
        {
            ChannelsLast("output");
            if (graph.Node.Count == 0 || _flow.Name == "input")
                Node("Identity", "output", "output", [_flow.Name]);
            var last = graph.Node[^1];
            last.Output[0] = "output";
            graph.Output.Add(ValueInfo("output", output));
        }

        private void Activate(string layer, Activation activation)
        {
            string? op = activation.Name switch
            {
                "linear" => null,
                "relu" => "Relu",
                "tanh" => "Tanh",
                "sigmoid" => "Sigmoid",
                "softmax" => "Softmax",
                var other => throw new NotSupportedException($"ModelFile.ExportOnnx: layer '{layer}': activation '{other}' has no ONNX mapping."),
            };
            if (op is null) return;
            // Keras' softmax is over the last axis, the channels: axis 1 when they are stored first.
            AttributeProto[] attributes = op == "Softmax" ? [OnnxTensors.Attribute("axis", _flow.ChannelsFirst ? 1L : -1L)] : [];
            Node(op, $"{layer}/{activation.Name}", $"{layer}/{activation.Name}", [_flow.Name], attributes);
        }

        private void ChannelsFirst(string layer)
        {
            if (_flow.ChannelsFirst) return;
            int rank = _flow.Sample.Dimensions.Count + 1;
            Node("Transpose", $"{layer}/to_channels_first", $"{layer}/to_channels_first", [_flow.Name],
                OnnxTensors.Attribute("perm", [0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(a => (long)a)]));
            _flow = _flow with { ChannelsFirst = true };
        }

        private void ChannelsLast(string layer)
        {
            if (!_flow.ChannelsFirst) return;
            int rank = _flow.Sample.Dimensions.Count + 1;
            Node("Transpose", $"{layer}/to_channels_last", $"{layer}/to_channels_last", [_flow.Name],
                OnnxTensors.Attribute("perm", [0, .. Enumerable.Range(2, rank - 2).Select(a => (long)a), 1]));
            _flow = _flow with { ChannelsFirst = false };
        }

        /// <summary>Adds a node reading <paramref name="inputs"/> and writing the tensor <paramref name="output"/>, which the flow reaches.</summary>
        private void Node(string op, string name, string output, string[] inputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op, Name = name };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            graph.Node.Add(node);
            _flow = _flow with { Name = output };
        }

        private string Initializer(string name, long[] dims, float[] values)
        {
            graph.Initializer.Add(OnnxTensors.FloatTensor(name, dims, values));
            return name;
        }
    }

    /// <summary>ONNX pads (top, left, bottom, right) of a window: zeros under valid padding, TensorFlow's split under same.</summary>
    private static AttributeProto Pads(Window2D w) => OnnxTensors.Attribute("pads", w.PadTop, w.PadLeft, w.PadBottom, w.PadRight);

    /// <summary>A matrix's values in row-major order, as float32.</summary>
    private static float[] RowMajor<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new float[MatrixData.Count("ONNX export: a weight tensor", m.RowCount, m.ColumnCount)];
        for (int i = 0; i < m.RowCount; i++)
            for (int j = 0; j < m.ColumnCount; j++)
                values[i * m.ColumnCount + j] = float.CreateTruncating(m[i, j]);
        return values;
    }

    /// <summary>The kernel matrix (rows: kernel row, kernel column, input channel; columns: filters) as ONNX's (filters, channels, kh, kw).</summary>
    private static float[] ConvKernel<T>(Matrix<T> kernel, Conv2DSpec conv, int channels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new float[kernel.RowCount * kernel.ColumnCount];
        for (int f = 0; f < conv.Filters; f++)
            for (int c = 0; c < channels; c++)
                for (int kr = 0; kr < conv.KernelHeight; kr++)
                    for (int kc = 0; kc < conv.KernelWidth; kc++)
                        values[((f * channels + c) * conv.KernelHeight + kr) * conv.KernelWidth + kc] =
                            float.CreateTruncating(kernel[(kr * conv.KernelWidth + kc) * channels + c, f]);
        return values;
    }

    private static float[] Filled(int count, float value) => Enumerable.Repeat(value, count).ToArray();
}
