using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>Keras' <c>Reshape(target_shape)</c>: the same values per sample under another shape; one dimension may be −1 (inferred).</summary>
/// <param name="TargetShape">The new dimensions, without the batch; at most one −1.</param>
public sealed record ReshapeSpec(IReadOnlyList<int> TargetShape) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "Reshape";

    /// <inheritdoc />
    public override string BaseName => "reshape";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (TargetShape is null || TargetShape.Count == 0) throw new ArgumentException($"Reshape '{name}': the target shape is empty.");
        int unknown = TargetShape.Count(d => d == -1);
        if (unknown > 1 || TargetShape.Any(d => d == 0 || d < -1))
            throw new ArgumentException($"Reshape '{name}': target shape ({string.Join(", ", TargetShape)}) must hold positive sizes and at most one -1.");
        long known = TargetShape.Where(d => d > 0).Aggregate(1L, (p, d) => p * d);
        var dimensions = TargetShape.ToArray();
        if (unknown == 1)
        {
            if (known == 0 || input.Size % known != 0)
                throw new ArgumentException(
                    $"Reshape '{name}': {input.Size} values per sample {input} do not divide into ({string.Join(", ", TargetShape)}).");
            dimensions[Array.IndexOf(dimensions, -1)] = (int)(input.Size / known);
        }
        else if (known != input.Size)
            throw new ArgumentException(
                $"Reshape '{name}': target shape ({string.Join(", ", TargetShape)}) holds {known} values per sample, but its input {input} " +
                $"holds {input.Size}.");
        return new Shape(dimensions);
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Reshape<T>(this, name, input, parameters, state);

    /// <summary>Equal when the target shapes are equal.</summary>
    public bool Equals(ReshapeSpec? other) => other is not null && TargetShape.SequenceEqual(other.TargetShape);

    /// <inheritdoc />
    public override int GetHashCode() => TargetShape.Aggregate(17, (h, d) => h * 31 + d);

    /// <summary>"Reshape((28, 28, 1))".</summary>
    public override string ToString() => $"Reshape(({string.Join(", ", TargetShape)}))";
}

/// <summary>A reshape: samples travel as rows of values in row-major order of their shape, so only the logical shape changes.</summary>
public sealed record Reshape<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Reshape(ReshapeSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
    }

    /// <inheritdoc />
    protected override bool PassesThrough => true;

    /// <summary>Never called: the engine shares the buffers (<see cref="PassesThrough"/>).</summary>
    protected override void ForwardInto(LayerPass<T> pass) => pass.Input.CopyTo(pass.Output);

    /// <summary>Never called: the engine shares the buffers.</summary>
    protected override void BackwardInto(LayerPass<T> pass) => pass.OutputGradient.CopyTo(pass.InputGradient);
}

public static partial class Layers
{
    /// <summary>Keras' <c>Reshape(target_shape)</c>, e.g. <c>Reshape(28, 28, 1)</c> before a Conv2D; one dimension may be -1.</summary>
    public static ReshapeSpec Reshape(params int[] targetShape)
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Length == 0) throw new ArgumentException("Reshape: give the target shape.", nameof(targetShape));
        return new([.. targetShape]);
    }
}
