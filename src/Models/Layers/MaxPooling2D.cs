
using Functional.Core;
using Functional.Core.LinearAlgebra;
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

    /// <summary>Windows that share no input pixel: the backward pass then writes each pixel's gradient once instead of adding.</summary>
    private bool Disjoint => Geometry.StrideHeight >= Geometry.WindowHeight && Geometry.StrideWidth >= Geometry.WindowWidth;

    /// <summary>Per output value, the window offset its maximum came from, and the two lanes the work runs in.</summary>
    protected override object? CreateScratch(int batchSize)
    {
        var g = Geometry;
        var offsets = new T[MatrixData.Count($"MaxPooling2D '{Name}': the maxima of {batchSize} samples", batchSize, OutputShape.Size)];
        // Lane 0 takes the top half of the output rows and the input rows above lane 1's first window; windows that overlap
        // down the image would share input rows between the lanes, so there lane 0 takes everything.
        int cut = g.StrideHeight >= g.WindowHeight ? (g.OutputHeight + 1) / 2 : g.OutputHeight;
        int boundary = cut == g.OutputHeight ? g.InputHeight : Math.Clamp(cut * g.StrideHeight - g.PadTop, 0, g.InputHeight);
        return new PoolingLanes(this, offsets, cut, boundary);
    }

    /// <summary>The pass's work in two lanes of output rows: lane 0 [0, cut) and the input rows [0, boundary), lane 1 the rest.</summary>
    private sealed class PoolingLanes(MaxPooling2D<T> layer, T[] offsets, int cut, int boundary) : ITwoLaneWork
    {
        public T[] Offsets { get; } = offsets;
        public LayerPass<T> Pass { get; set; } = null!;
        public bool Backward { get; set; }

        public void Run(int lane)
        {
            var g = layer.Geometry;
            var (rows, owned) = lane == 0 ? ((0, cut), (0, boundary)) : ((cut, g.OutputHeight), (boundary, g.InputHeight));
            if (Backward) layer.BackwardRows(Pass, Offsets, rows, owned);
            else layer.ForwardRows(Pass, Offsets, rows);
        }
    }

    /// <summary>Both lanes of <paramref name="lanes"/> on <paramref name="pass"/>.</summary>
    private static void RunLanes(PoolingLanes lanes, LayerPass<T> pass, bool backward)
    {
        (lanes.Pass, lanes.Backward) = (pass, backward);
        try
        {
            SecondCore.RunWhereTuned(lanes);
        }
        finally
        {
            lanes.Pass = null!;
        }
    }

    /// <summary>
    /// Per output run (one position and channel, every sample), the window's values compared a vector of samples at a time:
    /// a larger value, or the first NaN (TensorFlow's max propagates NaN), replaces the best and records its offset.
    /// </summary>
    protected override void ForwardInto(LayerPass<T> pass) => RunLanes((PoolingLanes)pass.Scratch!, pass, backward: false);

    /// <summary>Each output gradient goes to the input its maximum came from (overlapping windows add up).</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        if (pass.InputGradient is not null) RunLanes((PoolingLanes)pass.Scratch!, pass, backward: true);
    }

    /// <summary><see cref="ForwardInto"/> for output rows [<paramref name="rows"/>.First, .End).</summary>
    private void ForwardRows(LayerPass<T> pass, T[] offsets, (int First, int End) rows)
    {
        var g = Geometry;
        var input = MatrixData.ColumnMajor(pass.Input);
        var output = MatrixData.ColumnMajor(pass.Output);
        int n = pass.BatchSize, channels = InputShape.Dimensions[2], width = System.Numerics.Vector<T>.Count;
        for (int oh = rows.First, pos = rows.First * g.OutputWidth; oh < rows.End; oh++)
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

    /// <summary>
    /// <see cref="BackwardInto"/> for output rows [<paramref name="rows"/>.First, .End), which read only input rows
    /// [<paramref name="owned"/>.First, .End): per window offset, the samples whose maximum it held, a vector of samples at a
    /// time. Disjoint windows write each pixel they cover once, and the pixels no window covers are cleared; otherwise the
    /// owned rows are cleared and the gradients added up.
    /// </summary>
    private void BackwardRows(LayerPass<T> pass, T[] offsets, (int First, int End) rows, (int First, int End) owned)
    {
        var g = Geometry;
        var dInput = MatrixData.ColumnMajor(pass.InputGradient!);
        var dOutput = MatrixData.ColumnMajor(pass.OutputGradient);
        int n = pass.BatchSize, channels = InputShape.Dimensions[2], width = System.Numerics.Vector<T>.Count;
        int rowLength = g.InputWidth * channels * n;
        bool disjoint = Disjoint;
        if (disjoint) ClearUncovered(dInput, owned, channels * n, rowLength);
        else dInput.AsSpan(owned.First * rowLength, (owned.End - owned.First) * rowLength).Clear();
        for (int oh = rows.First, pos = rows.First * g.OutputWidth; oh < rows.End; oh++)
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
                                    (disjoint ? add : new System.Numerics.Vector<T>(target.Slice(s, width)) + add).CopyTo(target.Slice(s, width));
                                }
                            }
                            for (; s < n; s++)
                            {
                                var add = from[s] == offset ? upstream[s] : T.Zero;
                                target[s] = disjoint ? add : target[s] + add;
                            }
                        }
                    }
                }
    }

    /// <summary>Clears the pixels of input rows [<paramref name="owned"/>.First, .End) that no window covers (each a run of
    /// <paramref name="pixelLength"/> values): whole rows between or after the windows, and the columns of the others.</summary>
    private void ClearUncovered(T[] dInput, (int First, int End) owned, int pixelLength, int rowLength)
    {
        var g = Geometry;
        for (int ih = owned.First; ih < owned.End; ih++)
        {
            if (!Covered(ih, g.PadTop, g.StrideHeight, g.WindowHeight, g.OutputHeight))
            {
                dInput.AsSpan(ih * rowLength, rowLength).Clear();
                continue;
            }
            for (int iw = 0; iw < g.InputWidth; iw++)
                if (!Covered(iw, g.PadLeft, g.StrideWidth, g.WindowWidth, g.OutputWidth))
                    dInput.AsSpan(ih * rowLength + iw * pixelLength, pixelLength).Clear();
        }

        // Window o covers [o·stride − pad, o·stride − pad + window).
        static bool Covered(int i, int pad, int stride, int window, int outputs) =>
            i + pad >= 0 && (i + pad) / stride < outputs && (i + pad) % stride < window;
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
