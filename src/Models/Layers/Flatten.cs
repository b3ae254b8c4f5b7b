using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>Flattens each sample to one dimension, as written in a model definition.</summary>
public sealed record FlattenSpec : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Flatten";

    /// <inheritdoc />
    public override string BaseName => "flatten";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new Shape(input.Size);
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Flatten<T>(this, name, input, parameters, state);

    /// <summary>"Flatten".</summary>
    public override string ToString() => "Flatten";
}

/// <summary>
/// Flattens each sample to one dimension: (28, 28) becomes (784). Samples already travel as rows of
/// <see cref="Shape.Size"/> values, so the batch passes through unchanged; only the logical shape changes.
/// </summary>
public sealed record Flatten<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A Flatten layer for samples of <paramref name="inputShape"/>.</summary>
    public Flatten(string name, Shape inputShape) : base(new FlattenSpec(), name, inputShape, [], [], owned: true)
    {
    }

    internal Flatten(FlattenSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
    }

    /// <inheritdoc />
    protected override bool PassesThrough => true;

    /// <summary>Never called: the engine shares the input's buffer as the output (<see cref="PassesThrough"/>).</summary>
    protected override void ForwardInto(LayerPass<T> pass) => MatrixCopy(pass.Input, pass.Output);

    /// <summary>Never called: the engine shares the output gradient's buffer as the input gradient.</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        if (pass.InputGradient is { } dx) MatrixCopy(pass.OutputGradient, dx);
    }

    private static void MatrixCopy(Matrix<T> from, Matrix<T> to)
    {
        if (!ReferenceEquals(from, to)) from.CopyTo(to);
    }
}

public static partial class Layers
{
    /// <summary>A Flatten layer.</summary>
    public static FlattenSpec Flatten() => new();
}
