using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Every matrix one batch size needs, allocated once and overwritten every step: the gathered inputs and targets, and
/// per layer its <see cref="LayerPass{T}"/> (input, kernel output, their gradients, scratch) plus its activated output
/// and that output's gradient. Where two of them hold the same values they are one matrix: a layer's input is the
/// previous activated output; without a non-linear activation the activated output is the kernel's output (and the
/// same for the gradients); a pass-through layer (Flatten) shares its input.
/// </summary>
internal sealed class BatchBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Buffers for batches of <paramref name="count"/> samples through <paramref name="engine"/>'s model.</summary>
    /// <param name="engine">The model's working tensors.</param>
    /// <param name="count">Samples per batch.</param>
    /// <param name="targetWidth">Values per target row (1 for class indices; 0 for prediction without targets).</param>
    /// <param name="keepLastOutput">False when nobody reads the last layer's activated output (softmax differentiated from
    /// its logits and no metrics): it is then neither allocated nor computed.</param>
    /// <param name="input">The batch itself, read in place (a caller's whole matrix for one-batch inference); null: a buffer to gather into.</param>
    /// <param name="inPlaceActivations">Apply activations over the kernel's output instead of into a matrix of their own:
    /// for inference, where no backward pass needs the pre-activations (half the memory, as many passes over it)…</param>
    /// <param name="keepLastPreActivation">… except the last layer's when the loss reads its logits (the softmax fusion).</param>
    /// <param name="inPlaceWhereBackwardAllows">Also in training, for each activation whose backward reads only its output
    /// (<see cref="Activation.BackwardReadsOutputOnly"/>: relu, sigmoid, tanh, softmax): the pre-activations are then never
    /// needed, and one matrix instead of two halves the memory the pass writes and the backward pass reads (same bits).</param>
    /// <param name="scratch">Take the intermediate outputs (every layer's before the one that makes the model's output) from
    /// <see cref="InferenceScratch{T}"/>; <see cref="ReturnScratch"/> gives them back. Only with in-place activations.</param>
    public BatchBuffers(Engine<T> engine, int count, int targetWidth, bool keepLastOutput, Matrix<T>? input = null,
        bool inPlaceActivations = false, bool keepLastPreActivation = false, bool scratch = false, bool inPlaceWhereBackwardAllows = false)
    {
        var layers = engine.Model.Layers;
        int n = layers.Count;
        Count = count;
        Input = input ?? MatrixData.Zeros<T>($"a batch of {count} inputs", count, engine.Model.InputShape.Size);
        Targets = new T[MatrixData.Count($"the targets of a batch of {count}", count, targetWidth)];
        Passes = new LayerPass<T>[n];
        Activated = new Matrix<T>?[n];
        ActivatedGradient = new Matrix<T>[n];

        var current = Input;
        // The layer whose output is the model's (pass-through layers after it share it): it and those after it are never scratch.
        int last = n - 1;
        while (last > 0 && layers[last].IsPassThrough) last--;
        for (int i = 0; i < n; i++)
        {
            var layer = layers[i];
            var pass = Passes[i] = new LayerPass<T>(count)
            {
                Input = current,
                Output = layer.IsPassThrough ? current
                    : scratch && inPlaceActivations && i < last ? Scratch(layer, count)
                    : MatrixData.Zeros<T>(Buffer(layer, "output", count), count, layer.OutputShape.Size),
                Parameters = engine.Parameters[i],
                ParameterGradients = engine.Gradients?[i] ?? [],
                State = engine.State[i],
                Scratch = layer.NewScratch(count),
            };
            bool activated = Engine<T>.HasNonLinearActivation(layer);
            bool inPlace = (inPlaceActivations || (inPlaceWhereBackwardAllows && activated && layer.Activation!.BackwardReadsOutputOnly))
                && !(i == n - 1 && keepLastPreActivation);
            Activated[i] = !activated || inPlace ? pass.Output
                : i < n - 1 || keepLastOutput ? MatrixData.Zeros<T>(Buffer(layer, "output", count), count, layer.OutputShape.Size) : null;
            // The model's output layer never fuses: the loss head may write its pre-activation gradient.
            if (activated && i < last && Activated[i] is { } a && layer.FusesActivation(count)) pass.Activated = a;
            current = Activated[i]!;
        }
        if (engine.Gradients is null) return;

        // Backward, last to first: a layer's output gradient is the next layer's input gradient (or the loss gradient).
        var upstream = MatrixData.Zeros<T>($"the output gradient of a batch of {count}", count, engine.Model.OutputShape.Size);
        for (int i = n - 1; i >= 0; i--)
        {
            var layer = layers[i];
            var pass = Passes[i];
            ActivatedGradient[i] = upstream;
            if (pass.Activated is not null) pass.ActivatedGradient = upstream;
            // A fused activation's kernel reads the activated gradient and keeps its pre-activation gradient in its blocks.
            pass.OutputGradient = Engine<T>.HasNonLinearActivation(layer) && pass.Activated is null
                ? MatrixData.Zeros<T>(Buffer(layer, "output gradient", count), count, layer.OutputShape.Size)
                : upstream;
            pass.InputGradient = layer.IsPassThrough ? pass.OutputGradient
                : engine.NeedsInputGradient[i] ? MatrixData.Zeros<T>(Buffer(layer, "input gradient", count), count, layer.InputShape.Size) : null;
            upstream = pass.InputGradient!;
        }
    }

    /// <summary>Samples per batch.</summary>
    public int Count { get; }

    /// <summary>The gathered batch of inputs (count × input size).</summary>
    public Matrix<T> Input { get; }

    /// <summary>The gathered targets, column-major (count × target width).</summary>
    public T[] Targets { get; }

    /// <summary>Per layer, what its kernels read and write.</summary>
    public LayerPass<T>[] Passes { get; }

    /// <summary>Per layer, its output after its activation (null for a last output nobody reads).</summary>
    public Matrix<T>?[] Activated { get; }

    /// <summary>Per layer, d loss / d activated output (empty without gradients).</summary>
    public Matrix<T>[] ActivatedGradient { get; }

    /// <summary>How the wide layers of this batch size share the work between two cores, or null when every layer runs whole.</summary>
    public UnitShards<T>? Shards { get; internal set; }

    /// <summary>How an inference pass over this many rows shares the work between two cores, or null when every layer runs whole.</summary>
    public RowShards<T>? RowShards { get; internal set; }

    /// <summary>The model's output for the batch (the last activated output).</summary>
    public Matrix<T>? Output => Activated[^1];

    private readonly List<T[]> _scratch = [];

    private Matrix<T> Scratch(Layer<T> layer, int count)
    {
        var array = InferenceScratch<T>.Rent(MatrixData.Count(Buffer(layer, "output", count), count, layer.OutputShape.Size), clear: !layer.OverwritesOutput);
        _scratch.Add(array);
        return MatrixData.Wrap(count, layer.OutputShape.Size, array);
    }

    /// <summary>Gives the intermediate outputs back to <see cref="InferenceScratch{T}"/> once the pass is done and only its output is read.</summary>
    public void ReturnScratch()
    {
        foreach (var array in _scratch) InferenceScratch<T>.Return(array);
        _scratch.Clear();
    }

    /// <summary>How a size error names a buffer: "Dense 'dense_1': the output of a batch of 32".</summary>
    private static string Buffer(Layer<T> layer, string what, int count) => $"{layer.Kind} '{layer.Name}': the {what} of a batch of {count}";
}
