using System.Numerics;

namespace Functional.Core.Random;

/// <summary>
/// The library's seeded generator: xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64.
/// The same seed gives the same stream on every machine and every .NET version, because every step is
/// integer arithmetic written here (System.Random's seeded algorithm is an implementation detail that may change).
/// </summary>
/// <remarks>
/// A generator is a cursor into a stream and so mutable by nature; the library never shares one between callers:
/// public APIs take a seed and make their own. Uniform integers and doubles are bit-identical everywhere;
/// Gaussian draws also call <see cref="Math.Log(double)"/>, <see cref="Math.Sqrt"/>, which are correctly rounded
/// on the platforms .NET supports (glibc ≥ 2.28, the Windows UCRT).
/// </remarks>
public sealed class PortableRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator whose stream is fixed by <paramref name="seed"/>.</summary>
    public PortableRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator for an independent sub-stream: the same (seed, stream) pair always gives the same values,
    /// and different stream numbers give unrelated streams (used to give each layer, epoch or run its own).</summary>
    public static PortableRandom ForStream(ulong seed, ulong stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new PortableRandom(SplitMix64(ref x));
    }

    /// <summary>Puts this generator where <see cref="ForStream"/>(<paramref name="seed"/>, <paramref name="stream"/>) starts,
    /// without allocating: a layer's random stream for one training step (a dropout mask), remade every step.</summary>
    public void Restart(ulong seed, ulong stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        x = SplitMix64(ref x);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>One xoshiro256** step on a state held anywhere (fields, or locals a loop keeps in registers): its output.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A double uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Fills <paramref name="mask"/> with one where the next <see cref="NextDouble"/> is below <paramref name="probability"/>
    /// and zero elsewhere, in order: the values and the generator's state after are those of that many calls. The state stays
    /// in registers, and the test is branch-free on the draw's 53 bits (a dropout mask draws a uniform per value, and a branch
    /// on a random bit mispredicts every other time).
    /// </summary>
    internal void FillBernoulli<T>(Span<T> mask, double probability) where T : INumberBase<T>
    {
        // NextDouble is m · 2^-53 for the integer m = bits >> 11, so it is below p exactly when m < ceil(p · 2^53) (p · 2^53 is exact).
        ulong limit = probability >= 1 ? 1UL << 53 : probability > 0 ? (ulong)Math.Ceiling(probability * (1UL << 53)) : 0;
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int k = 0; k < mask.Length; k++)
        {
            ulong result = Step(ref s0, ref s1, ref s2, ref s3);
            // m − limit wraps below zero exactly when m < limit (both are at most 2^53): its sign bit is the kept bit.
            mask[k] = T.CreateTruncating((int)(((result >> 11) - limit) >> 63));
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>A double uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>An integer uniform in [0, <paramref name="bound"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "PortableRandom.NextInt: bound must be positive.");
        ulong range = (ulong)bound;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong m = x * range;
            if ((uint)m >= (uint)((1UL << 32) % range)) return (int)(m >> 32);
        }
    }

    /// <summary>A standard normal draw (Marsaglia's polar method; one draw per call, the pair's second value is discarded for simplicity of state).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            double u = 2 * NextDouble() - 1, v = 2 * NextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>A random permutation of 0..n−1 (Fisher–Yates from the last position down).</summary>
    public int[] Permutation(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "PortableRandom.Permutation: n must not be negative.");
        var result = new int[n];
        PermutationInto(result);
        return result;
    }

    /// <summary>As <see cref="Permutation"/>, written into <paramref name="result"/> (its length is n): training reuses one array.</summary>
    internal void PermutationInto(Span<int> result)
    {
        for (int i = 0; i < result.Length; i++) result[i] = i;
        for (int i = result.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
    }
}
