using System.Globalization;
using System.Text.RegularExpressions;
using Functional.Core;
using Google.Protobuf;
using MathNet.Numerics.LinearAlgebra;
using Onnx;

namespace Functional.Models;

/// <summary>
/// An ONNX graph read back as a Sequential model, for the graphs that map onto the library's layers: a chain of nodes, each
/// reading the one before it and constant weights. Gemm, or MatMul then Add, become Dense; a Relu, Tanh, Sigmoid or Softmax
/// right after a Dense or Conv becomes its activation; Conv, MaxPool, BatchNormalization, Dropout, Flatten and Reshape
/// become their layers; Identity disappears. The library's samples are channels last: Transposes into and out of channels
/// first (tf2onnx's and this library's exports) are followed, an input of one channel stored first is read as channels
/// last (the same values), and a Flatten of channels-first data (PyTorch's) reorders the next Dense kernel's rows.
/// Everything is checked before the model is built; a graph that cannot be read gives an error naming the node.
/// </summary>
internal static partial class OnnxImport
{
    /// <summary>The oldest operator set read (older ones define BatchNormalization and Dropout differently).</summary>
    public const long OldestOpset = 9;

    /// <summary>The operators read, for the error about one that is not.</summary>
    private static readonly string[] Known =
        ["Gemm", "MatMul", "Add", "Relu", "Tanh", "Sigmoid", "Softmax", "Conv", "MaxPool", "BatchNormalization", "Dropout", "Flatten", "Reshape",
            "Transpose", "Identity", "Constant"];

