using Functional.Core;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// Keras' <c>BatchNormalization</c> as written (over the last axis, the channels): in training each channel is normalized by
/// its batch mean and (biased) variance, and the moving statistics move towards them; in inference the moving statistics
/// normalize. y = gamma · (x − mean) / sqrt(variance + epsilon) + beta.
/// </summary>
/// <param name="Momentum">moving = moving · momentum + batch · (1 − momentum) (Keras: 0.99).</param>
/// <param name="Epsilon">Added to the variance (Keras: 1e-3).</param>
/// <param name="Center">Learn beta (an offset).</param>
/// <param name="Scale">Learn gamma (a scale).</param>
public sealed record BatchNormalizationSpec(double Momentum = 0.99, double Epsilon = 1e-3, bool Center = true, bool Scale = true) : LayerSpec
{
    /// <inheritdoc />
    public override string Kind => "BatchNormalization";

    /// <inheritdoc />
    public override string BaseName => "batch_normalization";

    /// <inheritdoc />
    public override Shape OutputShape(string name, Shape input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(Momentum >= 0 && Momentum <= 1)) throw new ArgumentException($"BatchNormalization '{name}': momentum must be in [0, 1], got {Momentum}.");
        if (!(Epsilon > 0 && double.IsFinite(Epsilon))) throw new ArgumentException($"BatchNormalization '{name}': epsilon must be positive, got {Epsilon}.");
        return input;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParameterNames => [.. Scale ? new[] { "gamma" } : [], .. Center ? new[] { "beta" } : []];

    /// <inheritdoc />
    public override IReadOnlyList<TensorShape> ParameterShapes(Shape input) => ParameterNames.Select(_ => new TensorShape(1, input.Dimensions[^1])).ToArray();

    /// <inheritdoc />
    public override IReadOnlyList<string> StateNames => ["moving_mean", "moving_variance"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorShape> StateShapes(Shape input) => [new(1, input.Dimensions[^1]), new(1, input.Dimensions[^1])];

    /// <summary>Keras' starts: gamma ones, beta zeros, moving mean zeros, moving variance ones.</summary>
    protected override (Matrix<T>[] Parameters, Matrix<T>[] State) Initialize<T>(Shape input, PortableRandom random)
    {
        int channels = input.Dimensions[^1];
        Matrix<T> Filled(T value) => Matrix<T>.Build.Dense(1, channels, value);
        var parameters = new List<Matrix<T>>();
        if (Scale) parameters.Add(Filled(T.One));
        if (Center) parameters.Add(Filled(T.Zero));
        return ([.. parameters], [Filled(T.Zero), Filled(T.One)]);
    }

    /// <inheritdoc />
    protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) =>
        new BatchNormalization<T>(this, name, input, parameters, state);

    /// <summary>"BatchNormalization(momentum 0.99, epsilon 0.001)".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"BatchNormalization(momentum {Momentum}, epsilon {Epsilon}") + (Center ? "" : ", no beta") +
        (Scale ? "" : ", no gamma") + ")";
}

