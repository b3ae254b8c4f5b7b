// A layer family defined outside the library: docs/architecture.md shows it, tests/Unit compiles and tests it
// (ScaleLayerTests: gradients against finite differences, the engine against the reference fold, the model file).
using System.Numerics;
using System.Numerics.Tensors;
using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace MyProject.Layers;

// <scale>
/// <summary>Scale(factor): multiplies every input by a fixed factor, y = factor · x. No weights, no state.</summary>
public sealed record ScaleSpec(double Factor) : LayerSpec
{
    public override string Kind => "Scale";
    public override string BaseName => "scale";
    public override Shape OutputShape(string name, Shape input) =>
        double.IsFinite(Factor) ? input : throw new ArgumentException($"Scale '{name}': the factor must be finite, got {Factor}.");

    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new Scale<T>(this, name, input, parameters, state);
}

/// <summary>The Scale layer: its kernels read and write the engine's buffers (column-major, one sample per row).</summary>
public sealed record Scale<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Scale(ScaleSpec spec, string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, input, parameters, state) { }

    private T Factor => T.CreateTruncating(((ScaleSpec)Spec).Factor);

    // y = factor · x
    protected override void ForwardInto(LayerPass<T> pass) =>
        TensorPrimitives.Multiply(MatrixData.ColumnMajor(pass.Input), Factor, MatrixData.ColumnMajor(pass.Output));

    // dL/dx = factor · dL/dy, when anything reads it; there are no weights to differentiate.
    protected override void BackwardInto(LayerPass<T> pass)
    {
        if (pass.InputGradient is { } dx)
            TensorPrimitives.Multiply(MatrixData.ColumnMajor(pass.OutputGradient), Factor, MatrixData.ColumnMajor(dx));
    }
}
// </scale>
