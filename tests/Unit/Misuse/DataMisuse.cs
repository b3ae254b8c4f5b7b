using Functional.Core;
using Functional.Core.Data;
using Functional.Core.Metrics;
using Functional.Core.Random;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using static Functional.Tests.Unit.Misuse.Misuse;

namespace Functional.Tests.Unit.Misuse;

/// <summary>Data helpers, metrics, losses and searches given what they cannot use.</summary>
public class DataMisuse
{
    private static Matrix<float> M(int rows, int columns) => Matrix<float>.Build.Dense(rows, columns);

    public static readonly Dictionary<string, Misuse> Cases = new()
    {
        ["MnistSplit with fewer pixels than its labels need"] = Of<ArgumentException>(
            () => new MnistSplit(new byte[10], [1, 2], 28, 28), "MnistSplit", "1568", "10"),
        ["MnistSplit with a label that is not a digit"] = Of<ArgumentException>(() => new MnistSplit(new byte[4], [10], 2, 2), "label 10"),
        ["MnistSplit.Image out of range"] = Of<ArgumentOutOfRangeException>(() => new MnistSplit(new byte[4], [1], 2, 2).Image(1), "[0, 1)"),
        ["Arange with step 0"] = Of<ArgumentException>(() => Ranges.Arange(0, 1, 0), "step"),
        ["Arange with a NaN bound"] = Of<ArgumentException>(() => Ranges.Arange(0, double.NaN, 0.1), "finite"),
        ["Arange of more values than an array holds"] = Of<ArgumentException>(() => Ranges.Arange(0, 1e12, 1e-3), "Arange"),
        ["Linspace of a negative count"] = Of<ArgumentException>(() => Ranges.Linspace(0, 1, -1), "num"),
        ["normal draws of a negative count"] = Of<ArgumentOutOfRangeException>(() => new NumpyRandomState(0).Normal(-1), "-1"),
        ["a permutation of a negative count"] = Of<ArgumentOutOfRangeException>(() => new NumpyRandomState(0).Permutation(-3), "-3"),
        ["a numpy seed outside 0..2^32-1"] = Of<ArgumentOutOfRangeException>(() => new NumpyRandomState(-1), "seed"),
        ["random draws of a negative count"] = Of<ArgumentOutOfRangeException>(() => new NumpyRandomState(0).RandomSample(-2), "-2"),
        ["labels that are not a column"] = Of<ArgumentException>(() => Labels.ToIndices("Test", M(3, 2), 10), "Test", "3x2"),
        ["a confusion matrix of unequal lists"] = Of<ArgumentException>(() => ConfusionMatrix.From([1, 2], [1], 3), "2", "1"),
        ["a confusion matrix with a class outside its range"] = Of<ArgumentException>(() => ConfusionMatrix.From([5], [1], 3), "5"),
        ["accuracy of unequal lists"] = Of<ArgumentException>(() => Classification.Accuracy([1, 2, 3], [1]), "3", "1"),
        ["top-k with k larger than the classes"] = Of<ArgumentException>(() => Classification.TopKAccuracy(M(2, 3), [0, 1], 4), "k"),
        ["MSE of different shapes"] = Of<ArgumentException>(() => Loss.MeanSquaredError.Value(M(3, 1), M(2, 1)), "3x1", "2x1"),
        ["cross-entropy of one-hot targets"] = Of<ArgumentException>(
            () => Loss.SparseCategoricalCrossentropy().Value(M(2, 3), M(2, 3)), "2x3"),
        ["a metric of unequal rows"] = Of<ArgumentException>(() => Metric.SparseCategoricalAccuracy.Compute(M(3, 2), M(2, 1)), "2", "3"),
        ["a search with nothing to search"] = Of<ArgumentException>(() => Search.Grid(Array.Empty<int>(), _ => 0), "no candidates"),
        ["a search whose score throws"] = Of<InvalidOperationException>(
            () => Search.Grid([1, 2, 3], c => c == 2 ? throw new ArgumentException("bad config") : c), "candidate #2", "2", "bad config"),
        ["a random search of count 0"] = Of<ArgumentException>(() => Search.Random([1, 2], 0, 0, c => c), "count"),
        ["an example pick of a negative count"] = Of<ArgumentException>(() => Examples.Pick([1, 2], -1, 0), "Examples.Pick", "-1"),
        ["a dataset with a null matrix"] = Of<ArgumentNullException>(
            () => Sequential.Create(0, Layers.Input(1), Layers.Dense(1)).Fit(new Sgd(), Loss.MeanSquaredError, new Dataset<float>(null!, M(1, 1))), "x"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fails_clearly(string name) => Cases[name].AssertFailsClearly(name);
}
