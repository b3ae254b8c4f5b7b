using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>
/// The engine (the only forward and backward loops, the loss head, in-place buffers) against the reference fold written
/// from each layer's pure Trace and Backward (tests/Shared/ReferenceFold.cs), bit for bit, on random models: every layer
/// kind, activation and loss, in float and double.
/// </summary>
public class EngineProperties
{
    private static readonly Gen<ModelCase> AnyCase =
        ModelGradientProperties.Cases(Gen.Elements(Enum.GetValues<OutputKind>()), Gen.OneOf(ModelGradientProperties.Vector, ModelGradientProperties.Grid));

    /// <summary>A backpropagation step: the same loss, gradient and predictions, bit for bit.</summary>
    internal static void SameStep<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var engine = Backprop.ValueAndGradient(model, loss, x, y);
        var reference = ReferenceFold.Step(model, loss, x, y);
        Assert.Equal(reference.Loss, engine.Loss);
        Assert.Equal(reference.Gradient, engine.Gradient);
        Assert.Equal(reference.Predictions, engine.Predictions);
    }

    /// <summary>Two epochs of Fit (shuffled, a smaller last batch, validation, a metric for classifiers): every epoch's model,
    /// optimizer state and log equal the reference fold's.</summary>
    internal static void SameFit<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = new FitOptions<T>
        {
            Epochs = 2, BatchSize = Math.Max(1, x.RowCount - 1), Seed = 3, Validation = new Dataset<T>(x, y),
            Metrics = loss.TakesClassIndices ? [Metric.Accuracy] : [],
        };
        var optimizer = new Adam(0.01);
        var expected = ReferenceFold.Run(model, optimizer, loss, x, y, options);
        var actual = Training.Epochs(model, optimizer, loss, x, y, options).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int e = 0; e < expected.Count; e++)
        {
            Assert.Equal(expected[e].Log, actual[e].Log);
            Assert.Equal(expected[e].Model, actual[e].Model);
            Assert.Equal(expected[e].OptimizerState, actual[e].OptimizerState);
        }
    }

    /// <summary>Evaluate (inference buffers, activations in place, the head's fusion) and Predict (one batch read in place,
    /// or several gathered) against the reference's layer-by-layer passes over the same batches.</summary>
    private static void SameEvaluationAndPrediction<T>(Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        IReadOnlyList<Metric> metrics = loss.TakesClassIndices ? [Metric.Accuracy] : [];
        foreach (int batch in new[] { x.RowCount, Math.Max(1, (x.RowCount + 1) / 2) })
        {
            var (expectedLoss, expectedMetrics) = ReferenceFold.Evaluate(model, loss, x, y, metrics, batch);
            var actual = Evaluation.Evaluate(model, loss, x, y, metrics, batch);
            Assert.Equal(expectedLoss, actual.Loss);
            Assert.Equal(expectedMetrics, actual.Metrics.Select(m => m.Value));

            var expectedOutput = Matrix<T>.Build.Dense(x.RowCount, model.OutputShape.Size);
            for (int start = 0; start < x.RowCount; start += batch)
            {
                int count = Math.Min(batch, x.RowCount - start);
                var current = x.SubMatrix(start, count, 0, x.ColumnCount);
                foreach (var layer in model.Layers) current = layer.Trace(current).Output;
                expectedOutput.SetSubMatrix(start, 0, current);
            }
            Assert.Equal(expectedOutput, model.Predict(x, batch));
        }
    }

    private static Matrix<float> Single(Matrix<double> m) => m.Map(v => (float)v);

    [Property(MaxTest = 200)]
    public Property Evaluate_and_Predict_equal_the_reference_bit_for_bit() =>
        Prop.ForAll(Arb.From(AnyCase), c =>
        {
            SameEvaluationAndPrediction(c.Model(), c.Loss, c.X, c.Y);
            SameEvaluationAndPrediction(Sequential.Build<float>(c.Specs(), c.Seed), c.Loss, Single(c.X), Single(c.Y));
        });

    [Property(MaxTest = 200)]
    public Property An_engine_step_equals_the_reference_folds_step_bit_for_bit() =>
        Prop.ForAll(Arb.From(AnyCase), c =>
        {
            SameStep(c.Model(), c.Loss, c.X, c.Y);
            SameStep(Sequential.Build<float>(c.Specs(), c.Seed), c.Loss, Single(c.X), Single(c.Y));
        });

    [Property(MaxTest = 100)]
    public Property Fit_equals_the_reference_fold_bit_for_bit() =>
        Prop.ForAll(Arb.From(AnyCase), c =>
        {
            SameFit(c.Model(), c.Loss, c.X, c.Y);
            SameFit(Sequential.Build<float>(c.Specs(), c.Seed), c.Loss, Single(c.X), Single(c.Y));
        });
}
