using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core.Data;

namespace Functional.Tests.Properties;

/// <summary>Random IDX arrays: 1 to 4 dimensions of 0 to 6, random bytes, written plain or gzip.</summary>
public sealed record IdxSample(int[] Dimensions, byte[] Data, bool Gzip)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"IdxSample([{string.Join(", ", Dimensions)}], {Data.Length} bytes [{string.Join(" ", Data.Take(16))}{(Data.Length > 16 ? " …" : "")}], gzip {Gzip})";
}

public class IdxProperties
{
    private static readonly Gen<IdxSample> Samples =
        from rank in Gen.Choose(1, 4)
        from dimensions in Gen.Choose(0, 6).ArrayOf(rank)
        from data in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(dimensions.Aggregate(1, (a, b) => a * b))
        from gzip in ArbMap.Default.GeneratorFor<bool>()
        select new IdxSample(dimensions, data, gzip);

    [Property(MaxTest = 200)]
    public Property Write_then_read_gives_the_same_array()
    {
        var dir = Path.Combine(Path.GetTempPath(), "functional-idx-property-" + Guid.NewGuid().ToString("N"));
        return Prop.ForAll(Arb.From(Samples), sample =>
        {
            Directory.CreateDirectory(dir);
            try
            {
                var array = new IdxArray(sample.Dimensions, sample.Data);
                var path = Path.Combine(dir, sample.Gzip ? "a.gz" : "a");
                Idx.Write(array, path);
                var read = Idx.Read(path);
                var bytes = File.ReadAllBytes(path);
                return read.Equals(array)
                    && read.Dimensions.SequenceEqual(sample.Dimensions)
                    && read.Data.Span.SequenceEqual(sample.Data)
                    && Idx.IsGzip(bytes) == sample.Gzip
                    && Idx.Parse(Idx.ToBytes(array), "in memory").Equals(array)
                    && Directory.GetFiles(dir).Length == 1;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
    }

    [Property(MaxTest = 100)]
    public Property Any_cut_of_a_file_plain_or_gzip_is_rejected_naming_it()
    {
        var gen = from sample in Samples.Where(s => s.Data.Length > 0)
                  from keep in Gen.Choose(0, 1000)
                  select (sample, keep);
        return Prop.ForAll(Arb.From(gen), t =>
        {
            var array = new IdxArray(t.sample.Dimensions, t.sample.Data);
            var raw = t.sample.Gzip ? Gzip(Idx.ToBytes(array)) : Idx.ToBytes(array);
            int length = t.keep * (raw.Length - 1) / 1000; // always at least one byte short
            try
            {
                Idx.Parse(raw.AsSpan(0, length), "cut-file");
                return false;
            }
            catch (InvalidDataException e)
            {
                return e.Message.Contains("'cut-file'");
            }
        });
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest)) zip.Write(raw);
        return buffer.ToArray();
    }
}
