using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;

namespace Functional.Models;

/// <summary>
/// ONNX tensors and attributes to and from plain arrays: float32 and int64 tensors written as little-endian raw data, and
/// read back from raw data or the typed fields (float, double, int64), every size checked before anything is allocated.
/// </summary>
internal static class OnnxTensors
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int Float = (int)TensorProto.Types.DataType.Float;

    /// <summary>TensorProto.DataType DOUBLE.</summary>
    public const int Double = (int)TensorProto.Types.DataType.Double;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64 = (int)TensorProto.Types.DataType.Int64;

    /// <summary>A float32 tensor of <paramref name="dims"/> holding <paramref name="values"/> in row-major order.</summary>
    public static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var raw = new byte[checked(values.Length * sizeof(float))];
        for (int k = 0; k < values.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(k * sizeof(float)), values[k]);
        var tensor = new TensorProto { Name = name, DataType = Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A one-dimensional int64 tensor (a shape, a permutation).</summary>
    public static TensorProto Int64Tensor(string name, long[] values)
    {
        var raw = new byte[checked(values.Length * sizeof(long))];
        for (int k = 0; k < values.Length; k++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(k * sizeof(long)), values[k]);
        var tensor = new TensorProto { Name = name, DataType = Int64, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(values.Length);
        return tensor;
    }

    /// <summary>The number of values <paramref name="tensor"/>'s dimensions hold (checked: no overflow, no negative size).</summary>
    /// <exception cref="InvalidDataException">A dimension is negative or the count does not fit in memory.</exception>
    public static int Count(TensorProto tensor)
    {
        long count = 1;
        foreach (var d in tensor.Dims)
        {
            if (d < 0) throw new InvalidDataException($"tensor '{tensor.Name}' has a negative dimension ({string.Join(", ", tensor.Dims)}).");
            count = d == 0 ? 0 : count > Array.MaxLength / d ? long.MaxValue : count * d;
        }
        if (count > Array.MaxLength) throw new InvalidDataException($"tensor '{tensor.Name}' claims {string.Join("x", tensor.Dims)} values, too many.");
        return (int)count;
    }

    /// <summary>A float or double tensor's values as doubles, row-major.</summary>
    /// <exception cref="InvalidDataException">The tensor is of another type, stored outside the file, or holds the wrong number of values.</exception>
    public static double[] Reals(TensorProto tensor)
    {
        int count = Count(tensor);
        RequireInternal(tensor);
        var values = new double[count];
        switch (tensor.DataType)
        {
            case Float when tensor.HasRawData:
                RequireRawLength(tensor, count, sizeof(float));
                for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(tensor.RawData.Span.Slice(k * sizeof(float)));
                break;
            case Float:
                RequireLength(tensor, tensor.FloatData.Count, count);
                for (int k = 0; k < count; k++) values[k] = tensor.FloatData[k];
                break;
            case Double when tensor.HasRawData:
                RequireRawLength(tensor, count, sizeof(double));
                for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadDoubleLittleEndian(tensor.RawData.Span.Slice(k * sizeof(double)));
                break;
            case Double:
                RequireLength(tensor, tensor.DoubleData.Count, count);
                for (int k = 0; k < count; k++) values[k] = tensor.DoubleData[k];
                break;
            default:
                throw new InvalidDataException($"tensor '{tensor.Name}' is of ONNX data type {TypeName(tensor.DataType)}; weights must be float or double.");
        }
        return values;
    }

    /// <summary>An int64 tensor's values (a shape, a permutation).</summary>
    /// <exception cref="InvalidDataException">The tensor is of another type or holds the wrong number of values.</exception>
    public static long[] Integers(TensorProto tensor)
    {
        int count = Count(tensor);
        RequireInternal(tensor);
        if (tensor.DataType != Int64) throw new InvalidDataException($"tensor '{tensor.Name}' is of ONNX data type {TypeName(tensor.DataType)}, not int64.");
        var values = new long[count];
        if (tensor.HasRawData)
        {
            RequireRawLength(tensor, count, sizeof(long));
            for (int k = 0; k < count; k++) values[k] = BinaryPrimitives.ReadInt64LittleEndian(tensor.RawData.Span.Slice(k * sizeof(long)));
        }
        else
        {
            RequireLength(tensor, tensor.Int64Data.Count, count);
            for (int k = 0; k < count; k++) values[k] = tensor.Int64Data[k];
        }
        return values;
    }

    /// <summary>The name ONNX gives a data type ("FLOAT", "INT64"), or its number when it has none.</summary>
    public static string TypeName(int dataType) =>
        Enum.IsDefined(typeof(TensorProto.Types.DataType), dataType) ? ((TensorProto.Types.DataType)dataType).ToString().ToUpperInvariant() : $"{dataType}";

    /// <summary>An attribute of one integer.</summary>
    public static AttributeProto Attribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An attribute of one float.</summary>
    public static AttributeProto Attribute(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>An attribute of integers (kernel shape, strides, pads, a permutation).</summary>
    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static void RequireInternal(TensorProto tensor)
    {
        if (tensor.HasDataLocation && tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InvalidDataException($"tensor '{tensor.Name}' is stored in an external file; only weights inside the .onnx file are read.");
    }

    private static void RequireRawLength(TensorProto tensor, int count, int size)
    {
        if (tensor.RawData.Length != (long)count * size)
            throw new InvalidDataException(
                $"tensor '{tensor.Name}' ({string.Join("x", tensor.Dims)}) needs {(long)count * size} bytes of data but holds {tensor.RawData.Length}.");
    }

    private static void RequireLength(TensorProto tensor, int actual, int count)
    {
        if (actual != count)
            throw new InvalidDataException($"tensor '{tensor.Name}' ({string.Join("x", tensor.Dims)}) needs {count} values but holds {actual}.");
    }
}
