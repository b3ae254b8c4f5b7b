using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>BatchNormalization against Keras' formulas computed here: batch statistics in training, the moving statistics'
/// update, the moving statistics in inference, and the state as part of the model value.</summary>
public class BatchNormalizationTests
{
    private const int Height = 2, Width = 3, Channels = 2, Batch = 4;

    private static Matrix<double> Images() =>
        Matrix<double>.Build.Dense(Batch, Height * Width * Channels, (s, j) => Math.Sin(0.9 * s + 1.7 * j) * (1 + j % Channels) + 0.3 * (j % Channels));

    private static BatchNormalization<double> Layer(out Matrix<double> gamma, out Matrix<double> beta)
    {
        var model = Sequential.Build<double>([Layers.Input(Height, Width, Channels), Layers.BatchNormalization()], 0);
        gamma = Matrix<double>.Build.DenseOfArray(new[,] { { 1.5, -0.5 } });
        beta = Matrix<double>.Build.DenseOfArray(new[,] { { 0.25, 2.0 } });
        return (BatchNormalization<double>)model.Layers[0].WithParameters([gamma, beta]);
    }

    /// <summary>Per channel, the mean and biased variance over the batch and every position (Keras' moments).</summary>
    private static (double Mean, double Variance) Moments(Matrix<double> x, int channel)
    {
        var values = Enumerable.Range(0, Batch).SelectMany(s => Enumerable.Range(0, Height * Width).Select(p => x[s, p * Channels + channel])).ToArray();
        double mean = values.Average();
        return (mean, values.Average(v => (v - mean) * (v - mean)));
    }

    [Fact]
    public void In_training_each_channel_is_normalized_by_its_batch_statistics_and_the_moving_ones_move_by_the_momentum()
    {
        var layer = Layer(out var gamma, out var beta);
        var x = Images();
        var trace = layer.Trace(x, training: true);
        for (int c = 0; c < Channels; c++)
        {
            var (mean, variance) = Moments(x, c);
            for (int s = 0; s < Batch; s++)
                for (int p = 0; p < Height * Width; p++)
                {
                    double expected = gamma[0, c] * (x[s, p * Channels + c] - mean) / Math.Sqrt(variance + 1e-3) + beta[0, c];
                    Assert.Equal(expected, trace.Output[s, p * Channels + c], 12);
                }
            // Keras: moving = moving · 0.99 + batch · 0.01, from zeros and ones.
            Assert.Equal(mean * 0.01, trace.State[0][0, c], 15);
            Assert.Equal(0.99 + variance * 0.01, trace.State[1][0, c], 15);
        }
        Assert.Equal(Matrix<double>.Build.Dense(1, Channels), layer.MovingMean); // the layer itself is unchanged
    }

    [Fact]
    public void In_inference_the_moving_statistics_normalize()
    {
        var layer = Layer(out var gamma, out var beta);
        var movingMean = Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, -1.0 } });
        var movingVariance = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.5 } });
        layer = (BatchNormalization<double>)layer.WithState([movingMean, movingVariance]);
        var x = Images();
        var y = layer.Forward(x);
        for (int s = 0; s < Batch; s++)
            for (int j = 0; j < x.ColumnCount; j++)
            {
                int c = j % Channels;
                Assert.Equal(gamma[0, c] * (x[s, j] - movingMean[0, c]) / Math.Sqrt(movingVariance[0, c] + 1e-3) + beta[0, c], y[s, j], 12);
            }
        Assert.NotEqual(layer.Trace(x, training: true).Output, y);
    }

    [Fact]
    public void Fit_moves_the_state_which_the_file_keeps_and_Backprop_leaves_the_callers_model_alone()
    {
        var specs = new LayerSpec[] { Layers.Input(4), Layers.Dense(3), Layers.BatchNormalization(momentum: 0.9), Layers.Dense(1) };
        var model = Sequential.Build<double>(specs, 2);
        Assert.Contains("Non-trainable params: 6", model.Summary());
        var x = Matrix<double>.Build.Dense(32, 4, (i, j) => Math.Cos(i + 3 * j));
        var y = Matrix<double>.Build.Dense(32, 1, (i, _) => Math.Sin(i));
        var before = model.State;
        Backprop.ValueAndGradient(model, Loss.MeanSquaredError, x, y);
        Assert.Equal(before, model.State);

        var options = new FitOptions<double> { Epochs = 3, BatchSize = 8, Seed = 4 };
        var fit = Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options);
        var bn = (BatchNormalization<double>)fit.Model.Layers[1];
        Assert.NotEqual(Matrix<double>.Build.Dense(1, 3), bn.MovingMean);
        Assert.Equal(fit.Model, Training.Fit(model, new Adam(0.01), Loss.MeanSquaredError, x, y, options).Model);
        string file = Path.Combine(Path.GetTempPath(), $"bn-{Guid.NewGuid():N}.fnnm");
        try
        {
            ModelFile.Save(fit.Model, file);
            var loaded = ModelFile.Load<double>(file);
            Assert.Equal(fit.Model, loaded);
            Assert.Equal(bn.MovingVariance, ((BatchNormalization<double>)loaded.Layers[1]).MovingVariance);
            Assert.Equal(fit.Model.Predict(x), loaded.Predict(x));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Contains("momentum", Assert.Throws<ArgumentException>(() => Layers.BatchNormalization(momentum: 1.5)).Message);
        Assert.Contains("epsilon", Assert.Throws<ArgumentException>(() => Layers.BatchNormalization(epsilon: 0)).Message);
    }
}
