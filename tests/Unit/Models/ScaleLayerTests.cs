using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using MyProject.Layers;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// The worked example of docs/architecture.md (docs/examples/layers/ScaleLayer.cs, compiled into this project): a layer
/// family written outside the library, in one file, trains through the same engine, is checked by the same tests,
/// and round-trips through the model file once registered.
/// </summary>
public class ScaleLayerTests
{
    static ScaleLayerTests() => LayerSpec.Register<ScaleSpec>("Scale");

    private static Model<double> Model() =>
        Sequential.Build<double>([Layers.Input(2), Layers.Dense(3, Activation.Tanh), new ScaleSpec(-2.5), Layers.Dense(2)], seed: 4);

    private static (Matrix<double> X, Matrix<double> Y) Data() =>
        (Matrix<double>.Build.Dense(5, 2, (i, j) => Math.Sin(i + 2.0 * j)), Matrix<double>.Build.Dense(5, 2, (i, j) => Math.Cos(i * j)));

    [Fact]
    public void Its_output_is_the_factor_times_its_input()
    {
        var model = Model();
        var (x, _) = Data();
        var traces = model.Trace(x);
        Assert.Equal(traces[1].Input * -2.5, traces[1].Output);
        Assert.Equal("scale", model.Layers[1].Name);
        Assert.Contains("scale (Scale)", model.Summary());
    }

    [Fact]
    public void The_gradient_through_it_equals_finite_differences()
    {
        var model = Model();
        var (x, y) = Data();
        var analytic = Backprop.ValueAndGradient(model, Loss.MeanSquaredError, x, y).Gradient;
        var parameters = model.Parameters;
        const double h = 1e-6;
        for (int i = 0; i < parameters.Layers.Count; i++)
            for (int j = 0; j < parameters.Layers[i].Count; j++)
                for (int k = 0; k < parameters.Layers[i][j].RowCount * parameters.Layers[i][j].ColumnCount; k++)
                {
                    double At(double delta)
                    {
                        var tensor = parameters.Layers[i][j].Clone();
                        tensor[k % tensor.RowCount, k / tensor.RowCount] += delta;
                        var changed = new ParameterTree<double>(parameters.Layers.Select((l, a) => (IReadOnlyList<Matrix<double>>)l.Select((m, b) =>
                            a == i && b == j ? tensor : m).ToArray()).ToArray());
                        return Backprop.LossValue(model.WithParameters(changed), Loss.MeanSquaredError, x, y);
                    }
                    double numeric = (At(h) - At(-h)) / (2 * h);
                    var g = analytic.Layers[i][j];
                    Assert.Equal(numeric, g[k % g.RowCount, k / g.RowCount], 6);
                }
    }

    [Fact]
    public void Training_through_it_equals_the_reference_fold_bit_for_bit()
    {
        var (x, y) = Data();
        var options = new FitOptions<double> { Epochs = 3, BatchSize = 2, Seed = 1 };
        var expected = Tests.ReferenceFold.Run(Model(), new Adam(0.05), Loss.MeanSquaredError, x, y, options);
        var actual = Training.Epochs(Model(), new Adam(0.05), Loss.MeanSquaredError, x, y, options).ToList();
        Assert.Equal(expected.Select(s => s.Model), actual.Select(s => s.Model));
        Assert.Equal(expected.Select(s => s.Log), actual.Select(s => s.Log));
        Assert.True(actual[^1].Log["loss"] < actual[0].Log["loss"]);
    }

    [Fact]
    public void Once_registered_it_round_trips_through_the_model_file()
    {
        var model = Model();
        var loaded = ModelFile.FromBytes<double>(ModelFile.ToBytes(model));
        Assert.Equal(model, loaded);
        Assert.Equal(new ScaleSpec(-2.5), loaded.Layers[1].Spec);
        var e = Assert.Throws<ArgumentException>(() => LayerSpec.Register<ScaleSpec>("Dense"));
        Assert.Contains("DenseSpec is already registered as kind 'Dense'", e.Message);
    }
}
