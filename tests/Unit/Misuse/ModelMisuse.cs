using Functional.Core;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using static Functional.Tests.Unit.Misuse.Misuse;

namespace Functional.Tests.Unit.Misuse;

/// <summary>Building models and running them wrong: shapes, sizes that overflow, element types, null specs.</summary>
public class ModelMisuse
{
    private static Model<float> Tiny() => Sequential.Create(0, Layers.Input(2), Layers.Dense(3, Activation.Relu), Layers.Dense(1));

    public static readonly Dictionary<string, Misuse> Cases = new()
    {
        // Sizes whose product passes int: each must be a clear ArgumentException, never an OverflowException, an
        // IndexOutOfRangeException or a native crash.
        ["an Input of 65536x65536 values per sample"] = Of<ArgumentException>(() => Layers.Input(65536, 65536), "Shape (65536, 65536)"),
        ["a Dense kernel of 65536x65536"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(65536), Layers.Dense(65536)), "Dense 'dense'", "65536x65536"),
        ["MatrixData.Wrap of 65536x65536 over an empty array"] = Of<ArgumentException>(
            () => MatrixData.Wrap(65536, 65536, Array.Empty<float>()), "MatrixData.Wrap", "65536x65536"),
        ["a Dense layer built from a MathNet matrix whose size wrapped around"] = Of<ArgumentException>(
            () => new Dense<float>("big", new Shape(65536), Activation.Linear, Matrix<float>.Build.Dense(65536, 65536), Matrix<float>.Build.Dense(1, 65536)),
            "Dense 'big'", "65536x65536"),
        ["Predict on a MathNet matrix whose size wrapped around"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(65536), Layers.Dense(1)).Predict(Matrix<float>.Build.Dense(65536, 65536)), "wrapped around"),
        ["an initializer asked for 65536x65536 values"] = Of<ArgumentException>(
            () => Initializer.GlorotUniform.Create<float>(65536, 65536, PortableRandom.ForStream(0, 0)), "glorot_uniform", "65536x65536"),
        ["a prediction batch larger than one matrix holds"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(1), Layers.Dense(100_000), Layers.Dense(1)).Predict(Matrix<float>.Build.Dense(30_000, 1), 30_000),
            "Dense 'dense'", "30000"),
        ["a negative initializer shape"] = Of<ArgumentException>(
            () => Initializer.Zeros.Create<float>(-1, 3, PortableRandom.ForStream(0, 0)), "negative"),
        ["a zero dimension in Input"] = Of<ArgumentException>(() => Layers.Input(28, 0), "positive"),
        ["Dense with zero units"] = Of<ArgumentException>(() => Sequential.Create(0, Layers.Input(2), Layers.Dense(0)), "Dense", "units", "0"),
        ["Dense after a 2-D input without Flatten"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(28, 28), Layers.Dense(10)), "Dense 'dense'", "Flatten"),
        ["no Input first"] = Of<ArgumentException>(() => Sequential.Create(0, Layers.Dense(1)), "Input"),
        ["only an Input"] = Of<ArgumentException>(() => Sequential.Create(0, Layers.Input(1)), "at least one layer"),
        ["a second Input"] = Of<ArgumentException>(() => Sequential.Create(0, Layers.Input(1), Layers.Input(1), Layers.Dense(1)), "position 1"),
        ["a null layer spec"] = Of<ArgumentException>(() => Sequential.Create(0, Layers.Input(1), null!, Layers.Dense(1)), "position 1", "null"),
        ["a null activation in a Dense spec"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(1), new DenseSpec(1, null!, Initializer.GlorotUniform, Initializer.Zeros)), "Dense 'dense'", "activation"),
        ["a null initializer in a Dense spec"] = Of<ArgumentException>(
            () => Sequential.Create(0, Layers.Input(1), new DenseSpec(1, Activation.Linear, null!, Initializer.Zeros)), "Dense 'dense'", "initializer"),
        ["a Half model"] = Of<NotSupportedException>(() => Sequential.Build<Half>([Layers.Input(1), Layers.Dense(1)], 0), "Half", "float"),
        ["Predict with columns that do not match the input"] = Of<ArgumentException>(
            () => Tiny().Predict(Matrix<float>.Build.Dense(4, 3)), "dense", "(None, 2)", "4x3"),
        ["Predict with batch size 0"] = Of<ArgumentException>(() => Tiny().Predict(Matrix<float>.Build.Dense(4, 2), 0), "batch size"),
        ["Predict on null"] = Of<ArgumentNullException>(() => Tiny().Predict(null!), "x"),
        ["WithParameters of the wrong shape"] = Of<ArgumentException>(
            () => Tiny().Layers[0].WithParameters([Matrix<float>.Build.Dense(3, 3), Matrix<float>.Build.Dense(1, 3)]), "Dense 'dense'", "kernel", "2x3"),
        ["WithParameters missing the bias"] = Of<ArgumentException>(
            () => Tiny().Layers[0].WithParameters([Matrix<float>.Build.Dense(2, 3)]), "Dense 'dense'", "kernel, bias"),
        ["a model whose layers do not chain"] = Of<ArgumentException>(
            () => new Model<float>(new Shape(2), [Tiny().Layers[1], Tiny().Layers[0]]), "dense_1"),
        ["an unknown activation name"] = Of<ArgumentException>(() => Activation.Parse("swish2"), "swish2"),
        ["an unknown initializer name"] = Of<ArgumentException>(() => Initializer.Parse("lecun"), "lecun", "glorot_uniform"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fails_clearly(string name) => Cases[name].AssertFailsClearly(name);
}
