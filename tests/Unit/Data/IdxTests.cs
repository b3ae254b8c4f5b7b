using System.IO.Compression;
using Functional.Core.Data;

namespace Functional.Tests.Unit.Data;

public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static IdxArray Sample() => new([2, 2, 3], Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray());

    private static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Optimal)) zip.Write(raw);
        return buffer.ToArray();
    }

    [Fact]
    public void Writes_the_documented_layout_magic_then_big_endian_dimensions_then_data()
    {
        var labels = new IdxArray([3], [7, 0, 9]);
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9 }, Idx.ToBytes(labels));
        var images = new IdxArray([1, 2, 258], new byte[516]);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 2 }, Idx.ToBytes(images)[..16]);
        Assert.Equal(0x803, images.Magic);
    }

    [Theory]
    [InlineData("a-idx3-ubyte", null)]
    [InlineData("a-idx3-ubyte.gz", null)]
    [InlineData("a-idx3-ubyte", true)]
    [InlineData("a-idx3-ubyte.gz", false)]
    public void Round_trips_plain_and_gzip_detecting_by_content(string name, bool? gzip)
    {
        var path = PathOf(name);
        Idx.Write(Sample(), path, gzip);
        bool compressed = gzip ?? name.EndsWith(".gz");
        Assert.Equal(compressed, Idx.IsGzip(File.ReadAllBytes(path)));
        Assert.Equal(Sample(), Idx.Read(path));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left behind
    }

    [Fact]
    public void Gzip_content_is_detected_without_a_gz_name()
    {
        File.WriteAllBytes(PathOf("plain-name"), Gzip(Idx.ToBytes(Sample())));
        Assert.Equal(Sample(), Idx.Read(PathOf("plain-name")));
    }

    [Fact]
    public void Overwriting_replaces_the_file_whole()
    {
        var path = PathOf("x");
        Idx.Write(Sample(), path);
        var other = new IdxArray([1], [42]);
        Idx.Write(other, path);
        Assert.Equal(other, Idx.Read(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Theory]
    [InlineData(0x00000D03)] // float type, not unsigned byte
    [InlineData(0x12345678)]
    [InlineData(0x00000800)] // zero dimensions
    [InlineData(0x08030000)] // little-endian magic read the wrong way round
    public void Bad_magic_names_the_file_and_the_magic_found(int magic)
    {
        var bytes = Idx.ToBytes(Sample());
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        File.WriteAllBytes(PathOf("bad"), bytes);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("bad")));
        Assert.Contains(PathOf("bad"), e.Message);
        Assert.Contains($"0x{magic:X8}", e.Message);
        Assert.Contains("0x00000803", e.Message);
    }

    [Fact]
    public void Truncated_data_says_expected_and_found_lengths()
    {
        var bytes = Idx.ToBytes(Sample());
        File.WriteAllBytes(PathOf("cut"), bytes[..^2]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("cut")));
        Assert.Contains(PathOf("cut"), e.Message);
        Assert.Contains("[2, 2, 3]", e.Message);
        Assert.Contains("expected 12", e.Message);
        Assert.Contains("found 10", e.Message);
        Assert.Contains("cut off", e.Message);
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        File.WriteAllBytes(PathOf("long"), [.. Idx.ToBytes(Sample()), 1, 2, 3]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("long")));
        Assert.Contains("found 15", e.Message);
        Assert.Contains("trailing", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)] // magic and one of three dimensions
    public void Truncated_header_is_rejected(int length)
    {
        File.WriteAllBytes(PathOf("head"), Idx.ToBytes(Sample())[..length]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("head")));
        Assert.Contains(PathOf("head"), e.Message);
        Assert.Contains($"has {length} bytes", e.Message);
    }

    [Fact]
    public void Negative_dimension_is_rejected()
    {
        var bytes = Idx.ToBytes(new IdxArray([1], [5]));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -1);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("neg").Also(p => File.WriteAllBytes(p, bytes))));
        Assert.Contains("negative dimension -1", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.1)]
    [InlineData(0.99)] // cut inside the 8-byte trailer: zlib alone would not notice
    [InlineData(0.0)]
    public void A_cut_gzip_stream_gives_a_clear_error_naming_the_file(double keep)
    {
        var raw = Idx.ToBytes(new IdxArray([50, 20], Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 251)).ToArray()));
        var gz = Gzip(raw);
        var path = PathOf("cut-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, gz[..Math.Max(2, (int)(gz.Length * keep))]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
        Assert.Contains("cut off", e.Message);
    }

    [Fact]
    public void A_file_of_several_gzip_members_is_refused_with_advice()
    {
        var raw = Idx.ToBytes(Sample());
        var path = PathOf("multi.gz");
        File.WriteAllBytes(path, [.. Gzip(raw[..7]), .. Gzip(raw[7..])]);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("several gzip members", e.Message);
    }

    [Fact]
    public void A_gz_name_with_plain_IDX_content_is_read_as_it_is_and_other_content_is_rejected()
    {
        var path = PathOf("labels.gz");
        File.WriteAllBytes(path, Idx.ToBytes(Sample()));
        Assert.Equal(Sample(), Idx.Read(path));
        File.WriteAllBytes(path, "<html>"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("1f 8b", e.Message);
        Assert.Contains("3c 68 74 6d", e.Message);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Idx.Read(PathOf("nothing")));
        Assert.Contains(PathOf("nothing"), e.Message);
    }

    [Fact]
    public void IdxArray_checks_its_dimensions_against_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => new IdxArray([2, 3], new byte[5]));
        Assert.Contains("need 6 bytes", e.Message);
        Assert.Contains("got 5", e.Message);
        Assert.Throws<ArgumentException>(() => new IdxArray([], []));
        Assert.Throws<ArgumentException>(() => new IdxArray([-1], []));
    }

    [Fact]
    public void IdxArray_copies_its_input()
    {
        var bytes = new byte[] { 1, 2, 3 };
        var array = new IdxArray([3], bytes);
        bytes[0] = 99;
        Assert.Equal(1, array.Data.Span[0]);
        Assert.Equal("IdxArray(unsigned byte, 3, 3 bytes)", array.ToString());
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
