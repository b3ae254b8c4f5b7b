using System.Collections.ObjectModel;

namespace Functional.Models;

/// <summary>
/// What an optimizer carries from one update to the next: the number of updates applied so far and its slots,
/// each a <see cref="ParameterTree{T}"/> shaped like the parameters (Adam: [m, v]; SGD with momentum: [velocity];
/// RMSprop: [velocity], then [momentum] when momentum &gt; 0, then [average_gradient] when centered).
/// </summary>
/// <remarks>An immutable value: <see cref="Optimizer.Update{T}"/> returns a new state and never changes this one.</remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed record OptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A state after <paramref name="Step"/> updates holding <paramref name="Slots"/> (copied; all of one shape).</summary>
    /// <param name="Step">The number of updates applied so far (0 after <see cref="Optimizer.Init{T}"/>).</param>
    /// <param name="Slots">The optimizer's per-parameter accumulators, in the optimizer's order.</param>
    /// <exception cref="ArgumentException"><paramref name="Step"/> is negative, or the slots differ in shape.</exception>
    public OptimizerState(long Step, IReadOnlyList<ParameterTree<T>> Slots)
    {
        this.Step = Step;
        this.Slots = Slots;
    }

    /// <summary>The number of updates applied so far (Keras' <c>iterations</c>); the next update is step <c>Step + 1</c>.</summary>
    public long Step
    {
        get;
        init => field = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Step), value, "OptimizerState: Step must be 0 or more.");
    }

    /// <summary>The optimizer's accumulators, each a tree shaped like the parameters (a read-only copy of what was given).</summary>
    public IReadOnlyList<ParameterTree<T>> Slots
    {
        get;
        init => field = Freeze(value);
    }

    private static ReadOnlyCollection<ParameterTree<T>> Freeze(IReadOnlyList<ParameterTree<T>> slots)
    {
        ArgumentNullException.ThrowIfNull(slots, nameof(Slots));
        var copy = slots.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
                throw new ArgumentException($"OptimizerState: slot {i} is null.", nameof(Slots));
            if (i > 0)
                copy[0].RequireSameShape(copy[i], $"slot {i}");
        }
        return Array.AsReadOnly(copy);
    }

    /// <summary>Equal when the steps are equal and the slots are equal tensor by tensor (bit for bit).</summary>
    public bool Equals(OptimizerState<T>? other) =>
        other is not null && other.Step == Step && other.Slots.SequenceEqual(Slots);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, Slots.Count);

    /// <summary>The step and the slots' shape, e.g. <c>OptimizerState { Step = 3, Slots = 2 × ParameterTree[2x3, 1x3; 3x1, 1x1] }</c>.</summary>
    public override string ToString() =>
        $"OptimizerState {{ Step = {Step}, Slots = " + (Slots.Count == 0 ? "none" : $"{Slots.Count} × {Slots[0]}") + " }";
}

/// <summary>The result of one <see cref="Optimizer.Update{T}"/>: the new parameters and the new optimizer state.</summary>
/// <param name="Parameters">The parameters after the update (new tensors; the inputs are untouched).</param>
/// <param name="State">The state to pass to the next update.</param>
/// <typeparam name="T">The element type.</typeparam>
public sealed record OptimizerUpdate<T>(ParameterTree<T> Parameters, OptimizerState<T> State) where T : unmanaged, IFloatingPointIeee754<T>;
