using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>The loss of a batch, its gradient with respect to every weight (a tree shaped like the model), and the predictions.</summary>
/// <param name="Loss">The batch loss, before any update.</param>
/// <param name="Gradient">d loss / d weights, layer by layer.</param>
/// <param name="Predictions">The model's output for the batch.</param>
public sealed record LossAndGradient<T>(T Loss, ParameterTree<T> Gradient, Matrix<T> Predictions) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Reverse-mode differentiation of a sequential model: forward with traces, then vector-Jacobian products back.</summary>
public static class Backprop
{
    /// <summary>
    /// The loss of <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>) and its gradient.
    /// </summary>
    /// <remarks>
    /// As Keras does, a softmax output with sparse cross-entropy on probabilities is computed from the logits
    /// (the softmax's input): the same loss without clipping, exact gradients even for confident predictions.
    /// </remarks>
    public static LossAndGradient<T> ValueAndGradient<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        var traces = model.Trace(x);
        var last = traces[^1];
        var layers = model.Layers;
        var gradients = new IReadOnlyList<Matrix<T>>[layers.Count];

        T value;
        Matrix<T> upstream;
        int start = layers.Count - 1;
        if (UsesLogits(model, loss))
        {
            var logitsLoss = Loss.SparseCategoricalCrossentropy(fromLogits: true);
            (value, var dz) = logitsLoss.ValueAndGradient(last.PreActivation, y);
            var dense = (Dense<T>)layers[start];
            var g = dense.BackwardFromPreActivation(last, dz);
            gradients[start] = g.ParameterGradients;
            upstream = g.InputGradient;
            start--;
        }
        else
        {
            (value, upstream) = loss.ValueAndGradient(last.Output, y);
        }

        for (int i = start; i >= 0; i--)
        {
            var g = layers[i].Backward(traces[i], upstream);
            gradients[i] = g.ParameterGradients;
            upstream = g.InputGradient;
        }
        return new LossAndGradient<T>(value, new ParameterTree<T>(gradients), last.Output);
    }

    /// <summary>The loss of a batch without gradients, computed the way <see cref="ValueAndGradient"/> computes it.</summary>
    public static T LossValue<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        var traces = model.Trace(x);
        return UsesLogits(model, loss)
            ? Loss.SparseCategoricalCrossentropy(fromLogits: true).Value(traces[^1].PreActivation, y)
            : loss.Value(traces[^1].Output, y);
    }

    /// <summary>True when the loss is taken from the logits of a final softmax (Keras' behaviour).</summary>
    internal static bool UsesLogits<T>(Model<T> model, Loss loss) where T : unmanaged, IFloatingPointIeee754<T> =>
        loss.TakesClassIndices && !loss.ExpectsLogits && model.Layers[^1] is Dense<T> { Activation.Name: "softmax" };
}
