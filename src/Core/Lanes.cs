using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Functional.Core;

/// <summary>
/// Loads and stores of <see cref="Vector{T}"/> lanes, so an element-wise rule is written once, on vectors: a loop of
/// unchecked whole vectors up to <see cref="WholeLength{T}"/>, then the last, partial vector through the padded
/// <see cref="Load{T}"/> and <see cref="Store{T}"/> (zeros past the end on load, cut on store).
/// </summary>
/// <remarks>
/// Lane arithmetic gives the scalar formula's bits: each operation is IEEE-rounded per element and the JIT never fuses
/// a multiply and an add. The whole-vector loads have no bounds checks because a checked load in the loop costs as much
/// as the arithmetic (docs/benchmarks.md); callers check the lengths once, before the loop.
/// </remarks>
internal static class Lanes
{
    /// <summary>How many of <paramref name="length"/> elements fill whole vectors: the partial rest starts there.</summary>
    public static int WholeLength<T>(int length) => length - length % Vector<T>.Count;

    /// <summary>The lanes of <paramref name="values"/> from <paramref name="k"/>, unchecked: k + the vector width must not pass the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> LoadWhole<T>(ReadOnlySpan<T> values, int k) where T : unmanaged =>
        Vector.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)k);

    /// <summary>Stores <paramref name="value"/> at <paramref name="k"/>, unchecked: k + the vector width must not pass the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreWhole<T>(Vector<T> value, Span<T> destination, int k) where T : unmanaged =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)k);

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
