using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Onnx;

/// <summary>
/// Models of every layer, activation and geometry the library has, with weights, biases and batch-normalization statistics
/// drawn at random (nothing left at zeros or ones, so a tensor written in the wrong order cannot go unseen), and inputs for them.
/// </summary>
public static class OnnxSampleModels
{
    /// <summary>Name and layers of each sample: the report's architectures first, then every other layer and geometry.</summary>
    public static IReadOnlyList<(string Name, LayerSpec[] Layers)> All { get; } =
    [
        ("linear (parts 1, 2, 3)", [Layers.Input(1), Layers.Dense(1)]),
        ("Dense(3, tanh) (parts 3, 4)", [Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)]),
        ("dropout and L2 (fighting overfitting)",
            [Layers.Input(1), Layers.Dense(3, Activation.Tanh, kernelRegularizer: Regularizers.L2(0.01)), Layers.Dropout(0.2), Layers.Dense(1)]),
        ("deep sine search", [Layers.Input(1), Layers.Dense(16, Activation.Tanh), Layers.Dense(16, Activation.Relu), Layers.Dense(8, Activation.Sigmoid),
            Layers.Dense(1)]),
        ("MNIST MLP (part 5)", [Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax)]),
        ("Keras' convnet", [Layers.Input(28, 28, 1), Layers.Conv2D(8, 3, Activation.Relu), Layers.MaxPooling2D(2), Layers.Conv2D(6, 3, Activation.Relu),
            Layers.MaxPooling2D(2), Layers.Flatten(), Layers.Dropout(0.5), Layers.Dense(10, Activation.Softmax)]),
        ("same padding, strides, batch normalization", [Layers.Input(64), Layers.Reshape(8, 8, 1), Layers.Conv2D(4, (3, 2), Activation.Tanh, (2, 1),
            Padding.Same), Layers.BatchNormalization(), Layers.MaxPooling2D((3, 2), (2, 2), Padding.Same), Layers.Conv2D(5, 2, Activation.Sigmoid),
            Layers.Flatten(), Layers.BatchNormalization(epsilon: 0.01), Layers.Dense(3, Activation.Sigmoid)]),
        ("batch normalization without beta or gamma", [Layers.Input(5, 4, 3), Layers.BatchNormalization(center: false),
            Layers.BatchNormalization(scale: false), Layers.Reshape(-1), Layers.Dense(2)]),
        ("2-D samples", [Layers.Input(3, 4), Layers.BatchNormalization(), Layers.Flatten(), Layers.Dense(4, Activation.Relu)]),
        ("reshape channels", [Layers.Input(2, 3, 4), Layers.Conv2D(3, 1), Layers.Reshape(6, 3), Layers.Flatten(), Layers.Dense(2, Activation.Tanh)]),
    ];

    /// <summary>The sample's model with random weights, biases and statistics (seeded).</summary>
    public static Model<float> Build(LayerSpec[] layers, ulong seed)
    {
        var random = new System.Random((int)seed);
        var model = Sequential.Create(seed, layers);
        model = model.WithParameters(model.Parameters.Map(m => m + Matrix<float>.Build.Dense(m.RowCount, m.ColumnCount, (_, _) => Uniform(random, -0.3, 0.3))));
        var state = new ParameterTree<float>(model.Layers.Select(l => (IReadOnlyList<Matrix<float>>)l.State.Select((m, k) =>
            Matrix<float>.Build.Dense(m.RowCount, m.ColumnCount, (_, _) => k == 0 ? Uniform(random, -0.5, 0.5) : Uniform(random, 0.2, 2))).ToArray())
            .ToArray());
        return model.WithState(state);
    }

    /// <summary><paramref name="count"/> samples for <paramref name="model"/>, uniform in [−1, 2].</summary>
    public static Matrix<float> Inputs(Model<float> model, int count, int seed)
    {
        var random = new System.Random(seed);
        return Matrix<float>.Build.Dense(count, model.InputShape.Size, (_, _) => Uniform(random, -1, 2));
    }

    private static float Uniform(System.Random random, double low, double high) => (float)(low + (high - low) * random.NextDouble());
}
