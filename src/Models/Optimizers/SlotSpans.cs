namespace Functional.Models;

/// <summary>
/// The slots of one tensor as an optimizer's rule sees them: slot k (in the optimizer's <see cref="Optimizer.SlotNames"/>
/// order) over the same elements as the parameter span, either a range of the slot arrays or, for the last partial
/// vector, a block of zero-padded lanes on the stack.
/// </summary>
internal readonly ref struct SlotSpans<T> where T : unmanaged
{
    private readonly T[][]? _arrays;
    private readonly int _start;
    private readonly int _length;
    private readonly Span<T> _packed;

    /// <summary>Elements [start, start + length) of each slot array.</summary>
    public SlotSpans(T[][] arrays, int start, int length)
    {
        _arrays = arrays;
        _start = start;
        _length = length;
        _packed = default;
    }

    /// <summary>Slots packed one after the other in <paramref name="packed"/>, <paramref name="length"/> elements each.</summary>
    public SlotSpans(Span<T> packed, int length)
    {
        _arrays = null;
        _start = 0;
        _length = length;
        _packed = packed;
    }

    /// <summary>Slot <paramref name="k"/>'s elements.</summary>
    public Span<T> this[int k] => _arrays is not null ? _arrays[k].AsSpan(_start, _length) : _packed.Slice(k * _length, _length);
}
