using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A layer with its weights: an immutable record of its configuration (<see cref="Spec"/>), its trainable tensors
/// (<see cref="Parameters"/>) and its non-trainable state (<see cref="State"/>), mapping a batch (one sample per row) to
/// a batch. This type is the contract between a layer family and the engine that trains and runs every model.
/// </summary>
/// <remarks>
/// <para>
/// A layer family implements two in-place kernels, <see cref="ForwardInto"/> and <see cref="BackwardInto"/>, over
/// buffers the engine makes once per batch size (a <see cref="LayerPass{T}"/>). Everything else is generic: the engine
/// applies the layer's <see cref="Activation"/>, decides the loss head's logits fusion, and runs the only forward and
/// backward loops; the pure <see cref="Trace"/>, <see cref="Forward"/> and <see cref="Backward"/> below call the same
/// kernels on fresh buffers (the in-place kernel behind one pure entry point, as in Lux). Shapes, initialization and
/// the file format come from the <see cref="LayerSpec"/>.
/// </para>
/// <para>
/// Tensors are matrices: a Dense kernel is inputs × units, a bias 1 × units. They are copied in and copied out, so
/// nobody can change a layer's weights behind its back.
/// </para>
/// </remarks>
public abstract record Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A layer of <paramref name="spec"/> with copies of <paramref name="parameters"/> and <paramref name="state"/>,
    /// which must have the shapes the spec gives for <paramref name="inputShape"/>.</summary>
    /// <exception cref="ArgumentException">A shape does not fit; the message names the layer and the tensor.</exception>
    protected Layer(LayerSpec spec, string name, Shape inputShape, IReadOnlyList<Matrix<T>> parameters, IReadOnlyList<Matrix<T>> state)
        : this(spec, name, inputShape, Copies(parameters, nameof(parameters)), Copies(state, nameof(state)), owned: true)
    {
    }

    /// <summary>As the protected constructor, taking ownership of tensors the library just made (no copies).</summary>
    private protected Layer(LayerSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state, bool owned)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inputShape);
        _ = owned;
        Spec = spec;
        Name = name;
        InputShape = inputShape;
        OutputShape = spec.OutputShape(name, inputShape);
        ParameterStore = Checked(spec.ParameterShapes(inputShape), spec.ParameterNames, parameters, "parameter");
        StateStore = Checked(spec.StateShapes(inputShape), spec.StateNames, state, "state tensor");
    }

    /// <summary>The layer's configuration: what the user wrote (<c>Layers.Dense(128, Activation.Relu)</c>), without weights.</summary>
    public LayerSpec Spec { get; }

    /// <summary>The layer's name within its model, as Keras names them ("dense", "dense_1", "flatten").</summary>
    public string Name { get; }

    /// <summary>The kind of layer, as a summary and the model file show it ("Dense", "Flatten").</summary>
    public string Kind => Spec.Kind;

    /// <summary>The shape of one input sample.</summary>
    public Shape InputShape { get; }

    /// <summary>The shape of one output sample.</summary>
    public Shape OutputShape { get; }

    /// <summary>
    /// The activation the engine applies to what <see cref="ForwardInto"/> writes (Dense, Conv2D), or null for a layer
    /// without one. With an activation, the kernels see the pre-activation: <see cref="LayerPass{T}.Output"/> is
    /// input · kernel + bias and <see cref="LayerPass{T}.OutputGradient"/> its gradient.
    /// </summary>
    public virtual Activation? Activation => null;

    /// <summary>Whether the layer computes something else in training than in inference (dropout, batch normalization).</summary>
    public virtual bool TrainingDiffers => false;

    /// <summary>Whether the layer has non-trainable state (batch normalization's moving statistics).</summary>
    public bool HasState => StateStore.Length > 0;

    /// <summary>The trainable tensors (copies), in the order of <see cref="LayerSpec.ParameterNames"/> (Dense: kernel, bias).</summary>
    public IReadOnlyList<Matrix<T>> Parameters => Array.AsReadOnly(ParameterStore.Select(p => p.Clone()).ToArray());

    /// <summary>The non-trainable state (copies), in the order of <see cref="LayerSpec.StateNames"/>.</summary>
    public IReadOnlyList<Matrix<T>> State => Array.AsReadOnly(StateStore.Select(p => p.Clone()).ToArray());

    /// <summary>The number of trainable scalars.</summary>
    public long ParameterCount => ParameterStore.Sum(p => (long)p.RowCount * p.ColumnCount);

    /// <summary>The number of non-trainable scalars.</summary>
    public long StateCount => StateStore.Sum(p => (long)p.RowCount * p.ColumnCount);

    /// <summary>The same layer with other values for its tensors (same shapes, same order as <see cref="Parameters"/>; copied).</summary>
    public Layer<T> WithParameters(IReadOnlyList<Matrix<T>> parameters) => WithOwned(Copies(parameters, nameof(parameters)), StateStore);

    /// <summary>The same layer with another state (same shapes, same order as <see cref="State"/>; copied).</summary>
    public Layer<T> WithState(IReadOnlyList<Matrix<T>> state) => WithOwned(ParameterStore, Copies(state, nameof(state)));

    /// <summary>The same layer over tensors the library just made (no copies); their shapes are checked.</summary>
    internal Layer<T> WithOwned(Matrix<T>[] parameters, Matrix<T>[] state) => this with
    {
        ParameterStore = Checked(Spec.ParameterShapes(InputShape), Spec.ParameterNames, parameters, "parameter"),
        StateStore = Checked(Spec.StateShapes(InputShape), Spec.StateNames, state, "state tensor"),
    };

    /// <summary>The tensors themselves, for the library's read-only use (never written, never handed out).</summary>
    internal Matrix<T>[] ParameterStore { get; private init; }

    /// <summary>The state tensors themselves, for the library's read-only use.</summary>
    internal Matrix<T>[] StateStore { get; private init; }

    // ------------------------------------------------------------------ the engine's contract

    /// <summary>
    /// The forward kernel: reads <see cref="LayerPass{T}.Input"/>, <see cref="LayerPass{T}.Parameters"/> and
    /// <see cref="LayerPass{T}.State"/>, writes <see cref="LayerPass{T}.Output"/> (the pre-activation when the layer has an
    /// <see cref="Activation"/>). In training (<see cref="LayerPass{T}.Training"/>) it may update the state in place
    /// and keep what the backward pass needs in <see cref="LayerPass{T}.Scratch"/>. Allocates nothing.
    /// </summary>
    protected abstract void ForwardInto(LayerPass<T> pass);

    /// <summary>
    /// The backward kernel (the vector-Jacobian product), after <see cref="ForwardInto"/> on the same pass: from
    /// <see cref="LayerPass{T}.OutputGradient"/>, overwrites every <see cref="LayerPass{T}.ParameterGradients"/> tensor
    /// and, unless it is null (nothing reads it), <see cref="LayerPass{T}.InputGradient"/>. Allocates nothing.
    /// </summary>
    protected abstract void BackwardInto(LayerPass<T> pass);

    /// <summary>What the layer keeps between its forward and backward kernels for batches of <paramref name="batchSize"/>
    /// (a dropout mask, batch statistics, im2col patches), made once per batch size; null for nothing.</summary>
    protected virtual object? CreateScratch(int batchSize) => null;

    /// <summary>True for a layer whose output is its input, unchanged (Flatten, Reshape: only the logical shape changes):
    /// the engine then shares the buffers and calls neither kernel.</summary>
    protected virtual bool PassesThrough => false;

    // ------------------------------------------------------------------ unit shards (the engine's use of the second core)

    /// <summary>
    /// The number of output units the training engine may cut into blocks computed apart (<see cref="UnitShards{T}"/>),
    /// or 0 (the default: the layer runs whole). A layer that gives a number implements the three block kernels below,
    /// and its activation is elementwise.
    /// </summary>
    internal virtual int ShardableUnits => 0;

    /// <summary>The forward kernel for units [first, first + count): those columns of <see cref="LayerPass{T}.Output"/>, with the
    /// bits <see cref="ForwardInto"/> gives them.</summary>
    internal virtual void ForwardUnits(LayerPass<T> pass, int first, int count) => throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    /// <summary>The backward kernel's parameter gradients for units [first, first + count) (the elements <see cref="UnitRange"/>
    /// names), with the bits <see cref="BackwardInto"/> gives them; not the input gradient.</summary>
    internal virtual void BackwardUnits(LayerPass<T> pass, int first, int count) => throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    /// <summary>The backward kernel's input gradient alone (it sums over every unit, so it runs once all blocks are done).</summary>
    internal virtual void InputGradientInto(LayerPass<T> pass) => throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    /// <summary>True when the backward kernel is <see cref="ParameterGradientsInto"/> then <see cref="InputGradientInto"/>, and the
    /// two may run apart (the training engine computes a layer's input gradient first, its parameter gradients beside the layer
    /// below: <see cref="UnitShards{T}"/>). False, the default.</summary>
    internal virtual bool SeparatesInputGradient => false;

    /// <summary>The backward kernel's parameter gradients alone, with the bits <see cref="BackwardInto"/> gives them.</summary>
    internal virtual void ParameterGradientsInto(LayerPass<T> pass) => throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    /// <summary>The contiguous elements of parameter tensor <paramref name="tensor"/> that belong to units [first, first + count).</summary>
    internal virtual (int Start, int Length) UnitRange(int tensor, int first, int count) =>
        throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    // ------------------------------------------------------------------ row shards (the inference engine's use of the second core)

    /// <summary>
    /// The multiply-adds of one sample's forward kernel when the layer can compute any block of a batch's rows on its own
    /// (<see cref="ForwardRows"/>, used by <see cref="RowShards{T}"/>), or 0 (the default: the layer runs whole).
    /// </summary>
    internal virtual long RowMultiplyAdds => 0;

    /// <summary>The forward kernel for samples [first, first + count): those rows of <see cref="LayerPass{T}.Output"/>, with the
    /// bits <see cref="ForwardInto"/> gives them; the other rows untouched.</summary>
    internal virtual void ForwardRows(LayerPass<T> pass, int first, int count) => throw new NotSupportedException($"{Kind} '{Name}' runs whole.");

    // ------------------------------------------------------------------ fused activation

    /// <summary>
    /// True when, for batches of <paramref name="batchSize"/>, the forward kernel can also write the activated output
    /// (<see cref="LayerPass{T}.Activated"/>) and the backward kernel start from the activated output's gradient
    /// (<see cref="LayerPass{T}.ActivatedGradient"/>), each element with the bits the separate activation gives it; the
    /// engine then hands it both and skips the activation. False, the default: the engine applies it.
    /// </summary>
    internal virtual bool FusesActivation(int batchSize) => false;

    /// <summary>True when the forward kernel writes every element of its output (an inference pass may then hand it an array
    /// of an earlier pass without clearing it: <see cref="InferenceScratch{T}"/>); false, the default, when in doubt.</summary>
    internal virtual bool OverwritesOutput => false;

    internal void RunForward(LayerPass<T> pass) => ForwardInto(pass);
    internal void RunBackward(LayerPass<T> pass) => BackwardInto(pass);
    internal object? NewScratch(int batchSize) => CreateScratch(batchSize);
    internal bool IsPassThrough => PassesThrough;

    // ------------------------------------------------------------------ pure entry points over the kernels

    /// <summary>The forward pass on fresh buffers, keeping what <see cref="Backward"/> needs; the layer is not changed.</summary>
    /// <param name="input">A batch, one sample of <see cref="InputShape"/> per row.</param>
    /// <param name="training">Run the training behaviour (see <see cref="TrainingDiffers"/>); the new state is in the trace.</param>
    /// <param name="random">The stream a layer that draws in training reads (a dropout mask); Fit gives layer i at update t
    /// its own stream of the run's seed. Null: a generator of seed 0.</param>
    public LayerTrace<T> Trace(Matrix<T> input, bool training = false, PortableRandom? random = null)
    {
        RequireInput(input);
        LinearAlgebraProviders.EnsureInitialized(); // the same products whatever entry point runs first
        var pass = FreshPass(input, training);
        if (random is not null) pass.Random = random;
        if (!PassesThrough) ForwardInto(pass);
        var output = ActivationOf(this).Forward(pass.Output);
        return new LayerTrace<T>(input, pass.Output, output, pass.State.ToArray(), pass.Scratch, training);
    }

    /// <summary>The layer's inference output for a batch (the values of <c>Trace(input).Output</c>).</summary>
    public Matrix<T> Forward(Matrix<T> input) => Trace(input).Output;

    /// <summary>
    /// The vector-Jacobian product: given the trace of a forward pass and the gradient of a scalar with respect to the
    /// output, the gradient with respect to the input and to each tensor of <see cref="Parameters"/>.
    /// </summary>
    public LayerGradient<T> Backward(LayerTrace<T> trace, Matrix<T> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(trace);
        MatrixData.RequireSameShape($"{Kind} '{Name}'.Backward", trace.Output, outputGradient, "output", nameof(outputGradient));
        return BackwardFromPreActivation(trace, ActivationOf(this).Backward(trace.PreActivation, trace.Output, outputGradient));
    }

    /// <summary>The backward pass given the gradient with respect to the pre-activation (the loss head's softmax fusion).</summary>
    internal LayerGradient<T> BackwardFromPreActivation(LayerTrace<T> trace, Matrix<T> preActivationGradient)
    {
        MatrixData.RequireSameShape($"{Kind} '{Name}'.Backward", trace.PreActivation, preActivationGradient, "pre-activation", nameof(preActivationGradient));
        if (PassesThrough) return new LayerGradient<T>(preActivationGradient, []);
        var pass = new LayerPass<T>(trace.Input.RowCount)
        {
            Input = trace.Input,
            Output = trace.PreActivation,
            OutputGradient = preActivationGradient,
            InputGradient = Matrix<T>.Build.Dense(trace.Input.RowCount, trace.Input.ColumnCount),
            Parameters = ParameterStore,
            ParameterGradients = ParameterStore.Select(p => Matrix<T>.Build.Dense(p.RowCount, p.ColumnCount)).ToArray(),
            State = trace.State,
            Scratch = trace.Scratch,
            Training = trace.Training,
        };
        BackwardInto(pass);
        return new LayerGradient<T>(pass.InputGradient, pass.ParameterGradients);
    }

    /// <summary>Checks that a batch has one row per sample of <see cref="InputShape"/>.</summary>
    internal void RequireInput(Matrix<T> input)
    {
        MatrixData.RequireAllValues($"{Kind} '{Name}'", input, nameof(input));
        if (input.ColumnCount != InputShape.Size)
            throw new ArgumentException(
                $"{Kind} '{Name}': expects samples of shape {InputShape} ({InputShape.Size} values per row), got a batch of shape {MatrixData.Shape(input)}.",
                nameof(input));
    }

    private LayerPass<T> FreshPass(Matrix<T> input, bool training)
    {
        int count = input.RowCount;
        return new LayerPass<T>(count)
        {
            Input = input,
            Output = PassesThrough ? input : MatrixData.Zeros<T>($"{Kind} '{Name}': the output of {count} samples", count, OutputShape.Size),
            Parameters = ParameterStore,
            State = StateStore.Select(s => s.Clone()).ToArray(),
            Training = training,
            Scratch = CreateScratch(count),
        };
    }

    /// <summary>The activation the engine applies after <paramref name="layer"/>'s kernel (linear when it has none).</summary>
    internal static Activation ActivationOf(Layer<T> layer) => layer.Activation ?? Activation.Linear;

    // ------------------------------------------------------------------ values

    /// <summary>Equal when the spec, name, input shape and every tensor (bit for bit) are equal.</summary>
    public virtual bool Equals(Layer<T>? other) =>
        other is not null && EqualityContract == other.EqualityContract && Spec.Equals(other.Spec) && Name == other.Name &&
        InputShape.Equals(other.InputShape) && ParameterStore.SequenceEqual(other.ParameterStore) && StateStore.SequenceEqual(other.StateStore);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Spec, Name, InputShape, ParameterCount);

    private static Matrix<T>[] Copies(IReadOnlyList<Matrix<T>> tensors, string name)
    {
        ArgumentNullException.ThrowIfNull(tensors, name);
        return tensors.Select(t => t ?? throw new ArgumentException($"Layer: a tensor of {name} is null.", name))
            .Select(t => MatrixData.HoldsAllValues(t) ? (Matrix<T>)Matrix<T>.Build.DenseOfMatrix(t) : t).ToArray(); // Checked names a broken one
    }

    private Matrix<T>[] Checked(IReadOnlyList<TensorShape> shapes, IReadOnlyList<string> names, Matrix<T>[] tensors, string what)
    {
        if (tensors.Length != shapes.Count)
            throw new ArgumentException(
                $"{Kind} '{Name}': expected {shapes.Count} {what}s ({string.Join(", ", names)}), got {tensors.Length}.");
        for (int k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k] ?? throw new ArgumentException($"{Kind} '{Name}': the {names[k]} is null.");
            MatrixData.RequireAllValues($"{Kind} '{Name}'", t, "the " + names[k]);
            if (t.RowCount != shapes[k].Rows || t.ColumnCount != shapes[k].Columns)
                throw new ArgumentException(
                    $"{Kind} '{Name}': the {names[k]} must be {shapes[k]} for input shape {InputShape}, got {MatrixData.Shape(t)}.");
        }
        return tensors;
    }
}

