using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional.Core;

/// <summary>
/// A vector type and the operations an element-wise rule needs beyond its operators, so that the rule is written once,
/// generic over the width, and runs on the widest vectors the CPU executes natively (<see cref="Width512{T}"/> with
/// AVX-512, then <see cref="NativeWidth{T}"/> for the rest). The JIT compiles each width separately, inlined.
/// </summary>
/// <remarks>
/// Every operation is IEEE-rounded per element and never fused, so an element gets the same bits whichever width
/// computes it (an optimizer's rule over 512-bit vectors, then 256-bit ones for the rest, equals its scalar formula).
/// The arithmetic is here too: the reference assemblies do not show the vectors' operator interfaces.
/// </remarks>
internal interface IVectorWidth<TV, T> where TV : struct where T : unmanaged
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TV Create(T value);

    /// <summary>The lanes of <paramref name="values"/> from <paramref name="k"/>, unchecked: k + <see cref="Count"/> must not pass the end.</summary>
    static abstract TV Load(ReadOnlySpan<T> values, int k);

    /// <summary>Stores <paramref name="value"/> at <paramref name="k"/>, unchecked.</summary>
    static abstract void Store(TV value, Span<T> destination, int k);

    /// <summary>Lane-wise a + b.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>Lane-wise a − b.</summary>
    static abstract TV Subtract(TV a, TV b);

    /// <summary>Lane-wise a · b.</summary>
    static abstract TV Multiply(TV a, TV b);

    /// <summary>Lane-wise a / b.</summary>
    static abstract TV Divide(TV a, TV b);

    /// <summary>The square root of each lane.</summary>
    static abstract TV Sqrt(TV value);

    /// <summary><paramref name="value"/> where |<paramref name="test"/>| ≥ <paramref name="bound"/>, else 0 (NaN stays NaN).</summary>
    static abstract TV ZeroBelow(TV test, TV value, TV bound);
}

/// <summary><see cref="Vector{T}"/>: the width every other rule uses (256 bits on AVX2 and AVX-512 CPUs, 128 on Arm).</summary>
internal readonly struct NativeWidth<T> : IVectorWidth<Vector<T>, T> where T : unmanaged
{
    public static int Count => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Create(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load(ReadOnlySpan<T> values, int k) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<T> value, Span<T> destination, int k) => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Subtract(Vector<T> a, Vector<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Divide(Vector<T> a, Vector<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sqrt(Vector<T> value) => Vector.SquareRoot(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ZeroBelow(Vector<T> test, Vector<T> value, Vector<T> bound) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(test), bound), Vector<T>.Zero, value);
}

/// <summary>
/// <see cref="Vector512{T}"/>, used only where <see cref="IsAccelerated"/>: on a Zen 4, whose AVX-512 runs on 256-bit
/// halves, half the instructions still made Adam's update 15–25 % faster (docs/benchmarks.md, "Adam on 512-bit vectors").
/// </summary>
internal readonly struct Width512<T> : IVectorWidth<Vector512<T>, T> where T : unmanaged
{
    /// <summary>Whether this CPU runs 512-bit vectors of <typeparamref name="T"/> natively.</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ReadOnlySpan<T> values, int k) => Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, Span<T> destination, int k) => value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> value) => Vector512.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ZeroBelow(Vector512<T> test, Vector512<T> value, Vector512<T> bound) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(test), bound), Vector512<T>.Zero, value);
}
