using System.IO.Compression;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Core.Data;
using Functional.Models;

namespace Functional.Tests.Properties;

/// <summary>A change to a file's bytes: flip a bit, cut the end off, insert bytes, overwrite some, or delete some.</summary>
public sealed record Mutation(string Kind, int Position, int Length, byte[] Bytes)
{
    /// <summary>The bytes after the mutation (positions are taken modulo the length, so every mutation applies).</summary>
    public byte[] Apply(byte[] original)
    {
        if (original.Length == 0) return [.. Bytes];
        int at = Position % original.Length;
        return Kind switch
        {
            "flip" => Flip(original, at, 1 << (Length % 8)),
            "truncate" => original[..at],
            "insert" => [.. original[..at], .. Bytes, .. original[at..]],
            "overwrite" => [.. original[..at], .. Bytes.Take(original.Length - at), .. original[Math.Min(original.Length, at + Bytes.Length)..]],
            "delete" => [.. original[..at], .. original[Math.Min(original.Length, at + 1 + Length % 64)..]],
            _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
        };
    }

    private static byte[] Flip(byte[] original, int at, int bit)
    {
        var copy = original.ToArray();
        copy[at] ^= (byte)bit;
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} at {Position} ({Length}, {Bytes.Length} bytes)";
}

/// <summary>
/// Fuzzing the two readers of untrusted files, <see cref="ModelFile.FromBytes{T}"/> and <see cref="Idx.Parse"/>: random
/// mutations of valid files never crash the process and never return something silently. A model file either gives
/// back the very model or throws InvalidDataException; with its checksum recomputed (so the parser behind the checksum
/// is reached), it gives a model that is whole (it saves and loads back equal) or InvalidDataException. An IDX file
/// (which has no checksum) gives InvalidDataException or an array that is exactly the bytes it was read from.
/// </summary>
public class FuzzProperties
{
    private static readonly Gen<Mutation> Mutations =
        from kind in Gen.Elements("flip", "truncate", "insert", "overwrite", "delete")
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(0, 1000)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(a => a.Length == 0 ? new byte[] { 0xFF } : a)
        select new Mutation(kind, position, length, bytes);

    private static readonly Gen<Model<float>> Models =
        from inputs in Gen.Choose(1, 4)
        from hidden in Gen.Choose(1, 5)
        from outputs in Gen.Choose(1, 3)
        from activation in Gen.Elements(Activation.Linear, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Softmax)
        from flatten in ArbMap.Default.GeneratorFor<bool>()
        from seed in Gen.Choose(0, 1000)
        select flatten
            ? Sequential.Create((ulong)seed, Layers.Input(inputs, 2), Layers.Flatten(), Layers.Dense(hidden, activation), Layers.Dense(outputs))
            : Sequential.Create((ulong)seed, Layers.Input(inputs), Layers.Dense(hidden, activation), Layers.Dense(outputs));

    [Property(MaxTest = 1000)]
    public Property A_mutated_model_file_loads_as_the_same_model_or_fails_as_invalid_data() =>
        Prop.ForAll(Arb.From(Models), Arb.From(Mutations), (model, mutation) =>
        {
            var original = ModelFile.ToBytes(model);
            var mutated = mutation.Apply(original);
            try
            {
                return ModelFile.FromBytes<float>(mutated).Equals(model) && mutated.AsSpan().SequenceEqual(original);
            }
            catch (InvalidDataException)
            {
                return !mutated.AsSpan().SequenceEqual(original);
            }
        });

    [Property(MaxTest = 4000)]
    public Property A_mutated_model_file_with_a_recomputed_checksum_gives_a_whole_model_or_fails_as_invalid_data() =>
        Prop.ForAll(Arb.From(Models), Arb.From(Mutations), (model, mutation) =>
        {
            var original = ModelFile.ToBytes(model);
            var body = mutation.Apply(original[..^32]);
            byte[] mutated = [.. body, .. SHA256.HashData(body)];
            try
            {
                var loaded = ModelFile.FromBytes<float>(mutated);
                return ModelFile.FromBytes<float>(ModelFile.ToBytes(loaded)).Equals(loaded);
            }
            catch (InvalidDataException)
            {
                return true;
            }
        });

    private static readonly Gen<(IdxArray Array, bool Gzip)> IdxFiles =
        from rank in Gen.Choose(1, 3)
        from dimensions in Gen.Choose(0, 5).ArrayOf(rank)
        from data in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(dimensions.Aggregate(1, (a, b) => a * b))
        from gzip in ArbMap.Default.GeneratorFor<bool>()
        select (new IdxArray(dimensions, data), gzip);

    [Property(MaxTest = 4000)]
    public Property A_mutated_IDX_file_fails_as_invalid_data_or_is_exactly_the_bytes_it_was_read_from() =>
        Prop.ForAll(Arb.From(IdxFiles), Arb.From(Mutations), (file, mutation) =>
        {
            var raw = Idx.ToBytes(file.Array);
            var original = file.Gzip ? Gzip(raw) : raw;
            var mutated = mutation.Apply(original);
            IdxArray read;
            try
            {
                read = Idx.Parse(mutated, file.Gzip ? "fuzz.idx.gz" : "fuzz.idx");
            }
            catch (InvalidDataException)
            {
                return true;
            }
            long size = read.Dimensions.Aggregate(1L, (a, d) => a * d);
            var plain = Idx.IsGzip(mutated) ? Gunzip(mutated) : mutated;
            return size == read.Data.Length && Idx.ToBytes(read).AsSpan().SequenceEqual(plain);
        });

    private static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest)) zip.Write(raw);
        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
