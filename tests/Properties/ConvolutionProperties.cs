using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>
/// A random convolutional stack with a batch: Input(h, w, c) → Conv2D → optional MaxPooling2D → optional second Conv2D →
/// Flatten → Dense, with odd sizes, strides 1 and 2, both paddings and several channels.
/// </summary>
public sealed record ConvCase(int[] Input, ConvLayer First, PoolLayer? Pool, ConvLayer? Second, int Outputs, bool Classify, ulong Seed,
    Matrix<double> X, Matrix<double> Y)
{
    /// <summary>A BatchNormalization of this momentum after the first Conv2D (null: none); checked in training mode, on batch statistics.</summary>
    public double? Normalize { get; init; }

    public IReadOnlyList<LayerSpec> Specs()
    {
        var specs = new List<LayerSpec> { Layers.Input(Input), First.Spec() };
        if (Normalize is { } momentum) specs.Add(Layers.BatchNormalization(momentum));
        if (Pool is { } p) specs.Add(Layers.MaxPooling2D((p.Size, p.Size), (p.Stride, p.Stride), p.Padding));
        if (Second is { } s) specs.Add(s.Spec());
        specs.Add(Layers.Flatten());
        specs.Add(Layers.Dense(Outputs, Classify ? Activation.Softmax : Activation.Linear));
        return specs;
    }

    public Model<double> Model() => Sequential.Build<double>(Specs(), Seed);

    public Loss Loss => Classify ? Loss.SparseCategoricalCrossentropy() : Loss.MeanSquaredError;

    /// <summary>The smallest gap between a pooling window's largest and second largest value on this batch (+∞ without pooling):
    /// a perturbation smaller than it cannot move the maximum, so finite differences see the derivative.</summary>
    public double PoolMargin()
    {
        if (Pool is not { } p) return double.PositiveInfinity;
        var model = Model();
        var trace = model.Trace(X);
        int k = model.Layers.ToList().FindIndex(l => l is MaxPooling2D<double>);
        var input = trace[k].Input;
        var shape = model.Layers[k].InputShape.Dimensions;
        var outShape = model.Layers[k].OutputShape.Dimensions;
        int h = shape[0], w = shape[1], c = shape[2];
        int padTop = p.Padding == Padding.Same ? Math.Max((outShape[0] - 1) * p.Stride + p.Size - h, 0) / 2 : 0;
        int padLeft = p.Padding == Padding.Same ? Math.Max((outShape[1] - 1) * p.Stride + p.Size - w, 0) / 2 : 0;
        double margin = double.PositiveInfinity;
        for (int s = 0; s < input.RowCount; s++)
            for (int oh = 0; oh < outShape[0]; oh++)
                for (int ow = 0; ow < outShape[1]; ow++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        var values = new List<double>();
                        for (int kh = 0; kh < p.Size; kh++)
                            for (int kw = 0; kw < p.Size; kw++)
                            {
                                int ih = oh * p.Stride + kh - padTop, iw = ow * p.Stride + kw - padLeft;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w) values.Add(input[s, (ih * w + iw) * c + ch]);
                            }
                        values.Sort();
                        if (values.Count > 1) margin = Math.Min(margin, values[^1] - values[^2]);
                    }
        return margin;
    }

    public override string ToString() =>
        $"Input({string.Join(", ", Input)}) -> {First}" + (Normalize is { } m ? $" -> BatchNormalization({m})" : "") + (Pool is { } p ? $" -> {p}" : "") +
        (Second is { } s ? $" -> {s}" : "") +
        $" -> Flatten -> Dense({Outputs}{(Classify ? ", softmax" : "")}), seed {Seed.ToString(CultureInfo.InvariantCulture)}, x = {Show.Matrix(X)}, " +
        $"y = {Show.Matrix(Y)}";
}

/// <summary>A generated Conv2D.</summary>
public sealed record ConvLayer(int Filters, int Kernel, int Stride, Padding Padding, Activation Activation)
{
    public LayerSpec Spec() => Layers.Conv2D(Filters, Kernel, Activation, Stride, Padding);

    public override string ToString() => $"Conv2D({Filters}, {Kernel}, stride {Stride}, {Padding}, {Activation})";
}

/// <summary>A generated MaxPooling2D.</summary>
public sealed record PoolLayer(int Size, int Stride, Padding Padding)
{
    public override string ToString() => $"MaxPooling2D({Size}, stride {Stride}, {Padding})";
}

