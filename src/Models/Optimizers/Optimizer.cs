using Functional.Core;
using MathNet.Numerics.LinearAlgebra;
using Vector = System.Numerics.Vector;

namespace Functional.Models;

/// <summary>
/// An optimizer as a pair of pure functions, in the manner of Optax: <see cref="Init{T}"/> makes the starting state for
/// some parameters and <see cref="Update{T}"/> maps (gradients, state, parameters) to new parameters and a new state.
/// Nothing is mutated. The hyperparameters are an immutable record: make variants with <c>with</c>
/// (e.g. <c>new Adam() with { LearningRate = 0.01 }</c>); they are validated there too.
/// </summary>
/// <remarks>
/// The update rules are Keras 3's (keras/src/optimizers/*.py), element for element, with one difference that only
/// touches values below 1.2e−38 in float: slots that decay below the smallest normal number are flushed to zero, as
/// TensorFlow's CPU kernels do (see <see cref="Adam"/>). Scalar coefficients (learning rate, bias corrections, 1 − β)
/// are computed in double and then converted to <c>T</c> once per step; the element-wise work runs in <c>T</c> on vector
/// lanes, on copies of the arguments here and in place in training's workspace (the same rule, so the same bits).
/// </remarks>
public abstract record Optimizer
{
    private protected Optimizer() { }

    /// <summary>The optimizer's name, as error messages and reports show it.</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate (step size); positive and finite.</summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double LearningRate
    {
        get;
        init => field = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentException(FormattableString.Invariant($"{Name}: LearningRate must be positive and finite, got {value}."), nameof(LearningRate));
    }

    /// <summary>
    /// A learning rate that changes with the step (Keras' <c>learning_rate=schedule</c>), or null for the constant
    /// <see cref="LearningRate"/>: update number t (1 for the first) then uses <c>Schedule.At(t − 1)</c>.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Keras' <c>weight_decay</c> (decoupled, as AdamW's): before each update every parameter is decayed,
    /// <c>variable −= variable · weight_decay · learning_rate</c>; null (the default) for none.
    /// </summary>
    /// <exception cref="ArgumentException">Negative or not finite.</exception>
    public double? WeightDecay
    {
        get;
        init => field = value is not { } v || double.IsFinite(v) && v >= 0
            ? value
            : throw new ArgumentException(FormattableString.Invariant($"{Name}: WeightDecay must be finite and at least 0, got {value}."), nameof(WeightDecay));
    }

    /// <summary>
    /// Keras' <c>clipnorm</c>: each tensor's gradient is rescaled so that its L2 norm is at most this,
    /// <c>g · clipnorm / max(‖g‖, clipnorm)</c> (the norm summed in double); null for none. At most one of
    /// <see cref="ClipNorm"/> and <see cref="GlobalClipNorm"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double? ClipNorm
    {
        get;
        init => field = value is not { } v ? null : RequirePositive(v, nameof(ClipNorm));
    }

    /// <summary>
    /// Keras' <c>global_clipnorm</c>: all gradients are rescaled together so that their joint L2 norm is at most this,
    /// by <c>clip · min(1/‖g‖, 1/clip)</c> (NaN when the norm is not finite); null for none.
    /// </summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double? GlobalClipNorm
    {
        get;
        init => field = value is not { } v ? null : RequirePositive(v, nameof(GlobalClipNorm));
    }

    /// <summary>The learning rate of update number <paramref name="step"/> (1 for the first): the schedule's, else the constant.</summary>
    /// <exception cref="InvalidOperationException">The schedule gives a negative or non-finite rate.</exception>
    public double LearningRateAt(long step)
    {
        if (Schedule is null) return LearningRate;
        double rate = Schedule.At(step - 1);
        return double.IsFinite(rate) && rate >= 0
            ? rate
            : throw new InvalidOperationException(
                FormattableString.Invariant($"{Name}: the schedule {Schedule} gives the learning rate {rate} at step {step - 1}."));
    }

    /// <summary>Throws when settings that Keras allows only one at a time are combined (ClipNorm with GlobalClipNorm).</summary>
    internal void RequireConsistent()
    {
        if (ClipNorm is not null && GlobalClipNorm is not null)
            throw new ArgumentException(
                FormattableString.Invariant($"{Name}: ClipNorm ({ClipNorm}) and GlobalClipNorm ({GlobalClipNorm}) are both set; Keras allows only one."));
    }

    /// <summary>
    /// The names of the slots this configuration keeps, in order (Adam: m, v; SGD with momentum: momentum; RMSprop:
    /// velocity, then momentum when momentum &gt; 0, then average_gradient when centered). Each is a tree shaped like the
    /// parameters in <see cref="OptimizerState{T}"/>.
    /// </summary>
    public abstract IReadOnlyList<string> SlotNames { get; }

