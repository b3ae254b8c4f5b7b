using Functional.Core;
using Functional.Core.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>What an engine does with the model's tensors.</summary>
internal enum EngineMode
{
    /// <summary>Forward passes only, reading the model's own tensors (never written).</summary>
    Inference,
    /// <summary>Forward and backward passes over the model's own tensors, into gradient buffers of its own.</summary>
    Gradients,
    /// <summary>Training: working copies of the tensors and the state, updated in place, and gradient buffers.</summary>
    Training,
}

/// <summary>
/// The one implementation of running a sequential model: the only forward loop and the only backward loop, over
/// buffers made once per batch size (<see cref="BatchBuffers{T}"/>). Training, evaluation, prediction and
/// backpropagation are thin wrappers over it, so the code the gradient checks test is the code that trains.
/// </summary>
/// <remarks>
/// A layer's kernels (<see cref="Layer{T}"/>'s contract) compute its own map; the engine applies each layer's
/// activation after its forward kernel and before its backward kernel, so activations are implemented once, here.
/// The loss head (<see cref="LossHead{T}"/>) may write the last layer's pre-activation gradient itself (Keras' softmax
/// fusion); <see cref="Backward"/> then skips that activation.
/// </remarks>
internal sealed class Engine<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<BatchBuffers<T>> _buffers = [];

    /// <summary>An engine over <paramref name="model"/>'s tensors (copies in <see cref="EngineMode.Training"/>).</summary>
    public Engine(Model<T> model, EngineMode mode)
    {
        // The products below run on the process's provider: install the fast one first, whatever the entry point, so
        // every entry point gives the same bits.
        LinearAlgebraProviders.EnsureInitialized();
        Model = model;
        var layers = model.Layers;
        bool copies = mode == EngineMode.Training;
        Parameters = layers.Select(l => copies ? l.ParameterStore.Select(DenseCopy).ToArray() : l.ParameterStore).ToArray();
        // A training-mode forward pass updates the state in place (moving statistics), so every mode but inference works on copies:
        // Backprop must not write the caller's model.
        State = layers.Select(l => mode != EngineMode.Inference ? l.StateStore.Select(DenseCopy).ToArray() : l.StateStore).ToArray();
        Gradients = mode == EngineMode.Inference ? null
            : layers.Select(l => l.ParameterStore.Select(p => Matrix<T>.Build.Dense(p.RowCount, p.ColumnCount)).ToArray()).ToArray();
        // Only a layer with weights before it needs its input gradient: the gradient with respect to the data is never read.
        // Read once: a spec may build its list on every read, and the step must not allocate.
        _regularizers = layers.Select(l => l.Spec.ParameterRegularizers.ToArray()).ToArray();
        Penalized = _regularizers.Any(l => l.Any(r => r is not null));
        NeedsInputGradient = new bool[layers.Count];
        for (int i = 1; i < layers.Count; i++) NeedsInputGradient[i] = NeedsInputGradient[i - 1] || layers[i - 1].ParameterStore.Length > 0;
    }

    /// <summary>The architecture (its tensors are the starting values, not the working ones).</summary>
    public Model<T> Model { get; }

    /// <summary>Per layer, the working trainable tensors (dense column-major; the training run updates them in place).</summary>
    public Matrix<T>[][] Parameters { get; }

    /// <summary>Per layer, the gradients of the last backward pass (null for inference).</summary>
    public Matrix<T>[][]? Gradients { get; }

    /// <summary>Per layer, the working non-trainable state.</summary>
    public Matrix<T>[][] State { get; }

    /// <summary>Per layer, whether its backward kernel must compute its input gradient.</summary>
    public bool[] NeedsInputGradient { get; }

    /// <summary>The buffers for batches of <paramref name="count"/> samples, made on first use (without gradients, with
    /// activations applied in place, but for the last layer's when <paramref name="keepLastPreActivation"/>).</summary>
    public BatchBuffers<T> Buffers(int count, int targetWidth, bool keepLastOutput, bool keepLastPreActivation)
    {
        foreach (var b in _buffers)
            if (b.Count == count) return b;
        var made = new BatchBuffers<T>(this, count, targetWidth, keepLastOutput, inPlaceActivations: Gradients is null,
            keepLastPreActivation: keepLastPreActivation, inPlaceWhereBackwardAllows: true);
        made.Shards = UnitShards<T>.For(this, made);
        made.RowShards = RowShards<T>.For(this, made);
        _buffers.Add(made);
        return made;
    }

    /// <summary>
    /// Inference buffers over <paramref name="input"/> itself (read in place, never written), with activations applied in
    /// place: the whole of a caller's batch in one pass, without gathering a copy. Not kept for later calls; with
    /// <paramref name="scratch"/> the intermediate outputs are this thread's kept arrays (<see cref="BatchBuffers{T}.ReturnScratch"/>).
    /// </summary>
    public BatchBuffers<T> InferenceOver(Matrix<T> input, bool scratch = false)
    {
        var made = new BatchBuffers<T>(this, input.RowCount, targetWidth: 0, keepLastOutput: true, input, inPlaceActivations: Gradients is null,
            scratch: scratch);
        made.RowShards = RowShards<T>.For(this, made);
        return made;
    }

    /// <summary>Per layer, the seed of its random stream (see <see cref="LayerRandom"/>), for a run of seed 0 until <see cref="Seed"/>.</summary>
    private ulong[] _layerSeeds = [];

    /// <summary>Gives the layers that draw in training their streams of the run's <paramref name="seed"/>.</summary>
    public void Seed(ulong seed) =>
        _layerSeeds = Model.Layers.Select((l, i) => l.TrainingDiffers ? LayerRandom.LayerSeed(seed, i) : 0UL).ToArray();

    /// <summary>The forward pass of the batch in <paramref name="b"/>'s input, every layer in order: its kernel, then its activation.</summary>
    /// <param name="b">The batch's buffers.</param>
    /// <param name="training">Run the layers' training behaviour.</param>
    /// <param name="step">In training, the number of the update this pass leads to (1 for the first): it picks the layers' random streams.</param>
    public void Forward(BatchBuffers<T> b, bool training, long step = 1)
    {
        var layers = Model.Layers;
        if (training && _layerSeeds.Length == 0) Seed(0);
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var pass = b.Passes[i];
            pass.Training = training;
            if (training && layer.TrainingDiffers) pass.Random.Restart(_layerSeeds[i], (ulong)step);
            if (b.Shards?.CutOf(i) > 0)
            {
                b.Shards.Forward(i); // the kernel and the activation, half the units on each core
                continue;
            }
            if (b.RowShards?.Shards(i) == true)
            {
                b.RowShards.Forward(i); // the kernel (and the activation where it keeps its bits), half the rows on each core
                if (b.RowShards.ActivatesInLanes(layer)) continue;
            }
            else if (!layer.IsPassThrough) layer.RunForward(pass);
            if (HasNonLinearActivation(layer) && b.Activated[i] is { } a && pass.Activated is null) // else the kernel applied it
                layer.Activation!.ForwardInto<T>(MatrixData.ColumnMajor(pass.Output), MatrixData.ColumnMajor(a), b.Count, a.ColumnCount);
        }
    }

    /// <summary>
    /// The backward pass, last layer to first, from the loss gradient the head wrote: d loss / d output in
    /// <see cref="BatchBuffers{T}.ActivatedGradient"/>, or, when <paramref name="headWrotePreActivation"/>, d loss / d
    /// pre-activation of the last layer in its pass. Leaves every parameter gradient in <see cref="Gradients"/>.
    /// </summary>
    public void Backward(BatchBuffers<T> b, bool headWrotePreActivation)
    {
        var layers = Model.Layers;
        for (int i = layers.Count - 1; i >= 0; i--)
        {
            var layer = layers[i];
            var pass = b.Passes[i];
            bool fused = headWrotePreActivation && i == layers.Count - 1;
            if (b.Shards?.CutOf(i) > 0)
            {
                b.Shards.Backward(i, fused); // the activation and the parameter gradients, half the units on each core
                if (pass.InputGradient is not null) layer.InputGradientInto(pass);
                AddPenaltyGradients(i);
                continue;
            }
            if (HasNonLinearActivation(layer) && !fused && pass.ActivatedGradient is null) // else the kernel starts from d activated
                layer.Activation!.BackwardInto<T>(MatrixData.ColumnMajor(pass.Output), MatrixData.ColumnMajor(b.Activated[i]!),
                    MatrixData.ColumnMajor(b.ActivatedGradient[i]), MatrixData.ColumnMajor(pass.OutputGradient), b.Count, pass.OutputGradient.ColumnCount);
            if (b.Shards?.DefersParameterGradients(i) == true) layer.InputGradientInto(pass); // the rest in the lanes of the layer below
            else if (!layer.IsPassThrough && (pass.InputGradient is not null || pass.Parameters.Count > 0)) layer.RunBackward(pass);
            AddPenaltyGradients(i);
        }
    }

    /// <summary>Whether any tensor has a weight penalty (the loss then adds <see cref="Penalty"/>).</summary>
    public bool Penalized { get; }

    /// <summary>Whether any of layer <paramref name="i"/>'s tensors has a weight penalty.</summary>
    public bool IsPenalized(int i) => Array.Exists(_regularizers[i], r => r is not null);

    /// <summary>Per layer, its tensors' penalties (null for none), as its spec gives them.</summary>
    private readonly Regularizer?[][] _regularizers;

    /// <summary>The weight penalties of the working tensors, summed in double (0 without any).</summary>
    public double Penalty()
    {
        double sum = 0;
        for (int i = 0; i < _regularizers.Length; i++)
        {
            var regularizers = _regularizers[i];
            for (int j = 0; j < regularizers.Length; j++)
                if (regularizers[j] is { } r) sum += r.Penalty<T>(MatrixData.ColumnMajor(Parameters[i][j]));
        }
        return sum;
    }

    /// <summary>Adds layer <paramref name="i"/>'s penalty gradients to its parameter gradients.</summary>
    private void AddPenaltyGradients(int i)
    {
        var regularizers = _regularizers[i];
        for (int j = 0; j < regularizers.Length; j++)
            if (regularizers[j] is { } r) r.AddGradient<T>(MatrixData.ColumnMajor(Parameters[i][j]), MatrixData.ColumnMajor(Gradients![i][j]));
    }

    /// <summary>A model holding copies of the working tensors (or of <paramref name="parameters"/> when given).</summary>
    public Model<T> Snapshot(Matrix<T>[][]? parameters = null)
    {
        parameters ??= Parameters;
        return Model.WithOwnedTensors(
            parameters.Select(l => l.Select(DenseCopy).ToArray()).ToArray(),
            State.Select(l => l.Select(DenseCopy).ToArray()).ToArray());
    }

    /// <summary>True when the engine must apply <paramref name="layer"/>'s activation (a linear one leaves the values as they are).</summary>
    public static bool HasNonLinearActivation(Layer<T> layer) => !layer.IsPassThrough && layer.Activation is { } a && a != Activation.Linear;

    private static Matrix<T> DenseCopy(Matrix<T> m) => Matrix<T>.Build.DenseOfMatrix(m);
}
