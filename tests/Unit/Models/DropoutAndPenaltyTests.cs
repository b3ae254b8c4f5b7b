using Functional.Core;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>Dropout and the weight penalties: Keras' formulas against values computed here independently, and how they
/// behave in training, inference, the History and the model file.</summary>
public class DropoutAndPenaltyTests
{
    private static Model<double> WithDropout(double rate) =>
        Sequential.Build<double>([Layers.Input(200), Layers.Dropout(rate)], 1);

    [Fact]
    public void Dropout_is_the_identity_in_inference()
    {
        var x = Matrix<double>.Build.Dense(5, 200, (i, j) => i + 0.01 * j);
        Assert.Equal(x, WithDropout(0.5).Predict(x));
    }

    [Fact]
    public void In_training_dropout_zeroes_about_rate_of_the_values_and_divides_the_rest_by_1_minus_rate()
    {
        var x = Matrix<double>.Build.Dense(50, 200, (i, j) => 1 + i + 0.01 * j);
        var layer = WithDropout(0.3).Layers[0];
        var y = layer.Trace(x, training: true, new Functional.Core.Random.PortableRandom(7)).Output;
        int zeros = 0;
        for (int i = 0; i < x.RowCount; i++)
            for (int j = 0; j < x.ColumnCount; j++)
            {
                if (y[i, j] == 0) zeros++;
                else Assert.Equal(x[i, j] / 0.7, y[i, j]); // Keras: where(mask, x / keep_prob, 0), exactly
            }
        // 10 000 Bernoulli(0.3) draws: mean 3 000, standard deviation 45.8; six of them either way.
        Assert.InRange(zeros, 3000 - 275, 3000 + 275);
    }