    /// <summary>
    /// Update number <paramref name="step"/> (1 for the first) of whole vectors, in place: the parameter, the gradient and
    /// every slot of <paramref name="slots"/> (indexed in <see cref="SlotNames"/> order) hold the same multiple of
    /// <c>Vector&lt;T&gt;.Count</c> elements (<see cref="UpdateRangeInPlace{T}"/>, the only caller, checks the lengths
    /// once; the rules load lanes unchecked). The scalar coefficients are computed here in double and converted to
    /// <c>T</c>; the rule runs on <see cref="System.Numerics.Vector{T}"/> lanes, each operation IEEE-rounded per element and
    /// never fused, so every lane gets the bits of the scalar formula. Element k of every input is read before element k
    /// is written.
    /// </summary>
    private protected abstract void UpdateWholeVectors<T>(long step, double learningRate, Span<T> parameter, ReadOnlySpan<T> gradient, SlotSpans<T> slots)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The starting state for <paramref name="parameters"/>: step 0 and every slot a tree of zeros of their shape.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public OptimizerState<T> Init<T>(ParameterTree<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new OptimizerState<T>(0, SlotNames.Select(name => new OptimizerSlot<T>(name, parameters.ZerosLike())).ToArray());
    }

    /// <summary>
    /// Applies one update: new parameters from <paramref name="parameters"/> and <paramref name="gradients"/>, and the
    /// state advanced by one step. The arguments are not changed: this is the in-place rule run on copies.
    /// </summary>
    /// <param name="gradients">The loss gradient, shaped like <paramref name="parameters"/>.</param>
    /// <param name="state">This optimizer's state for these parameters (from <see cref="Init{T}"/> or a previous update).</param>
    /// <param name="parameters">The current parameters.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The gradients or the state's slots are not shaped like the parameters, or the state does not hold this
    /// optimizer's slots.</exception>
    public OptimizerUpdate<T> Update<T>(ParameterTree<T> gradients, OptimizerState<T> state, ParameterTree<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        RequireConsistent();
        RequireShape(parameters, gradients, nameof(gradients), nameof(gradients));
        var names = SlotNames;
        if (!state.Slots.Select(s => s.Name).SequenceEqual(names))
            throw new ArgumentException(
                $"{Name}.Update: the state holds the slots [{string.Join(", ", state.Slots.Select(s => s.Name))}] but {this} keeps " +
                $"[{string.Join(", ", names)}]; make the state with this optimizer's Init.", nameof(state));
        foreach (var slot in state.Slots)
            RequireShape(parameters, slot.Values, $"state slot '{slot.Name}'", nameof(state));

        // Copies of every parameter and slot, updated in place by the one rule: the arguments stay as they were.
        var leaves = parameters.Leaves.ToArray();
        var p = leaves.Select(m => MatrixData.ColumnMajor(m).ToArray()).ToArray();
        bool clips = ClipNorm is not null || GlobalClipNorm is not null;
        var g = gradients.Leaves.Select(m => clips ? MatrixData.ColumnMajor(m).ToArray() : MatrixData.ColumnMajor(m)).ToArray(); // clipping writes
        var slotLeaves = state.Slots.Select(s => s.Values.Leaves.ToArray()).ToArray();
        var slots = leaves.Select((_, t) => slotLeaves.Select(tree => MatrixData.ColumnMajor(tree[t]).ToArray()).ToArray()).ToArray();
        long step = checked(state.Step + 1);
        UpdateInPlace(step, p, g, slots);

        ParameterTree<T> Rebuild(Func<int, T[]> values)
        {
            int t = 0;
            return new ParameterTree<T>(parameters.Layers.Select(layer => (IReadOnlyList<Matrix<T>>)layer
                .Select(m => MatrixData.Wrap(m.RowCount, m.ColumnCount, values(t++))).ToArray()).ToArray());
        }
        return new OptimizerUpdate<T>(
            Rebuild(t => p[t]),
            new OptimizerState<T>(step, names.Select((name, s) => new OptimizerSlot<T>(name, Rebuild(t => slots[t][s]))).ToArray()));
    }

    /// <summary>
    /// Applies update number <paramref name="step"/> in place (training's engine, and <see cref="Update{T}"/> on its
    /// copies): one rule, so the same bits either way. Allocates nothing.
    /// </summary>
    /// <param name="step">The update number, 1 for the first (the state's step + 1).</param>
    /// <param name="parameters">Per tensor, its column-major values; overwritten with the new values.</param>
    /// <param name="gradients">Per tensor, the gradient (same lengths).</param>
    /// <param name="slots">Per tensor, its slot arrays in <see cref="SlotNames"/> order; overwritten with the new values.</param>
    internal void UpdateInPlace<T>(long step, T[][] parameters, T[][] gradients, T[][][] slots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Keras' order (BaseOptimizer.apply): clip the gradients, decay the weights, then the rule.
        double learningRate = LearningRateAt(step);
        if (ClipNorm is { } clipNorm) foreach (var g in gradients) GradientClipping.ByNorm(g, clipNorm);
        else if (GlobalClipNorm is { } globalClipNorm) GradientClipping.ByGlobalNorm(gradients, globalClipNorm);
        for (int i = 0; i < parameters.Length; i++) UpdateRangeInPlace(step, learningRate, parameters[i], gradients[i], slots[i], 0, parameters[i].Length);
    }

