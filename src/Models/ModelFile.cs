using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Functional.Core;
using Functional.Core.IO;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Saves and loads trained models. The format (version 2), all integers little-endian:
/// <list type="number">
/// <item>4 bytes magic <c>FNNM</c>;</item>
/// <item>u16 format version (2); u8 element size in bytes (4 = float32, 8 = float64); u8 zero;</item>
/// <item>i32 length, then that many bytes of UTF-8 JSON describing the architecture: the input shape, per layer its name
/// and its spec as the layer family writes it, and the training input range once the model has been trained:
/// <c>{"input":[28,28],"layers":[{"kind":"Flatten","name":"flatten"},{"kind":"Dense","name":"dense","units":128,"activation":"relu",
/// "kernelInitializer":"glorot_uniform","biasInitializer":"zeros"}],"trainingInputRange":[0,1]}</c>;</item>
/// <item>for each layer in order, its trainable tensors then its state tensors, in the order its spec names them (Dense:
/// kernel then bias), each as i32 rows, i32 columns, rows × columns IEEE values, column-major;</item>
/// <item>32 bytes: SHA-256 of everything before it.</item>
/// </list>
/// Version 1 (written before layers had state) is the same without state tensors and with only units and activation
/// for a Dense layer; it still loads, its Dense initializers read as Keras' defaults (they do not affect a trained
/// model). Saving writes a temporary file and renames it, so an interrupted save never leaves a half-written model;
/// loading checks everything before building anything, so a bad file gives an error and no model.
/// </summary>
public static partial class ModelFile
{
    private static readonly byte[] Magic = "FNNM"u8.ToArray();

