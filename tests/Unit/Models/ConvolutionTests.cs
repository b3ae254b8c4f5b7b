using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>Conv2D, MaxPooling2D and Reshape: Keras' shapes and counts, the outputs against direct loops written here from the
/// definitions (TensorFlow's "same" split), bad input named before any work, model files, and training without allocation.</summary>
public class ConvolutionTests
{
    /// <summary>Keras' "simple MNIST convnet" example.</summary>
    private static readonly LayerSpec[] KerasExample =
    [
        Layers.Input(28, 28, 1), Layers.Conv2D(32, 3, Activation.Relu), Layers.MaxPooling2D(2), Layers.Conv2D(64, 3, Activation.Relu),
        Layers.MaxPooling2D(2), Layers.Flatten(), Layers.Dropout(0.5), Layers.Dense(10, Activation.Softmax),
    ];

    [Fact]
    public void The_Keras_example_has_its_shapes_and_34826_parameters()
    {
        var model = Sequential.Build<float>(KerasExample, 0);
        Assert.Equal(34_826, model.ParameterCount);
        Assert.Equal(
            ["(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 1600)", "(None, 1600)", "(None, 10)"],
            model.Layers.Select(l => l.OutputShape.ToString()));
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dropout", "dense"], model.Layers.Select(l => l.Name));
        var summary = model.Summary();
        Assert.Contains(" conv2d (Conv2D)             (None, 26, 26, 32)        320\n", summary.ReplaceLineEndings("\n"));
        Assert.Contains(" conv2d_1 (Conv2D)           (None, 11, 11, 64)        18496\n", summary.ReplaceLineEndings("\n"));
        Assert.Contains(" max_pooling2d (MaxPooling2D) (None, 13, 13, 32)        0\n", summary.ReplaceLineEndings("\n"));
        Assert.Contains("Total params: 34,826", summary);
    }

