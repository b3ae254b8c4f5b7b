using Functional.Core;
using Functional.Models;
using Functional.Reports.Lab.Parts.HiddenLayer;
using Functional.Reports.Lab.Parts.MnistMlp;

namespace Functional.Reports.Lab.Parts.InsideTheNetwork;

/// <summary>One tanh unit of part 3's cell: output = w2 · tanh(w1 · x + b1).</summary>
/// <param name="W1">Its input weight.</param>
/// <param name="B1">Its bias.</param>
/// <param name="W2">Its weight into the output.</param>
public sealed record TanhUnit(double W1, double B1, double W2)
{
    /// <summary>Its weighted contribution to the prediction at <paramref name="x"/>, in double.</summary>
    public double At(double x) => W2 * Math.Tanh(W1 * x + B1);

    /// <summary>Where its tanh crosses zero and is steepest: x = −b1 / w1.</summary>
    public double Centre => -B1 / W1;

    /// <summary>How far its contribution moves over <paramref name="x"/>: max − min.</summary>
    public double Range(IReadOnlyList<double> x) => x.Max(At) - x.Min(At);

    /// <summary>Where it saturates: from here on (or up to here, for a falling one) tanh is within 4 % of ±1 (|w1·x + b1| ≥ 2).</summary>
    public double SaturatesAt => (Math.Sign(W1) * 2 - B1) / W1;
}

/// <summary>The cell's model taken apart.</summary>
/// <param name="Run">Part 3's cell, trained as that part trains it.</param>
/// <param name="Data">Its data.</param>
/// <param name="Units">Its hidden units.</param>
/// <param name="OutputBias">The output layer's bias.</param>
/// <param name="X">The x the parts are drawn at.</param>
/// <param name="Predictions">The model's own predictions at <see cref="X"/> (float32, through the engine).</param>
public sealed record TanhParts(SeedRun Run, RegressionData Data, IReadOnlyList<TanhUnit> Units, double OutputBias, IReadOnlyList<double> X,
    IReadOnlyList<double> Predictions)
{
    /// <summary>Bias plus every unit's contribution at <paramref name="x"/>: the prediction rebuilt by hand.</summary>
    public double Sum(double x) => OutputBias + Units.Sum(u => u.At(x));

    /// <summary>The largest |rebuilt sum − model prediction| over <see cref="X"/>: float32 rounding only, if the parts are right.</summary>
    public double LargestMismatch => X.Select((x, i) => Math.Abs(Sum(x) - Predictions[i])).Max();
}

/// <summary>A test digit the classifier is unsure of, with its two most probable classes.</summary>
/// <param name="Index">Its index in the test set.</param>
/// <param name="Pixels">Its 28 × 28 grey levels.</param>
/// <param name="Truth">Its label.</param>
/// <param name="First">The most probable class.</param>
/// <param name="FirstProbability">Its probability.</param>
/// <param name="Second">The second most probable class.</param>
/// <param name="SecondProbability">Its probability.</param>
public sealed record UnsureDigit(int Index, ReadOnlyMemory<byte> Pixels, int Truth, int First, double FirstProbability, int Second,
    double SecondProbability);

/// <summary>Part 5's classifier taken apart.</summary>
/// <param name="TrainCount">Training digits used.</param>
/// <param name="TestCount">Test digits used.</param>
/// <param name="Accuracy">Its test accuracy.</param>
/// <param name="FirstLayer">The 128 first-layer weight vectors (784 each, in pixel order).</param>
/// <param name="NeverInked">Pixels that are 0 in every training image.</param>
/// <param name="NeverInkedUnchanged">Of those pixels' weights, the fraction bit-identical to their initial value.</param>
/// <param name="MeanAbsInked">Mean |weight| over the other pixels.</param>
/// <param name="MeanAbsNeverInked">Mean |weight| over the never-inked pixels.</param>
/// <param name="DeadUnits">First-layer units whose relu output is 0 on every test digit.</param>
/// <param name="MeanConfidence">Mean over test digits of the largest probability.</param>
/// <param name="LeastSure">The test digits with the smallest largest probability, least sure first.</param>
public sealed record ClassifierParts(int TrainCount, int TestCount, double Accuracy, IReadOnlyList<double[]> FirstLayer, int NeverInked,
    double NeverInkedUnchanged, double MeanAbsInked, double MeanAbsNeverInked, int DeadUnits, double MeanConfidence, IReadOnlyList<UnsureDigit> LeastSure);

/// <summary>"Inside the network"'s result.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Tanh">Part 3's cell taken apart.</param>
/// <param name="Classifier">Part 5's classifier taken apart.</param>
public sealed record InsideTheNetworkResult(InsideTheNetworkSettings Settings, TanhParts Tanh, ClassifierParts Classifier);

