using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The activations and gradients of one batch size, allocated once and overwritten every step: per layer its input,
/// pre-activation Z, output A, the gradient with respect to A (dA), to Z (dZ) and to its input (dX).
/// A Flatten layer passes its neighbours' matrices through, as its forward and backward passes do.
/// </summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Buffers for batches of <paramref name="count"/> samples through <paramref name="model"/>.</summary>
    /// <param name="model">The architecture.</param>
    /// <param name="count">Samples per batch.</param>
    /// <param name="targetWidth">Values per target row (1 for class indices).</param>
    /// <param name="keepLastOutput">
    /// False when nobody reads the last layer's output (softmax differentiated from its logits and no metrics): it is
    /// then not computed at all.
    /// </param>
    public BatchBuffers(Model<T> model, int count, int targetWidth, bool keepLastOutput)
    {
        var layers = model.Layers;
        int n = layers.Count;
        Count = count;
        Input = Matrix<T>.Build.Dense(count, model.InputShape.Size);
        Targets = new T[count * targetWidth];
        LayerInput = new Matrix<T>[n];
        PreActivation = new Matrix<T>?[n];
        Output = new Matrix<T>?[n];
        PreActivationGradient = new Matrix<T>?[n];
        OutputGradient = new Matrix<T>?[n];
        InputGradient = new Matrix<T>?[n];

        var current = Input;
        for (int i = 0; i < n; i++)
        {
            LayerInput[i] = current;
            if (layers[i] is Dense<T> dense)
            {
                PreActivation[i] = Matrix<T>.Build.Dense(count, dense.Units);
                bool computed = i < n - 1 || keepLastOutput;
                Output[i] = computed ? Matrix<T>.Build.Dense(count, dense.Units) : null;
                PreActivationGradient[i] = Matrix<T>.Build.Dense(count, dense.Units);
            }
            else
            {
                Output[i] = current; // Flatten: the batch passes through unchanged
            }
            current = Output[i]!;
        }

        // Backward, last to first: a layer's output gradient is the next layer's input gradient (or the loss gradient).
        bool denseBefore = false;
        var firstDenseBefore = new bool[n];
        for (int i = 0; i < n; i++) { firstDenseBefore[i] = denseBefore; denseBefore |= layers[i] is Dense<T>; }
        Matrix<T>? upstream = Matrix<T>.Build.Dense(count, model.OutputShape.Size);
        for (int i = n - 1; i >= 0; i--)
        {
            OutputGradient[i] = upstream;
            if (layers[i] is Dense<T> dense)
                // Only a layer with a Dense layer before it needs dX: the gradient with respect to the data is never read.
                InputGradient[i] = firstDenseBefore[i] ? Matrix<T>.Build.Dense(count, dense.InputShape.Size) : null;
            else
                InputGradient[i] = upstream; // Flatten: the gradient passes through unchanged
            upstream = InputGradient[i];
        }
    }

    /// <summary>Samples per batch.</summary>
    public int Count { get; }

    /// <summary>The gathered batch of inputs (count × input size).</summary>
    public Matrix<T> Input { get; }

    /// <summary>The gathered targets, column-major (count × target width).</summary>
    public T[] Targets { get; }

    /// <summary>Per layer, its input batch.</summary>
    public Matrix<T>[] LayerInput { get; }

    /// <summary>Per Dense layer, input · kernel + bias.</summary>
    public Matrix<T>?[] PreActivation { get; }

    /// <summary>Per layer, its output (null for a last layer whose output is not needed).</summary>
    public Matrix<T>?[] Output { get; }

    /// <summary>Per Dense layer, d loss / d pre-activation.</summary>
    public Matrix<T>?[] PreActivationGradient { get; }

    /// <summary>Per layer, d loss / d output.</summary>
    public Matrix<T>?[] OutputGradient { get; }

    /// <summary>Per layer, d loss / d input (null where nothing reads it).</summary>
    public Matrix<T>?[] InputGradient { get; }
}
