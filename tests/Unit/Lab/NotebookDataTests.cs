using Functional.Reports.Lab;
using static Functional.Tests.Unit.RangesTests;

namespace Functional.Tests.Unit.Lab;

/// <summary>
/// <see cref="LabData"/> against the notebook's data as numpy makes them when the notebook runs top to bottom
/// (reference/notebook-data.json): re-seeding cells start the stream again, the others continue it.
/// </summary>
public class NotebookDataTests
{
    [Fact]
    public void The_first_cells_line_is_numpys() => NotebookReference.Set("line").AssertMatches(LabData.Line().X, LabData.Line().Y);

    [Fact]
    public void The_ln_cell_is_numpys() => NotebookReference.Set("log").AssertMatches(LabData.Log().X, LabData.Log().Y);

    [Fact]
    public void The_hidden_layer_cell_continues_the_stream_of_the_ln_cell()
    {
        var data = LabData.HiddenLayer();
        NotebookReference.Set("hidden").AssertMatches(data.X, data.Y);
        // Continued, not re-seeded: its noise is not the ln cell's.
        Assert.NotEqual(NotebookReference.Doubles("log", "draws")[0], NotebookReference.Doubles("hidden", "draws")[0]);
    }

    [Fact]
    public void The_overfitting_cell_trains_on_the_integers_and_validates_on_the_tenths_as_numpy_draws_them()
    {
        var (train, validation) = LabData.Overfitting();
        NotebookReference.Set("overfitting").AssertMatches(train.X, train.Y);
        NotebookReference.Set("overfitting", validation: true).AssertMatches(validation.X, validation.Y);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), train.X);
    }

    [Fact]
    public void The_sine_cell_is_numpys_including_its_random_validation_x()
    {
        var (train, validation) = LabData.Sine();
        NotebookReference.Set("sine").AssertMatches(train.X, train.Y);
        NotebookReference.Set("sine", validation: true).AssertMatches(validation.X, validation.Y);
        // x1 = np.random.random(100)*np.pi*5 is (r·π)·5: bit for bit, which r·(5π) is not for every r.
        var draws = NotebookReference.Doubles("sine", "draws_x1");
        Assert.Contains(draws, r => Bits(r * Math.PI * 5) != Bits(r * (Math.PI * 5)));
    }

    [Theory]
    [InlineData("mnist_permutation", 10000)]
    [InlineData("mnist_permutation_2000", 2000)]
    public void The_misclassified_digits_permutation_continues_the_stream_after_the_overfitting_cell(string cell, int count)
    {
        var order = LabData.MisclassifiedOrder(count);
        Assert.Equal(NotebookReference.Value(cell, "n").GetInt32(), order.Count);
        Assert.Equal(NotebookReference.Value(cell, "first").EnumerateArray().Select(v => v.GetInt32()), order.Take(20));
        Assert.Equal(NotebookReference.Value(cell, "last").GetInt32(), order[^1]);
        Assert.Equal(NotebookReference.Value(cell, "sha256_int32_le").GetString(), Sha256(order));
    }
}