    /// <summary>The model held by the ONNX bytes <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not ONNX, or the graph does not map onto the library; the message names the node.</exception>
    public static Model<T> FromBytes<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ElementTypes.Require<T>("ModelFile.ImportOnnx");
        ModelProto onnx;
        try
        {
            onnx = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model, or truncated or corrupt ({e.Message})", e);
        }
        if (onnx.Graph is null || onnx.Graph.Node.Count == 0)
            throw new InvalidDataException("the file holds no ONNX graph (not an ONNX model, or truncated).");
        var opset = onnx.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => (long?)o.Version).FirstOrDefault()
            ?? throw new InvalidDataException("the model imports no version of the default ONNX operator set.");
        if (opset < OldestOpset) throw new InvalidDataException($"operator set {opset} is older than {OldestOpset}, the oldest this library reads.");
        return new Reader<T>(onnx.Graph, opset).Read() with { TrainingInputRange = TrainingInputRange(onnx) };
    }

    private static InputRange? TrainingInputRange(ModelProto onnx)
    {
        var entry = onnx.MetadataProps.FirstOrDefault(p => p.Key == OnnxExport.TrainingInputRangeKey);
        if (entry is null) return null;
        var parts = entry.Value.Split(',');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var min) &&
            double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var max) && min <= max)
            return new InputRange(min, max);
        throw new InvalidDataException($"metadata '{OnnxExport.TrainingInputRangeKey}' is '{entry.Value}', not 'min,max'.");
    }

    /// <summary>A float attribute read as the double it was written from (1e-3f as 0.001): its shortest round-trip decimal.</summary>
    private static double Decimal(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex LayerNamePattern();

    /// <summary>One layer read from the graph, before it is built: the node it came from, its spec, its input and its tensors.</summary>
    private sealed record Pending<T>(NodeProto Node, LayerSpec Spec, Shape Input, Matrix<T>[] Parameters, Matrix<T>[] State)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Walks the chain of nodes, front to back.</summary>
    private sealed class Reader<T>(GraphProto graph, long opset) where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Dictionary<string, TensorProto> _constants = [];
        private readonly List<Pending<T>> _layers = [];
        private NodeProto _node = null!;
        private Shape _input = null!;
        private string _current = "";
        private Shape _sample = null!; // in Keras' order (channels last), whatever the storage
        private bool _channelsFirst; // stored with the channels right after the batch
        private int[]? _flattenOrder; // for the next Dense: its kernel row k is the graph's row _flattenOrder[k]
        private bool _activationFree; // the last layer is a Dense or Conv without activation, and its output is the current tensor
        private bool _biasFree; // the last layer is a MatMul's Dense, whose bias an Add may still give

        public Model<T> Read()
        {
            foreach (var tensor in graph.Initializer) _constants[tensor.Name] = tensor;
            ReadInput();
            var consumers = Consumers();
            for (int index = 0; index < graph.Node.Count; index++)
            {
                _node = graph.Node[index];
                if (_node.OpType == "Constant" && _node.Domain is "" or "ai.onnx")
                {
                    ReadConstant();
                    continue;
                }
                if (_node.Domain is not ("" or "ai.onnx"))
                    throw Error($"operator domain '{_node.Domain}' is not the default ONNX domain; the library reads {string.Join(", ", Known)}.");
                if (_node.Input.Count == 0 || _node.Input[0] != _current)
                    throw Error($"reads '{(_node.Input.Count == 0 ? "nothing" : _node.Input[0])}', not '{_current}', the output of the node before: " +
                        "the graph branches or is out of order, and the library reads only a chain of layers.");
                if (consumers.TryGetValue(_current, out var readers) && readers.Count > 1)
                    throw Error($"'{_current}' feeds {readers.Count} nodes ({string.Join(", ", readers.Select(Describe))}): the graph branches, and the " +
                        "library reads only a chain of layers.");
                foreach (var extra in _node.Input.Skip(1).Where(i => i.Length > 0 && !_constants.ContainsKey(i)))
                    throw Error($"reads '{extra}', which is neither a weight nor a constant: the graph branches.");
                foreach (var extra in _node.Output.Skip(1).Where(o => o.Length > 0 && consumers.ContainsKey(o)))
                    throw Error($"its output '{extra}' is read by {Describe(consumers[extra][0])}: the graph branches.");
                if (_node.Output.Count == 0 || _node.Output[0].Length == 0) throw Error("has no output.");
                Step();
                _current = _node.Output[0];
            }
            return Finish();
        }

        private void Step()
        {
            bool fusedBefore = _activationFree, biasBefore = _biasFree;
            _activationFree = _biasFree = false;
            switch (_node.OpType)
            {
                case "Gemm": Gemm(); break;
                case "MatMul": MatMul(); break;
                case "Add": AddBias(biasBefore); break;
                case "Relu": Activate(Activation.Relu, fusedBefore); break;
                case "Tanh": Activate(Activation.Tanh, fusedBefore); break;
                case "Sigmoid": Activate(Activation.Sigmoid, fusedBefore); break;
                case "Softmax": Softmax(fusedBefore); break;
                case "Conv": Conv(); break;
                case "MaxPool": MaxPool(); break;
                case "BatchNormalization": BatchNormalization(); break;
                case "Dropout": Dropout(); break;
                case "Flatten": Flatten(); break;
                case "Reshape": Reshape(); break;
                case "Transpose": Transpose(); break;
                case "Identity": _activationFree = fusedBefore; _biasFree = biasBefore; break;
                default:
                    throw Error($"the library has no layer for operator {_node.OpType}; it reads {string.Join(", ", Known)}.");
            }
            if (_flattenOrder is not null && _node.OpType is not ("Flatten" or "Dropout" or "Identity" or "Gemm" or "MatMul"))
                throw Error("follows a Flatten of channels-first data: only a Gemm or MatMul can take that order (the library's samples are channels last).");
        }

        private void ReadInput()
        {
            var inputs = graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToArray();
            if (inputs.Length != 1)
                throw new InvalidDataException(
                    $"the graph has {inputs.Length} inputs ({string.Join(", ", inputs.Select(i => i.Name))}); a Sequential model has one.");
            if (graph.Output.Count != 1)
                throw new InvalidDataException($"the graph has {graph.Output.Count} outputs; a Sequential model has one.");
            var input = inputs[0];
            var type = input.Type?.TensorType;
            if (type is null || type.ElemType is not (OnnxTensors.Float or OnnxTensors.Double))
                throw new InvalidDataException($"graph input '{input.Name}' is not a float tensor.");
            var dims = type.Shape?.Dim ?? throw new InvalidDataException($"graph input '{input.Name}' has no shape.");
            if (dims.Count < 2)
                throw new InvalidDataException($"graph input '{input.Name}' has rank {dims.Count}; it needs a batch dimension and sample dimensions.");
            var sample = dims.Skip(1).ToArray();
            if (sample.Any(d => !d.HasDimValue || d.DimValue <= 0 || d.DimValue > int.MaxValue))
                throw new InvalidDataException(
                    $"graph input '{input.Name}' has shape ({string.Join(", ", dims.Select(Dimension))}); every dimension but the batch must be a fixed " +
                    "positive size.");
            _input = _sample = new Shape(sample.Select(d => (int)d.DimValue).ToArray());
            _current = input.Name;
        }

        private void ReadConstant()
        {
            var value = _node.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                ?? throw Error("is a Constant without a tensor 'value'; only tensor constants are read.");
            if (_node.Output.Count != 1) throw Error("is a Constant with other than one output.");
            _constants[_node.Output[0]] = value;
        }

        /// <summary>Per tensor, the nodes that read it (the graph's output counts as a reader of its tensor).</summary>
        private Dictionary<string, List<NodeProto>> Consumers()
        {
            var consumers = new Dictionary<string, List<NodeProto>>();
            foreach (var node in graph.Node)
                foreach (var input in node.Input.Where(i => i.Length > 0).Distinct())
                {
                    if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                    list.Add(node);
                }
            return consumers;
        }

        private Model<T> Finish()
        {
            var output = graph.Output[0];
            if (output.Name != _current)
                throw new InvalidDataException($"the graph's output is '{output.Name}', but the chain of nodes ends at '{_current}'.");
            if (_flattenOrder is not null)
                throw new InvalidDataException("the graph ends with a Flatten of channels-first data, whose order the library's samples cannot hold.");
            if (_layers.Count == 0) throw new InvalidDataException("the graph holds no layer (only Identity or Transpose nodes).");
            if (_channelsFirst && _sample.Dimensions[^1] > 1 && _sample.Size != _sample.Dimensions[^1])
                throw new InvalidDataException("the graph's output is stored channels first; the library's samples are channels last.");
            var declared = output.Type?.TensorType?.Shape?.Dim.Skip(1).ToArray() ?? [];
            if (declared.Length > 0 && (declared.Length != _sample.Dimensions.Count ||
                    declared.Zip(Stored(_sample)).Any(p => p.First.HasDimValue && p.First.DimValue != p.Second)))
                throw new InvalidDataException(
                    $"the graph declares its output '{output.Name}' as (batch, {string.Join(", ", declared.Select(Dimension))}), but its layers give " +
                    $"{_sample}.");

            // The nodes' names when they all make layer names (this library's exports), else Keras' ("/0/Gemm" from PyTorch does not).
            var useNodeNames = _layers.All(l => LayerNamePattern().IsMatch(l.Node.Name)) &&
                _layers.Select(l => l.Node.Name).Distinct().Count() == _layers.Count;
            var names = new LayerNames();
            var layers = new List<Layer<T>>();
            var shape = _input;
            foreach (var pending in _layers)
            {
                var name = useNodeNames ? pending.Node.Name : names.Next(pending.Spec.BaseName);
                try
                {
                    pending.Spec.OutputShape(name, shape);
                    var layer = pending.Spec.CreateOwned(name, shape, pending.Parameters, pending.State);
                    layers.Add(layer);
                    shape = layer.OutputShape;
                }
                catch (ArgumentException e)
                {
                    _node = pending.Node;
                    throw Error(e.Message);
                }
            }
            return new Model<T>(_input, layers);
        }

        private int[] Stored(Shape sample) =>
            _channelsFirst ? [sample.Dimensions[^1], .. sample.Dimensions.Take(sample.Dimensions.Count - 1)] : [.. sample.Dimensions];

        // --- Dense -----------------------------------------------------------------------------------------------------------

        private void Gemm()
        {
            if (Int("transA", 0) != 0) throw Error("transposes its input (transA = 1); the library's Dense does not.");
            bool transB = Int("transB", 0) != 0;
            double alpha = Float("alpha", 1), beta = Float("beta", 1);
            var b = Weight(1, "B");
            if (b.Dims.Count != 2) throw Error($"its weight '{b.Name}' has rank {b.Dims.Count}, not 2.");
            int inputs = Features(), units = (int)(transB ? b.Dims[0] : b.Dims[1]);
            if ((transB ? b.Dims[1] : b.Dims[0]) != inputs)
                throw Error($"its weight '{b.Name}' is {string.Join("x", b.Dims)}{(transB ? " (transposed)" : "")}, but its input has {inputs} values " +
                    "per sample: the shapes do not chain.");
            var w = OnnxTensors.Reals(b);
            var kernel = Kernel(inputs, units, (i, j) => alpha * w[transB ? (long)j * inputs + i : (long)i * units + j]);
            var bias = new T[units];
            if (_node.Input.Count > 2 && _node.Input[2].Length > 0)
            {
                var c = OnnxTensors.Reals(Weight(2, "C"));
                if (c.Length != 1 && c.Length != units)
                    throw Error($"its bias '{_node.Input[2]}' holds {c.Length} values, not {units} (one per unit) or 1.");
                for (int j = 0; j < units; j++) bias[j] = T.CreateTruncating(beta * c[c.Length == 1 ? 0 : j]);
            }
            AddDense(units, kernel, bias);
        }

        private void MatMul()
        {
            var b = Weight(1, "B");
            int inputs = Features();
            if (b.Dims.Count != 2 || b.Dims[0] != inputs)
                throw Error($"its weight '{b.Name}' is {string.Join("x", b.Dims)}, but its input has {inputs} values per sample: the shapes do not chain.");
            int units = (int)b.Dims[1];
            var w = OnnxTensors.Reals(b);
            AddDense(units, Kernel(inputs, units, (i, j) => w[(long)i * units + j]), new T[units]);
            _biasFree = true;
        }

        private void AddBias(bool biasFree)
        {
            if (!biasFree) throw Error("is an Add that is not the bias of a MatMul right before it; the library has no separate addition layer.");
            var last = _layers[^1];
            int units = ((DenseSpec)last.Spec).Units;
            var c = OnnxTensors.Reals(Weight(1, "B"));
            if (c.Length != units) throw Error($"adds '{_node.Input[1]}' of {c.Length} values to {units} units; a bias has one per unit.");
            last.Parameters[1] = MatrixData.Wrap(1, units, c.Select(T.CreateTruncating).ToArray());
            _activationFree = true;
        }

        /// <summary>The values per sample of a Dense layer's input, which must be one-dimensional.</summary>
        private int Features()
        {
            if (_sample.Dimensions.Count != 1)
                throw Error($"takes samples of shape {_sample}; a Dense layer takes one-dimensional samples (Flatten first).");
            return _sample.Size;
        }

        /// <summary>A Dense kernel from the graph's (row, column) values, its rows reordered after a channels-first Flatten.</summary>
        private Matrix<T> Kernel(int inputs, int units, Func<long, long, double> value)
        {
            var order = _flattenOrder;
            _flattenOrder = null;
            var values = new T[MatrixData.Count($"the {inputs}x{units} kernel", inputs, units)];
            for (int j = 0; j < units; j++)
                for (int i = 0; i < inputs; i++)
                    values[(long)j * inputs + i] = T.CreateTruncating(value(order is null ? i : order[i], j));
            return MatrixData.Wrap(inputs, units, values);
        }

        private void AddDense(int units, Matrix<T> kernel, T[] bias)
        {
            var spec = new DenseSpec(units, Activation.Linear, Initializer.GlorotUniform, Initializer.Zeros);
            Add(spec, [kernel, MatrixData.Wrap(1, units, bias)], []);
            _activationFree = true;
        }

        // --- Activations -----------------------------------------------------------------------------------------------------

        private void Activate(Activation activation, bool activationFree)
        {
            if (!activationFree)
                throw Error($"follows {(_layers.Count == 0 ? "the graph's input" : Describe(_layers[^1].Node))}, not a Gemm, MatMul or Conv without " +
                    "activation; the library applies activations inside Dense and Conv2D layers and has no separate activation layer.");
            var last = _layers[^1];
            _layers[^1] = last with
            {
                Spec = last.Spec switch
                {
                    DenseSpec d => d with { Activation = activation },
                    Conv2DSpec c => c with { Activation = activation },
                    var other => throw Error($"follows a {other.Kind}."),
                },
            };
        }

        private void Softmax(bool activationFree)
        {
            int rank = _sample.Dimensions.Count + 1;
            long axis = Int("axis", opset >= 13 ? -1 : 1);
            if (axis < 0) axis += rank;
            // Keras' softmax is over the channels: the last axis, or axis 1 when they are stored first. Before opset 13 the
            // axis meant "flatten from here", the same only for one-dimensional samples.
            long channelAxis = _channelsFirst ? 1 : rank - 1;
            bool oneAxis = opset >= 13 || rank == 2 || _sample.Size == _sample.Dimensions[^1];
            if (axis != channelAxis || !oneAxis)
                throw Error($"is a softmax over axis {axis} of a rank-{rank} tensor; the library's softmax is over the channels (axis {channelAxis}).");
            Activate(Activation.Softmax, activationFree);
        }

        // --- Convolution and pooling -----------------------------------------------------------------------------------------

        private void Conv()
        {
            Spatial();
            var w = Weight(1, "W");
            int channels = _sample.Dimensions[2];
            if (w.Dims.Count != 4 || w.Dims[1] != channels)
                throw Error($"its weight '{w.Name}' is {string.Join("x", w.Dims)}, but its input has {channels} channels: the shapes do not chain " +
                    "(a 2-D convolution's weight is filters x channels x height x width).");
            if (Int("group", 1) != 1) throw Error("is a grouped convolution (group > 1); Conv2D is not.");
            RequireOnes("dilations");
            int filters = (int)w.Dims[0], kh = (int)w.Dims[2], kw = (int)w.Dims[3];
            if (Ints("kernel_shape") is { } shape && !shape.SequenceEqual([kh, kw]))
                throw Error($"its kernel_shape ({string.Join(", ", shape)}) is not its weight's ({kh}, {kw}).");
            var (sh, sw) = Strides();
            var padding = Padding(kh, kw, sh, sw);
            var values = OnnxTensors.Reals(w);
            var kernel = new T[MatrixData.Count("the convolution kernel", (long)kh * kw * channels, filters)];
            int rows = kh * kw * channels;
            for (int f = 0; f < filters; f++)
                for (int c = 0; c < channels; c++)
                    for (int r = 0; r < kh; r++)
                        for (int q = 0; q < kw; q++)
                            kernel[(long)f * rows + (r * kw + q) * channels + c] = T.CreateTruncating(values[((f * channels + c) * kh + r) * kw + q]);
            var bias = new T[filters];
            if (_node.Input.Count > 2 && _node.Input[2].Length > 0)
            {
                var b = OnnxTensors.Reals(Weight(2, "B"));
                if (b.Length != filters) throw Error($"its bias '{_node.Input[2]}' holds {b.Length} values for {filters} filters.");
                for (int f = 0; f < filters; f++) bias[f] = T.CreateTruncating(b[f]);
            }
            var spec = new Conv2DSpec(filters, kh, kw, sh, sw, padding, Activation.Linear, Initializer.GlorotUniform, Initializer.Zeros);
            Add(spec, [MatrixData.Wrap(rows, filters, kernel), MatrixData.Wrap(1, filters, bias)], []);
            _activationFree = true;
        }

        private void MaxPool()
        {
            Spatial();
            if (Int("ceil_mode", 0) != 0) throw Error("rounds its output size up (ceil_mode = 1); MaxPooling2D rounds down.");
            if (Int("storage_order", 0) != 0) throw Error("stores its indices column-major (storage_order = 1).");
            RequireOnes("dilations");
            var shape = Ints("kernel_shape") ?? throw Error("has no kernel_shape.");
            if (shape.Length != 2) throw Error($"pools over {shape.Length} axes; MaxPooling2D pools over 2.");
            int ph = Positive(shape[0], "kernel_shape"), pw = Positive(shape[1], "kernel_shape");
            var (sh, sw) = Strides();
            Add(new MaxPooling2DSpec(ph, pw, sh, sw, Padding(ph, pw, sh, sw)), [], []);
        }

        /// <summary>Conv and MaxPool read (channels, height, width): the flow must be stored channels first.</summary>
        private void Spatial()
        {
            if (_sample.Dimensions.Count != 3)
                throw Error($"takes samples of shape {_sample}; a 2-D {_node.OpType} takes (channels, height, width).");
            if (_channelsFirst) return;
            // An input of one channel stored first holds the same values as channels last: read it as (height, width, 1).
            if (_layers.Count == 0 && _input.Equals(_sample) && _sample.Dimensions[0] == 1)
            {
                _input = _sample = new Shape(_sample.Dimensions[1], _sample.Dimensions[2], 1);
                _channelsFirst = true;
                return;
            }
            throw Error($"reads its input as channels first, but it is stored channels last {_sample}, and the library has no layer to reorder it; " +
                "export the model with a Transpose to (batch, channels, height, width) before it.");
        }

        private (int Height, int Width) Strides()
        {
            var strides = Ints("strides") ?? [1, 1];
            if (strides.Length != 2) throw Error($"has {strides.Length} strides; a 2-D window has 2.");
            return (Positive(strides[0], "strides"), Positive(strides[1], "strides"));
        }

        /// <summary>Valid or same padding, from the pads (or auto_pad) that the window's geometry gives either.</summary>
        private Padding Padding(int height, int width, int strideHeight, int strideWidth)
        {
            int h = _sample.Dimensions[0], w = _sample.Dimensions[1];
            var same = new Window2D(h, w, height, width, strideHeight, strideWidth, Models.Padding.Same);
            long[] samePads = [same.PadTop, same.PadLeft, same.PadBottom, same.PadRight];
            string autoPad = String("auto_pad", "NOTSET");
            long[] pads = autoPad switch
            {
                "NOTSET" => Ints("pads") ?? [0, 0, 0, 0],
                "VALID" => [0, 0, 0, 0],
                "SAME_UPPER" => samePads,
                // SAME_LOWER puts the odd row or column first: TensorFlow's same only when there is none.
                "SAME_LOWER" => [samePads[2], samePads[3], samePads[0], samePads[1]],
                _ => throw Error($"has auto_pad '{autoPad}'."),
            };
            if (pads.Length != 4) throw Error($"has {pads.Length} pads; a 2-D window has 4.");
            if (pads.All(p => p == 0))
            {
                if (height > h || width > w) throw Error($"its window ({height}, {width}) is larger than its input {_sample} without padding.");
                return Models.Padding.Valid;
            }
            if (pads.SequenceEqual(samePads)) return Models.Padding.Same;
            throw Error($"pads (top, left, bottom, right) = ({string.Join(", ", pads)}) are neither none nor TensorFlow's same padding " +
                $"({string.Join(", ", samePads)}) for its {h}x{w} input; Keras' padding is one of the two.");
        }

        // --- Normalization, dropout, shapes --------------------------------------------------------------------------------

        private void BatchNormalization()
        {
            if (_sample.Dimensions.Count > 1 && !_channelsFirst)
                throw Error($"normalizes axis 1, but its input {_sample} is stored channels last; the library normalizes the channels.");
            if (Int("training_mode", 0) != 0) throw Error("is in training mode; only inference graphs are read.");
            if (_node.Input.Count < 5) throw Error($"has {_node.Input.Count} inputs; BatchNormalization takes X, scale, B, mean and var.");
            int channels = _sample.Dimensions[^1];
            Matrix<T> Row(int input, string name)
            {
                var values = OnnxTensors.Reals(Weight(input, name));
                if (values.Length != channels) throw Error($"its {name} '{_node.Input[input]}' holds {values.Length} values for {channels} channels.");
                return MatrixData.Wrap(1, channels, values.Select(T.CreateTruncating).ToArray());
            }
            var spec = new BatchNormalizationSpec(Decimal((float)Float("momentum", 0.9f)), Decimal((float)Float("epsilon", 1e-5f)));
            Add(spec, [Row(1, "scale"), Row(2, "B")], [Row(3, "mean"), Row(4, "var")]);
        }

        private void Dropout()
        {
            double ratio = 0.5;
            if (opset < 12) ratio = Float("ratio", 0.5f);
            else if (_node.Input.Count > 1 && _node.Input[1].Length > 0)
            {
                var values = OnnxTensors.Reals(Weight(1, "ratio"));
                if (values.Length != 1) throw Error($"its ratio '{_node.Input[1]}' holds {values.Length} values, not one.");
                ratio = values[0];
            }
            if (_node.Input.Count > 2 && _node.Input[2].Length > 0)
            {
                var mode = Weight(2, "training_mode");
                if (mode.DataType != (int)TensorProto.Types.DataType.Bool || mode.RawData.Concat(mode.Int32Data.Select(v => (byte)v)).Any(v => v != 0))
                    throw Error("is in training mode (training_mode is not a constant false); only inference graphs are read.");
            }
            Add(new DropoutSpec(Decimal((float)ratio)), [], []);
        }

        private void Flatten()
        {
            if (Int("axis", 1) != 1) throw Error($"flattens from axis {Int("axis", 1)}; the library flattens each sample (axis 1).");
            if (_channelsFirst && _sample.Dimensions[^1] > 1 && _sample.Size != _sample.Dimensions[^1])
                _flattenOrder = ChannelsFirstOrder(_sample);
            _channelsFirst = false;
            Add(new FlattenSpec(), [], []);
        }

        /// <summary>Per position of a channels-last flattened sample, its position in the channels-first flattening.</summary>
        private static int[] ChannelsFirstOrder(Shape sample)
        {
            int channels = sample.Dimensions[^1], positions = sample.Size / channels;
            var order = new int[sample.Size];
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                    order[p * channels + c] = c * positions + p;
            return order;
        }

        private void Reshape()
        {
            if (_channelsFirst && _sample.Dimensions[^1] > 1 && _sample.Size != _sample.Dimensions[^1])
                throw Error($"reshapes data stored channels first {_sample}; the library's samples are channels last, so the values would not line up.");
            if (Int("allowzero", 0) != 0) throw Error("has allowzero = 1.");
            var target = OnnxTensors.Integers(Weight(1, "shape"));
            if (target.Length < 2 || target[0] is not (0 or -1))
                throw Error($"reshapes to ({string.Join(", ", target)}); the first dimension must stay the batch (0 or -1).");
            var stored = Stored(_sample);
            var dims = new List<int>();
            for (int k = 1; k < target.Length; k++)
            {
                long d = target[k] == 0 ? (k - 1 < stored.Length ? stored[k - 1] : throw Error($"copies dimension {k}, which its input has not.")) : target[k];
                if (d < -1 || d > int.MaxValue) throw Error($"reshapes to ({string.Join(", ", target)}).");
                dims.Add((int)d);
            }
            if (target[0] == -1 && dims.Contains(-1)) throw Error($"reshapes to ({string.Join(", ", target)}): two dimensions to infer.");
            _channelsFirst = false;
            Add(new ReshapeSpec(dims), [], []);
        }

        private void Transpose()
        {
            var perm = Ints("perm") ?? throw Error("has no perm.");
            int rank = _sample.Dimensions.Count + 1;
            long[] first = [0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(a => (long)a)];
            long[] last = [0, .. Enumerable.Range(2, rank - 2).Select(a => (long)a), 1];
            if (rank > 2 && !_channelsFirst && perm.SequenceEqual(first)) _channelsFirst = true;
            else if (rank > 2 && _channelsFirst && perm.SequenceEqual(last)) _channelsFirst = false;
            else if (!perm.Select((p, k) => p == k).All(same => same) || perm.Length != rank)
                throw Error($"permutes axes ({string.Join(", ", perm)}) of a rank-{rank} tensor stored channels {(_channelsFirst ? "first" : "last")}; " +
                    "the library follows only moves of the channels between last and first.");
        }

        // --- Helpers -------------------------------------------------------------------------------------------------------

        private void Add(LayerSpec spec, Matrix<T>[] parameters, Matrix<T>[] state)
        {
            Shape output;
            try
            {
                output = spec.OutputShape(_node.Name, _sample);
            }
            catch (ArgumentException e)
            {
                throw Error(e.Message);
            }
            _layers.Add(new Pending<T>(_node, spec, _sample, parameters, state));
            _sample = output;
        }

        private TensorProto Weight(int input, string name)
        {
            if (_node.Input.Count <= input || _node.Input[input].Length == 0) throw Error($"has no {name} input.");
            return _constants.TryGetValue(_node.Input[input], out var tensor)
                ? tensor
                : throw Error($"its {name} '{_node.Input[input]}' is not a weight stored in the graph.");
        }

        private AttributeProto? Attribute(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name);

        private long Int(string name, long fallback) => Attribute(name) is { } a ? a.I : fallback;

        private double Float(string name, float fallback) => Attribute(name) is { } a ? a.F : fallback;

        private string String(string name, string fallback) => Attribute(name) is { } a ? a.S.ToStringUtf8() : fallback;

        private long[]? Ints(string name) => Attribute(name) is { } a ? [.. a.Ints] : null;

        private void RequireOnes(string name)
        {
            if (Ints(name) is { } values && values.Any(v => v != 1)) throw Error($"has {name} ({string.Join(", ", values)}); the library's are 1.");
        }

        private int Positive(long value, string name) => value is > 0 and <= int.MaxValue ? (int)value : throw Error($"has {name} {value}.");

        private InvalidDataException Error(string message) => new($"node {Describe(_node)}: {message}");

        private static string Describe(NodeProto node) => $"'{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? "?")}' ({node.OpType})";

        private static string Dimension(TensorShapeProto.Types.Dimension d) =>
            d.HasDimValue ? d.DimValue.ToString(CultureInfo.InvariantCulture) : d.HasDimParam ? d.DimParam : "?";
    }
}
