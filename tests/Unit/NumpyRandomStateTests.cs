using Functional.Core.Random;
using static Functional.Tests.Unit.RangesTests;

namespace Functional.Tests.Unit;

/// <summary>
/// <see cref="NumpyRandomState"/> against numpy's legacy RandomState (numpy 1.24.2, Debian; regenerate with
/// reference/numpy_reference.py). Values are compared as bit patterns, long sequences as the SHA-256 of their
/// little-endian bytes (float64 for doubles, int32 for permutations) plus a few samples.
/// </summary>
public class NumpyRandomStateTests
{
    private static void AssertSamples(ulong[] indexAndBits, IReadOnlyList<double> values)
    {
        for (int k = 0; k < indexAndBits.Length; k += 2)
        {
            int i = (int)indexAndBits[k];
            Assert.True(indexAndBits[k + 1] == Bits(values[i]),
                $"value {i}: expected 0x{indexAndBits[k + 1]:X16}, got {values[i]:R} (0x{Bits(values[i]):X16})");
        }
    }

    private static void AssertBits(ulong[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == Bits(actual[i]), $"value {i}: expected 0x{expected[i]:X16}, got {actual[i]:R} (0x{Bits(actual[i]):X16})");
    }

    // samples: index, bits, index, bits, ... (the first five values and the last).

    [Theory]
    [InlineData(0L, 1000, "5f988c98d133ea2486a9bfcfb0810f669757325101fa3172d6857e5999dd67fe", new[] { 0UL, 0x3FE18FE1565F12A8UL, 1UL,
        0x3FE6E2D4CF608733UL, 2UL, 0x3FE349D66B6E894BUL, 3UL, 0x3FE16FAEDB6395F5UL, 4UL, 0x3FDB1D2904FD0EF6UL, 999UL, 0x3FE5AB23E79781C2UL })]
    [InlineData(1L, 1000, "2dcf74e6b495d102db27a5c318ed0e89aaacb45734cce81022615b9427f2b7e6", new[] { 0UL, 0x3FDAB07D0FFA3C06UL, 1UL,
        0x3FE70CE5F3BAF051UL, 2UL, 0x3F1DFB906661C000UL, 3UL, 0x3FD3596AB7FE08F4UL, 4UL, 0x3FC2C8E5A3C7053CUL, 999UL, 0x3FE8C8848C20F7E2UL })]
    [InlineData(42L, 1000, "b3826bcc79486f1bb6f6dc03df34252953a7bb2f334c5906c9ac056b2fc71a1c", new[] { 0UL, 0x3FD7F8771E5F51ECUL, 1UL,
        0x3FEE6C4068BBD654UL, 2UL, 0x3FE76C7E8F1E6751UL, 3UL, 0x3FE32835D6632CB0UL, 4UL, 0x3FC3F86B37222184UL, 999UL, 0x3FDC8B5BCC2B9FAEUL })]
    [InlineData(4294967295L, 1000, "873abdc2118426f4c0445e238dc0e743e7f4619ffbf979169a18e89dd4b94a45", new[] { 0UL, 0x3FB8FE69A3924820UL, 1UL,
        0x3FED323D824032B1UL, 2UL, 0x3FE93FC6F61AF3F9UL, 3UL, 0x3FE8F5CA1B151C07UL, 4UL, 0x3F925EC7244BBF80UL, 999UL, 0x3FE1CFE321A42891UL })]
    public void RandomSample_matches_numpy(long seed, int n, string sha256, ulong[] samples)
    {
        var values = new NumpyRandomState(seed).RandomSample(n);
        Assert.Equal(n, values.Count);
        AssertSamples(samples, values);
        Assert.Equal(sha256, Sha256(values));
    }

    [Theory]
    [InlineData(0L, 1001, "8b7c24bd97088a96bb154766ad3d43f14d5324e3f31e1eab4283881959fc0e91", new[] { 0UL, 0x3FFC398EF3E5CFA5UL, 1UL,
        0x3FD99C2CFACC8953UL, 2UL, 0x3FEF51D25222C9ABUL, 3UL, 0x4001ED5969E3314EUL, 4UL, 0x3FFDE1847CB13DDAUL, 1000UL, 0x3FE1CA723EE4CDA9UL })]
    [InlineData(1L, 1001, "e1097b23fe4950e7e781cca81566485392e297f64123b4ce870fb6525b9d48d3", new[] { 0UL, 0x3FF9FD5190657C50UL, 1UL,
        0xBFE393822FB7D9ADUL, 2UL, 0xBFE0E6C872548FD2UL, 3UL, 0xBFF12AE1255CB80CUL, 4UL, 0x3FEBB16B5735117DUL, 1000UL, 0xBFC39D3E17AD5739UL })]
    [InlineData(42L, 1001, "a4228888b5518ac0928d9e0f924afd80f4ea7f6de80476b13078971c79686024", new[] { 0UL, 0x3FDFCA2A28A9307CUL, 1UL,
        0xBFC1B2A505DE052AUL, 2UL, 0x3FE4B9DD50245E68UL, 3UL, 0x3FF85E548E01AA2BUL, 4UL, 0xBFCDF8BCDF57A640UL, 1000UL, 0x3FF663C286B9DDEDUL })]
    [InlineData(4294967295L, 1001, "81784481eb584b47eefb3b44e55276074d4d3b93f0dd8c1662051300da021f02", new[] { 0UL, 0x3FE4BFC38C486D8AUL, 1UL,
        0x3FE56B192E507EEEUL, 2UL, 0xBFF149E836F192FDUL, 3UL, 0x3FD23543DEC5A0FCUL, 4UL, 0x3FBD27BF27C6AAAFUL, 1000UL, 0xBFE6AAD57C204043UL })]
    public void Normal_matches_numpy(long seed, int n, string sha256, ulong[] samples)
    {
        var values = new NumpyRandomState(seed).Normal(n);
        Assert.Equal(n, values.Count);
        AssertSamples(samples, values);
        Assert.Equal(sha256, Sha256(values));
    }

