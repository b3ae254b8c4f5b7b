using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A layer with its weights: an immutable record that maps a batch (one sample per row) to a batch,
/// and gives the vector-Jacobian product of that map for backpropagation.
/// </summary>
public abstract record Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private protected Layer(string name, Shape inputShape)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        Name = name;
        InputShape = inputShape;
    }

    /// <summary>The layer's name within its model, as Keras names them ("dense", "dense_1", "flatten").</summary>
    public string Name { get; }

    /// <summary>The kind of layer, as shown in a summary ("Dense", "Flatten").</summary>
    public abstract string Kind { get; }

    /// <summary>The shape of one input sample.</summary>
    public Shape InputShape { get; }

    /// <summary>The shape of one output sample.</summary>
    public abstract Shape OutputShape { get; }

    /// <summary>The trainable tensors, in a fixed order (Dense: kernel, bias).</summary>
    public abstract IReadOnlyList<Matrix<T>> Parameters { get; }

    /// <summary>The number of trainable scalars.</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.RowCount * p.ColumnCount);

    /// <summary>The same layer with other values for its tensors (same shapes, same order as <see cref="Parameters"/>).</summary>
    public abstract Layer<T> WithParameters(IReadOnlyList<Matrix<T>> parameters);

    /// <summary>The layer's output for a batch (the same values as <c>Trace(input).Output</c>).</summary>
    public virtual Matrix<T> Forward(Matrix<T> input) => Trace(input).Output;

    /// <summary>The forward pass, keeping what the backward pass needs.</summary>
    public abstract LayerTrace<T> Trace(Matrix<T> input);

    /// <summary>
    /// The vector-Jacobian product: given the trace of a forward pass and the gradient of a scalar with respect to
    /// the output, the gradient with respect to the input and to each tensor of <see cref="Parameters"/>.
    /// </summary>
    public abstract LayerGradient<T> Backward(LayerTrace<T> trace, Matrix<T> outputGradient);

    /// <summary>Same layer taking ownership of parameter matrices the caller just created (no defensive copy).</summary>
    internal abstract Layer<T> WithOwnedParameters(IReadOnlyList<Matrix<T>> parameters);
}

/// <summary>What one layer's forward pass keeps for its backward pass.</summary>
/// <param name="Input">The layer's input batch.</param>
/// <param name="PreActivation">For Dense, input · kernel + bias; otherwise the output.</param>
/// <param name="Output">The layer's output batch.</param>
public sealed record LayerTrace<T>(Matrix<T> Input, Matrix<T> PreActivation, Matrix<T> Output) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The result of a layer's backward pass.</summary>
/// <param name="InputGradient">The gradient with respect to the layer's input.</param>
/// <param name="ParameterGradients">The gradients with respect to the layer's tensors, in the order of its parameters.</param>
public sealed record LayerGradient<T>(Matrix<T> InputGradient, IReadOnlyList<Matrix<T>> ParameterGradients) where T : unmanaged, IFloatingPointIeee754<T>;
