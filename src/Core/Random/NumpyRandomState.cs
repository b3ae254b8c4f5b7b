namespace Functional.Core.Random;

/// <summary>
/// numpy's legacy global generator, <c>np.random.RandomState</c>, reproduced bit for bit: MT19937 with numpy's
/// integer seeding (<c>np.random.seed(s)</c>), <c>random_sample</c>, the legacy polar-method <c>normal</c> (with its
/// cached second value), <c>permutation</c> and <c>uniform</c>. It exists so that experiments written against numpy
/// (data sets made with <c>np.random.seed(0); np.random.normal(...)</c>) can be rebuilt here with the very same numbers.
/// </summary>
/// <remarks>
/// Like numpy's global state this is a cursor, mutable by nature: every call advances it, and the Gaussian cache
/// (<c>has_gauss</c>/<c>gauss</c>) is part of the state, so <c>Normal(3)</c> followed by <c>Normal(2)</c> gives the same
/// five values as one <c>Normal(5)</c>. Never share one between callers that expect their own stream.
/// Uniform draws and permutations are integer arithmetic and identical everywhere; <see cref="Normal"/> also calls
/// <see cref="Math.Log(double)"/> and <see cref="Math.Sqrt"/>, which are correctly rounded where .NET runs
/// (as are glibc's <c>log</c>/<c>sqrt</c> that numpy calls), so its values match numpy's exactly.
/// </remarks>
public sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _key = new uint[N];
    private int _pos;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>The state numpy has after <c>np.random.seed(<paramref name="seed"/>)</c> (or <c>RandomState(seed)</c>).</summary>
    /// <param name="seed">An integer in [0, 2^32 − 1], numpy's accepted range for an integer seed.</param>
    /// <exception cref="ArgumentOutOfRangeException">The seed is negative or above 2^32 − 1.</exception>
    public NumpyRandomState(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed,
                FormattableString.Invariant($"NumpyRandomState: seed {seed} is out of range; numpy accepts integer seeds in [0, {uint.MaxValue}]."));
        // numpy's mt19937_seed (Knuth's initializer from the reference Mersenne Twister).
        uint s = (uint)seed;
        for (int pos = 0; pos < N; pos++)
        {
            _key[pos] = s;
            s = unchecked(1812433253U * (s ^ (s >> 30)) + (uint)pos + 1U);
        }
        _pos = N;
        _hasGauss = false;
        _gauss = 0.0;
    }

    /// <summary>
    /// <c>np.random.random_sample(n)</c> (also <c>np.random.random(n)</c>, <c>np.random.rand(n)</c>): <paramref name="n"/>
    /// doubles uniform in [0, 1), each with 53 random bits taken from two 32-bit draws.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public IReadOnlyList<double> RandomSample(int n)
    {
        RequireCount("NumpyRandomState.RandomSample", n);
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = NextDouble();
        return Array.AsReadOnly(result);
    }

    /// <summary>
    /// <c>np.random.normal(loc, scale, size=n)</c>: <paramref name="n"/> draws of <c>loc + scale·g</c> where <c>g</c> comes
    /// from numpy's legacy Gaussian (Marsaglia's polar method; each accepted pair yields two values, the second kept
    /// in the state for the next draw).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="scale"/> is negative or NaN (numpy's ValueError), or <paramref name="loc"/> is NaN.</exception>
    public IReadOnlyList<double> Normal(int n, double loc = 0.0, double scale = 1.0)
    {
        RequireCount("NumpyRandomState.Normal", n);
        if (double.IsNaN(loc))
            throw new ArgumentException(FormattableString.Invariant($"NumpyRandomState.Normal: loc is {loc}; it must be a number."), nameof(loc));
        if (!(scale >= 0))
            throw new ArgumentException(FormattableString.Invariant($"NumpyRandomState.Normal: scale is {scale}; it must be non-negative."), nameof(scale));
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = loc + scale * NextGauss();
        return Array.AsReadOnly(result);
    }

    /// <summary>
    /// <c>np.random.uniform(low, high, n)</c>: <paramref name="n"/> draws of <c>low + (high − low)·u</c> with <c>u</c> from
    /// <see cref="RandomSample"/>'s generator (so in [low, high) up to rounding; <paramref name="high"/> below
    /// <paramref name="low"/> is allowed, as in numpy).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    /// <exception cref="ArgumentException"><c>high − low</c> is not finite (numpy's "Range exceeds valid bounds").</exception>
    public IReadOnlyList<double> Uniform(int n, double low, double high)
    {
        RequireCount("NumpyRandomState.Uniform", n);
        double range = high - low;
        if (!double.IsFinite(range))
            throw new ArgumentException(
                FormattableString.Invariant($"NumpyRandomState.Uniform: low {low} and high {high} give range {range}; the range must be finite."),
                    nameof(high));
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = low + range * NextDouble();
        return Array.AsReadOnly(result);
    }

    /// <summary>
    /// <c>np.random.permutation(n)</c>: 0..n−1 shuffled by numpy's legacy Fisher–Yates (for i from n−1 down to 1, swap
    /// position i with a position drawn uniformly in [0, i] by masked rejection on 32-bit draws).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public IReadOnlyList<int> Permutation(int n)
    {
        RequireCount("NumpyRandomState.Permutation", n);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)RandomInterval((uint)i);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return Array.AsReadOnly(result);
    }

    private static void RequireCount(string operation, int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, FormattableString.Invariant($"{operation}: n is {n}; it must not be negative."));
    }

    /// <summary>numpy's <c>random_interval</c> for a bound that fits 32 bits: the smallest all-ones mask covering
    /// <paramref name="max"/>, then masked 32-bit draws until one is at most <paramref name="max"/>.</summary>
    private uint RandomInterval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary>numpy's <c>legacy_gauss</c>: the cached value if there is one, else a new polar-method pair.</summary>
    private double NextGauss()
    {
        if (_hasGauss)
        {
            double cached = _gauss;
            _hasGauss = false;
            _gauss = 0.0;
            return cached;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>numpy's <c>mt19937_next_double</c>: (a·2^26 + b) / 2^53 with a, b the top 27 and 26 bits of two draws.</summary>
    private double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>The next tempered 32-bit output of MT19937.</summary>
    private uint NextUInt32()
    {
        if (_pos == N) Generate();
        uint y = _key[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Refills the 624-word state block (the reference MT19937 recurrence).</summary>
    private void Generate()
    {
        uint y;
        int i;
        for (i = 0; i < N - M; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + M] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        }
        for (; i < N - 1; i++)
        {
            y = (_key[i] & UpperMask) | (_key[i + 1] & LowerMask);
            _key[i] = _key[i + (M - N)] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        }
        y = (_key[N - 1] & UpperMask) | (_key[0] & LowerMask);
        _key[N - 1] = _key[M - 1] ^ (y >> 1) ^ ((0U - (y & 1U)) & MatrixA);
        _pos = 0;
    }
}
