using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.Models;

/// <summary>
/// Gathers sample-major float rows into a column-major batch eight rows by eight columns at a time, transposing each
/// 8 × 8 block in AVX registers instead of one value at a time (its figures: docs/benchmarks.md). A copy only: the values
/// are those of the scalar gather, bit for bit.
/// </summary>
internal static class TransposingGather
{
    /// <summary>Whether this CPU runs <see cref="GatherFloats"/>.</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// Writes columns [<paramref name="firstColumn"/>, firstColumn + <paramref name="columnCount"/>) of rows
    /// <paramref name="indices"/> of <paramref name="data"/> (row-major, <paramref name="width"/> values a row) into
    /// <paramref name="destination"/> as a column-major indices.Length × columnCount block, for whole groups of 8 rows and
    /// 8 columns; returns how many rows (a multiple of 8) and columns it wrote, for the caller to finish the rest.
    /// </summary>
    /// <exception cref="ArgumentException">An index or the column range is outside the data, or the destination is too short.</exception>
    public static (int Rows, int Columns) GatherFloats(float[] data, int width, ReadOnlySpan<int> indices, int firstColumn, int columnCount,
        Span<float> destination)
    {
        int count = indices.Length, samples = data.Length / width;
        if (!IsSupported) return (0, 0);
        if (firstColumn < 0 || columnCount < 0 || firstColumn + columnCount > width)
            throw new ArgumentException($"Columns {firstColumn} to {firstColumn + columnCount} are outside rows of {width} values.", nameof(columnCount));
        if (destination.Length < count * columnCount)
            throw new ArgumentException($"The block needs {count * columnCount} values but the destination holds {destination.Length}.", nameof(destination));
        foreach (int index in indices)
            if ((uint)index >= (uint)samples)
                throw new ArgumentException($"Sample index {index} is outside the {samples} samples.", nameof(indices));

        int rows = count - count % 8, columns = columnCount - columnCount % 8;
        ref float source = ref MemoryMarshal.GetArrayDataReference(data);
        ref float target = ref MemoryMarshal.GetReference(destination);
        Span<nuint> starts = stackalloc nuint[8];
        for (int i = 0; i < rows; i += 8)
        {
            for (int r = 0; r < 8; r++) starts[r] = (nuint)indices[i + r] * (nuint)width + (nuint)firstColumn;
            for (int j = 0; j < columns; j += 8)
            {
                var a0 = Vector256.LoadUnsafe(ref source, starts[0] + (nuint)j);
                var a1 = Vector256.LoadUnsafe(ref source, starts[1] + (nuint)j);
                var a2 = Vector256.LoadUnsafe(ref source, starts[2] + (nuint)j);
                var a3 = Vector256.LoadUnsafe(ref source, starts[3] + (nuint)j);
                var a4 = Vector256.LoadUnsafe(ref source, starts[4] + (nuint)j);
                var a5 = Vector256.LoadUnsafe(ref source, starts[5] + (nuint)j);
                var a6 = Vector256.LoadUnsafe(ref source, starts[6] + (nuint)j);
                var a7 = Vector256.LoadUnsafe(ref source, starts[7] + (nuint)j);
                // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves: column c of the block ends in vector c.
                var t0 = Avx.UnpackLow(a0, a1); var t1 = Avx.UnpackHigh(a0, a1);
                var t2 = Avx.UnpackLow(a2, a3); var t3 = Avx.UnpackHigh(a2, a3);
                var t4 = Avx.UnpackLow(a4, a5); var t5 = Avx.UnpackHigh(a4, a5);
                var t6 = Avx.UnpackLow(a6, a7); var t7 = Avx.UnpackHigh(a6, a7);
                var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
                var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
                var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
                var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
                nuint column = (nuint)j * (nuint)count + (nuint)i, stride = (nuint)count;
                Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref target, column);
                Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref target, column + stride);
                Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref target, column + 2 * stride);
                Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref target, column + 3 * stride);
                Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref target, column + 4 * stride);
                Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref target, column + 5 * stride);
                Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref target, column + 6 * stride);
                Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref target, column + 7 * stride);
            }
        }
        return (rows, columns);
    }
}
