using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("functional-modelfile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Model<float> Model() => Sequential.Create(5,
        Layers.Input(4, 2), Layers.Flatten(), Layers.Dense(6, Activation.Relu), Layers.Dense(3, Activation.Softmax));

    [Fact]
    public void Round_trip_gives_bit_identical_weights_and_predictions()
    {
        var model = Model();
        var path = Path.Combine(_dir, "m.fnn");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load<float>(path);
        Assert.Equal(model, loaded);
        var x = Matrix<float>.Build.Dense(5, 8, (i, j) => (float)Math.Cos(i + 2 * j));
        Assert.Equal(model.Predict(x), loaded.Predict(x));
        Assert.Equal(model.Summary(), loaded.Summary());
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Double_models_round_trip_too()
    {
        var model = Sequential.Build<double>([Layers.Input(3), Layers.Dense(2, Activation.Sigmoid)], 2);
        Assert.Equal(model, ModelFile.FromBytes<double>(ModelFile.ToBytes(model)));
    }

    [Fact]
    public void A_truncated_file_is_rejected_naming_the_file()
    {
        var path = Path.Combine(_dir, "cut.fnn");
        var bytes = ModelFile.ToBytes(Model());
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("cut.fnn", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_corrupted_byte_is_caught_by_the_checksum()
    {
        var bytes = ModelFile.ToBytes(Model());
        bytes[bytes.Length / 2] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => ModelFile.FromBytes<float>(bytes));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void Another_version_or_element_type_is_rejected()
    {
        var bytes = ModelFile.ToBytes(Model());
        var other = (byte[])bytes.Clone();
        other[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => ModelFile.FromBytes<float>(other)).Message);
        Assert.Contains("float32", Assert.Throws<InvalidDataException>(() => ModelFile.FromBytes<double>(bytes)).Message);
        Assert.Contains("FNNM", Assert.Throws<InvalidDataException>(() => ModelFile.FromBytes<float>("not a model at all, just text....................................."u8.ToArray())).Message);
    }

    [Fact]
    public void A_failed_save_leaves_no_file_behind()
    {
        var path = Path.Combine(_dir, "missing-dir", "m.fnn");
        Assert.ThrowsAny<IOException>(() => ModelFile.Save(Model(), path));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