/// <summary>What one layer's forward pass keeps for its backward pass.</summary>
/// <param name="Input">The layer's input batch.</param>
/// <param name="PreActivation">What the layer's kernel computed before its activation (for Dense, input · kernel + bias); the output when it has none.</param>
/// <param name="Output">The layer's output batch.</param>
public sealed record LayerTrace<T>(Matrix<T> Input, Matrix<T> PreActivation, Matrix<T> Output) where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LayerTrace(Matrix<T> input, Matrix<T> preActivation, Matrix<T> output, Matrix<T>[] state, object? scratch, bool training)
        : this(input, preActivation, output)
    {
        State = state;
        Scratch = scratch;
        Training = training;
    }

    /// <summary>Whether the pass ran the training behaviour (its backward pass then does too: a dropout mask applies).</summary>
    public bool Training { get; }

    /// <summary>The layer's state after this pass (unchanged in inference; batch normalization's updated moving statistics in training).</summary>
    public IReadOnlyList<Matrix<T>> State { get; } = [];

    /// <summary>The kernel's own record of the pass (a dropout mask, batch statistics), for the backward kernel.</summary>
    internal object? Scratch { get; }
}

/// <summary>The result of a layer's backward pass.</summary>
/// <param name="InputGradient">The gradient with respect to the layer's input.</param>
/// <param name="ParameterGradients">The gradients with respect to the layer's tensors, in the order of its parameters.</param>
public sealed record LayerGradient<T>(Matrix<T> InputGradient, IReadOnlyList<Matrix<T>> ParameterGradients) where T : unmanaged, IFloatingPointIeee754<T>;
