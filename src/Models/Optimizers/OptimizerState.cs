using System.Collections.ObjectModel;

namespace Functional.Models;

/// <summary>One named accumulator of an optimizer: a tree shaped like the parameters (Adam's "m").</summary>
/// <param name="Name">The slot's name, as the optimizer's <see cref="Optimizer.SlotNames"/> gives it.</param>
/// <param name="Values">Its values, one tensor per parameter tensor.</param>
/// <typeparam name="T">The element type.</typeparam>
public sealed record OptimizerSlot<T>(string Name, ParameterTree<T> Values) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// What an optimizer carries from one update to the next: the number of updates applied so far and its named slots,
/// each a <see cref="ParameterTree{T}"/> shaped like the parameters (Adam: m, v; SGD with momentum: momentum;
/// RMSprop: velocity, then momentum when momentum &gt; 0, then average_gradient when centered).
/// </summary>
/// <remarks>An immutable value: <see cref="Optimizer.Update{T}"/> returns a new state and never changes this one.</remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed record OptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A state after <paramref name="Step"/> updates holding <paramref name="Slots"/> (copied; all of one shape).</summary>
    /// <param name="Step">The number of updates applied so far (0 after <see cref="Optimizer.Init{T}"/>).</param>
    /// <param name="Slots">The optimizer's per-parameter accumulators, in the optimizer's order.</param>
    /// <exception cref="ArgumentException"><paramref name="Step"/> is negative, or the slots differ in shape.</exception>
    public OptimizerState(long Step, IReadOnlyList<OptimizerSlot<T>> Slots)
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
    public IReadOnlyList<OptimizerSlot<T>> Slots
    {
        get;
        init => field = Freeze(value);
    }

    /// <summary>The slot called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such slot; the message lists those there are.</exception>
    public ParameterTree<T> this[string name] =>
        Slots.FirstOrDefault(s => s.Name == name)?.Values
        ?? throw new KeyNotFoundException($"OptimizerState: no slot '{name}'; it holds [{string.Join(", ", Slots.Select(s => s.Name))}].");

    private static ReadOnlyCollection<OptimizerSlot<T>> Freeze(IReadOnlyList<OptimizerSlot<T>> slots)
    {
        ArgumentNullException.ThrowIfNull(slots, nameof(Slots));
        var copy = slots.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null || copy[i].Values is null || string.IsNullOrWhiteSpace(copy[i].Name))
                throw new ArgumentException($"OptimizerState: slot {i} is null or has no name or values.", nameof(Slots));
            if (copy.Take(i).Any(s => s.Name == copy[i].Name))
                throw new ArgumentException($"OptimizerState: two slots are named '{copy[i].Name}'.", nameof(Slots));
            if (i > 0)
                copy[0].Values.RequireSameShape(copy[i].Values, $"slot '{copy[i].Name}'");
        }
        return Array.AsReadOnly(copy);
    }

    /// <summary>Equal when the steps are equal and the slots are equal tensor by tensor (bit for bit).</summary>
    public bool Equals(OptimizerState<T>? other) =>
        other is not null && other.Step == Step && other.Slots.SequenceEqual(Slots);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Step, Slots.Count);

    /// <summary>The step, the slots' names and their shape, e.g. <c>OptimizerState { Step = 3, Slots = m, v: ParameterTree[2x3, 1x3; 3x1, 1x1] }</c>.</summary>
    public override string ToString() =>
        $"OptimizerState {{ Step = {Step}, Slots = " + (Slots.Count == 0 ? "none"
            : $"{string.Join(", ", Slots.Select(s => s.Name))}: {Slots[0].Values}") + " }";
}

/// <summary>The result of one <see cref="Optimizer.Update{T}"/>: the new parameters and the new optimizer state.</summary>
/// <param name="Parameters">The parameters after the update (new tensors; the inputs are untouched).</param>
/// <param name="State">The state to pass to the next update.</param>
/// <typeparam name="T">The element type.</typeparam>
public sealed record OptimizerUpdate<T>(ParameterTree<T> Parameters, OptimizerState<T> State) where T : unmanaged, IFloatingPointIeee754<T>;
