using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Keras' <c>Dropout(rate)</c>: in training each value is zeroed with probability <paramref name="Rate"/> and the kept ones
/// are divided by 1 − rate (inverted dropout, so inference needs no rescaling); in inference the layer is the identity.
/// </summary>
/// <param name="Rate">The fraction of values dropped; in [0, 1).</param>
/// <remarks>
/// The mask of each training step comes from the layer's own stream of the run's seed (see <see cref="FitOptions{T}.Seed"/>),
/// drawn per value in column-major order (value k is kept when a uniform draw in [0, 1) is below 1 − rate): the same seed
/// gives the same masks, bit for bit, and a resumed run draws what the uninterrupted one drew.
/// </remarks>
public sealed record DropoutSpec(double Rate) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Dropout";

    /// <inheritdoc />
    public override string BaseName => "dropout";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(Rate >= 0 && Rate < 1))
            throw new ArgumentException(FormattableString.Invariant($"Dropout '{name}': rate must be in [0, 1), got {Rate}."));
        return input;
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Dropout<T>(this, name, input, parameters, state);

    /// <summary>"Dropout(0.5)".</summary>
    public override string ToString() => FormattableString.Invariant($"Dropout({Rate})");
}

/// <summary>A dropout layer (no weights): see <see cref="DropoutSpec"/>.</summary>
public sealed record Dropout<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Dropout(DropoutSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
    }

    /// <summary>The fraction of values dropped in training.</summary>
    public double Rate => ((DropoutSpec)Spec).Rate;

    /// <inheritdoc />
    public override bool TrainingDiffers => true;

    /// <summary>The keep mask of a batch: one (kept) or zero (dropped) per value.</summary>
    protected override object? CreateScratch(int batchSize) =>
        new T[MatrixData.Count($"Dropout '{Name}': the mask of {batchSize} samples", batchSize, OutputShape.Size)];

    /// <summary>In training, draws the mask (one uniform per value, in storage order: the run's stream decides), then keeps
    /// x / keep probability where it is one and writes 0 elsewhere (Keras: where(mask, x / keep_prob, 0)).</summary>
    protected override void ForwardInto(LayerPass<T> pass)
    {
        var x = MatrixData.ColumnMajor(pass.Input);
        var y = MatrixData.ColumnMajor(pass.Output);
        if (!pass.Training || Rate == 0)
        {
            x.AsSpan().CopyTo(y);
            return;
        }
        var keep = (T[])pass.Scratch!;
        double keepProbability = 1 - Rate;
        pass.Random.FillBernoulli<T>(keep, keepProbability);
        Masked(x, keep, T.CreateChecked(keepProbability), y);
    }

    /// <summary>The same mask and scale on the output gradient.</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        if (pass.InputGradient is not { } dxMatrix) return;
        var g = MatrixData.ColumnMajor(pass.OutputGradient);
        var dx = MatrixData.ColumnMajor(dxMatrix);
        if (!pass.Training || Rate == 0)
        {
            g.AsSpan().CopyTo(dx);
            return;
        }
        Masked(g, (T[])pass.Scratch!, T.CreateChecked(1 - Rate), dx);
    }

    /// <summary>
    /// result = values / divisor where the mask is one, else 0, a vector at a time and without branches: a branch on a random
    /// mask mispredicts at every other value (measured: the convnet's dropout took 9% of its epoch as a scalar loop). Each
    /// lane is one IEEE division, so the bits are the scalar formula's; a dropped NaN or infinity is 0, as in Keras.
    /// </summary>
    private static void Masked(ReadOnlySpan<T> values, ReadOnlySpan<T> mask, T divisor, Span<T> result)
    {
        int n = values.Length;
        if (mask.Length < n || result.Length < n)
            throw new ArgumentException($"Dropout: {n} values, a mask of {mask.Length} and a result of {result.Length}.");
        var d = new System.Numerics.Vector<T>(divisor);
        int whole = Lanes.WholeLength<T>(n);
        for (int k = 0; k < whole; k += System.Numerics.Vector<T>.Count)
            Lanes.StoreWhole(Keep(Lanes.LoadWhole(values, k), Lanes.LoadWhole(mask, k), d), result, k);
        if (whole < n) Lanes.Store(Keep(Lanes.Load(values, whole), Lanes.Load(mask[..n], whole), d), result[..n], whole);

        static System.Numerics.Vector<T> Keep(System.Numerics.Vector<T> v, System.Numerics.Vector<T> m, System.Numerics.Vector<T> d) =>
            System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.Equals(m, System.Numerics.Vector<T>.One), v / d,
                System.Numerics.Vector<T>.Zero);
    }
}

public static partial class Layers
{
    /// <summary>Keras' <c>Dropout(rate)</c>: drops a fraction <paramref name="rate"/> of the values in training.</summary>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is not in [0, 1).</exception>
    public static DropoutSpec Dropout(double rate) =>
        rate >= 0 && rate < 1 ? new(rate) : throw new ArgumentException(FormattableString.Invariant($"Dropout: rate must be in [0, 1), got {rate}."),
            nameof(rate));
}
