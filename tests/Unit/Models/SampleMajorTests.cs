using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// Training gathers shuffled batches from a sample-major copy of x (for floats on AVX CPUs, 8 × 8 blocks transposed
/// in registers, the remainder by the scalar loop); every gathered batch must equal the reference fold's plain gather,
/// value for value, for batch sizes and widths on both sides of the block edges.
/// </summary>
public class SampleMajorTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 1, 1 }, { 7, 7 }, { 8, 8 }, { 9, 13 }, { 16, 784 }, { 32, 784 }, { 33, 785 }, { 12, 3 }, { 128, 20 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gathered_float_batches_equal_the_rows_of_x(int count, int width) => GatherMatchesRows<float>(count, width);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gathered_double_batches_equal_the_rows_of_x(int count, int width) => GatherMatchesRows<double>(count, width);

    private static void GatherMatchesRows<T>(int count, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int samples = 203; // not a multiple of 8 or of the copy's tile
        var random = new Random(count * 1000 + width);
        var x = Matrix<T>.Build.Dense(samples, width, (_, _) => T.CreateChecked(random.NextDouble() * 2 - 1));
        var sampleMajor = new SampleMajor<T>(x);
        var destination = new T[count * width];
        for (int trial = 0; trial < 5; trial++)
        {
            var indices = Enumerable.Range(0, count).Select(_ => random.Next(samples)).ToArray();
            Array.Fill(destination, T.NaN); // a value the gather forgot to write shows as NaN
            sampleMajor.GatherInto(indices, destination);
            Assert.Equal(MatrixData.ColumnMajor(Tests.ReferenceFold.Rows(x, indices)), destination);
        }
    }

    [Theory]
    [InlineData(32, 784, 392)] // the unit shards' cut of MNIST: 49 whole 8-column blocks on each core
    [InlineData(32, 784, 0)]
    [InlineData(33, 785, 784)]
    [InlineData(9, 13, 5)]     // a cut inside a block: both sides then finish their columns with the scalar loop
    public void Two_gathers_of_complementary_column_ranges_write_the_whole_batch(int count, int width, int cut)
    {
        var random = new Random(width + cut);
        var x = Matrix<float>.Build.Dense(203, width, (_, _) => random.NextSingle());
        var sampleMajor = new SampleMajor<float>(x);
        var indices = Enumerable.Range(0, count).Select(_ => random.Next(203)).ToArray();
        var destination = new float[count * width];
        Array.Fill(destination, float.NaN);
        sampleMajor.GatherColumnsInto(indices, destination, cut, width - cut); // the second range first: no order is assumed
        sampleMajor.GatherColumnsInto(indices, destination, 0, cut);
        Assert.Equal(MatrixData.ColumnMajor(Tests.ReferenceFold.Rows(x, indices)), destination);
    }

    [Fact]
    public void Gathering_a_sample_that_does_not_exist_is_an_error_not_a_read_past_the_data()
    {
        var sampleMajor = new SampleMajor<float>(Matrix<float>.Build.Dense(10, 16, 1f));
        var destination = new float[8 * 16];
        var error = Assert.ThrowsAny<ArgumentException>(() => sampleMajor.GatherInto([0, 1, 2, 3, 4, 5, 6, 10], destination));
        Assert.Contains("10", error.Message);
    }
}
