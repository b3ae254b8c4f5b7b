namespace Functional.Models;

/// <summary>
/// The arrays of an inference pass's intermediate outputs (every layer's but the one handed back), kept per thread for
/// the next pass of the same size: a <c>Predict</c> over a whole test set otherwise allocates megabytes per call, which
/// the runtime zeroes and the kernel faults in page by page (measured: 10,000 MNIST rows, 9.9–11.9 ms a call against
/// 7.5 ms with the buffers reused; docs/benchmarks.md, "Zen 5 again, 2026-12-03").
/// </summary>
/// <remarks>Per thread, so passes on several threads never share an array; at most <see cref="Kept"/> arrays a thread.
/// An array comes back cleared unless the layer overwrites every element of its output (<see cref="Layer{T}.OverwritesOutput"/>).</remarks>
internal static class InferenceScratch<T> where T : unmanaged
{
    /// <summary>The most arrays a thread keeps (the intermediate outputs of a few layers).</summary>
    internal const int Kept = 4;

    [ThreadStatic] private static List<T[]>? free;

    /// <summary>An array of exactly <paramref name="length"/> elements: a kept one (cleared when <paramref name="clear"/>), or a new one.</summary>
    public static T[] Rent(int length, bool clear)
    {
        var list = free;
        if (list is not null)
            for (int i = list.Count - 1; i >= 0; i--)
                if (list[i].Length == length)
                {
                    var array = list[i];
                    list.RemoveAt(i);
                    if (clear) Array.Clear(array);
                    return array;
                }
        return new T[length];
    }

    /// <summary>Keeps <paramref name="array"/> for a later pass on this thread (the oldest is let go beyond <see cref="Kept"/>).</summary>
    public static void Return(T[] array)
    {
        var list = free ??= [];
        if (list.Count == Kept) list.RemoveAt(0);
        list.Add(array);
    }
}