/// <summary>
/// Batch normalization with its weights and its moving statistics (non-trainable state in the model value, updated by the
/// forward kernel in training only). Statistics are taken in double over the batch and every position of the channel.
/// </summary>
public sealed record BatchNormalization<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal BatchNormalization(BatchNormalizationSpec spec, string name, Shape inputShape, Matrix<T>[] parameters, Matrix<T>[] state)
        : base(spec, name, inputShape, parameters, state, owned: true)
    {
    }

    private BatchNormalizationSpec Config => (BatchNormalizationSpec)Spec;

    private int Channels => InputShape.Dimensions[^1];

    /// <inheritdoc />
    public override bool TrainingDiffers => true;

    /// <summary>A copy of the moving mean (1 × channels).</summary>
    public Matrix<T> MovingMean => StateStore[0].Clone();

    /// <summary>A copy of the moving variance (1 × channels).</summary>
    public Matrix<T> MovingVariance => StateStore[1].Clone();

    /// <summary>The mean and 1 / sqrt(variance + epsilon) each channel was normalized with (for the backward kernel).</summary>
    private sealed record Statistics(double[] Mean, double[] InverseDeviation);

    /// <inheritdoc />
    protected override object? CreateScratch(int batchSize) => new Statistics(new double[Channels], new double[Channels]);

    /// <inheritdoc />
    protected override void ForwardInto(LayerPass<T> pass)
    {
        var stats = (Statistics)pass.Scratch!;
        var x = MatrixData.ColumnMajor(pass.Input);
        var y = MatrixData.ColumnMajor(pass.Output);
        var movingMean = MatrixData.ColumnMajor(pass.State[0]);
        var movingVariance = MatrixData.ColumnMajor(pass.State[1]);
        int n = pass.BatchSize, channels = Channels, positions = InputShape.Size / channels;
        double count = (double)n * positions, momentum = Config.Momentum;
        for (int c = 0; c < channels; c++)
        {
            double mean, variance;
            if (pass.Training)
            {
                double sum = 0;
                for (int p = 0; p < positions; p++)
                    foreach (var v in x.AsSpan((p * channels + c) * n, n)) sum += double.CreateTruncating(v);
                mean = sum / count;
                double squares = 0;
                for (int p = 0; p < positions; p++)
                    foreach (var v in x.AsSpan((p * channels + c) * n, n))
                    {
                        double d = double.CreateTruncating(v) - mean;
                        squares += d * d;
                    }
                variance = squares / count; // biased, as Keras' moments
                movingMean[c] = T.CreateTruncating(double.CreateTruncating(movingMean[c]) * momentum + mean * (1 - momentum));
                movingVariance[c] = T.CreateTruncating(double.CreateTruncating(movingVariance[c]) * momentum + variance * (1 - momentum));
            }
            else
            {
                mean = double.CreateTruncating(movingMean[c]);
                variance = double.CreateTruncating(movingVariance[c]);
            }
            double inverse = 1 / Math.Sqrt(variance + Config.Epsilon);
            stats.Mean[c] = mean;
            stats.InverseDeviation[c] = inverse;
            double gamma = Gamma(pass, c), beta = Beta(pass, c);
            for (int p = 0; p < positions; p++)
            {
                int at = (p * channels + c) * n;
                for (int s = 0; s < n; s++) y[at + s] = T.CreateTruncating((double.CreateTruncating(x[at + s]) - mean) * inverse * gamma + beta);
            }
        }
    }

    /// <summary>dbeta = Σ dy, dgamma = Σ dy · x̂; in training dx = gamma · inv / m · (m · dy − Σ dy − x̂ · Σ dy · x̂) (the batch statistics
    /// depend on x), in inference dx = dy · gamma · inv.</summary>
    protected override void BackwardInto(LayerPass<T> pass)
    {
        var stats = (Statistics)pass.Scratch!;
        var x = MatrixData.ColumnMajor(pass.Input);
        var dy = MatrixData.ColumnMajor(pass.OutputGradient);
        var dx = pass.InputGradient is { } g ? MatrixData.ColumnMajor(g) : null;
        int n = pass.BatchSize, channels = Channels, positions = InputShape.Size / channels;
        double count = (double)n * positions;
        for (int c = 0; c < channels; c++)
        {
            double mean = stats.Mean[c], inverse = stats.InverseDeviation[c];
            double sumDy = 0, sumDyXhat = 0;
            for (int p = 0; p < positions; p++)
            {
                int at = (p * channels + c) * n;
                for (int s = 0; s < n; s++)
                {
                    double d = double.CreateTruncating(dy[at + s]);
                    sumDy += d;
                    sumDyXhat += d * (double.CreateTruncating(x[at + s]) - mean) * inverse;
                }
            }
            int k = 0;
            if (Config.Scale) MatrixData.ColumnMajor(pass.ParameterGradients[k++])[c] = T.CreateTruncating(sumDyXhat);
            if (Config.Center) MatrixData.ColumnMajor(pass.ParameterGradients[k])[c] = T.CreateTruncating(sumDy);
            if (dx is null) continue;
            double scale = Gamma(pass, c) * inverse;
            for (int p = 0; p < positions; p++)
            {
                int at = (p * channels + c) * n;
                for (int s = 0; s < n; s++)
                {
                    double d = double.CreateTruncating(dy[at + s]);
                    dx[at + s] = T.CreateTruncating(pass.Training
                        ? scale / count * (count * d - sumDy - (double.CreateTruncating(x[at + s]) - mean) * inverse * sumDyXhat)
                        : scale * d);
                }
            }
        }
    }

    private double Gamma(LayerPass<T> pass, int c) => Config.Scale ? double.CreateTruncating(MatrixData.ColumnMajor(pass.Parameters[0])[c]) : 1;

    private double Beta(LayerPass<T> pass, int c) =>
        Config.Center ? double.CreateTruncating(MatrixData.ColumnMajor(pass.Parameters[Config.Scale ? 1 : 0])[c]) : 0;
}

public static partial class Layers
{
    /// <summary>Keras' <c>BatchNormalization()</c> over the last axis: momentum 0.99, epsilon 1e-3, with gamma and beta.</summary>
    public static BatchNormalizationSpec BatchNormalization(double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true)
    {
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentException($"BatchNormalization: momentum must be in [0, 1], got {momentum}.", nameof(momentum));
        if (!(epsilon > 0 && double.IsFinite(epsilon)))
            throw new ArgumentException($"BatchNormalization: epsilon must be positive, got {epsilon}.", nameof(epsilon));
        return new(momentum, epsilon, center, scale);
    }
}