/// <summary>
/// Conv2D, MaxPooling2D and BatchNormalization (in training mode: the loss of a step on its batch statistics) through the code
/// that trains: the engine's gradient equals central finite differences of its
/// loss, weight by weight, in double; and Fit equals the pure reference fold (each layer's Trace and Backward) bit for bit.
/// </summary>
public class ConvolutionProperties
{
    private const double Step = 1e-6;
    private const double AbsolutePerLoss = 1e-7;
    private const double RelativeTolerance = 1e-6;
    // A finite-difference step moves a pooled value by far less than this (|x|·|w|·window ≤ ~1e-4), so the maximum stays put.
    private const double PoolMargin = 1e-3;

    private static readonly Activation[] Smooth = [Activation.Linear, Activation.Tanh, Activation.Sigmoid];

    private static Gen<ConvLayer> Conv(int maxKernel) =>
        // 16 filters: every batch's output is whole 16-value vectors, so the engine fuses a non-linear activation into the blocks.
        from filters in Gen.Frequency((3, Gen.Choose(1, 3)), (1, Gen.Constant(16)))
        from kernel in Gen.Choose(1, maxKernel)
        from stride in Gen.Choose(1, 2)
        from padding in Gen.Elements(Padding.Valid, Padding.Same)
        from activation in Gen.Elements(Smooth)
        select new ConvLayer(filters, kernel, stride, padding, activation);

    private static readonly Gen<ConvCase> Cases =
        from height in Gen.Choose(3, 7)
        from width in Gen.Choose(3, 7)
        from channels in Gen.Choose(1, 3)
        from first in Conv(3)
        from pool in Gen.Frequency((1, Gen.Constant<PoolLayer?>(null)),
            (2, from size in Gen.Choose(2, 3)
                from stride in Gen.Choose(1, 2)
                from padding in Gen.Elements(Padding.Valid, Padding.Same)
                select (PoolLayer?)new PoolLayer(size, stride, padding)))
        from second in Gen.Frequency((1, Gen.Constant<ConvLayer?>(null)), (1, Conv(2).Select(c => (ConvLayer?)c)))
        from outputs in Gen.Choose(1, 3)
        from classify in Gen.Elements(false, true)
        from seed in Generators.Seed
        from batch in Gen.Choose(1, 4)
        from x in Generators.MatrixOf(batch, height * width * channels, Generators.Moderate)
        from y in classify ? Generators.LabelsOf(batch, outputs) : Generators.MatrixOf(batch, outputs, Generators.Uniform(-2, 2))
        from normalize in Gen.Frequency((2, Gen.Constant<double?>(null)), (1, Gen.Elements<double?>(0.0, 0.5, 0.99)))
        select new ConvCase([height, width, channels], first, pool, second, outputs, classify, seed, x, y) { Normalize = normalize };

    /// <summary>Cases whose layers fit their inputs (valid windows no larger than the image) and whose pooling maxima are clear.</summary>
    private static Gen<ConvCase> Valid => Cases.Where(c =>
    {
        try { c.Model(); }
        catch (ArgumentException) { return false; }
        return c.PoolMargin() >= PoolMargin;
    });

    [Property(MaxTest = 200)]
    public Property Gradient_through_convolution_and_pooling_equals_finite_differences() =>
        Prop.ForAll(Arb.From(Valid), c =>
        {
            var model = c.Model();
            var result = Backprop.ValueAndGradient(model, c.Loss, c.X, c.Y);
            double loss = Backprop.LossValue(model, c.Loss, c.X, c.Y);
            var tree = model.Parameters;
            for (int i = 0; i < tree.Layers.Count; i++)
                for (int j = 0; j < tree.Layers[i].Count; j++)
                {
                    int layer = i, tensor = j;
                    var numeric = FiniteDifferences.Gradient(
                        w => Backprop.LossValue(model.WithParameters(ModelGradientProperties.Replace(tree, layer, tensor, w)), c.Loss, c.X, c.Y),
                        tree.Layers[i][j], Step);
                    var problem = FiniteDifferences.Disagreement(result.Gradient.Layers[i][j], numeric, AbsolutePerLoss * (1 + Math.Abs(loss)),
                        RelativeTolerance);
                    Assert.True(problem is null, $"gradient of {c}: layer {i} ('{model.Layers[i].Name}') tensor {j}: {problem}");
                }
        });

    [Property(MaxTest = 60)]
    public Property Fit_through_convolution_and_pooling_equals_the_reference_fold_bit_for_bit() =>
        Prop.ForAll(Arb.From(Valid), c =>
        {
            EngineProperties.SameStep(c.Model(), c.Loss, c.X, c.Y);
            EngineProperties.SameFit(c.Model(), c.Loss, c.X, c.Y);
            EngineProperties.SameFit(Sequential.Build<float>(c.Specs(), c.Seed), c.Loss, c.X.Map(v => (float)v), c.Y.Map(v => (float)v));
        });
}