    [Fact]
    public void Normal_with_loc_and_scale_matches_numpy()
    {
        // np.random.RandomState(3).normal(2.5, 0.1, 7)
        AssertBits([0x40056E4FA4FE764CUL, 0x40045965B009DD5BUL, 0x400413C33F179CE5UL, 0x4002825B50522C02UL, 0x4003C730DE918607UL,
            0x4003B7586994DCA5UL, 0x4003EF0DF6A26880UL],
            new NumpyRandomState(3).Normal(7, 2.5, 0.1));
    }

    [Fact]
    public void The_gaussian_cache_is_part_of_the_state()
    {
        // numpy: r = RandomState(7); r.normal(size=1), r.random_sample(2), r.normal(size=1), r.normal(size=1).
        // The second normal is the cached partner of the first: the uniform draws in between do not disturb it.
        var r = new NumpyRandomState(7);
        var got = r.Normal(1).Concat(r.RandomSample(2)).Concat(r.Normal(1)).Concat(r.Normal(1)).ToArray();
        AssertBits([0x3FFB0C64AE2DEB29UL, 0x3FEF4BB0A93B67B2UL, 0x3FE13B5BB10E3428UL, 0xBFDDD1EAFA1D414DUL, 0xBFE93EDB81E0483FUL], got);

        // Split calls give the same stream as one call.
        var split = new NumpyRandomState(0);
        var joined = split.Normal(3).Concat(split.Normal(2)).ToArray();
        Assert.Equal(new NumpyRandomState(0).Normal(5).Select(Bits), joined.Select(Bits));
    }

    [Theory]
    [InlineData(0L, -1.0, 1.0, 1000, "d315a13ab0b423ba7434d8726d16dfdd26af2d4e47b182f7d413eef984834c16", new[] { 0UL, 0x3FB8FE1565F12A80UL, 1UL,
        0x3FDB8B533D821CCCUL, 2UL, 0x3FCA4EB35B744A58UL, 3UL, 0x3FB6FAEDB6395F50UL, 4UL, 0xBFC38B5BEC0BC428UL, 999UL, 0x3FD6AC8F9E5E0708UL })]
    [InlineData(42L, 3.0, 5.5, 1000, "c171f99b651748d5fe83f37bb1139cf2dd07cf959a4d2fc6290040c3c1d83bd3", new[] { 0UL, 0x400F7DA5397DC99AUL, 1UL,
        0x401581D420BAB2FAUL, 2UL, 0x401351E78CB98049UL, 3UL, 0x4011FC90D2FEFDF7UL, 4UL, 0x400B1ED0C09D553DUL, 999UL, 0x401075C657E6D0F3UL })]
    [InlineData(1L, 2.0, -2.0, 5, "bbb84b02fd0659e1c992dc381b08ba3652fd4993604ff14e23aaadb2a37c3589", new[] { 0UL, 0x3FD53E0BC0170FE8UL, 1UL,
        0xBFEC3397CEEBC144UL, 2UL, 0x3FFFFE2046F999E4UL, 3UL, 0x3FE94D2A9003EE18UL, 4UL, 0x3FF69B8D2E1C7D62UL })]
    public void Uniform_matches_numpy(long seed, double low, double high, int n, string sha256, ulong[] samples)
    {
        var values = new NumpyRandomState(seed).Uniform(n, low, high);
        Assert.Equal(n, values.Count);
        AssertSamples(samples, values);
        Assert.Equal(sha256, Sha256(values));
    }

