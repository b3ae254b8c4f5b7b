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

    /// <inheritdoc />
    protected override object? CreateScratch(int batchSize) =>
        new bool[MatrixData.Count($"Dropout '{Name}': the mask of {batchSize} samples", batchSize, OutputShape.Size)];

    /// <inheritdoc />
    protected override void ForwardInto(LayerPass<T> pass)
    {
        var x = MatrixData.ColumnMajor(pass.Input);
        var y = MatrixData.ColumnMajor(pass.Output);
        if (!pass.Training || Rate == 0)
        {
            x.AsSpan().CopyTo(y);
            return;
        }
        var keep = (bool[])pass.Scratch!;
        double keepProbability = 1 - Rate;
        T divisor = T.CreateChecked(keepProbability);
        var random = pass.Random;
        for (int k = 0; k < x.Length; k++)
        {
            keep[k] = random.NextDouble() < keepProbability;
            y[k] = keep[k] ? x[k] / divisor : T.Zero; // Keras: where(mask, x / keep_prob, 0)
        }
    }

    /// <inheritdoc />
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
        var keep = (bool[])pass.Scratch!;
        T divisor = T.CreateChecked(1 - Rate);
        for (int k = 0; k < g.Length; k++) dx[k] = keep[k] ? g[k] / divisor : T.Zero;
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
