
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;
using Vector = System.Numerics.Vector;

namespace Functional.Models;

/// <summary>Keras' <c>MaxPooling2D</c> as written: the largest value of each window, channel by channel.</summary>
/// <param name="PoolHeight">Window rows.</param>
/// <param name="PoolWidth">Window columns.</param>
/// <param name="StrideHeight">Step between windows, down (Keras: the pool size).</param>
/// <param name="StrideWidth">Step between windows, across.</param>
/// <param name="Padding">Valid, or same (windows over the border ignore the outside).</param>
public sealed record MaxPooling2DSpec(int PoolHeight, int PoolWidth, int StrideHeight, int StrideWidth, Padding Padding) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "MaxPooling2D";

    /// <inheritdoc />
    public override string BaseName => "max_pooling2d";

    internal Window2D Window(string name, Shape input) =>
        Window2D.For($"MaxPooling2D '{name}'", input, (PoolHeight, PoolWidth), (StrideHeight, StrideWidth), Padding, "pool size");

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        var w = Window(name, input);
        return new Shape(w.OutputHeight, w.OutputWidth, input.Dimensions[2]);
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new MaxPooling2D<T>(this, name, input, parameters, state);

    /// <summary>"MaxPooling2D((2, 2))", with strides and padding when they are not the defaults.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"MaxPooling2D(({PoolHeight}, {PoolWidth})") +
        (StrideHeight != PoolHeight || StrideWidth != PoolWidth ? FormattableString.Invariant($", strides ({StrideHeight}, {StrideWidth})") : "") +
        (Padding == Padding.Same ? ", same" : "") + ")";
}

