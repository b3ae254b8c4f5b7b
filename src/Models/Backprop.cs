using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>The loss of a batch, its gradient with respect to every weight (a tree shaped like the model), and the predictions.</summary>
/// <param name="Loss">The batch loss, before any update.</param>
/// <param name="Gradient">d loss / d weights, layer by layer.</param>
/// <param name="Predictions">The model's output for the batch.</param>
public sealed record LossAndGradient<T>(T Loss, ParameterTree<T> Gradient, Matrix<T> Predictions) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Reverse-mode differentiation of a sequential model: one training step's forward and backward passes, through the
/// engine that Fit runs, on copies (nothing the caller holds is written).
/// </summary>
public static class Backprop
{
    /// <summary>
    /// The loss of <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>) as one batch, and its gradient.
    /// </summary>
    /// <remarks>
    /// As Keras does, a softmax output with sparse cross-entropy on probabilities is computed from the logits
    /// (the softmax's input): the same loss without clipping, exact gradients even for confident predictions. The loss
    /// includes the weight penalties (<see cref="Regularizer"/>), as Keras' <c>compute_loss</c> does. Layers that draw in
    /// training (dropout) draw from a run of seed 0 at update 1.
    /// </remarks>
    public static LossAndGradient<T> ValueAndGradient<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (engine, head, b) = Batch(model, loss, x, y);
        engine.Forward(b, training: true);
        var value = head.ValueAndGradient(b);
        engine.Backward(b, headWrotePreActivation: head.FromLogits); // adds the penalties' gradients
        value = Penalties.Total(value, engine.Penalty(), engine.Penalized);
        var gradient = new ParameterTree<T>(engine.Gradients!.Select(l => (IReadOnlyList<Matrix<T>>)l.Select(g => g.Clone()).ToArray()).ToArray());
        return new LossAndGradient<T>(value, gradient, b.Output!.Clone());
    }

    /// <summary>The loss of a batch without gradients, computed the way <see cref="ValueAndGradient"/> computes it.</summary>
    public static T LossValue<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (engine, head, b) = Batch(model, loss, x, y);
        engine.Forward(b, training: true);
        return Penalties.Total(head.Value(b), engine.Penalty(), engine.Penalized);
    }

    /// <summary>An engine over the model's tensors with (x, y) gathered as one batch, after checking them.</summary>
    private static (Engine<T> Engine, LossHead<T> Head, BatchBuffers<T> Batch) Batch<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        model.RequireInput(x);
        ArgumentNullException.ThrowIfNull(y);
        var head = new LossHead<T>(model, loss, []);
        var prediction = MatrixData.Zeros<T>($"Backprop: the output of {x.RowCount} samples", x.RowCount, model.OutputShape.Size);
        loss.Validate(prediction, y); // the targets' shape and values, as the loss needs them
        var engine = new Engine<T>(model, EngineMode.Gradients);
        var b = engine.Buffers(x.RowCount, y.ColumnCount, keepLastOutput: true, keepLastPreActivation: head.FromLogits);
        MatrixData.ColumnMajor(x).AsSpan().CopyTo(MatrixData.ColumnMajor(b.Input));
        MatrixData.ColumnMajor(y).AsSpan().CopyTo(b.Targets);
        return (engine, head, b);
    }
}
