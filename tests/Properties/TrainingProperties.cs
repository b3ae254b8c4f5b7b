using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Properties;

/// <summary>
/// A small training run: a model (input width, hidden layer, output kind) built from a weight seed, a data set,
/// an optimizer and fit options (epochs, batch size, shuffle, shuffle seed, validation data and metrics or not).
/// Float, Keras' working type.
/// </summary>
public sealed record TrainingCase(
    int Inputs,
    (int Units, Activation Activation)[] Hidden,
    OutputKind Output,
    int OutputUnits,
    ulong WeightSeed,
    Optimizer Optimizer,
    int Epochs,
    int BatchSize,
    bool Shuffle,
    ulong ShuffleSeed,
    bool WithValidation,
    Matrix<float> X,
    Matrix<float> Y)
{
    public Model<float> Model()
    {
        var specs = new List<LayerSpec> { Layers.Input(Inputs) };
        specs.AddRange(Hidden.Select(h => Layers.Dense(h.Units, h.Activation)));
        specs.Add(Layers.Dense(OutputUnits, Output == OutputKind.SoftmaxCrossEntropy ? Activation.Softmax : Activation.Linear));
        return Sequential.Build<float>(specs, WeightSeed);
    }

    public Loss Loss => Output switch
    {
        OutputKind.LinearMse => Loss.MeanSquaredError,
        OutputKind.SoftmaxCrossEntropy => Loss.SparseCategoricalCrossentropy(fromLogits: false),
        _ => Loss.SparseCategoricalCrossentropy(fromLogits: true),
    };

    public FitOptions<float> Options(int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = BatchSize,
        Shuffle = Shuffle,
        Seed = ShuffleSeed,
        // Validation on the first half of the training rows (any data of the right shape will do here).
        Validation = WithValidation ? new Dataset<float>(X.SubMatrix(0, (X.RowCount + 1) / 2, 0, X.ColumnCount), Y.SubMatrix(0, (Y.RowCount + 1) / 2,
            0, Y.ColumnCount)) : null,
        Metrics = Output == OutputKind.LinearMse ? [] : [Metric.Accuracy],
    };

    public FitResult<float> Fit(Model<float> model, int epochs) => Training.Fit(model, Optimizer, Loss, X, Y, Options(epochs));

    public override string ToString() =>
        $"Input({Inputs})" + string.Concat(Hidden.Select(h => $" -> Dense({h.Units}, {h.Activation})")) +
        $" -> Dense({OutputUnits}, {(Output == OutputKind.SoftmaxCrossEntropy ? "softmax" : "linear")}), loss {Loss}, " +
        $"weight seed {WeightSeed.ToString(CultureInfo.InvariantCulture)}, {Optimizer}, epochs {Epochs}, batch {BatchSize}, " +
        $"shuffle {Shuffle} (seed {ShuffleSeed.ToString(CultureInfo.InvariantCulture)}), validation {WithValidation}, " +
        $"x = {Show.Matrix(X.Map(v => (double)v))}, y = {Show.Matrix(Y.Map(v => (double)v))}";
}

/// <summary>
/// Training is a pure function of its inputs: Fit never changes the model passed in, zero epochs return it, the same
/// seeds give the same result bit for bit, and Fit is the fold of the lazy <see cref="Training.Epochs{T}"/> sequence.
/// All comparisons here are exact (bit for bit): no tolerance.
/// </summary>
public class TrainingProperties
{
    private static readonly Activation[] HiddenActivations = [Activation.Linear, Activation.Sigmoid, Activation.Relu, Activation.Tanh];

    private static readonly Gen<Optimizer> Optimizers = Gen.OneOf(
        from lr in Gen.Elements(0.001, 0.01, 0.05)
        from momentum in Gen.Elements(0.0, 0.9)
        from nesterov in Gen.Elements(false, true)
        select (Optimizer)new Sgd(lr, momentum, nesterov && momentum > 0),
        from lr in Gen.Elements(0.001, 0.01)
        select (Optimizer)new Adam(lr),
        from lr in Gen.Elements(0.001, 0.01)
        from centered in Gen.Elements(false, true)
        select (Optimizer)new RmsProp(lr, Centered: centered));