    /// <summary>The format version this library writes.</summary>
    public const int FormatVersion = 2;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically: temporary file, then rename).</summary>
    public static void Save<T>(Model<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, ToBytes(model));
    }

    /// <summary>Reads a model saved by <see cref="Save{T}"/>; its element type must be <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted, of another version or element type; the message names the file and
    /// the problem.</exception>
    public static Model<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"ModelFile.Load: '{path}' is a directory, not a model file.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"ModelFile.Load: '{path}' does not exist (no such directory).", path, e);
        }
        try
        {
            return FromBytes<T>(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"ModelFile.Load: '{path}': {e.Message}", e);
        }
    }

    /// <summary>The model in the file format, as bytes.</summary>
    public static byte[] ToBytes<T>(Model<T> model) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        int size = ElementSize<T>();
        var header = new JsonObject
        {
            ["input"] = new JsonArray(model.InputShape.Dimensions.Select(d => (JsonNode)d).ToArray()),
            ["layers"] = new JsonArray(model.Layers.Select(Describe).ToArray()),
        };
        if (model.TrainingInputRange is { } range)
            header["trainingInputRange"] = new JsonArray(range.Min, range.Max);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((ushort)FormatVersion);
            w.Write((byte)size);
            w.Write((byte)0);
            w.Write(json.Length);
            w.Write(json);
            foreach (var tensor in model.Layers.SelectMany(l => l.ParameterStore.Concat(l.StateStore)))
            {
                w.Write(tensor.RowCount);
                w.Write(tensor.ColumnCount);
                foreach (var v in MatrixData.ColumnMajor(tensor))
                {
                    if (size == 4) w.Write(float.CreateTruncating(v));
                    else w.Write(double.CreateTruncating(v));
                }
            }
        }
        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <summary>A layer's entry in the header: its spec's JSON (kind first) with its name.</summary>
    private static JsonObject Describe<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var node = SpecJson.ToNode(layer.Spec);
        node.Insert(1, "name", layer.Name);
        return node;
    }

    /// <summary>A model from bytes in the file format (version 2, or 1).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model of element type <typeparamref name="T"/>.</exception>
    public static Model<T> FromBytes<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int size = ElementSize<T>();
        if (bytes.Length < 12 + 32 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException("not a Functional model file (missing the FNNM header), or truncated.");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version is not (1 or FormatVersion))
            throw new InvalidDataException($"format version {version}, but this library reads versions 1 to {FormatVersion}.");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException("checksum mismatch: the file is truncated or corrupted.");
        int elementSize = bytes[6];
        if (elementSize != size)
            throw new InvalidDataException(
                $"the model holds {(elementSize == 4 ? "float32" : elementSize == 8 ? "float64" : $"{elementSize}-byte")} weights; load it as " +
                    $"Model<{(elementSize == 4 ? "float" : "double")}>, not Model<{typeof(T).Name}>.");

        var reader = new SpanReader(body[8..]);
        int jsonLength = reader.Int32("header length");
        var (input, entries, range) = ReadHeader(reader.Bytes(jsonLength, "header"), version);

        var layers = new List<Layer<T>>();
        var shape = input;
        foreach (var (name, spec) in entries)
        {
            Layer<T> layer;
            try
            {
                spec.OutputShape(name, shape); // the layer takes this input, before any tensor is read
                var parameters = ReadTensors<T>(ref reader, spec.ParameterShapes(shape), spec.ParameterNames, name);
                var state = ReadTensors<T>(ref reader, spec.StateShapes(shape), spec.StateNames, name);
                layer = spec.CreateOwned(name, shape, parameters, state);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException or InvalidOperationException or NotSupportedException)
            {
                throw new InvalidDataException($"invalid architecture: {e.Message}", e);
            }
            layers.Add(layer);
            shape = layer.OutputShape;
        }
        if (reader.Remaining != 0) throw new InvalidDataException($"{reader.Remaining} unexpected bytes after the last tensor.");
        try
        {
            return new Model<T>(input, layers) { TrainingInputRange = range };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"invalid architecture: {e.Message}", e);
        }
    }

    /// <summary>The input shape, each layer's name and spec, and the training input range, from the header's JSON.</summary>
    private static (Shape Input, List<(string Name, LayerSpec Spec)> Layers, InputRange? Range) ReadHeader(ReadOnlySpan<byte> json, int version)
    {
        try
        {
            var header = JsonNode.Parse(json.ToArray()) as JsonObject ?? throw new InvalidDataException("the architecture header is not a JSON object.");
            var input = new Shape(header["input"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray());
            var layers = new List<(string, LayerSpec)>();
            foreach (var item in header["layers"]!.AsArray())
            {
                var node = (JsonObject)item!.DeepClone();
                var name = node["name"]!.GetValue<string>();
                node.Remove("name");
                if (version == 1 && node["kind"]?.GetValue<string>() == "Dense")
                {
                    // Version 1 did not record initializers: Keras' defaults (they only matter before training).
                    node["kernelInitializer"] ??= Initializer.GlorotUniform.Name;
                    node["biasInitializer"] ??= Initializer.Zeros.Name;
                }
                layers.Add((name, SpecJson.FromNode(node)));
            }
            var rangeNode = header["trainingInputRange"]?.AsArray();
            var range = rangeNode is null ? null : new InputRange(rangeNode[0]!.GetValue<double>(), rangeNode[1]!.GetValue<double>());
            return (input, layers, range);
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            // The header is untrusted input: whatever the JSON library or a spec's constructor throws on it (JsonException, a
            // missing member's NullReferenceException, InvalidCastException, OverflowException, ...) means the header is invalid.
            throw new InvalidDataException($"invalid architecture header: {e.Message}", e);
        }
    }

    private static Matrix<T>[] ReadTensors<T>(ref SpanReader reader, IReadOnlyList<TensorShape> shapes, IReadOnlyList<string> names, string layer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new Matrix<T>[shapes.Count];
        for (int k = 0; k < tensors.Length; k++) tensors[k] = ReadTensor<T>(ref reader, shapes[k], $"{names[k]} of '{layer}'");
        return tensors;
    }

    private static Matrix<T> ReadTensor<T>(ref SpanReader reader, TensorShape shape, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = reader.Int32($"rows of the {what}"), c = reader.Int32($"columns of the {what}");
        if (r != shape.Rows || c != shape.Columns)
            throw new InvalidDataException($"the {what} is {r}x{c}, the architecture needs {shape}.");
        int size = ElementSize<T>();
        // The claimed byte count, in checked long arithmetic, against the bytes left: no allocation for a size the file cannot hold.
        long bytes = checked(shape.Size * size);
        if (bytes > reader.Remaining)
            throw new InvalidDataException($"truncated while reading the values of the {what} ({bytes} bytes needed, {reader.Remaining} left).");
        var raw = reader.Bytes((int)bytes, $"values of the {what}");
        var values = new T[shape.Size];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = size == 4
                ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(k * 4)))
                : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(k * 8)));
        }
        return MatrixData.Wrap(shape.Rows, shape.Columns, values);
    }

    private static int ElementSize<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        ElementTypes.Require<T>("ModelFile");
        return typeof(T) == typeof(float) ? 4 : 8;
    }

    /// <summary>Reads the body front to back, failing with "truncated while reading X" instead of an index error.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;
        public readonly int Remaining => _data.Length;

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4, what));

        public ReadOnlySpan<byte> Bytes(int count, string what)
        {
            if (count < 0 || count > _data.Length)
                throw new InvalidDataException($"truncated while reading the {what} ({count} bytes needed, {_data.Length} left).");
            var result = _data[..count];
            _data = _data[count..];
            return result;
        }
    }
}
