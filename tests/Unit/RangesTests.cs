using System.Buffers.Binary;
using System.Security.Cryptography;
using Functional.Core;
using Functional.Core.Random;

namespace Functional.Tests.Unit;

/// <summary>
/// <see cref="Ranges"/> against values made by the real numpy (1.24.2, Debian; regenerate with reference/numpy_reference.py).
/// Doubles are compared as bit patterns; long sequences as the SHA-256 of their little-endian bytes.
/// </summary>
public class RangesTests
{
    internal static ulong Bits(double x) => (ulong)BitConverter.DoubleToInt64Bits(x);

    internal static string Sha256(IReadOnlyList<double> values)
    {
        var bytes = new byte[values.Count * 8];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), BitConverter.DoubleToInt64Bits(values[i]));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    internal static string Sha256(IReadOnlyList<int> values)
    {
        var bytes = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static void AssertBits(ulong[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == Bits(actual[i]),
                $"value {i}: expected {BitConverter.Int64BitsToDouble((long)expected[i]):R} (0x{expected[i]:X16}), got {actual[i]:R} " +
                $"(0x{Bits(actual[i]):X16})");
    }

    private static long UlpDistance(double a, double b) => Math.Abs(BitConverter.DoubleToInt64Bits(a) - BitConverter.DoubleToInt64Bits(b));

    // ---- Arange: (start, stop, step, length, sha256, first three values and the last) from np.arange ----

    [Theory]
    [InlineData(0.0, 10.0, 0.1, 100, "49b5080ab8514022cabb9598d11f061cf0a29807922129af43d172ed3ed218f2", new[] { 0x0000000000000000UL,
        0x3FB999999999999AUL, 0x3FC999999999999AUL, 0x4023CCCCCCCCCCCDUL })]
    [InlineData(0.0, 1.0, 0.3, 4, "34a2cfce38e87c62a76d8ce8f1827114af2c37851ec0a748e15f3f23b27e12fd", new[] { 0x0000000000000000UL,
        0x3FD3333333333333UL, 0x3FE3333333333333UL, 0x3FECCCCCCCCCCCCCUL })]
    [InlineData(1.0, 1.3, 0.1, 4, "84af75e9cf1d5fcd5464c749b1c88687de085ce539d4900a9b7dc2f23749164a", new[] { 0x3FF0000000000000UL,
        0x3FF199999999999AUL, 0x3FF3333333333334UL, 0x3FF4CCCCCCCCCCCEUL })]
    [InlineData(-3.0, 3.0, 0.7, 9, "5e67eb11ebc837d0ab1a59008e285d560425d0ab2aaa97040c1ab88420d04327", new[] { 0xC008000000000000UL,
        0xC002666666666666UL, 0xBFF9999999999998UL, 0x4004CCCCCCCCCCD0UL })]
    [InlineData(0.5, 100.0, 0.3333333333333333, 299, "97c1bcad7ed24cd47665e4774dbf9d365b9386729efd3dc3d8ef36e7c6466c11", new[] { 0x3FE0000000000000UL,
        0x3FEAAAAAAAAAAAAAUL, 0x3FF2AAAAAAAAAAAAUL, 0x4058F55555555554UL })]
    [InlineData(0.0, 1e-300, 1e+300, 1, "af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc", new[] { 0x0000000000000000UL })]
    [InlineData(5.0, 5.0, 1.0, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new ulong[0])]
    [InlineData(5.0, 1.0, 1.0, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new ulong[0])]
    public void Arange_matches_numpy_bit_for_bit(double start, double stop, double step, int length, string sha256, ulong[] samples)
    {
        var values = Ranges.Arange(start, stop, step);
        Assert.Equal(length, values.Count);
        Assert.Equal(sha256, Sha256(values));
        var picked = values.Count > 3 ? new[] { values[0], values[1], values[2], values[^1] } : values.ToArray();
        AssertBits(samples, picked);
    }

    [Fact]
    public void Arange_returns_a_read_only_fresh_list()
    {
        var a = Ranges.Arange(0, 1, 0.25);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)a)[0] = 7);
        Assert.NotSame(a, Ranges.Arange(0, 1, 0.25));
    }

    // ---- Linspace: (start, stop, num, endpoint, sha256 of np.linspace) ----

    [Theory]
    [InlineData(0.0, 1.0, 7, true, "6b1597a4a1a161d626159507efc0b1fd248e624f84a3d703c6a80a25b338ec6c")]
    [InlineData(0.0, 1.0, 7, false, "a4bb88d1f20d263ffa93c55ecca72fc04e8b04778301ad21accde0e90551e078")]
    [InlineData(-2.5, 7.3, 50, true, "b07576676022692980fc0f9ff13b9cae45c320f145cd427810c0027764e20c33")]
    [InlineData(-2.5, 7.3, 50, false, "1ead5155d88eadaf942caf421ad93f274962d2edea8334767b60274df60429c8")]
    [InlineData(1.0, 0.0, 11, true, "9bd09c4fe3a20488cb50853c6c45602b67f51f39fd14fc83c7445adce3f76ce6")]
    [InlineData(3.0, 3.0, 4, true, "a25ecb48c6e7709320bd2d17e057f9018b65594ec41ee25f6fb2db1d2353d74a")]
    [InlineData(0.0, 5e-324, 3, true, "85526ba79728a470972be92942ef4de212630c9368703cb4ab3cb42dece95912")]
    [InlineData(2.0, 9.0, 1, true, "3f710ac088db33363087de2b9a657541fe5447821debaa9fe5cbd538eb1a5f29")]
    [InlineData(2.0, 9.0, 1, false, "3f710ac088db33363087de2b9a657541fe5447821debaa9fe5cbd538eb1a5f29")]
    [InlineData(2.0, 9.0, 0, true, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(0.0, 1.0, 1000, true, "cb26d111b4e5e7244dbb24810629e702b8dde0638902b2ec2451a50211ff0a0f")]
    public void Linspace_matches_numpy_bit_for_bit(double start, double stop, int num, bool endpoint, string sha256)
    {
        var values = Ranges.Linspace(start, stop, num, endpoint);
        Assert.Equal(num, values.Count);
        Assert.Equal(sha256, Sha256(values));
    }

    [Fact]
    public void Linspace_small_cases_value_by_value()
    {
        AssertBits([0x0000000000000000UL, 0x3FC5555555555555UL, 0x3FD5555555555555UL, 0x3FE0000000000000UL, 0x3FE5555555555555UL,
            0x3FEAAAAAAAAAAAAAUL, 0x3FF0000000000000UL],
            Ranges.Linspace(0, 1, 7));
        AssertBits([0x0000000000000000UL, 0x3FC2492492492492UL, 0x3FD2492492492492UL, 0x3FDB6DB6DB6DB6DBUL, 0x3FE2492492492492UL,
            0x3FE6DB6DB6DB6DB6UL, 0x3FEB6DB6DB6DB6DBUL],
            Ranges.Linspace(0, 1, 7, endpoint: false));
        AssertBits([0x3FF0000000000000UL, 0x3FECCCCCCCCCCCCDUL, 0x3FE999999999999AUL, 0x3FE6666666666666UL, 0x3FE3333333333333UL, 0x3FE0000000000000UL,
                    0x3FD9999999999998UL, 0x3FD3333333333332UL, 0x3FC9999999999998UL, 0x3FB9999999999998UL, 0x0000000000000000UL],
            Ranges.Linspace(1, 0, 11));
        // The step 5e-324 / 2 underflows to zero: numpy's fallback (i / div) * delta + start.
        AssertBits([0x0000000000000000UL, 0x0000000000000000UL, 0x0000000000000001UL], Ranges.Linspace(0, 5e-324, 3));
        AssertBits([0x4000000000000000UL], Ranges.Linspace(2, 9, 1));
        Assert.Empty(Ranges.Linspace(2, 9, 0));
    }

    // ---- Logspace ----
    // np.logspace is np.power(base, np.linspace(...)). On this CPU (AVX-512) numpy 1.24 evaluates np.power with Intel's
    // SVML, which is not correctly rounded: e.g. 10^-1 comes out as 0x3FB9999999999999, one ulp below 0.1. Without
    // AVX-512 numpy calls the C library's pow, which is what Math.Pow calls (and Python's math.pow). So Logspace is
    // checked exactly against C pow over np.linspace (numpy's own result on a CPU without AVX-512), and against this
    // machine's numpy with a tolerance of 2 ulps (the reference script measured at most 1).

    [Theory]
    [InlineData(-5.0, 2.0, 8, true, 10.0, "e29d444a4903b74b0e84c9b0251ce3eb51c55479048f96882f390fb03d6a1003")]
    [InlineData(0.0, 3.0, 7, false, 10.0, "fc2bce411f5a6073404aa8c73e7595ed91e924c2906182f78f68c2f1d2d40467")]
    [InlineData(-1.0, 1.0, 101, true, 10.0, "a3365eb86c573ad7114e56cb0f5f8f7ea5018c93548d1b5f5e43ae6f6edf51a4")]
    [InlineData(0.0, 10.0, 11, true, 2.0, "9ece3153e22961e655e5f811e3d97cf73cd25cd21894221506dfdbf14414f74e")]
    [InlineData(-3.0, 4.0, 1000, true, 10.0, "e8924addd98a94301b4b61a84e032353b9e9194f0c05715f97477565270daf70")]
    [InlineData(0.0, 1.0, 9, true, 2.718281828459045, "1961c51368b7ebc3d78169f2e2890d8e409402bfbe89657a3049c54acf55d8c1")]
    public void Logspace_matches_C_pow_over_numpy_linspace_bit_for_bit(double start, double stop, int num, bool endpoint, double @base, string sha256)
    {
        var values = Ranges.Logspace(start, stop, num, endpoint, @base);
        Assert.Equal(num, values.Count);
        Assert.Equal(sha256, Sha256(values));
    }

    [Fact]
    public void Logspace_minus5_to_2_value_by_value()
    {
        AssertBits([0x3EE4F8B588E368F1UL, 0x3F1A36E2EB1C432DUL, 0x3F50624DD2F1A9FCUL, 0x3F847AE147AE147BUL, 0x3FB999999999999AUL,
            0x3FF0000000000000UL, 0x4024000000000000UL, 0x4059000000000000UL],
            Ranges.Logspace(-5, 2, 8));
    }

    [Fact]
    public void Logspace_is_within_2_ulps_of_numpy_on_an_AVX512_machine()
    {
        // np.logspace(-5, 2, 8) as printed by numpy 1.24.2 with SVML's pow (3 of 8 values are 1 ulp off C pow).
        ulong[] numpy = [0x3EE4F8B588E368F0UL, 0x3F1A36E2EB1C432CUL, 0x3F50624DD2F1A9FCUL, 0x3F847AE147AE147BUL, 0x3FB9999999999999UL,
            0x3FF0000000000000UL, 0x4024000000000000UL, 0x4059000000000000UL];
        var ours = Ranges.Logspace(-5, 2, 8);
        for (int i = 0; i < numpy.Length; i++)
            Assert.InRange(UlpDistance(ours[i], BitConverter.Int64BitsToDouble((long)numpy[i])), 0, 2);

        // np.logspace(-3, 4, 1000): samples (index, bits).
        (int Index, ulong Bits)[] samples = [(0, 0x3F50624DD2F1A9FCUL), (1, 0x3F50A68654AC2FBFUL), (2, 0x3F50EBDAE636719AUL), (3,
            0x3F513250265BC284UL), (4, 0x3F5179EAC7247396UL), (999, 0x40C3880000000000UL)];
        var long1000 = Ranges.Logspace(-3, 4, 1000);
        foreach (var (index, bits) in samples)
            Assert.InRange(UlpDistance(long1000[index], BitConverter.Int64BitsToDouble((long)bits)), 0, 2);
    }

    // ---- Bad input ----

    [Fact]
    public void Arange_rejects_a_zero_step()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Arange(0, 1, 0));
        Assert.Contains("Ranges.Arange", e.Message);
        Assert.Contains("step is 0", e.Message);
        Assert.Equal("step", e.ParamName);
    }

    [Fact]
    public void Arange_rejects_a_negative_step()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Arange(1, 0, -0.25));
        Assert.Contains("Ranges.Arange", e.Message);
        Assert.Contains("-0.25", e.Message);
        Assert.Equal("step", e.ParamName);
    }

    [Fact]
    public void Arange_rejects_a_NaN_start()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Arange(double.NaN, 1, 0.1));
        Assert.Contains("Ranges.Arange", e.Message);
        Assert.Contains("start is NaN", e.Message);
        Assert.Equal("start", e.ParamName);
    }

    [Theory]
    [InlineData(0.0, double.PositiveInfinity, 1.0, "stop")]
    [InlineData(0.0, 1.0, double.NaN, "step")]
    [InlineData(double.NegativeInfinity, 1.0, 1.0, "start")]
    public void Arange_rejects_non_finite_arguments(double start, double stop, double step, string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Arange(start, stop, step));
        Assert.Contains("Ranges.Arange", e.Message);
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Arange_rejects_a_length_beyond_the_largest_array()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Arange(0, 1e300, 1));
        Assert.Contains("Ranges.Arange", e.Message);
    }

    [Fact]
    public void Linspace_rejects_a_negative_num()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Linspace(0, 1, -3));
        Assert.Contains("Ranges.Linspace", e.Message);
        Assert.Contains("num is -3", e.Message);
        Assert.Equal("num", e.ParamName);
    }

    [Fact]
    public void Linspace_rejects_a_NaN_start()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Linspace(double.NaN, 1, 5));
        Assert.Contains("Ranges.Linspace", e.Message);
        Assert.Contains("start is NaN", e.Message);
    }

    [Fact]
    public void Logspace_rejects_a_negative_num_and_a_NaN_base()
    {
        var e = Assert.Throws<ArgumentException>(() => Ranges.Logspace(0, 1, -1));
        Assert.Contains("Ranges.Logspace", e.Message);
        Assert.Contains("num is -1", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ranges.Logspace(0, 1, 5, @base: double.NaN));
        Assert.Contains("Ranges.Logspace", e.Message);
        Assert.Contains("base is NaN", e.Message);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    [InlineData(long.MinValue)]
    public void NumpyRandomState_rejects_a_seed_out_of_range(long seed)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new NumpyRandomState(seed));
        Assert.Contains("NumpyRandomState", e.Message);
        Assert.Contains($"seed {seed}", e.Message);
        Assert.Equal("seed", e.ParamName);
        Assert.Equal(seed, e.ActualValue);
    }
}