    private static readonly Gen<TrainingCase> Cases =
        from inputs in Gen.Choose(1, 4)
        from hiddenCount in Gen.Choose(0, 1)
        from hiddenUnits in Gen.ArrayOf(Gen.Choose(1, 5), hiddenCount)
        from hiddenActivations in Gen.ArrayOf(Gen.Elements(HiddenActivations), hiddenCount)
        from output in Gen.Elements(OutputKind.LinearMse, OutputKind.SoftmaxCrossEntropy, OutputKind.LogitsCrossEntropy)
        from outputUnits in Gen.Choose(1, 4)
        from weightSeed in Generators.Seed
        from optimizer in Optimizers
        from epochs in Gen.Choose(1, 4)
        from batchSize in Gen.Choose(1, 8)
        from shuffle in Gen.Elements(true, false)
        from shuffleSeed in Generators.Seed
        from withValidation in Gen.Elements(false, true)
        from n in Gen.Choose(1, 12)
        from x in Generators.MatrixOf(n, inputs, Generators.Uniform(-2, 2))
        from y in output == OutputKind.LinearMse ? Generators.MatrixOf(n, outputUnits, Generators.Uniform(-2, 2)) : Generators.LabelsOf(n, outputUnits)
        select new TrainingCase(inputs, hiddenUnits.Zip(hiddenActivations).ToArray(), output, outputUnits, weightSeed, optimizer,
            epochs, batchSize, shuffle, shuffleSeed, withValidation, x.Map(v => (float)v), y.Map(v => (float)v));

    private static Arbitrary<TrainingCase> Arbitrary => Arb.From(Cases);

    [Property(MaxTest = 100)]
    public Property Zero_epochs_return_the_initial_model() => Prop.ForAll(Arbitrary, c =>
    {
        var model = c.Model();
        var result = c.Fit(model, 0);
        Assert.Equal(c.Model(), result.Model); // by value: a model built afresh from the same seed
        Assert.Empty(result.History.Epochs);
        Assert.Equal(StopKind.Completed, result.History.Stop.Kind);
    });

    [Property(MaxTest = 100)]
    public Property Fit_leaves_the_callers_model_and_data_unchanged() => Prop.ForAll(Arbitrary, c =>
    {
        var model = c.Model();
        var parametersBefore = model.Parameters;
        var x = c.X.Clone();
        var y = c.Y.Clone();
        c.Fit(model, c.Epochs);
        Assert.Equal(c.Model(), model);
        Assert.Equal(parametersBefore, model.Parameters);
        Assert.Equal(x, c.X);
        Assert.Equal(y, c.Y);
    });

    [Property(MaxTest = 100)]
    public Property The_same_seeds_give_bit_identical_models_and_histories() => Prop.ForAll(Arbitrary, c =>
    {
        var first = c.Fit(c.Model(), c.Epochs);
        var second = c.Fit(c.Model(), c.Epochs);
        Assert.Equal(first.Model, second.Model);
        Assert.Equal(first.Model.Parameters, second.Model.Parameters);
        Assert.Equal(first.History, second.History);
        Assert.True(first.History.Epochs.Count <= c.Epochs);
    });

    [Property(MaxTest = 100)]
    public Property Taking_k_epochs_of_the_lazy_sequence_equals_fitting_k_epochs() => Prop.ForAll(Arbitrary, Gen.Choose(1, 4).ToArbitrary(), (c, k) =>
    {
        // The sequence is asked for more epochs than are taken: stopping consumption stops training.
        int requested = Math.Max(k, c.Epochs);
        var states = Training.Epochs(c.Model(), c.Optimizer, c.Loss, c.X, c.Y, c.Options(requested)).Take(k).ToList();
        var fit = c.Fit(c.Model(), k);
        Assert.Equal(fit.History.Epochs.Count, states.Count);
        Assert.Equal(fit.History.Epochs, states.Select(s => s.Log));
        Assert.Equal(fit.Model, states[^1].Model);
        Assert.Equal(Enumerable.Range(1, states.Count), states.Select(s => s.Epoch));
    });
}
