using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

public class ModelTests
{
    private static Model<float> Mnist(ulong seed = 0) => Sequential.Create(seed,
        Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax));

    [Fact]
    public void Mnist_model_has_Keras_parameter_count_and_summary()
    {
        var model = Mnist();
        Assert.Equal(101_770, model.ParameterCount);
        var summary = model.Summary();
        Assert.Contains("flatten (Flatten)", summary);
        Assert.Contains("(None, 784)", summary);
        Assert.Contains("dense (Dense)", summary);
        Assert.Contains("100480", summary);
        Assert.Contains("dense_1 (Dense)", summary);
        Assert.Contains("1290", summary);
        Assert.Contains("Total params: 101,770", summary);
        Assert.Contains("Trainable params: 101,770", summary);
    }

    [Fact]
    public void Sequential_initializes_glorot_kernels_and_zero_biases_deterministically()
    {
        var a = Mnist(7);
        var b = Mnist(7);
        var c = Mnist(8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var dense = (Dense<float>)a.Layers[1];
        double limit = Math.Sqrt(6.0 / (784 + 128));
        Assert.All(dense.Kernel.Enumerate(), v => Assert.InRange(v, -limit, limit));
        Assert.All(dense.Bias.Enumerate(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Input_of_the_wrong_shape_names_the_layer_and_both_shapes()
    {
        var model = Mnist();
        var x = Matrix<float>.Build.Dense(4, 3);
        var e = Assert.ThrowsAny<ArgumentException>(() => model.Predict(x));
        Assert.Contains("flatten", e.Message);
        Assert.Contains("(None, 28, 28)", e.Message);
        Assert.Contains("4x3", e.Message);
    }

    [Fact]
    public void Dense_on_two_dimensional_samples_asks_for_flatten()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Sequential.Create(0, Layers.Input(28, 28), Layers.Dense(10)));
        Assert.Contains("Flatten", e.Message);
    }

    [Fact]
    public void Model_must_start_with_input()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Sequential.Create(0, Layers.Dense(1)));
        Assert.Contains("Input", e.Message);
    }

    [Fact]
    public void Weights_cannot_be_changed_through_the_matrices_a_layer_hands_out()
    {
        var model = Sequential.Create(1, Layers.Input(2), Layers.Dense(3));
        var before = Sequential.Create(1, Layers.Input(2), Layers.Dense(3));
        var dense = (Dense<float>)model.Layers[0];
        dense.Kernel[0, 0] = 1234f;
        model.Parameters.Layers[0][1][0, 0] = 99f;
        Assert.Equal(before, model);
    }

    [Fact]
    public void WithParameters_rejects_a_tree_of_another_shape()
    {
        var model = Sequential.Create(1, Layers.Input(2), Layers.Dense(3));
        var other = Sequential.Create(1, Layers.Input(3), Layers.Dense(3));
        var e = Assert.ThrowsAny<ArgumentException>(() => model.WithParameters(other.Parameters));
        Assert.Contains("3x3", e.Message);
    }

    [Fact]
    public void Predict_in_batches_equals_one_forward_pass()
    {
        var model = Sequential.Build<double>([Layers.Input(3), Layers.Dense(5, Activation.Tanh), Layers.Dense(2)], 3);
        var x = Matrix<double>.Build.Dense(70, 3, (i, j) => Math.Sin(i * 3 + j));
        var whole = model.Forward(x);
        Assert.Equal(whole, model.Predict(x, batchSize: 8));
        Assert.Equal(whole, model.Predict(x, batchSize: 1000));
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("softmax")]
    public void Forward_gives_the_traces_output_bit_for_bit_and_leaves_the_input_alone(string activation)
    {
        // Forward applies the activation in place on its own pre-activation matrix; Trace keeps both matrices.
        var model = Sequential.Create(4, Layers.Input(5), Layers.Dense(7, Activation.Parse(activation)), Layers.Dense(3, Activation.Parse(activation)));
        var random = new Random(2);
        var x = Matrix<float>.Build.Dense(11, 5, (_, _) => random.NextSingle() * 4 - 2);
        var copy = x.Clone();
        var forward = model.Forward(x);
        var traced = model.Trace(x)[^1].Output;
        Assert.Equal(MatrixData.ColumnMajor(traced), MatrixData.ColumnMajor(forward));
        Assert.Equal(copy, x);
        var input = x;
        foreach (var layer in model.Layers)
        {
            var output = layer.Forward(input);
            Assert.Equal(MatrixData.ColumnMajor(layer.Trace(input).Output), MatrixData.ColumnMajor(output));
            input = output;
        }
    }
}

