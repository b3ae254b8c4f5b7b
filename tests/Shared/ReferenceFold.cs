using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests;

/// <summary>
/// The oracle the engine is held to: training as the plain pure fold, written out here from each layer's pure
/// <see cref="Layer{T}.Trace"/> and <see cref="Layer{T}.Backward"/> (new matrices every call), the loss's own
/// <c>ValueAndGradient</c>, <see cref="Optimizer.Update{T}"/> and <see cref="Model{T}.WithParameters"/>. It shares the
/// per-layer and per-formula kernels with the engine (one implementation of each formula) but none of its loops,
/// buffers, aliasing, loss head or batch means, so an engine step that equals it bit for bit has orchestrated correctly.
/// </summary>
internal static class ReferenceFold
{
    /// <summary>The batch loss of <paramref name="model"/> on (x, y), its gradient, and the model's output.</summary>
    /// <remarks>Layers that draw in training use layer i's stream of <paramref name="seed"/> at update <paramref name="step"/>, as Fit
    /// gives them; weight penalties are added to the loss (rounded to T once) and to the gradient, by the regularizer's formulas.</remarks>
    public static LossAndGradient<T> Step<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, ulong seed = 0, long step = 1)
        where T : unmanaged, IFloatingPointIeee754<T> => StepWithState(model, loss, x, y, seed, step).Result;

    /// <summary>As <see cref="Step{T}"/>, with the model's non-trainable state after the step (moving statistics the training
    /// forward pass updated; the same state when no layer has any).</summary>
    public static (LossAndGradient<T> Result, Matrix<T>[][] State) StepWithState<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, ulong seed = 0,
        long step = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // As Fit does: the same GEMM provider on both sides.
        LinearAlgebraProviders.EnsureInitialized();
        var layers = model.Layers;
        var traces = new LayerTrace<T>[layers.Count];
        var current = x;
        for (int i = 0; i < layers.Count; i++)
            current = (traces[i] = layers[i].Trace(current, training: true, layers[i].TrainingDiffers ? LayerRandom.For(seed, i, step) : null)).Output;

        var gradients = new IReadOnlyList<Matrix<T>>[layers.Count];
        var last = traces[^1];
        T value;
        LayerGradient<T> g;
        if (loss.TakesClassIndices && !loss.ExpectsLogits && layers[^1].Activation == Activation.Softmax)
        {
            // Keras' fusion: sparse cross-entropy of a softmax output, taken from its logits.
            (value, var dz) = Loss.SparseCategoricalCrossentropy(fromLogits: true).ValueAndGradient(last.PreActivation, y);
            g = layers[^1].BackwardFromPreActivation(last, dz);
        }
        else
        {
            (value, var da) = loss.ValueAndGradient(last.Output, y);
            g = layers[^1].Backward(last, da);
        }
        gradients[^1] = g.ParameterGradients;
        for (int i = layers.Count - 2; i >= 0; i--)
        {
            g = layers[i].Backward(traces[i], g.InputGradient);
            gradients[i] = g.ParameterGradients;
        }
        // Weight penalties: value + Σ penalty in double, rounded once; gradient += the penalty's gradient.
        double penalty = 0;
        bool penalized = false;
        for (int i = 0; i < layers.Count; i++)
        {
            var regularizers = layers[i].Spec.ParameterRegularizers;
            var weights = layers[i].Parameters;
            for (int j = 0; j < regularizers.Count; j++)
            {
                if (regularizers[j] is not { } r) continue;
                penalized = true;
                penalty += r.Penalty<T>(MatrixData.ColumnMajor(weights[j]));
                var withPenalty = gradients[i][j].Clone();
                r.AddGradient<T>(MatrixData.ColumnMajor(weights[j]), MatrixData.ColumnMajor(withPenalty));
                gradients[i] = gradients[i].Select((m, k) => k == j ? withPenalty : m).ToArray();
            }
        }
        if (penalized) value = T.CreateTruncating(double.CreateTruncating(value) + penalty);
        return (new LossAndGradient<T>(value, new ParameterTree<T>(gradients), last.Output), traces.Select(t => t.State.ToArray()).ToArray());
    }

    /// <summary>The mean loss and metrics over consecutive batches, each weighted by its size (Keras' evaluate).</summary>
    public static (double Loss, double[] Metrics) Evaluate<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, IReadOnlyList<Metric> metrics, int batchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.RowCount;
        double lossSum = 0;
        var sums = new double[metrics.Count];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            var xb = x.SubMatrix(start, count, 0, x.ColumnCount);
            var yb = y.SubMatrix(start, count, 0, y.ColumnCount);
            var current = xb;
            LayerTrace<T>? last = null;
            foreach (var layer in model.Layers) current = (last = layer.Trace(current)).Output;
            bool fused = loss.TakesClassIndices && !loss.ExpectsLogits && model.Layers[^1].Activation == Activation.Softmax;
            var dataLoss = fused
                ? Loss.SparseCategoricalCrossentropy(fromLogits: true).Value(last!.PreActivation, yb)
                : loss.Value(current, yb);
            double batchLoss = double.CreateTruncating(WithPenalty(model, dataLoss));
            lossSum += batchLoss * count;
            for (int k = 0; k < metrics.Count; k++) sums[k] += metrics[k].Compute(current, yb) * count;
        }
        return (lossSum / n, sums.Select(s => s / n).ToArray());
    }

    /// <summary>Every epoch's state of the pure fold, as Training ran before it had an engine (callbacks aside: they read the logs).</summary>
    public static List<EpochState<T>> Run<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var states = new List<EpochState<T>>();
        var state = optimizer.Init(model.Parameters);
        var current = model with { TrainingInputRange = InputRange.Of(x) }; // Fit records the training input range on the models it returns
        int n = x.RowCount;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var epochStart = current;
            var order = options.Shuffle ? PortableRandom.ForStream(options.Seed, (ulong)epoch).Permutation(n) : Enumerable.Range(0, n).ToArray();
            double lossSum = 0;
            var metricSums = new double[options.Metrics.Count];
            bool diverged = false;
            for (int start = 0; start < n; start += options.BatchSize)
            {
                int count = Math.Min(options.BatchSize, n - start);
                var xb = Rows(x, order.AsSpan(start, count));
                var yb = Rows(y, order.AsSpan(start, count));
                var (step, after) = StepWithState(current, loss, xb, yb, options.Seed, state.Step + 1);
                double batchLoss = double.CreateTruncating(step.Loss);
                if (!double.IsFinite(batchLoss)) { lossSum = batchLoss * n; diverged = true; break; }
                lossSum += batchLoss * count;
                for (int k = 0; k < metricSums.Length; k++) metricSums[k] += options.Metrics[k].Compute(step.Predictions, yb) * count;
                var update = optimizer.Update(step.Gradient, state, current.Parameters);
                current = current.WithParameters(update.Parameters).WithState(new ParameterTree<T>(after));
                state = update.State;
            }
            var values = new List<KeyValuePair<string, double>> { new("loss", lossSum / n) };
            if (!diverged)
            {
                values.AddRange(options.Metrics.Select((m, k) => new KeyValuePair<string, double>(m.Name, metricSums[k] / n)));
                if (options.Validation is { } v)
                {
                    var (valLoss, valMetrics) = Evaluate(current, loss, v.X, v.Y, options.Metrics, options.BatchSize);
                    values.Add(new("val_loss", valLoss));
                    values.AddRange(options.Metrics.Select((m, k) => new KeyValuePair<string, double>("val_" + m.Name, valMetrics[k])));
                }
            }
            states.Add(new EpochState<T>(epoch, diverged ? epochStart : current, state, new EpochLog(epoch, values), null, null));
            if (diverged) break;
        }
        return states;
    }

    /// <summary>A batch loss plus the model's weight penalties (in double, rounded to T once), as the model reports it.</summary>
    private static T WithPenalty<T>(Model<T> model, T loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double penalty = 0;
        bool penalized = false;
        foreach (var layer in model.Layers)
        {
            var regularizers = layer.Spec.ParameterRegularizers;
            var weights = layer.Parameters;
            for (int j = 0; j < regularizers.Count; j++)
                if (regularizers[j] is { } r) { penalized = true; penalty += r.Penalty<T>(MatrixData.ColumnMajor(weights[j])); }
        }
        return penalized ? T.CreateTruncating(double.CreateTruncating(loss) + penalty) : loss;
    }

    /// <summary>A new matrix holding the rows <paramref name="indices"/> of <paramref name="m"/>, in that order.</summary>
    public static Matrix<T> Rows<T>(Matrix<T> m, ReadOnlySpan<int> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Matrix<T>.Build.Dense(indices.Length, m.ColumnCount);
        for (int i = 0; i < indices.Length; i++) result.SetRow(i, m.Row(indices[i]));
        return result;
    }
}
