using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Saves and loads trained models. The format (version 1), all integers little-endian:
/// <list type="number">
/// <item>4 bytes magic <c>FNNM</c>;</item>
/// <item>u16 format version (1); u8 element size in bytes (4 = float32, 8 = float64); u8 zero;</item>
/// <item>i32 length, then that many bytes of UTF-8 JSON describing the architecture:
/// <c>{"input":[28,28],"layers":[{"kind":"Flatten","name":"flatten"},{"kind":"Dense","name":"dense","units":128,"activation":"relu"}],"trainingInputRange":[0,1]}</c>
/// (the range is present once the model has been trained);</item>
/// <item>for each tensor, in model order (Dense: kernel then bias): i32 rows, i32 columns, rows × columns IEEE values, column-major;</item>
/// <item>32 bytes: SHA-256 of everything before it.</item>
/// </list>
/// Saving writes a temporary file and renames it, so an interrupted save never leaves a half-written model;
/// loading checks everything before building anything, so a bad file gives an error and no model.
/// </summary>
public static class ModelFile
{
    private static readonly byte[] Magic = "FNNM"u8.ToArray();

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (atomically: temporary file, then rename).</summary>
    public static void Save<T>(Model<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = ToBytes(model);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Reads a model saved by <see cref="Save{T}"/>; its element type must be <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupted, of another version or element type; the message names the file and the problem.</exception>
    public static Model<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = File.ReadAllBytes(path);
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
        var header = new JsonObject
        {
            ["input"] = new JsonArray(model.InputShape.Dimensions.Select(d => (JsonNode)d).ToArray()),
            ["layers"] = new JsonArray(model.Layers.Select(DescribeLayer).ToArray()),
        };
        if (model.TrainingInputRange is { } range)
            header["trainingInputRange"] = new JsonArray(range.Min, range.Max);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write((ushort)FormatVersion);
            w.Write((byte)ElementSize<T>());
            w.Write((byte)0);
            w.Write(json.Length);
            w.Write(json);
            foreach (var tensor in model.ParameterViews.Leaves)
            {
                w.Write(tensor.RowCount);
                w.Write(tensor.ColumnCount);
                foreach (var v in MatrixData.ColumnMajor(tensor))
                {
                    if (typeof(T) == typeof(float)) w.Write(float.CreateTruncating(v));
                    else w.Write(double.CreateTruncating(v));
                }
            }
        }
        var body = stream.ToArray();
        return [.. body, .. SHA256.HashData(body)];
    }

    /// <summary>A model from bytes in the file format.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model of element type <typeparamref name="T"/>.</exception>
    public static Model<T> FromBytes<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 12 + 32 || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new InvalidDataException("not a Functional model file (missing the FNNM header), or truncated.");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version != FormatVersion)
            throw new InvalidDataException($"format version {version}, but this library reads version {FormatVersion}.");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException("checksum mismatch: the file is truncated or corrupted.");
        int elementSize = bytes[6];
        if (elementSize != ElementSize<T>())
            throw new InvalidDataException(
                $"the model holds {(elementSize == 4 ? "float32" : elementSize == 8 ? "float64" : $"{elementSize}-byte")} weights; load it as Model<{(elementSize == 4 ? "float" : "double")}>, not Model<{typeof(T).Name}>.");

        var reader = new SpanReader(body[8..]);
        int jsonLength = reader.Int32("header length");
        var header = JsonNode.Parse(reader.Bytes(jsonLength, "header").ToArray())
            ?? throw new InvalidDataException("empty architecture header.");
        try
        {
            var input = new Shape(header["input"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray());
            var specs = new List<(string Kind, string Name, int Units, Activation? Activation)>();
            foreach (var node in header["layers"]!.AsArray())
            {
                var kind = node!["kind"]!.GetValue<string>();
                var name = node["name"]!.GetValue<string>();
                specs.Add(kind switch
                {
                    "Dense" => (kind, name, node["units"]!.GetValue<int>(), Activation.Parse(node["activation"]!.GetValue<string>())),
                    "Flatten" => (kind, name, 0, null),
                    _ => throw new InvalidDataException($"unknown layer kind '{kind}'."),
                });
            }

            var layers = new List<Layer<T>>();
            var shape = input;
            foreach (var spec in specs)
            {
                Layer<T> layer;
                if (spec.Kind == "Dense")
                {
                    var kernel = ReadTensor<T>(ref reader, shape.Size, spec.Units, $"kernel of '{spec.Name}'");
                    var bias = ReadTensor<T>(ref reader, 1, spec.Units, $"bias of '{spec.Name}'");
                    layer = Dense<T>.Owning(spec.Name, shape, spec.Activation!, kernel, bias);
                }
                else
                {
                    layer = new Flatten<T>(spec.Name, shape);
                }
                layers.Add(layer);
                shape = layer.OutputShape;
            }
            if (reader.Remaining != 0) throw new InvalidDataException($"{reader.Remaining} unexpected bytes after the last tensor.");
            var rangeNode = header["trainingInputRange"]?.AsArray();
            return new Model<T>(input, layers)
            {
                TrainingInputRange = rangeNode is null ? null : new InputRange(rangeNode[0]!.GetValue<double>(), rangeNode[1]!.GetValue<double>()),
            };
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"invalid architecture header: {e.Message}", e);
        }
    }

    private static Matrix<T> ReadTensor<T>(ref SpanReader reader, int rows, int columns, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = reader.Int32($"rows of the {what}"), c = reader.Int32($"columns of the {what}");
        if (r != rows || c != columns)
            throw new InvalidDataException($"the {what} is {r}x{c}, the architecture needs {rows}x{columns}.");
        var values = new T[rows * columns];
        int size = ElementSize<T>();
        var raw = reader.Bytes(values.Length * size, $"values of the {what}");
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = size == 4
                ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(k * 4)))
                : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(k * 8)));
        }
        return MatrixData.Wrap(rows, columns, values);
    }

    private static JsonNode DescribeLayer<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T> => layer switch
    {
        Dense<T> d => new JsonObject { ["kind"] = "Dense", ["name"] = d.Name, ["units"] = d.Units, ["activation"] = d.Activation.Name },
        Flatten<T> f => new JsonObject { ["kind"] = "Flatten", ["name"] = f.Name },
        _ => throw new NotSupportedException($"ModelFile: cannot save layer kind {layer.Kind}."),
    };

    private static int ElementSize<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? 4 : typeof(T) == typeof(double) ? 8
        : throw new NotSupportedException($"ModelFile: element type {typeof(T).Name} is not supported (float or double).");

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