    [Fact]
    public void Masks_come_from_the_runs_seed_and_step()
    {
        var model = Sequential.Build<double>([Layers.Input(3), Layers.Dense(8, Activation.Tanh), Layers.Dropout(0.5), Layers.Dense(1)], 2);
        var x = Matrix<double>.Build.Dense(16, 3, (i, j) => Math.Sin(i + 2 * j));
        var y = Matrix<double>.Build.Dense(16, 1, (i, _) => Math.Cos(i));
        var options = new FitOptions<double> { Epochs = 3, BatchSize = 4, Seed = 9 };
        var a = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options);
        var b = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options);
        var c = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options with { Seed = 10 });
        Assert.Equal(a.Model, b.Model);
        Assert.Equal(a.History, b.History);
        Assert.NotEqual(a.History.Loss, c.History.Loss);
        // Without dropout the run is another one (the mask really applies in training).
        var plain = Sequential.Build<double>([Layers.Input(3), Layers.Dense(8, Activation.Tanh), Layers.Dense(1)], 2);
        Assert.NotEqual(Training.Fit(plain, new Adam(0.01), Loss.MeanSquaredError, x, y, options).History.Loss, a.History.Loss);
    }

    [Theory]
    [InlineData(1UL, 0.5, 1000)]
    [InlineData(7UL, 0.9, 37)]
    [InlineData(42UL, 0.0, 17)]
    [InlineData(3UL, 1.0, 5)]
    [InlineData(5UL, 0.3, 4096)]
    [InlineData(9UL, 0.1 + 0.2, 4096)]
    public void A_filled_mask_is_the_stream_of_as_many_draws_and_leaves_the_generator_where_they_do(ulong seed, double probability, int count)
    {
        var bulk = new PortableRandom(seed);
        var calls = new PortableRandom(seed);
        var mask = new float[count];
        bulk.FillBernoulli<float>(mask, probability);
        Assert.Equal(Enumerable.Range(0, count).Select(_ => calls.NextDouble() < probability ? 1f : 0f), mask);
        Assert.Equal(calls.NextUInt64(), bulk.NextUInt64());
    }

    [Fact]
    public void Penalties_follow_Keras_formulas()
    {
        double[] w = [0.5, -2, 0, 3];
        Assert.Equal(0.01 * 5.5, Regularizers.L1().Penalty<double>(w), 15);
        Assert.Equal(0.01 * 13.25, Regularizers.L2().Penalty<double>(w), 15);
        Assert.Equal(0.1 * 5.5 + 0.2 * 13.25, Regularizers.L1L2(0.1, 0.2).Penalty<double>(w), 15);
        var g = new double[4];
        Regularizers.L1L2(0.1, 0.2).AddGradient<double>(w, g);
        Assert.Equal([0.1 + 0.4 * 0.5, -0.1 + 0.4 * -2, 0, 0.1 + 0.4 * 3], g);
        Assert.Equal("L2(0.01)", Regularizers.L2().ToString());
        Assert.Equal("L1L2(l1=0, l2=0)", Regularizers.L1L2().ToString());
        Assert.Contains("l1", Assert.Throws<ArgumentException>(() => Regularizers.L1(-1)).Message);
    }

    [Fact]
    public void The_penalty_is_in_the_loss_the_History_and_Evaluate_report()
    {
        var x = Matrix<double>.Build.Dense(10, 2, (i, j) => Math.Sin(i * 0.3 + j));
        var y = Matrix<double>.Build.Dense(10, 1, (i, _) => Math.Cos(i * 0.3));
        var penalized = Sequential.Build<double>([Layers.Input(2), Layers.Dense(3, Activation.Tanh, kernelRegularizer: Regularizers.L2(0.1)),
            Layers.Dense(1, biasRegularizer: Regularizers.L1(0.05))], 4);
        var free = Sequential.Build<double>([Layers.Input(2), Layers.Dense(3, Activation.Tanh), Layers.Dense(1)], 4);
        Assert.Equal(free.Parameters, penalized.Parameters); // the same weights: only the penalty differs

        // Independently: 0.1 · Σ kernel² of the first layer + 0.05 · Σ |bias| of the second.
        var k = penalized.Layers[0].Parameters[0];
        var b = penalized.Layers[1].Parameters[1];
        double expectedPenalty = 0.1 * k.Enumerate().Sum(v => v * v) + 0.05 * b.Enumerate().Sum(Math.Abs);
        double data = Evaluation.Evaluate(free, Loss.MeanSquaredError, x, y).Loss;
        Assert.Equal(data + expectedPenalty, Evaluation.Evaluate(penalized, Loss.MeanSquaredError, x, y).Loss, 14);

        // One full-batch epoch of SGD: History's loss is the loss before the update, penalty included.
        var fit = Training.Fit(penalized, new Sgd(0.1), Loss.MeanSquaredError, x, y, new FitOptions<double> { BatchSize = 10, Shuffle = false });
        Assert.Equal(data + expectedPenalty, fit.History.Loss[0], 14);
    }

    [Fact]
    public void Dropout_and_penalties_round_trip_through_the_model_file_and_show_in_the_summary()
    {
        var model = Sequential.Build<float>([Layers.Input(4), Layers.Dense(3, Activation.Relu, kernelRegularizer: Regularizers.L1L2(0.01, 0.02)),
            Layers.Dropout(0.25), Layers.Dense(2, biasRegularizer: Regularizers.L2(0.5))], 6);
        var loaded = ModelFile.FromBytes<float>(ModelFile.ToBytes(model));
        Assert.Equal(model, loaded);
        Assert.Equal(Regularizers.L1L2(0.01, 0.02), ((DenseSpec)loaded.Layers[0].Spec).KernelRegularizer);
        Assert.Equal(0.25, ((Dropout<float>)loaded.Layers[1]).Rate);
        Assert.Contains("dropout (Dropout)", model.Summary());
        Assert.Contains("Dropout: rate must be in [0, 1)", Assert.Throws<ArgumentException>(() => Layers.Dropout(1)).Message);
    }
}
