using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Functional.Core;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A Conv2D's work for one batch size, by blocks of output positions in two lanes: the windows of a few positions are
/// gathered (im2col) into a block small enough to stay in the core's cache, multiplied by the kernel on the linear-algebra
/// provider, and placed as the output's channels with their bias while still there; backward gathers them again and adds
/// the block's share of the kernel gradient, bias gradient and input gradient (col2im). Lane 0 takes the first half of the
/// output positions and lane 1 the rest; they run on two cores (<see cref="SecondCore"/>) where the provider splits its products
/// (the tuned OpenBLAS provider), else one after the other. Where every window lies inside the image, OpenBLAS multiplies
/// the windows where they lie instead (<see cref="StridedProduct"/>), one position at a time.
/// </summary>
/// <remarks>
/// <para>Why blocks: gathering every window of a batch at once made a patches matrix of up to 18 MB (the Keras convnet's
/// second layer at batch 128), written, read back, and again in the backward pass, at memory speed; with one core busy
/// copying most of the epoch, the products were a third of the time (docs/benchmarks.md, "The convnet by blocks").</para>
/// <para>Same bits wherever the lanes run: the cut, the blocks and each lane's arithmetic depend only on the shapes, and
/// the lanes write disjoint memory. Lane 1 adds its kernel and bias gradients into its own sums, and its input gradient for
/// the input rows both lanes' windows cover into its own buffer; those are added to lane 0's afterwards, in that order.</para>
/// </remarks>
internal sealed class ConvolutionLanes<T> : ITwoLaneWork where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most bytes of windows one block holds: 128 KB, L2-resident beside its product and gradient (measured on Zen 4
    /// against 32 KB to 1 MB: docs/benchmarks.md, "The convnet by blocks").</summary>
    internal const long BlockBytes = 128 * 1024;

    private enum Job { Forward, Backward }

    /// <summary>A block's windows (rows: position in the block, then sample; columns: kernel row, column, channel), their product
    /// with the kernel (or its gradient), and the windows' gradient.</summary>
    private sealed class Block(Matrix<T> patches, Matrix<T> product, Matrix<T> patchGradient)
    {
        public Matrix<T> Patches { get; } = patches;
        public Matrix<T> Product { get; } = product;
        public Matrix<T> PatchGradient { get; } = patchGradient;
    }

    /// <summary>One lane's output positions [First, End), cut into blocks of <see cref="Size"/> positions and a shorter last one.</summary>
    private sealed class Lane
    {
        public int First, End, Size;
        public Block? Full, Last;
        public T[] BiasSums = [];
        public T[] ActivationGradient = []; // a block's d loss / d pre-activation, in the output's order (blocks of more than one position)
    }

    private readonly Window2D _g;
    private readonly int _n, _channels, _filters, _window;
    private readonly Activation _activation;
    private readonly Lane[] _lanes;
    private readonly int _boundary; // the first input row lane 1 owns in the input gradient
    private readonly int _overlapFirst; // the first input row of lane 1's own buffer (rows [_overlapFirst, _boundary))
    private readonly T[] _overlap; // lane 1's input gradient for the rows lane 0's windows cover too
    private readonly T[] _kernelGradient1; // lane 1's kernel gradient
    private readonly bool _inPlaceShape; // every window inside the image, its rows long enough to multiply where they lie

    private Job _job;
    private LayerPass<T> _pass = null!;

    public ConvolutionLanes(string layer, Window2D geometry, int channels, int filters, Activation activation, int batchSize)
    {
        (_g, _n, _channels, _filters, _activation) = (geometry, batchSize, channels, filters, activation);
        _window = MatrixData.Count($"{layer}: the kernel", (long)geometry.WindowHeight * geometry.WindowWidth * channels, filters) / filters;
        string what = $"{layer}: a block of the windows of {batchSize} samples";
        // Lane 0: the first half of the output positions, lane 1 the rest (one position leaves lane 1 none). Halves of positions,
        // not of rows: the Keras convnet's second layer has 11 rows, and 6 against 5 left one core waiting a sixth of the time.
        int cut = (geometry.Positions + 1) / 2, ow = geometry.OutputWidth;
        long perPosition = Math.Max(1L, (long)batchSize * _window * Unsafe.SizeOf<T>());
        // Where every window lies inside the image (valid padding), a window's kernel row is a contiguous block of the input:
        // with OpenBLAS each position is then three products over the input in place (StridedProduct), no windows copied. Worth
        // it from rows of 32 values a sample (the Keras convnet's second layer: 3 × 32); shorter rows make products too small.
        _inPlaceShape = geometry.PadTop == 0 && geometry.PadLeft == 0 && geometry.PadBottom == 0 && geometry.PadRight == 0
            && (long)geometry.WindowWidth * channels >= 32;
        int most = _inPlaceShape ? 1 : (int)Math.Clamp(BlockBytes / perPosition, 1, int.MaxValue);
        _lanes = [NewLane(0, cut), NewLane(cut, geometry.Positions)];

        Lane NewLane(int first, int end)
        {
            var lane = new Lane { First = first, End = end, BiasSums = new T[filters] };
            int positions = end - first;
            if (positions == 0) return lane;
            int blocks = (positions + most - 1) / most;
            lane.Size = (positions + blocks - 1) / blocks;
            lane.Full = NewBlock(lane.Size);
            int last = positions - (blocks - 1) * lane.Size;
            lane.Last = last == lane.Size ? lane.Full : NewBlock(last);
            if (lane.Size > 1) lane.ActivationGradient = new T[lane.Full.Product.RowCount * filters];
            return lane;
        }

        Block NewBlock(int positions)
        {
            int rows = MatrixData.Count(what, (long)positions * batchSize, 1);
            return new Block(MatrixData.Zeros<T>(what, rows, _window), MatrixData.Zeros<T>(what, rows, filters), MatrixData.Zeros<T>(what, rows, _window));
        }

        // The input rows each lane's windows read: lane 0 up to its last window's bottom row, lane 1 from its first window's top row.
        int h = geometry.InputHeight, lastRow0 = (cut - 1) / ow, firstRow1 = cut / ow;
        _boundary = Math.Clamp(lastRow0 * geometry.StrideHeight + geometry.WindowHeight - geometry.PadTop, 0, h);
        _overlapFirst = cut == geometry.Positions ? _boundary : Math.Clamp(firstRow1 * geometry.StrideHeight - geometry.PadTop, 0, _boundary);
        _overlap = new T[MatrixData.Count($"{layer}: the input gradient rows both lanes cover",
            (long)(_boundary - _overlapFirst) * geometry.InputWidth * channels, batchSize)];
        _kernelGradient1 = new T[_window * filters];
    }

    /// <summary>Whether the passes multiply the windows where they lie in the input (no im2col copies): valid windows with rows of
    /// 32 values or more, on the OpenBLAS provider.</summary>
    internal bool InPlace => _inPlaceShape && StridedProduct.Available;

    /// <summary>Writes <paramref name="pass"/>'s output (the pre-activation), and its activated output where the engine asked for it.</summary>
    public void Forward(LayerPass<T> pass) => RunLanes(Job.Forward, pass);

    /// <summary>Writes <paramref name="pass"/>'s kernel and bias gradients, and its input gradient when it has one.</summary>
    public void Backward(LayerPass<T> pass)
    {
        RunLanes(Job.Backward, pass);
        var dKernel = MatrixData.ColumnMajor(pass.ParameterGradients[0]);
        if (_lanes[1].Full is not null) TensorPrimitives.Add(dKernel, _kernelGradient1, dKernel);
        TensorPrimitives.Add(_lanes[0].BiasSums, _lanes[1].BiasSums, MatrixData.ColumnMajor(pass.ParameterGradients[1]));
        if (pass.InputGradient is { } dx && _overlap.Length > 0)
        {
            var rows = MatrixData.ColumnMajor(dx).AsSpan(_overlapFirst * RowLength, _overlap.Length);
            TensorPrimitives.Add(rows, _overlap, rows);
        }
    }

    private void RunLanes(Job job, LayerPass<T> pass)
    {
        (_job, _pass) = (job, pass);
        try
        {
            SecondCore.RunWhereTuned(this);
        }
        finally
        {
            _pass = null!;
        }
    }

    /// <summary>Values in one input row of the batch: width · channels runs of one value per sample.</summary>
    private int RowLength => _g.InputWidth * _channels * _n;

    /// <inheritdoc />
    public void Run(int lane)
    {
        if (_job == Job.Forward) ForwardLane(_lanes[lane]);
        else BackwardLane(lane, _lanes[lane]);
    }

    private void ForwardLane(Lane lane)
    {
        var pass = _pass;
        T[] input = MatrixData.ColumnMajor(pass.Input), output = MatrixData.ColumnMajor(pass.Output), bias = MatrixData.ColumnMajor(pass.Parameters[1]);
        var kernel = pass.Parameters[0];
        T[]? activated = pass.Activated is { } a ? MatrixData.ColumnMajor(a) : null;
        bool inPlace = InPlace;
        for (int first = lane.First; first < lane.End; first += lane.Size)
        {
            int count = Math.Min(lane.Size, lane.End - first);
            var block = count == lane.Size ? lane.Full! : lane.Last!;
            if (inPlace)
            {
                // One position's product (n × filters) has the output's layout there: written in place, then the bias added.
                ProductInPlace(input, MatrixData.ColumnMajor(kernel), output, first * _filters * _n, first);
                for (int f = 0; f < _filters; f++)
                {
                    var run = output.AsSpan((first * _filters + f) * _n, _n);
                    TensorPrimitives.Add(run, bias[f], run);
                }
            }
            else
            {
                Gather(input, MatrixData.ColumnMajor(block.Patches), first, count);
                block.Patches.Multiply(kernel, block.Product);
                var product = MatrixData.ColumnMajor(block.Product);
                int rows = count * _n;
                for (int p = 0; p < count; p++)
                    for (int f = 0; f < _filters; f++)
                        TensorPrimitives.Add(product.AsSpan(f * rows + p * _n, _n), bias[f], output.AsSpan(((first + p) * _filters + f) * _n, _n));
            }
            if (activated is not null)
            {
                int start = first * _filters * _n, length = count * _filters * _n;
                _activation.ForwardInto<T>(output.AsSpan(start, length), activated.AsSpan(start, length), _n, count * _filters);
            }
        }
    }

    private void BackwardLane(int index, Lane lane)
    {
        var pass = _pass;
        T[] input = MatrixData.ColumnMajor(pass.Input), dOutput = MatrixData.ColumnMajor(pass.OutputGradient);
        // A fused activation: each block's d pre-activation from the activated gradient, while the block is in cache.
        T[]? z = null, activated = null, dActivated = null;
        if (pass.ActivatedGradient is { } g)
            (z, activated, dActivated) = (MatrixData.ColumnMajor(pass.Output), MatrixData.ColumnMajor(pass.Activated!), MatrixData.ColumnMajor(g));
        T[] dKernel = index == 0 ? MatrixData.ColumnMajor(pass.ParameterGradients[0]) : _kernelGradient1;
        var sums = lane.BiasSums;
        Array.Clear(sums);
        T[]? dInput = pass.InputGradient is { } dx ? MatrixData.ColumnMajor(dx) : null;
        if (dInput is not null)
        {
            // Each lane clears the input rows it owns (and lane 1 its own buffer) before adding to them.
            if (index == 0) dInput.AsSpan(0, _boundary * RowLength).Clear();
            else
            {
                dInput.AsSpan(_boundary * RowLength).Clear();
                Array.Clear(_overlap);
            }
        }
        var provider = (ILinearAlgebraProvider<T>)LinearAlgebraControl.Provider;
        var kernel = pass.Parameters[0];
        bool inPlace = InPlace;
        for (int first = lane.First; first < lane.End; first += lane.Size)
        {
            int count = Math.Min(lane.Size, lane.End - first);
            var block = count == lane.Size ? lane.Full! : lane.Last!;
            T[] patches = MatrixData.ColumnMajor(block.Patches), dProduct = MatrixData.ColumnMajor(block.Product);
            int rows = count * _n;
            if (!inPlace) Gather(input, patches, first, count);
            if (dActivated is not null)
            {
                int start = first * _filters * _n, length = count * _filters * _n;
                // One position's block is already in the output's order; a longer one is reordered below.
                var into = count == 1 ? dProduct.AsSpan(0, length) : lane.ActivationGradient.AsSpan(0, length);
                _activation.BackwardInto<T>(z.AsSpan(start, length), activated.AsSpan(start, length), dActivated.AsSpan(start, length), into, _n,
                    count * _filters);
                if (count > 1)
                    for (int p = 0; p < count; p++)
                        for (int f = 0; f < _filters; f++)
                            lane.ActivationGradient.AsSpan((p * _filters + f) * _n, _n).CopyTo(dProduct.AsSpan(f * rows + p * _n, _n));
            }
            else
                for (int p = 0; p < count; p++)
                    for (int f = 0; f < _filters; f++)
                        dOutput.AsSpan(((first + p) * _filters + f) * _n, _n).CopyTo(dProduct.AsSpan(f * rows + p * _n, _n));
            for (int f = 0; f < _filters; f++) sums[f] += TensorPrimitives.Sum<T>(dProduct.AsSpan(f * rows, rows));
            // dKernel (+)= windowsᵀ · dProduct: the lane's first block overwrites, the others add.
            if (inPlace)
            {
                GradientsInPlace(index, input, MatrixData.ColumnMajor(kernel), dProduct, dKernel, first == lane.First, dInput, first);
                continue;
            }
            provider.MatrixMultiplyWithUpdate(Transpose.Transpose, Transpose.DontTranspose, T.One, patches, rows, _window, dProduct, rows, _filters,
                first == lane.First ? T.Zero : T.One, dKernel);
            if (dInput is null) continue;
            block.Product.TransposeAndMultiply(kernel, block.PatchGradient);
            Scatter(index, MatrixData.ColumnMajor(block.PatchGradient), dInput, first, count);
        }
    }

    /// <summary>Where the window of output <paramref name="position"/> starts in kernel row <paramref name="kh"/>: the first value
    /// of its contiguous block of input row (oh·stride + kh) in a batch array (every window lies inside the image).</summary>
    private (int Row, int Column) WindowRow(int position, int kh)
    {
        int oh = position / _g.OutputWidth, ow = position % _g.OutputWidth;
        return (oh * _g.StrideHeight + kh, ow * _g.StrideWidth);
    }

    /// <summary>One position's product without copying its window, into <paramref name="product"/> from <paramref name="offset"/>
    /// (n × filters) = Σ over kernel rows of the input's block for that row (n × width·channels, in place) · the kernel's rows for it.</summary>
    private void ProductInPlace(T[] input, T[] kernel, T[] product, int offset, int position)
    {
        int rowValues = _g.WindowWidth * _channels;
        for (int kh = 0; kh < _g.WindowHeight; kh++)
        {
            var (ih, iw) = WindowRow(position, kh);
            StridedProduct.Run(false, false, _n, _filters, rowValues, input, (ih * _g.InputWidth + iw) * _channels * _n, _n,
                kernel, kh * rowValues, _window, kh == 0 ? T.Zero : T.One, product, offset, _n);
        }
    }

    /// <summary>
    /// One position's kernel gradient (overwritten at the lane's first position, else added) and input gradient (added into
    /// the pixels the window read, or for lane 1 into its own buffer before <see cref="_boundary"/>), kernel row by kernel
    /// row over the input in place: the adjoints of <see cref="ProductInPlace"/>.
    /// </summary>
    private void GradientsInPlace(int lane, T[] input, T[] kernel, T[] dProduct, T[] dKernel, bool overwrite, T[]? dInput, int position)
    {
        int rowValues = _g.WindowWidth * _channels;
        for (int kh = 0; kh < _g.WindowHeight; kh++)
        {
            var (ih, iw) = WindowRow(position, kh);
            StridedProduct.Run(true, false, rowValues, _filters, _n, input, (ih * _g.InputWidth + iw) * _channels * _n, _n,
                dProduct, 0, _n, overwrite ? T.Zero : T.One, dKernel, kh * rowValues, _window);
            if (dInput is null) continue;
            bool own = lane == 1 && ih < _boundary;
            StridedProduct.Run(false, true, _n, rowValues, _filters, dProduct, 0, _n, kernel, kh * rowValues, _window, T.One,
                own ? _overlap : dInput, ((own ? ih - _overlapFirst : ih) * _g.InputWidth + iw) * _channels * _n, _n);
        }
    }

    /// <summary>
    /// Copies the windows of output positions [<paramref name="first"/>, +<paramref name="count"/>) into
    /// <paramref name="patches"/>, one run of samples per (position, kernel row, kernel column, channel); zeros outside the
    /// image. One position's channels are one run in the input, and in the block too when it holds one position.
    /// </summary>
    private void Gather(T[] input, T[] patches, int first, int count)
    {
        var g = _g;
        int n = _n, channels = _channels, rows = count * n, run = count == 1 ? channels * n : n, runs = count == 1 ? 1 : channels;
        for (int kh = 0; kh < g.WindowHeight; kh++)
            for (int kw = 0; kw < g.WindowWidth; kw++)
            {
                int column = (kh * g.WindowWidth + kw) * channels;
                int oh = first / g.OutputWidth, ow = first % g.OutputWidth;
                for (int p = 0; p < count; p++)
                {
                    int ih = oh * g.StrideHeight + kh - g.PadTop, iw = ow * g.StrideWidth + kw - g.PadLeft;
                    bool inside = ih >= 0 && ih < g.InputHeight && iw >= 0 && iw < g.InputWidth;
                    int pixel = (ih * g.InputWidth + iw) * channels * n;
                    for (int c = 0; c < runs; c++)
                    {
                        var destination = patches.AsSpan((column + c) * rows + p * n, run);
                        if (inside) input.AsSpan(pixel + c * n, run).CopyTo(destination);
                        else destination.Clear();
                    }
                    if (++ow == g.OutputWidth) (ow, oh) = (0, oh + 1);
                }
            }
    }

    /// <summary>
    /// The adjoint of <see cref="Gather"/>: adds each window's gradient onto the pixels it was read from, in
    /// <paramref name="dInput"/>, or for lane 1 in its own buffer for the rows before <see cref="_boundary"/>.
    /// </summary>
    private void Scatter(int lane, T[] patchGradient, T[] dInput, int first, int count)
    {
        var g = _g;
        int n = _n, channels = _channels, rows = count * n, run = count == 1 ? channels * n : n, runs = count == 1 ? 1 : channels;
        int rowLength = RowLength;
        for (int kh = 0; kh < g.WindowHeight; kh++)
            for (int kw = 0; kw < g.WindowWidth; kw++)
            {
                int column = (kh * g.WindowWidth + kw) * channels;
                int oh = first / g.OutputWidth, ow = first % g.OutputWidth;
                for (int p = 0; p < count; p++)
                {
                    int ih = oh * g.StrideHeight + kh - g.PadTop, iw = ow * g.StrideWidth + kw - g.PadLeft;
                    if (++ow == g.OutputWidth) (ow, oh) = (0, oh + 1);
                    if (ih < 0 || ih >= g.InputHeight || iw < 0 || iw >= g.InputWidth) continue;
                    bool own = lane == 1 && ih < _boundary;
                    var target = own ? _overlap : dInput;
                    int pixel = (own ? ih - _overlapFirst : ih) * rowLength + iw * channels * n;
                    for (int c = 0; c < runs; c++)
                    {
                        var span = target.AsSpan(pixel + c * n, run);
                        TensorPrimitives.Add(span, patchGradient.AsSpan((column + c) * rows + p * n, run), span);
                    }
                }
            }
    }
}