    /// <summary>
    /// True when an element's update reads that element alone (no gradient clipping, which needs a tensor's or all tensors'
    /// norm first): the tensors can then be updated in ranges, in any order or at once, with the same bits
    /// (<see cref="UpdateRangeInPlace{T}"/>; the training engine's unit shards update their halves on two cores).
    /// </summary>
    internal bool IsElementwise => ClipNorm is null && GlobalClipNorm is null;

    /// <summary>
    /// Update number <paramref name="step"/> of elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>) of one tensor, in place: the weight decay, then the rule, over the range's whole vectors
    /// directly and its last, partial vector through zero-padded copies. Every element gets the same arithmetic wherever a
    /// range starts, so ranges covering a tensor give the bits of the whole tensor's update. Clipping, when the optimizer
    /// has it, is the caller's (<see cref="UpdateInPlace{T}"/> does it first). Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The gradient or a slot is not as long as the tensor, or the range is outside it.</exception>
    internal void UpdateRangeInPlace<T>(long step, double learningRate, T[] parameter, T[] gradient, T[][] slots, int start, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = parameter.Length, slotCount = SlotNames.Count;
        bool ok = gradient.Length == n && slots.Length == slotCount;
        foreach (var slot in slots) ok &= slot.Length == n;
        if (!ok) throw new ArgumentException($"{Name}: a tensor of {n} values needs a gradient and {slotCount} slots of as many values.");
        if (start < 0 || length < 0 || start > n - length)
            throw new ArgumentException($"{Name}: the range [{start}, {(long)start + length}) is outside a tensor of {n} values.");
        if (WeightDecay is { } decay and > 0)
        {
            T wd = Coefficient<T>(decay), lr = Coefficient<T>(learningRate);
            var p = parameter.AsSpan(start, length);
            for (int k = 0; k < p.Length; k++) p[k] -= p[k] * wd * lr;                           // variable −= variable · wd · lr
        }
        int whole = Lanes.WholeLength<T>(length);
        if (whole > 0)
            UpdateWholeVectors(step, learningRate, parameter.AsSpan(start, whole), gradient.AsSpan(start, whole), new SlotSpans<T>(slots, start, whole));
        if (whole == length) return;

        // The partial vector runs the same rule on padded copies, so the rule is written once.
        int width = System.Numerics.Vector<T>.Count, rest = length - whole, tail = start + whole;
        Span<T> lanes = stackalloc T[(2 + slotCount) * width];
        lanes.Clear();
        Span<T> pv = lanes[..width], g = lanes[width..(2 * width)], padded = lanes[(2 * width)..];
        parameter.AsSpan(tail, rest).CopyTo(pv);
        gradient.AsSpan(tail, rest).CopyTo(g);
        for (int s = 0; s < slotCount; s++) slots[s].AsSpan(tail, rest).CopyTo(padded.Slice(s * width, width));
        UpdateWholeVectors(step, learningRate, pv, g, new SlotSpans<T>(padded, width));
        pv[..rest].CopyTo(parameter.AsSpan(tail, rest));
        for (int s = 0; s < slotCount; s++) padded.Slice(s * width, rest).CopyTo(slots[s].AsSpan(tail, rest));
    }

    /// <summary>
    /// The smallest positive normal number of <typeparamref name="T"/> (2^−126 for float, 2^−1022 for double): slots
    /// that decay below it are flushed to zero (see each optimizer's remarks).
    /// </summary>
    private protected static T SmallestNormal<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        T.ScaleB(T.Epsilon, T.Epsilon.GetSignificandBitLength() - 1);

    /// <summary>
    /// <paramref name="value"/> where |<paramref name="test"/>| is at least <paramref name="bound"/>, else 0: the flush to
    /// zero of values that would be subnormal (NaN stays NaN). Subnormal lanes cost a microcode assist per operation.
    /// </summary>
    private protected static System.Numerics.Vector<T> ZeroBelow<T>(System.Numerics.Vector<T> test, System.Numerics.Vector<T> value,
        System.Numerics.Vector<T> bound)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(test), bound), System.Numerics.Vector<T>.Zero, value);

    private void RequireShape<T>(ParameterTree<T> parameters, ParameterTree<T> other, string name, string paramName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            parameters.RequireSameShape(other, name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Name}.Update: {e.Message}", paramName, e);
        }
    }

    /// <summary>The conversion of a double coefficient to the element type, done once per step.</summary>
    private protected static T Coefficient<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateChecked(value);

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1), or [0, 1] when <paramref name="includeOne"/>.</summary>
    private protected double RequireFraction(double value, string name, bool includeOne)
    {
        bool ok = value >= 0 && (includeOne ? value <= 1 : value < 1);
        return ok
            ? value
            : throw new ArgumentException(FormattableString.Invariant($"{Name}: {name} must be in [0, 1{(includeOne ? "]" : ")")}, got {value}."), name);
    }

    /// <summary>Throws unless <paramref name="value"/> is positive and finite.</summary>
    private protected double RequirePositive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentException(FormattableString.Invariant($"{Name}: {name} must be positive and finite, got {value}."), name);
}