/// <summary>
/// Looks inside two trained models: how part 3's three tanh units add up to ln(x + 1), and what part 5's classifier learned
/// in its first layer and where it is unsure. Both are trained again exactly as their parts train them: training is
/// bit-reproducible, so they are the same models.
/// </summary>
public static class InsideTheNetworkExperiment
{
    /// <summary>Runs both.</summary>
    public static InsideTheNetworkResult Run(InsideTheNetworkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new InsideTheNetworkResult(settings, Tanh(settings.HiddenLayer), Classifier(settings.Mnist, settings.LeastSure));
    }

    /// <summary>Part 3's cell, taken apart into its units.</summary>
    public static TanhParts Tanh(HiddenLayerSettings settings)
    {
        var data = LabData.HiddenLayer();
        var run = HiddenLayerExperiment.Cell(settings, data);
        var hidden = (Dense<float>)run.Model.Layers[0];
        var output = (Dense<float>)run.Model.Layers[1];
        if (hidden.Activation != Activation.Tanh || output.Units != 1)
            throw new InvalidOperationException($"InsideTheNetwork: part 3's cell is {run.Model}; Dense(n, tanh) → Dense(1) expected.");
        var units = Enumerable.Range(0, hidden.Units)
            .Select(i => new TanhUnit(hidden.Kernel[0, i], hidden.Bias[0, i], output.Kernel[i, 0])).ToArray();
        var x = Plots.Grid(data.X, 400);
        return new TanhParts(run, data, units, output.Bias[0, 0], x, run.Predict(x));
    }

    /// <summary>Part 5's classifier as intended, its first layer and its least sure test digits.</summary>
    public static ClassifierParts Classifier(MnistSettings settings, int leastSure)
    {
        var inputs = MnistExperiment.Inputs(settings);
        var fit = MnistExperiment.FitIntended(settings, inputs.XTrain, inputs.YTrain);
        var initial = (Dense<float>)Sequential.Build<float>(MnistExperiment.Model, settings.Seed).Layers[1];
        var first = (Dense<float>)fit.Model.Layers[1];
        var kernel = first.Kernel;                                                          // 784 × 128: column j is unit j
        var start = initial.Kernel;
        var layer = Enumerable.Range(0, kernel.ColumnCount).Select(j => Enumerable.Range(0, kernel.RowCount).Select(p => (double)kernel[p, j]).ToArray())
            .ToArray();

        // A pixel that is 0 in every training image gets no gradient, so Adam never moves its weights.
        var pixels = inputs.Data.Train.Pixels.Span;
        int size = inputs.Data.Train.PixelsPerImage;
        var inked = new bool[size];
        for (int i = 0; i < inputs.TrainCount; i++)
            for (int p = 0; p < size; p++) if (pixels[i * size + p] != 0) inked[p] = true;
        var never = Enumerable.Range(0, size).Where(p => !inked[p]).ToArray();
        var used = Enumerable.Range(0, size).Where(p => inked[p]).ToArray();
        double unchanged = never.Length == 0 ? double.NaN
            : never.Sum(p => Enumerable.Range(0, kernel.ColumnCount).Count(j => kernel[p, j] == start[p, j])) / ((double)never.Length * kernel.ColumnCount);
        double MeanAbs(int[] rows) =>
            rows.Length == 0 ? double.NaN : rows.Average(p => Enumerable.Range(0, kernel.ColumnCount).Average(j => Math.Abs(kernel[p, j])));

        var hidden = fit.Model.Trace(inputs.XTest)[1].Output;
        int dead = Enumerable.Range(0, hidden.ColumnCount).Count(j => Enumerable.Range(0, hidden.RowCount).All(i => hidden[i, j] == 0));
        var probabilities = fit.Model.Predict(inputs.XTest, batchSize: 32); // as part 5 asks it
        var ranked = Enumerable.Range(0, inputs.TestCount).Select(i =>
        {
            var row = Enumerable.Range(0, probabilities.ColumnCount).Select(c => (c, p: (double)probabilities[i, c]))
                .OrderByDescending(t => t.p).ThenBy(t => t.c).ToArray();
            return new UnsureDigit(i, inputs.Data.Test.Image(i), inputs.Labels[i], row[0].c, row[0].p, row[1].c, row[1].p);
        }).ToArray();
        double accuracy = ranked.Count(d => d.First == d.Truth) / (double)ranked.Length;
        var least = ranked.OrderBy(d => d.FirstProbability).ThenBy(d => d.Index).Take(leastSure).ToArray();
        return new ClassifierParts(inputs.TrainCount, inputs.TestCount, accuracy, layer, never.Length, unchanged, MeanAbs(used), MeanAbs(never), dead,
            ranked.Average(d => d.FirstProbability), least);
    }
}
