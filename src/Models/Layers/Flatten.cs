using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Flattens each sample to one dimension: (28, 28) becomes (784). Samples already travel as rows of
/// <see cref="Shape.Size"/> values, so the batch passes through unchanged; only the logical shape changes.
/// </summary>
public sealed record Flatten<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A Flatten layer for samples of <paramref name="inputShape"/>.</summary>
    public Flatten(string name, Shape inputShape) : base(name, inputShape) => OutputShape = new Shape(inputShape.Size);

    /// <inheritdoc />
    public override string Kind => "Flatten";

    /// <inheritdoc />
    public override Shape OutputShape { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Matrix<T>> Parameters => [];

    /// <inheritdoc />
    public override Layer<T> WithParameters(IReadOnlyList<Matrix<T>> parameters) => WithOwnedParameters(parameters);

    internal override Layer<T> WithOwnedParameters(IReadOnlyList<Matrix<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != 0)
            throw new ArgumentException($"Flatten '{Name}': has no tensors, got {parameters.Count}.", nameof(parameters));
        return this;
    }

    /// <inheritdoc />
    public override LayerTrace<T> Trace(Matrix<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ColumnCount != InputShape.Size)
            throw new ArgumentException(
                $"Flatten '{Name}': expects samples of shape {InputShape} ({InputShape.Size} values per row), got a batch of shape {MatrixData.Shape(input)}.",
                nameof(input));
        return new LayerTrace<T>(input, input, input);
    }

    /// <inheritdoc />
    public override LayerGradient<T> Backward(LayerTrace<T> trace, Matrix<T> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(trace);
        MatrixData.RequireSameShape($"Flatten '{Name}'.Backward", trace.Output, outputGradient, "output", nameof(outputGradient));
        return new LayerGradient<T>(outputGradient, []);
    }
}
