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
        Assert.Contains("FNNM", Assert.Throws<InvalidDataException>(() =>
            ModelFile.FromBytes<float>("not a model at all, just text....................................."u8.ToArray())).Message);
    }

    [Fact]
    public void A_failed_save_leaves_no_file_behind()
    {
        var path = Path.Combine(_dir, "missing-dir", "m.fnn");
        Assert.ThrowsAny<IOException>(() => ModelFile.Save(Model(), path));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    private static string Committed(string name) => Path.Combine(AppContext.BaseDirectory, "Models", "Data", name);

    [Fact]
    public void A_version_1_file_written_before_layers_had_state_still_loads()
    {
        // classifier-v1.fnnm was written by the library as it was before format version 2 (commit ab09e38): Input(2, 3),
        // Flatten, Dense(5, tanh), Dense(4, relu), Dense(4, sigmoid), Dense(3, softmax), trained 3 epochs with Adam on
        // 30 samples; classifier-v1.expected.csv holds that library's predictions on a fixed probe batch.
        var model = ModelFile.Load<float>(Committed("classifier-v1.fnnm"));
        Assert.Equal(["flatten", "dense", "dense_1", "dense_2", "dense_3"], model.Layers.Select(l => l.Name));
        Assert.Equal(["Flatten", "Dense", "Dense", "Dense", "Dense"], model.Layers.Select(l => l.Kind));
        Assert.Equal([Activation.Tanh, Activation.Relu, Activation.Sigmoid, Activation.Softmax], model.Layers.Skip(1).Select(l => l.Activation!));
        Assert.Equal(94, model.ParameterCount);
        var range = Assert.IsType<InputRange>(model.TrainingInputRange);
        Assert.Equal(-1, range.Min, 4); // the range of sin(0.37 i + j) over the 30 x 6 training inputs
        Assert.Equal(0.999, range.Max, 3);
        var probe = Matrix<float>.Build.Dense(4, 6, (i, j) => (float)Math.Cos(i + 0.5 * j));
        var expected = File.ReadAllLines(Committed("classifier-v1.expected.csv"))
            .Select(line => line.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var predicted = model.Predict(probe);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                Assert.True(Math.Abs(expected[i][j] - predicted[i, j]) <= 1e-6, $"row {i}, class {j}: expected {expected[i][j]:R}, got {predicted[i, j]:R}");

        // Saved again it is a version-2 file that loads to the same model.
        var bytes = ModelFile.ToBytes(model);
        Assert.Equal(ModelFile.FormatVersion, BitConverter.ToUInt16(bytes, 4));
        Assert.Equal(model, ModelFile.FromBytes<float>(bytes));

        var linear = ModelFile.Load<double>(Committed("linear-double-v1.fnnm"));
        Assert.Equal(Sequential.Build<double>([Layers.Input(1), Layers.Dense(1)], 3), linear);
    }

    [Fact]
    public void The_header_records_each_layers_spec_with_its_initializers()
    {
        var model = Sequential.Create(1, Layers.Input(3), Layers.Dense(2, Activation.Tanh, Initializer.HeNormal, Initializer.GlorotUniform));
        var bytes = ModelFile.ToBytes(model);
        int length = BitConverter.ToInt32(bytes, 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 12, length);
        Assert.Equal(
            "{\"input\":[3],\"layers\":[{\"kind\":\"Dense\",\"name\":\"dense\",\"units\":2,\"activation\":\"tanh\"," +
            "\"kernelInitializer\":\"he_normal\",\"biasInitializer\":\"glorot_uniform\"}]}",
            header);
        var loaded = ModelFile.FromBytes<float>(bytes);
        Assert.Equal(model, loaded);
        Assert.Equal(Initializer.HeNormal, ((DenseSpec)loaded.Layers[0].Spec).KernelInitializer);
    }
}
