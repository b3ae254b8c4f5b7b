using System.Buffers.Binary;
using System.IO.Compression;
using Functional.Core.IO;

namespace Functional.Core.Data;

/// <summary>
/// An array of unsigned bytes as the IDX format stores it (LeCun's format of the MNIST files): its dimensions,
/// outermost first, and its values in row-major order (the last dimension varies fastest).
/// </summary>
/// <remarks>
/// <see cref="Data"/> is read-only memory; an array read by <see cref="Idx.Read(string)"/> owns its bytes, so
/// nobody else can change them.
/// </remarks>
public sealed record IdxArray
{
    /// <summary>An IDX array of <paramref name="dimensions"/> holding <paramref name="data"/> (copied).</summary>
    /// <exception cref="ArgumentException">No dimensions, more than 255, a negative one, or a data length that is not their product.</exception>
    public IdxArray(IReadOnlyList<int> dimensions, ReadOnlySpan<byte> data)
        : this(CheckedDimensions(dimensions, data.Length), data.ToArray()) { }

    private IdxArray(int[] dimensions, byte[] data)
    {
        Dimensions = Array.AsReadOnly(dimensions);
        Data = data;
    }

    /// <summary>Wraps arrays that nobody else holds (no copy).</summary>
    internal static IdxArray Own(int[] dimensions, byte[] data) => new(dimensions, data);

    /// <summary>The size of each dimension, outermost first (for MNIST images: count, 28, 28).</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The values in row-major order; its length is the product of <see cref="Dimensions"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The IDX magic number of this array: 0x00000800 plus the number of dimensions (0x801 labels, 0x803 images).</summary>
    public int Magic => Idx.UnsignedByteType << 8 | Dimensions.Count;

    /// <summary>The same dimensions and the same bytes (arrays compare by content).</summary>
    public bool Equals(IdxArray? other) =>
        other is not null && Dimensions.SequenceEqual(other.Dimensions) && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in Dimensions) hash.Add(d);
        hash.AddBytes(Data.Span[..Math.Min(Data.Length, 64)]);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"IdxArray(unsigned byte, {string.Join("x", Dimensions)}, {Data.Length} bytes)";

    private static int[] CheckedDimensions(IReadOnlyList<int> dimensions, int dataLength)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count is 0 or > 255)
            throw new ArgumentException($"IdxArray: an IDX array has 1 to 255 dimensions, got {dimensions.Count}.", nameof(dimensions));
        long product = 1;
        foreach (var d in dimensions)
        {
            if (d < 0)
                throw new ArgumentException($"IdxArray: dimensions must not be negative, got [{string.Join(", ", dimensions)}].", nameof(dimensions));
            product = Math.Min(product * d, long.MaxValue / int.MaxValue);
        }
        if (product != dataLength)
            throw new ArgumentException(
                $"IdxArray: dimensions [{string.Join(", ", dimensions)}] need {product} bytes of data, got {dataLength}.", "data");
        return [.. dimensions];
    }
}

/// <summary>
/// Reads and writes IDX files of unsigned bytes (magic 0x00000801 for vectors such as labels, 0x00000803 for
/// 3-D arrays such as images; dimensions as big-endian 32-bit integers), plain or gzip-compressed.
/// </summary>
public static class Idx
{
    /// <summary>The IDX type code of unsigned bytes, the only type this reader handles (the type of every MNIST file).</summary>
    public const int UnsignedByteType = 0x08;

