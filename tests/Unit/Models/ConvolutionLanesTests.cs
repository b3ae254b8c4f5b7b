using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// Conv2D by blocks of output positions in two lanes (ConvolutionLanes): with several blocks per lane and a shorter last
/// one, the forward pass and every gradient equal the definition; and the lanes on two cores give the bits they give one
/// after the other.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class ConvolutionLanesTests
{
    public static TheoryData<int, int, int, int, int, Padding, int> Shapes => new()
    {
        // h, w, channels, kernel, stride, padding, filters: at batch 32 in double each lane has several blocks, the last shorter.
        { 13, 10, 8, 3, 1, Padding.Same, 16 },
        { 14, 9, 8, 3, 1, Padding.Valid, 5 },
        { 15, 11, 32, 2, 2, Padding.Same, 3 },
        { 11, 12, 128, 1, 2, Padding.Valid, 4 },
        // Valid windows with rows of 32 values or more: with OpenBLAS each position is multiplied in place (no windows copied).
        { 12, 11, 16, 3, 1, Padding.Valid, 16 },
        { 13, 12, 16, 3, 2, Padding.Valid, 5 },
        { 16, 16, 32, 2, 3, Padding.Valid, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Blocked_convolution_and_its_gradients_equal_the_definition(int h, int w, int c, int k, int stride, Padding padding, int filters)
    {
        using var _ = new ProviderRestore();
        // The managed provider gathers every window; OpenBLAS multiplies valid windows in place.
        foreach (var provider in LinearAlgebraProviders.IsOpenBlasAvailable ? new[] { "managed", "openblas" } : ["managed"])
        {
            LinearAlgebraProviders.Use(provider, 1);
            CheckAgainstTheDefinition(h, w, c, k, stride, padding, filters);
        }
    }

    private static void CheckAgainstTheDefinition(int h, int w, int c, int k, int stride, Padding padding, int filters)
    {
        const int n = 32;
        var model = Sequential.Build<double>([Layers.Input(h, w, c), Layers.Conv2D(filters, k, null, stride, padding)], 5);
        var layer = (Conv2D<double>)model.Layers[0];
        int window = k * k * c;
        long perPosition = (long)n * window * sizeof(double);
        int blockPositions = (int)(ConvolutionLanes<double>.BlockBytes / perPosition);
        int oh = layer.OutputShape.Dimensions[0], ow = layer.OutputShape.Dimensions[1];
        Assert.True(blockPositions * 2 < (oh * ow + 1) / 2, $"the case must give lane 0 several blocks ({blockPositions} positions each)");
        bool inPlace = padding == Padding.Valid && k * c >= 32 && LinearAlgebraControl.Provider is OpenBlasLinearAlgebraProvider;
        Assert.Equal(inPlace, ((ConvolutionLanes<double>)layer.NewScratch(n)!).InPlace);

        var x = Matrix<double>.Build.Dense(n, h * w * c, (i, j) => Math.Sin(0.37 * i + 0.11 * j));
        var bias = Matrix<double>.Build.Dense(1, filters, (_, f) => 0.1 * (f + 1));
        layer = (Conv2D<double>)layer.WithParameters([layer.Kernel, bias]);
        var dOut = Matrix<double>.Build.Dense(n, oh * ow * filters, (i, j) => Math.Cos(0.23 * i + 0.07 * j));
        var trace = layer.Trace(x);
        var gradient = layer.Backward(trace, dOut);

        int top = padding == Padding.Same ? Math.Max((oh - 1) * stride + k - h, 0) / 2 : 0;
        int left = padding == Padding.Same ? Math.Max((ow - 1) * stride + k - w, 0) / 2 : 0;
        var kernel = layer.Kernel;
        var dKernel = new double[window, filters];
        var dBias = new double[filters];
        var dX = new double[n, h * w * c];
        for (int s = 0; s < n; s++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    for (int f = 0; f < filters; f++)
                    {
                        double z = bias[0, f], g = dOut[s, (i * ow + j) * filters + f];
                        dBias[f] += g;
                        for (int a = 0; a < k; a++)
                            for (int b = 0; b < k; b++)
                            {
                                int r = i * stride + a - top, q = j * stride + b - left;
                                if (r < 0 || r >= h || q < 0 || q >= w) continue;
                                for (int ch = 0; ch < c; ch++)
                                {
                                    int pixel = (r * w + q) * c + ch, row = (a * k + b) * c + ch;
                                    z += x[s, pixel] * kernel[row, f];
                                    dKernel[row, f] += x[s, pixel] * g;
                                    dX[s, pixel] += kernel[row, f] * g;
                                }
                            }
                        Assert.Equal(z, trace.Output[s, (i * ow + j) * filters + f], 1e-11);
                    }
        for (int row = 0; row < window; row++)
            for (int f = 0; f < filters; f++) Assert.Equal(dKernel[row, f], gradient.ParameterGradients[0][row, f], 1e-9);
        for (int f = 0; f < filters; f++) Assert.Equal(dBias[f], gradient.ParameterGradients[1][0, f], 1e-9);
        for (int s = 0; s < n; s++)
            for (int p = 0; p < h * w * c; p++) Assert.Equal(dX[s, p], gradient.InputGradient[s, p], 1e-11);
    }

    [Fact]
    public void Lanes_on_two_cores_give_the_bits_they_give_one_after_the_other()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        using var _ = new ProviderRestore();
        LinearAlgebraProviders.Use("openblas", 1);
        var random = new Random(3);
        var x = Matrix<float>.Build.Dense(96, 12 * 12 * 3, (_, _) => random.NextSingle());
        var y = Matrix<float>.Build.Dense(96, 1, (i, _) => i % 4);
        Model<float> Fit() => Training.Fit(
            Sequential.Create(2, Layers.Input(12, 12, 3), Layers.Conv2D(16, 3, Activation.Relu), Layers.MaxPooling2D(2),
                Layers.Conv2D(16, 3, Activation.Tanh), Layers.Flatten(), Layers.Dense(4, Activation.Softmax)),
            new Adam(), Loss.SparseCategoricalCrossentropy(), x, y, new FitOptions<float> { Epochs = 2, BatchSize = 32, Seed = 4 }).Model;

        // The second Conv2D (valid, rows of 3 × 16 values) multiplies its windows in place, the first gathers them.
        // No product is large enough to split at long.MaxValue − 1, but the lanes run on two cores: only where they run changes.
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = long.MaxValue;
        var oneAfterTheOther = Fit();
        OpenBlasLinearAlgebraProvider.SplitFromMultiplyAdds = long.MaxValue - 1;
        var twoCores = Fit();
        Assert.Equal(Weights(oneAfterTheOther), Weights(twoCores));

        // Batch 32 and 16 filters: each Conv2D applies its activation in its blocks (tests/Properties/ConvolutionProperties.cs
        // checks those bits against the reference fold, which applies it apart).
        Assert.True(((Conv2D<float>)twoCores.Layers[0]).FusesActivation(32));
        Assert.False(((Conv2D<float>)Sequential.Create(0, Layers.Input(4, 4, 1), Layers.Conv2D(5, 3, Activation.Relu)).Layers[0]).FusesActivation(31));
    }

    public static TheoryData<string, int, int, int, int, int, Padding> Layouts => new()
    {
        // layer, h, w, channels, window, stride, padding: windows that leave rows and columns uncovered, leave gaps, or overlap.
        { "pool", 7, 5, 3, 2, 2, Padding.Valid },
        { "pool", 8, 8, 2, 2, 3, Padding.Valid },
        { "pool", 5, 5, 2, 2, 2, Padding.Same },
        { "pool", 6, 6, 2, 3, 1, Padding.Valid },
        { "pool", 6, 7, 2, 2, 1, Padding.Same },
        { "conv", 8, 8, 2, 2, 3, Padding.Valid },
        { "conv", 7, 6, 2, 3, 2, Padding.Same },
        { "conv", 9, 9, 3, 3, 1, Padding.Valid },
        { "conv", 10, 10, 16, 2, 3, Padding.Valid }, // in place with OpenBLAS, gaps between the windows
        { "conv", 9, 9, 16, 3, 2, Padding.Valid },
    };

    /// <summary>The engine reuses its buffers from step to step: a backward kernel must overwrite every element of the input and
    /// parameter gradients, also those no window reads, so a buffer holding NaN from before gives the pure pass's values.</summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void Backward_kernels_overwrite_every_element_of_a_reused_buffer(string kind, int h, int w, int c, int window, int stride, Padding padding)
    {
        const int n = 5;
        LayerSpec spec = kind == "pool" ? Layers.MaxPooling2D(window, stride, padding) : Layers.Conv2D(3, window, null, stride, padding);
        var layer = Sequential.Build<double>([Layers.Input(h, w, c), spec], 9).Layers[0];
        var x = Matrix<double>.Build.Dense(n, h * w * c, (i, j) => Math.Sin(0.9 * i + 1.7 * j));
        var dOut = Matrix<double>.Build.Dense(n, layer.OutputShape.Size, (i, j) => Math.Cos(0.5 * i + 0.3 * j));
        var expected = layer.Backward(layer.Trace(x, training: true), dOut);

        Matrix<double> Stale(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, double.NaN);
        var pass = new LayerPass<double>(n)
        {
            Input = x, Output = Stale(n, layer.OutputShape.Size), OutputGradient = dOut, InputGradient = Stale(n, h * w * c),
            Parameters = layer.ParameterStore, ParameterGradients = layer.ParameterStore.Select(p => Stale(p.RowCount, p.ColumnCount)).ToArray(),
            Training = true, Scratch = layer.NewScratch(n),
        };
        for (int step = 0; step < 2; step++) // the second step finds the first one's values
        {
            layer.RunForward(pass);
            layer.RunBackward(pass);
            Assert.Equal(expected.InputGradient.ToColumnMajorArray(), pass.InputGradient.ToColumnMajorArray());
            for (int j = 0; j < expected.ParameterGradients.Count; j++)
                Assert.Equal(expected.ParameterGradients[j].ToColumnMajorArray(), pass.ParameterGradients[j].ToColumnMajorArray());
        }
    }

    [Fact]
    public void A_strided_product_multiplies_blocks_in_place_and_refuses_blocks_outside_their_arrays()
    {
        if (!LinearAlgebraProviders.IsOpenBlasAvailable) return; // CI requires OpenBLAS
        // A: the 3×4 block at row 1 of a 6×5 matrix (offset 1 + 6, leading dimension 6); B: 4×2 at offset 2 of a 7×2; C: 3×2 at row 2 of 6×2.
        var a = Matrix<double>.Build.Dense(6, 5, (i, j) => i - 2 * j + 0.5);
        var b = Matrix<double>.Build.Dense(7, 2, (i, j) => 0.25 * i + j);
        var c = Matrix<double>.Build.Dense(6, 2, 1.0);
        var expected = c.Clone();
        expected.SetSubMatrix(2, 0, a.SubMatrix(1, 3, 1, 4) * b.SubMatrix(2, 4, 0, 2) + 0.5 * c.SubMatrix(2, 3, 0, 2));
        double[] ca = a.ToColumnMajorArray(), cb = b.ToColumnMajorArray(), cc = c.ToColumnMajorArray();
        StridedProduct.Run(false, false, 3, 2, 4, ca, 1 + 6, 6, cb, 2, 7, 0.5, cc, 2, 6);
        Assert.Equal(expected.ToColumnMajorArray(), cc, new Comparer());

        var error = Assert.Throws<ArgumentException>(() => StridedProduct.Run(false, false, 3, 2, 4, ca, 1 + 6 * 2, 6, cb, 2, 7, 0.5, cc, 2, 6));
        Assert.Contains("A, 3x4 at 13 with leading dimension 6", error.Message);
        error = Assert.Throws<ArgumentException>(() => StridedProduct.Run(false, false, 3, 2, 4, ca, 0, 2, cb, 2, 7, 0.5, cc, 2, 6));
        Assert.Contains("A's leading dimension 2 is shorter than its 3 rows", error.Message);
        Assert.Equal(expected.ToColumnMajorArray(), cc, new Comparer()); // refused before any write
    }

    private sealed class Comparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * (1 + Math.Abs(x));
        public int GetHashCode(double obj) => 0;
    }

    private static float[][] Weights(Model<float> model) =>
        model.Layers.SelectMany(l => l.ParameterStore).Select(p => p.ToColumnMajorArray()).ToArray();
}