    [Theory]
    [InlineData(5, 5, 2, 3, 1, Padding.Valid, 3)]
    [InlineData(5, 5, 2, 3, 1, Padding.Same, 3)]
    [InlineData(6, 4, 3, 2, 2, Padding.Same, 2)]
    [InlineData(7, 5, 3, 1, 2, Padding.Valid, 4)]
    [InlineData(4, 4, 3, 3, 1, Padding.Same, 1)]
    public void Conv2D_computes_the_convolution_the_definition_gives(int h, int w, int c, int k, int stride, Padding padding, int filters)
    {
        var model = Sequential.Build<double>([Layers.Input(h, w, c), Layers.Conv2D(filters, k, Activation.Tanh, stride, padding)], 3);
        var layer = (Conv2D<double>)model.Layers[0];
        var x = Matrix<double>.Build.Dense(3, h * w * c, (i, j) => Math.Sin(1.3 * i + 0.7 * j));
        var bias = Matrix<double>.Build.Dense(1, filters, (_, f) => 0.1 * (f + 1));
        layer = (Conv2D<double>)layer.WithParameters([layer.Kernel, bias]);
        var actual = layer.Forward(x);

        // TensorFlow: out = ceil(in / stride) for same, floor((in − k) / stride) + 1 for valid; same pads (total / 2) before.
        int oh = padding == Padding.Same ? (h + stride - 1) / stride : (h - k) / stride + 1;
        int ow = padding == Padding.Same ? (w + stride - 1) / stride : (w - k) / stride + 1;
        int top = padding == Padding.Same ? Math.Max((oh - 1) * stride + k - h, 0) / 2 : 0;
        int left = padding == Padding.Same ? Math.Max((ow - 1) * stride + k - w, 0) / 2 : 0;
        Assert.Equal(new Shape(oh, ow, filters), layer.OutputShape);
        var kernel = layer.Kernel; // rows (kh, kw, channel), columns filters
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int f = 0; f < filters; f++)
                    {
                        double z = bias[0, f];
                        for (int a = 0; a < k; a++)
                            for (int b = 0; b < k; b++)
                            {
                                int r = i * stride + a - top, q = j * stride + b - left;
                                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                for (int ch = 0; ch < c; ch++) z += x[s, (r * w + q) * c + ch] * kernel[(a * k + b) * c + ch, f];
                            }
                        Assert.Equal(Math.Tanh(z), actual[s, (i * ow + j) * filters + f], 12);
                    }
    }

    [Theory]
    [InlineData(4, 4, 2, 2, 2, Padding.Valid)]
    [InlineData(5, 5, 1, 2, 2, Padding.Same)]
    [InlineData(5, 6, 2, 3, 1, Padding.Valid)]
    [InlineData(3, 5, 3, 3, 2, Padding.Same)]
    public void MaxPooling2D_takes_each_windows_largest_value_and_routes_the_gradient_there(int h, int w, int c, int size, int stride, Padding padding)
    {
        var model = Sequential.Build<double>([Layers.Input(h, w, c), Layers.MaxPooling2D(size, stride, padding)], 0);
        var layer = model.Layers[0];
        var x = Matrix<double>.Build.Dense(2, h * w * c, (i, j) => Math.Cos(2.1 * i + 0.37 * j * j));
        var trace = layer.Trace(x);
        int oh = padding == Padding.Same ? (h + stride - 1) / stride : (h - size) / stride + 1;
        int ow = padding == Padding.Same ? (w + stride - 1) / stride : (w - size) / stride + 1;
        int top = padding == Padding.Same ? Math.Max((oh - 1) * stride + size - h, 0) / 2 : 0;
        int left = padding == Padding.Same ? Math.Max((ow - 1) * stride + size - w, 0) / 2 : 0;
        var upstream = Matrix<double>.Build.Dense(2, oh * ow * c, (i, j) => 1 + i + 0.5 * j);
        var expectedGradient = Matrix<double>.Build.Dense(2, h * w * c);
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        double best = double.NegativeInfinity;
                        int at = -1;
                        for (int a = 0; a < size; a++)
                            for (int b = 0; b < size; b++)
                            {
                                int r = i * stride + a - top, q = j * stride + b - left;
                                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                int index = (r * w + q) * c + ch;
                                if (x[s, index] > best) (best, at) = (x[s, index], index);
                            }
                        int o = (i * ow + j) * c + ch;
                        Assert.Equal(best, trace.Output[s, o]);
                        expectedGradient[s, at] += upstream[s, o];
                    }
        Assert.Equal(expectedGradient, layer.Backward(trace, upstream).InputGradient);
    }

    [Fact]
    public void MaxPooling2D_gives_the_same_maxima_and_gradients_a_vector_of_samples_at_a_time_and_propagates_NaN()
    {
        // 37 samples: whole vectors of floats and a scalar tail; ties (repeated values) go to the first offset in row order.
        var model = Sequential.Build<float>([Layers.Input(4, 4, 2), Layers.MaxPooling2D(2, 1)], 0);
        var layer = model.Layers[0];
        var x = Matrix<float>.Build.Dense(37, 32, (i, j) => MathF.Round(3 * MathF.Sin(0.61f * i + 1.3f * j)));
        x[5, 0] = float.NaN;
        var trace = layer.Trace(x);
        var upstream = Matrix<float>.Build.Dense(37, 3 * 3 * 2, (i, j) => 1 + i + j);
        var gradient = layer.Backward(trace, upstream).InputGradient;
        var expected = Matrix<float>.Build.Dense(37, 32);
        for (int s = 0; s < 37; s++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    for (int c = 0; c < 2; c++)
                    {
                        int at = -1;
                        for (int a = 0; a < 2; a++)
                            for (int b = 0; b < 2; b++)
                            {
                                int index = ((i + a) * 4 + j + b) * 2 + c;
                                if (at < 0 || x[s, index] > x[s, at] || (float.IsNaN(x[s, index]) && !float.IsNaN(x[s, at]))) at = index;
                            }
                        int o = (i * 3 + j) * 2 + c;
                        Assert.Equal(x[s, at], trace.Output[s, o]);
                        expected[s, at] += upstream[s, o];
                    }
        Assert.True(float.IsNaN(trace.Output[5, 0]));
        Assert.Equal(expected, gradient);
    }

    [Fact]
    public void Reshape_changes_only_the_shape_and_infers_one_dimension()
    {
        var model = Sequential.Build<double>([Layers.Input(784), Layers.Reshape(28, -1, 1), Layers.Conv2D(2, 3)], 0);
        Assert.Equal(new Shape(28, 28, 1), model.Layers[0].OutputShape);
        var x = Matrix<double>.Build.Dense(2, 784, (i, j) => i + j);
        Assert.Equal(x, model.Layers[0].Forward(x));
        Assert.Contains("784", Assert.Throws<ArgumentException>(() => Sequential.Build<double>([Layers.Input(784), Layers.Reshape(28, 27)], 0)).Message);
    }

    [Fact]
    public void Bad_shapes_are_refused_before_any_work_naming_the_layer_and_the_shapes()
    {
        var flat = Assert.Throws<ArgumentException>(() => Sequential.Build<float>([Layers.Input(28, 28), Layers.Conv2D(8, 3)], 0));
        Assert.Contains("Conv2D 'conv2d'", flat.Message);
        Assert.Contains("(None, 28, 28)", flat.Message);
        Assert.Contains("Layers.Input(28, 28, 1)", flat.Message);
        Assert.Contains("Layers.Reshape(28, 28, 1)", flat.Message);
        var large = Assert.Throws<ArgumentException>(() => Sequential.Build<float>([Layers.Input(4, 4, 1), Layers.Conv2D(8, 5)], 0));
        Assert.Contains("Conv2D 'conv2d'", large.Message);
        Assert.Contains("kernel size (5, 5) is larger than its input (None, 4, 4, 1)", large.Message);
        var pool = Assert.Throws<ArgumentException>(() =>
            Sequential.Build<float>([Layers.Input(5, 5, 1), Layers.Conv2D(2, 3), Layers.MaxPooling2D(4)], 0));
        Assert.Contains("MaxPooling2D 'max_pooling2d': the pool size (4, 4) is larger than its input (None, 3, 3, 2)", pool.Message);
        Assert.Throws<ArgumentException>(() => Layers.Conv2D(0, 3));
        Assert.Throws<ArgumentException>(() => Layers.Conv2D(4, 0));
        Assert.Throws<ArgumentException>(() => Layers.Conv2D(4, 3, strides: 0));
        Assert.Throws<ArgumentException>(() => Layers.MaxPooling2D(0));
        // Keras' Conv2D softmax normalizes each position's channels; the library's would normalize the whole sample: refused.
        var softmax = Assert.Throws<ArgumentException>(() => Sequential.Build<float>([Layers.Input(4, 4, 1), Layers.Conv2D(3, 2, Activation.Softmax)], 0));
        Assert.Contains("Conv2D 'conv2d': a softmax activation is not supported", softmax.Message);
        // Feeding flat rows to a model that starts with Input(28, 28, 1) names the shapes.
        var model = Sequential.Build<float>(KerasExample, 0);
        var rows = Assert.Throws<ArgumentException>(() => model.Predict(Matrix<float>.Build.Dense(2, 28 * 28 * 2)));
        Assert.Contains("(None, 28, 28, 1)", rows.Message);
    }

    [Fact]
    public void A_convolutional_model_round_trips_through_its_file()
    {
        var specs = new LayerSpec[]
        {
            Layers.Input(9, 7, 2), Layers.Conv2D(3, (3, 2), Activation.Tanh, (2, 1), Padding.Same), Layers.MaxPooling2D((2, 2), (1, 1), Padding.Same),
            Layers.Reshape(-1), Layers.Dense(4),
        };
        var model = Sequential.Build<float>(specs, 4);
        string file = Path.Combine(Path.GetTempPath(), $"conv-{Guid.NewGuid():N}.fnnm");
        try
        {
            ModelFile.Save(model, file);
            var loaded = ModelFile.Load<float>(file);
            Assert.Equal(model, loaded);
            Assert.Equal(specs.Skip(1), loaded.Layers.Select(l => l.Spec));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Training_a_convolutional_network_allocates_nothing_per_step_once_set_up()
    {
        var random = new Random(5);
        var x = Matrix<float>.Build.Dense(400, 8 * 8, (_, _) => random.NextSingle());
        var y = Matrix<float>.Build.Dense(400, 1, (i, _) => i % 3);
        long Allocated(int epochs)
        {
            var model = Sequential.Create(1, Layers.Input(8, 8, 1), Layers.Conv2D(4, 3, Activation.Relu), Layers.MaxPooling2D(2),
                Layers.Conv2D(6, 2, Activation.Relu, padding: Padding.Same), Layers.Flatten(), Layers.Dropout(0.25), Layers.Dense(3, Activation.Softmax));
            long before = GC.GetAllocatedBytesForCurrentThread();
            Training.Fit(model, new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, new FitOptions<float> { Epochs = epochs, BatchSize = 10, Seed = 1 });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2);
        double perEpoch = (Allocated(6) - Allocated(2)) / 4.0;
        Assert.True(perEpoch < 2_000, $"Fit allocated {perEpoch:F0} bytes per epoch of 40 steps once set up.");
    }
}
