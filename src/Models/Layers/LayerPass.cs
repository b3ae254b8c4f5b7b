using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// One layer's buffers for one batch size, as its kernels (<see cref="Layer{T}"/>'s <c>ForwardInto</c> and
/// <c>BackwardInto</c>) see them: the engine makes them once per run and batch size and overwrites them every step, so a
/// kernel reads and writes these matrices and allocates nothing. Matrices are dense and column-major, one sample per row.
/// </summary>
/// <remarks>Only the engine and the pure <see cref="Layer{T}.Trace"/>/<see cref="Layer{T}.Backward"/> make passes.</remarks>
public sealed class LayerPass<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LayerPass(int batchSize) => BatchSize = batchSize;

    /// <summary>Samples in this batch (the rows of every batch matrix).</summary>
    public int BatchSize { get; }

    /// <summary>The input batch (batch × input size). Read only.</summary>
    public Matrix<T> Input { get; internal set; } = null!;

    /// <summary>The output batch (batch × output size), which the forward kernel writes: the pre-activation when the layer has an activation.</summary>
    public Matrix<T> Output { get; internal set; } = null!;

    /// <summary>The gradient of the loss with respect to <see cref="Output"/>, which the backward kernel reads. Read only.</summary>
    public Matrix<T> OutputGradient { get; internal set; } = null!;

    /// <summary>The gradient with respect to <see cref="Input"/>, which the backward kernel writes; null when nothing reads it
    /// (no layer before this one has weights).</summary>
    public Matrix<T>? InputGradient { get; internal set; }

    /// <summary>The live trainable tensors, in the layer's order. Read only.</summary>
    public IReadOnlyList<Matrix<T>> Parameters { get; internal set; } = [];

    /// <summary>The gradients of the loss with respect to <see cref="Parameters"/>, which the backward kernel overwrites.</summary>
    public IReadOnlyList<Matrix<T>> ParameterGradients { get; internal set; } = [];

    /// <summary>The live non-trainable state, which the forward kernel may update in training (moving statistics).</summary>
    public IReadOnlyList<Matrix<T>> State { get; internal set; } = [];

    /// <summary>True in a training step; false for inference, evaluation and validation.</summary>
    public bool Training { get; internal set; }

    /// <summary>This step's random stream for this layer (a dropout mask), drawn from the run's seed, the step and the layer's index.</summary>
    public PortableRandom Random { get; internal set; } = new(0);

    /// <summary>Where a layer that applies its own activation (<see cref="Layer{T}.FusesActivation"/>) also writes the activated
    /// output; null when the engine applies the activation, or nothing does.</summary>
    internal Matrix<T>? Activated { get; set; }

    /// <summary>With <see cref="Activated"/> in training: d loss / d activated output, which the backward kernel reads instead of
    /// <see cref="OutputGradient"/> (then the same buffer, which the kernel must not write).</summary>
    internal Matrix<T>? ActivatedGradient { get; set; }

    /// <summary>What the layer's <c>CreateScratch</c> made for this batch size (null for nothing).</summary>
    public object? Scratch { get; internal set; }
}