    /// <summary>
    /// Reads the IDX file at <paramref name="path"/>; a file starting with the gzip magic (1f 8b) is decompressed first.
    /// A file named *.gz must start with the gzip magic or (already decompressed, as browsers leave downloads) with an IDX magic.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not an unsigned-byte IDX file (wrong magic), is cut off, has trailing bytes, or is a gzip stream that
    /// is corrupt or cut off; the message names the file and the values found.
    /// </exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Idx.Read: there is no file '{path}'.", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads an IDX array from the bytes of a file (plain or gzip), naming it <paramref name="name"/> in errors.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Read(string)"/>.</exception>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsGzip(bytes)) return ParseRaw(Gunzip(bytes, name), name, compressed: true);
        // A *.gz name whose content is already plain IDX (browsers often gunzip downloads but keep the name) is read as it is.
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && !(bytes.Length >= 3 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == UnsignedByteType))
            throw new InvalidDataException(
                $"Idx.Read: '{name}' is named *.gz but starts neither with the gzip magic 1f 8b nor with an unsigned-byte IDX magic " +
                $"00 00 08 (it starts with {Hex(bytes[..Math.Min(4, bytes.Length)])}).");
        return ParseRaw(bytes, name, compressed: false);
    }

    /// <summary>
    /// Writes <paramref name="array"/> to <paramref name="path"/> atomically: to a temporary file in the same directory,
    /// then renamed over <paramref name="path"/>, so a reader never sees half a file.
    /// </summary>
    /// <param name="array">What to write.</param>
    /// <param name="path">Where to write it; its directory must exist.</param>
    /// <param name="gzip">Whether to gzip-compress; when null, compress exactly when the name ends in .gz.</param>
    public static void Write(IdxArray array, string path, bool? gzip = null)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentException.ThrowIfNullOrEmpty(path);
        bool compress = gzip ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (compress)
            {
                using var zip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                WriteRaw(array, zip);
            }
            else WriteRaw(array, stream);
        });
    }

    /// <summary>The IDX bytes of <paramref name="array"/> (uncompressed): magic, big-endian dimensions, data.</summary>
    public static byte[] ToBytes(IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        using var buffer = new MemoryStream();
        WriteRaw(array, buffer);
        return buffer.ToArray();
    }

    private static void WriteRaw(IdxArray array, Stream stream)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, array.Magic);
        stream.Write(header);
        foreach (var d in array.Dimensions)
        {
            BinaryPrimitives.WriteInt32BigEndian(header, d);
            stream.Write(header);
        }
        stream.Write(array.Data.Span);
    }

    internal static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static byte[] Gunzip(ReadOnlySpan<byte> bytes, string name)
    {
        byte[] output;
        try
        {
            using var input = new MemoryStream(bytes.ToArray(), writable: false);
            using var zip = new GZipStream(input, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            zip.CopyTo(buffer);
            output = buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException(
                $"Idx.Read: '{name}' is a gzip stream that is corrupt or cut off ({bytes.Length} compressed bytes): {e.Message}", e);
        }
        // zlib checks a member's CRC-32 and size only when its 8-byte trailer is all there; a stream cut inside the
        // trailer or between deflate blocks decompresses without complaint, so compare the trailer's size field.
        uint expected = bytes.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) : 0;
        if (bytes.Length < 18 || expected != (uint)output.Length)
            throw new InvalidDataException(
                $"Idx.Read: '{name}' is a gzip stream that is cut off: " +
                (bytes.Length < 18
                    ? $"it has {bytes.Length} bytes, fewer than the 18 of the smallest gzip file."
                    : $"its last 4 bytes, the gzip size field, say {expected} bytes but {output.Length} were decompressed " +
                      $"from its {bytes.Length} bytes (a file of several gzip members also reads this way: decompress it with gunzip first)."));
        return output;
    }

    private static IdxArray ParseRaw(ReadOnlySpan<byte> bytes, string name, bool compressed)
    {
        string what = compressed ? $"'{name}' (after gunzip)" : $"'{name}'";
        string cut = compressed ? " The gzip stream is probably cut off." : " The file is probably cut off.";
        if (bytes.Length < 4)
            throw new InvalidDataException($"Idx.Read: {what} has {bytes.Length} bytes, too few for the 4-byte IDX magic.{cut}");
        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        int type = (magic >> 8) & 0xff, rank = magic & 0xff;
        if ((magic >> 16) != 0 || type != UnsignedByteType || rank == 0)
            throw new InvalidDataException(
                $"Idx.Read: {what} starts with magic 0x{magic:X8}; expected an unsigned-byte IDX magic 0x00000801 (vector, labels) or " +
                $"0x00000803 (3-D array, images), i.e. 0x000008NN with NN dimensions.");
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw new InvalidDataException(
                $"Idx.Read: {what} has {bytes.Length} bytes, too few for the header of {rank} dimensions ({headerLength} bytes).{cut}");
        var dimensions = new int[rank];
        long product = 1;
        for (int i = 0; i < rank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (dimensions[i] < 0)
                throw new InvalidDataException($"Idx.Read: {what} declares a negative dimension {dimensions[i]} (dimension {i}).");
            product = Math.Min(product * dimensions[i], long.MaxValue / int.MaxValue);
        }
        long actual = bytes.Length - headerLength;
        if (actual != product)
            throw new InvalidDataException(
                $"Idx.Read: {what} declares dimensions [{string.Join(", ", dimensions)}], so expected {product} data bytes after the " +
                $"{headerLength}-byte header, but found {actual}." + (actual < product ? cut : " The file has trailing bytes."));
        return IdxArray.Own(dimensions, bytes[headerLength..].ToArray());
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "nothing" : string.Join(" ", bytes.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