    [Theory]
    [InlineData(0L, 10, "3d6e44c1aacf8a2b1e0298df76a3d86288dc3cb6a22c1cdd56869c299fcd8070", 2, 5)]
    [InlineData(0L, 100, "c3233dd1b26016eca5464fe85c4d3eb2d8f1151c8b77a38f67fe3b3408139c21", 26, 44)]
    [InlineData(0L, 1000, "0170dcea75cad468919398661e0bae589e101ea5c81e5eabcb7936eec0dd6c0a", 993, 684)]
    [InlineData(1L, 10, "522a530e2f3c8dfca4b82d02d0cf42962f59f519ec73da325b8e2afd2464a96c", 2, 5)]
    [InlineData(1L, 100, "f23aeb62f5c4b3fdea560f439a8378c2a0403685fa8535cb4ce8fead8726d167", 80, 37)]
    [InlineData(1L, 1000, "4b5e07f47d4d9777bda2ff6d67805b95ce150bc4c58b4494a5b18d3a2fdb1f3f", 507, 37)]
    [InlineData(42L, 10, "90c74f539aaa1b17dfa92cbf8f743099f481b404bff24cd56c582649a368963b", 8, 6)]
    [InlineData(42L, 100, "65e6ac240c8a3c7daf56f1cf818d1df4a89cc3ce2dd7485fd55db0cf9cfc1f36", 83, 51)]
    [InlineData(42L, 1000, "d32ced5c0422023ce691deb5e01cffb97c930477895f4e9ece52baee57804c62", 521, 102)]
    [InlineData(4294967295L, 10, "da72153f7133d356afd662378f93ad0984e3d114f191ae43826242c4d4c7ea79", 6, 3)]
    [InlineData(4294967295L, 100, "ec2a2ca8900bb8cf4b81b7f05940e7707bfafd0c9a2a195b58d7853b0ff385b7", 92, 35)]
    [InlineData(4294967295L, 1000, "65fb47e78be4f63bc881f15492dd11fa5af848584e8f0682fffed693d8b7ed35", 94, 419)]
    public void Permutation_matches_numpy(long seed, int n, string sha256, int first, int last)
    {
        var p = new NumpyRandomState(seed).Permutation(n);
        Assert.Equal(n, p.Count);
        Assert.Equal(first, p[0]);
        Assert.Equal(last, p[^1]);
        Assert.Equal(sha256, Sha256(p));
        Assert.Equal(Enumerable.Range(0, n), p.Order());
    }

    [Fact]
    public void Permutation_of_10_value_by_value()
    {
        Assert.Equal([2, 8, 4, 9, 1, 6, 7, 3, 0, 5], new NumpyRandomState(0).Permutation(10));
        Assert.Equal([2, 9, 6, 4, 0, 3, 1, 7, 8, 5], new NumpyRandomState(1).Permutation(10));
        Assert.Equal([8, 1, 5, 0, 7, 2, 9, 4, 3, 6], new NumpyRandomState(42).Permutation(10));
        Assert.Equal([6, 9, 5, 1, 8, 0, 7, 4, 2, 3], new NumpyRandomState(4294967295L).Permutation(10));
    }

    [Fact]
    public void Calls_share_one_stream_like_numpys_global_state()
    {
        // numpy: r = RandomState(5); r.permutation(1000); r.random_sample(3) — the shuffle used exactly numpy's draws.
        var r = new NumpyRandomState(5);
        r.Permutation(1000);
        AssertBits([0x3FE0C470EBD91EBFUL, 0x3FE339CFD8DA9A9BUL, 0x3FE3D1FB30585159UL], r.RandomSample(3));

        // numpy: r = RandomState(5); r.normal(size=3); r.permutation(10) — a cached gaussian does not affect the shuffle.
        var s = new NumpyRandomState(5);
        s.Normal(3);
        Assert.Equal([2, 5, 6, 3, 8, 1, 4, 7, 9, 0], s.Permutation(10));
    }

    [Fact]
    public void Empty_requests_give_empty_lists_and_consume_nothing()
    {
        var r = new NumpyRandomState(0);
        Assert.Empty(r.RandomSample(0));
        Assert.Empty(r.Normal(0));
        Assert.Empty(r.Uniform(0, 0, 1));
        Assert.Empty(r.Permutation(0));
        Assert.Equal([0], r.Permutation(1));
        Assert.Equal(0x3FE18FE1565F12A8UL, Bits(r.RandomSample(1)[0]));
    }

    [Fact]
    public void Results_are_read_only()
    {
        var r = new NumpyRandomState(0);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)r.RandomSample(3))[0] = 1);
        Assert.Throws<NotSupportedException>(() => ((IList<int>)r.Permutation(3))[0] = 1);
    }

    [Fact]
    public void Bad_arguments_name_the_operation_and_the_value()
    {
        var r = new NumpyRandomState(0);
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => r.RandomSample(-2));
        Assert.Contains("NumpyRandomState.RandomSample", e1.Message);
        Assert.Contains("n is -2", e1.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => r.Permutation(-1));
        Assert.Contains("NumpyRandomState.Permutation", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => r.Normal(3, 0, -1));
        Assert.Contains("NumpyRandomState.Normal", e3.Message);
        Assert.Contains("scale is -1", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => r.Uniform(3, double.MinValue, double.MaxValue));
        Assert.Contains("NumpyRandomState.Uniform", e4.Message);
    }
}
