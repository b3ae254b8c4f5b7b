using System.Numerics;

namespace Functional.Core;

/// <summary>
/// Loads and stores of <see cref="Vector{T}"/> lanes at any offset of a span, the last partial vector included
/// (padded with zeros on load, cut on store), so an element-wise rule is written once, on vectors.
/// </summary>
/// <remarks>
/// Lane arithmetic gives the scalar formula's bits: each operation is IEEE-rounded per element and the JIT never fuses
/// a multiply and an add.
/// </remarks>
internal static class Lanes
{
    /// <summary>The lanes of <paramref name="values"/> from <paramref name="k"/>; past the end they hold zero.</summary>
    public static Vector<T> Load<T>(ReadOnlySpan<T> values, int k) where T : unmanaged
    {
        if (k + Vector<T>.Count <= values.Length) return new Vector<T>(values[k..]);
        Span<T> padded = stackalloc T[Vector<T>.Count];
        padded.Clear();
        values[k..].CopyTo(padded);
        return new Vector<T>(padded);
    }

    /// <summary>Stores the lanes of <paramref name="value"/> into <paramref name="destination"/> from <paramref name="k"/>, as many as fit.</summary>
    public static void Store<T>(Vector<T> value, Span<T> destination, int k) where T : unmanaged
    {
        if (k + Vector<T>.Count <= destination.Length) { value.CopyTo(destination[k..]); return; }
        Span<T> lanes = stackalloc T[Vector<T>.Count];
        value.CopyTo(lanes);
        lanes[..(destination.Length - k)].CopyTo(destination[k..]);
    }
}