/// <summary>
/// Max pooling over channels-last samples. The forward pass remembers, per output value, which window offset held the
/// maximum (the first in row order on ties, as TensorFlow's gradient chooses); the backward pass routes each gradient there.
/// </summary>
public sealed record MaxPooling2D<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal MaxPooling2D(MaxPooling2DSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
        Geometry = spec.Window(name, inputShape);
    }

    private Window2D Geometry { get; }

    /// <summary>Per output value, the window offset (row-major within the window, as a T) its maximum came from.</summary>
    protected override object? CreateScratch(int batchSize) =>
        new T[MatrixData.Count($"MaxPooling2D '{Name}': the maxima of {batchSize} samples", batchSize, OutputShape.Size)];

    /// <summary>
    /// Per output run (one position and channel, every sample), the window's values compared a vector of samples at a time:
    /// a larger value, or the first NaN (TensorFlow's max propagates NaN), replaces the best and records its offset.
    /// </summary>
    protected override void ForwardInto(LayerPass<T> pass)
    {
        var g = Geometry;
        var input = MatrixData.ColumnMajor(pass.Input);
        var output = MatrixData.ColumnMajor(pass.Output);
        var offsets = (T[])pass.Scratch!;
        int n = pass.BatchSize, channels = InputShape.Dimensions[2], width = System.Numerics.Vector<T>.Count;
        for (int oh = 0, pos = 0; oh < g.OutputHeight; oh++)
            for (int ow = 0; ow < g.OutputWidth; ow++, pos++)
                for (int c = 0; c < channels; c++)
                {
                    var best = output.AsSpan((pos * channels + c) * n, n);
                    var from = offsets.AsSpan((pos * channels + c) * n, n);
                    bool first = true;
                    for (int kh = 0; kh < g.WindowHeight; kh++)
                    {
                        int ih = oh * g.StrideHeight + kh - g.PadTop;
                        if (ih < 0 || ih >= g.InputHeight) continue;
                        for (int kw = 0; kw < g.WindowWidth; kw++)
                        {
                            int iw = ow * g.StrideWidth + kw - g.PadLeft;
                            if (iw < 0 || iw >= g.InputWidth) continue;
                            var values = input.AsSpan(((ih * g.InputWidth + iw) * channels + c) * n, n);
                            var offset = T.CreateTruncating(kh * g.WindowWidth + kw);
                            if (first)
                            {
                                values.CopyTo(best);
                                from.Fill(offset);
                                first = false;
                                continue;
                            }
                            int s = 0;
                            if (Vector.IsHardwareAccelerated)
                            {
                                var k = new System.Numerics.Vector<T>(offset);
                                for (; s + width <= n; s += width)
                                {
                                    var v = new System.Numerics.Vector<T>(values.Slice(s, width));
                                    var b = new System.Numerics.Vector<T>(best.Slice(s, width));
                                    var nan = Vector.OnesComplement(Vector.Equals(v, v));
                                    var bestIsNumber = Vector.Equals(b, b);
                                    var take = Vector.BitwiseOr(Vector.GreaterThan(v, b), Vector.BitwiseAnd(nan, bestIsNumber));
                                    Vector.ConditionalSelect(take, v, b).CopyTo(best.Slice(s, width));
                                    Vector.ConditionalSelect(take, k, new System.Numerics.Vector<T>(from.Slice(s, width))).CopyTo(from.Slice(s, width));
                                }
                            }
                            for (; s < n; s++)
                            {
                                var v = values[s];
                                if (v > best[s] || (T.IsNaN(v) && !T.IsNaN(best[s])))
                                {
                                    best[s] = v;
                                    from[s] = offset;
                                }
                            }
                        }
                    }
                }
    }

    /// <summary>Each output gradient goes to the input its maximum came from (overlapping windows add up): per window offset, the
    /// samples whose maximum it held, a vector of samples at a time.</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        if (pass.InputGradient is not { } dx) return;
        var g = Geometry;
        var dInput = MatrixData.ColumnMajor(dx);
        var dOutput = MatrixData.ColumnMajor(pass.OutputGradient);
        var offsets = (T[])pass.Scratch!;
        int n = pass.BatchSize, channels = InputShape.Dimensions[2], width = System.Numerics.Vector<T>.Count;
        dInput.AsSpan().Clear();
        for (int oh = 0, pos = 0; oh < g.OutputHeight; oh++)
            for (int ow = 0; ow < g.OutputWidth; ow++, pos++)
                for (int c = 0; c < channels; c++)
                {
                    var upstream = dOutput.AsSpan((pos * channels + c) * n, n);
                    var from = offsets.AsSpan((pos * channels + c) * n, n);
                    for (int kh = 0; kh < g.WindowHeight; kh++)
                    {
                        int ih = oh * g.StrideHeight + kh - g.PadTop;
                        if (ih < 0 || ih >= g.InputHeight) continue;
                        for (int kw = 0; kw < g.WindowWidth; kw++)
                        {
                            int iw = ow * g.StrideWidth + kw - g.PadLeft;
                            if (iw < 0 || iw >= g.InputWidth) continue;
                            var target = dInput.AsSpan(((ih * g.InputWidth + iw) * channels + c) * n, n);
                            var offset = T.CreateTruncating(kh * g.WindowWidth + kw);
                            int s = 0;
                            if (Vector.IsHardwareAccelerated)
                            {
                                var k = new System.Numerics.Vector<T>(offset);
                                for (; s + width <= n; s += width)
                                {
                                    var mine = Vector.Equals(new System.Numerics.Vector<T>(from.Slice(s, width)), k);
                                    var add = Vector.ConditionalSelect(mine, new System.Numerics.Vector<T>(upstream.Slice(s, width)),
                                        System.Numerics.Vector<T>.Zero);
                                    (new System.Numerics.Vector<T>(target.Slice(s, width)) + add).CopyTo(target.Slice(s, width));
                                }
                            }
                            for (; s < n; s++)
                                if (from[s] == offset) target[s] += upstream[s];
                        }
                    }
                }
    }
}

public static partial class Layers
{
    /// <summary>Keras' <c>MaxPooling2D(pool_size)</c>: square windows, strides equal to the pool size unless given, valid padding.</summary>
    public static MaxPooling2DSpec MaxPooling2D(int poolSize = 2, int? strides = null, Padding padding = Padding.Valid) =>
        MaxPooling2D((poolSize, poolSize), strides is { } s ? (s, s) : null, padding);

    /// <summary>A MaxPooling2D with a (height, width) window and strides.</summary>
    public static MaxPooling2DSpec MaxPooling2D((int Height, int Width) poolSize, (int Height, int Width)? strides = null, Padding padding = Padding.Valid)
    {
        if (poolSize.Height <= 0 || poolSize.Width <= 0)
            throw new ArgumentException($"MaxPooling2D: the pool size must be positive, got ({poolSize.Height}, {poolSize.Width}).", nameof(poolSize));
        var (sh, sw) = strides ?? poolSize;
        if (sh <= 0 || sw <= 0) throw new ArgumentException($"MaxPooling2D: the strides must be positive, got ({sh}, {sw}).", nameof(strides));
        return new(poolSize.Height, poolSize.Width, sh, sw, padding);
    }
}
