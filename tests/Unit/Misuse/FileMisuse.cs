using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Functional.Core.Data;
using Functional.Models;
using static Functional.Tests.Unit.Misuse.Misuse;

namespace Functional.Tests.Unit.Misuse;

/// <summary>
/// Files that are not what they claim: model files with crafted headers and tensor sizes (each with a valid checksum,
/// so the parser itself is tested), IDX files, missing paths and directories. Every failure is an
/// InvalidDataException or a FileNotFoundException naming the file.
/// </summary>
public class FileMisuse : IDisposable
{
    private static readonly string Dir = Directory.CreateTempSubdirectory("functional-misuse-files-").FullName;

    public void Dispose() => GC.SuppressFinalize(this);

    /// <summary>A model file (format 2, float32) with this header and these tensors (rows, columns, values written), checksummed.</summary>
    internal static byte[] Crafted(string header, params (int Rows, int Columns, int Values)[] tensors)
    {
        using var body = new MemoryStream();
        var w = new BinaryWriter(body);
        w.Write("FNNM"u8.ToArray());
        w.Write((ushort)2);
        w.Write((byte)4);
        w.Write((byte)0);
        var json = Encoding.UTF8.GetBytes(header);
        w.Write(json.Length);
        w.Write(json);
        foreach (var (rows, columns, values) in tensors)
        {
            w.Write(rows);
            w.Write(columns);
            for (int k = 0; k < values; k++) w.Write(0.5f);
        }
        w.Flush();
        var bytes = body.ToArray();
        return [.. bytes, .. SHA256.HashData(bytes)];
    }

    private static string Saved(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Misuse LoadFails(string name, byte[] bytes, params string[] names) =>
        Of<InvalidDataException>(() => ModelFile.Load<float>(Saved(name, bytes)), [name, .. names]);

    private const string Dense = """{"input":[2],"layers":[{"kind":"Dense","name":"dense","units":1,"activation":"linear",""" +
        "\"kernelInitializer\":\"glorot_uniform\",\"biasInitializer\":\"zeros\"}]}";

    public static readonly Dictionary<string, Misuse> Cases = new()
    {
        ["a header that is not JSON"] = LoadFails("not-json.fnnm", Crafted("{not json", (2, 1, 2), (1, 1, 1)), "header"),
        ["a header that is a JSON array"] = LoadFails("array.fnnm", Crafted("[1, 2]"), "header"),
        ["a header without layers"] = LoadFails("no-layers.fnnm", Crafted("""{"input":[2]}"""), "header"),
        ["Dense with units -1"] = LoadFails("units.fnnm", Crafted(Dense.Replace("\"units\":1", "\"units\":-1")), "units"),
        ["an input dimension of 1e10"] = LoadFails("huge-input.fnnm", Crafted(Dense.Replace("[2]", "[10000000000]")), "header"),
        ["an input of 65536x65536"] = LoadFails("big-input.fnnm", Crafted(Dense.Replace("[2]", "[65536, 65536]")), "65536"),
        ["a 65536x65536 kernel claimed by the header"] = LoadFails("big-kernel.fnnm",
            Crafted(Dense.Replace("[2]", "[65536]").Replace("\"units\":1", "\"units\":65536"), (65536, 65536, 0)), "65536"),
        ["a kernel whose values are not in the file"] = LoadFails("short.fnnm", Crafted(Dense, (2, 1, 1)), "kernel of 'dense'", "truncated"),
        ["a tensor of another shape than the header says"] = LoadFails("shape.fnnm", Crafted(Dense, (3, 1, 3), (1, 1, 1)), "kernel of 'dense'", "3x1"),
        ["an unknown layer kind"] = LoadFails("kind.fnnm", Crafted(Dense.Replace("\"Dense\"", "\"Telepathy\"")), "Telepathy"),
        ["an unknown activation"] = LoadFails("activation.fnnm", Crafted(Dense.Replace("\"linear\"", "\"swish2\"")), "swish2"),
        ["a negative header length"] = LoadFails("negative-length.fnnm", NegativeHeaderLength(), "header"),
        ["trailing bytes after the last tensor"] = LoadFails("trailing.fnnm", Crafted(Dense, (2, 1, 2), (1, 1, 1), (0, 0, 0)), "unexpected bytes"),
        ["a flipped bit"] = LoadFails("flipped.fnnm", Flipped(), "checksum"),
        ["a model file loaded as double"] = Of<InvalidDataException>(
            () => ModelFile.Load<double>(Saved("float.fnnm", Crafted(Dense, (2, 1, 2), (1, 1, 1)))), "float.fnnm", "float32", "Model<float>"),
        ["a directory given as a model file"] = Of<InvalidDataException>(() => ModelFile.Load<float>(Dir), Dir, "directory"),
        ["a model file that does not exist"] = Of<FileNotFoundException>(() => ModelFile.Load<float>(Path.Combine(Dir, "absent.fnnm")), "absent.fnnm"),
        ["a model file in a folder that does not exist"] = Of<FileNotFoundException>(
            () => ModelFile.Load<float>(Path.Combine(Dir, "no-folder", "m.fnnm")), "no-folder"),
        ["an empty model file"] = LoadFails("empty.fnnm", [], "FNNM"),
        ["saving into a folder that does not exist"] = Of<DirectoryNotFoundException>(
            () => ModelFile.Save(Sequential.Create(0, Layers.Input(1), Layers.Dense(1)), Path.Combine(Dir, "no-folder", "m.fnnm")), "no-folder"),
        ["an IDX file with a float type code"] = Of<InvalidDataException>(
            () => Idx.Read(Saved("float.idx", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0])), "float.idx"),
        ["an IDX file cut off"] = Of<InvalidDataException>(() => Idx.Read(Saved("cut.idx", [0, 0, 8, 1, 0, 0, 0, 5, 1, 2])), "cut.idx"),
        ["an IDX file whose dimensions overflow"] = Of<InvalidDataException>(
            () => Idx.Read(Saved("overflow.idx", [0, 0, 8, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1])), "overflow.idx"),
        ["a .gz IDX file that is not gzip"] = Of<InvalidDataException>(() => Idx.Read(Saved("bad.idx.gz", [1, 2, 3, 4])), "bad.idx.gz", "gzip"),
        ["an IDX file that does not exist"] = Of<FileNotFoundException>(() => Idx.Read(Path.Combine(Dir, "absent.idx")), "absent.idx"),
        ["Mnist.Load from a folder that does not exist"] = Of<FileNotFoundException>(
            () => Mnist.Load(Path.Combine(Dir, "no-mnist")), "no-mnist", "directory argument"),
    };

    private static byte[] NegativeHeaderLength()
    {
        var bytes = Crafted(Dense, (2, 1, 2), (1, 1, 1));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), -5);
        var body = bytes.AsSpan(0, bytes.Length - 32);
        SHA256.HashData(body).CopyTo(bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }

    private static byte[] Flipped()
    {
        var bytes = Crafted(Dense, (2, 1, 2), (1, 1, 1));
        bytes[^40] ^= 0x10;
        return bytes;
    }

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fails_clearly(string name) => Cases[name].AssertFailsClearly(name);
}
