using Functional.Core;
using Functional.Core.Metrics;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Metrics;

public class ClassificationTests
{
    // Hand example: truth 0 0 0 1 1 2 2 2 2, predicted 0 1 1 1 2 2 2 2 0.
    //             predicted 0  1  2
    //   true 0             1  2  0
    //   true 1             0  1  1
    //   true 2             1  0  3
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    private static readonly int[] Predicted = [0, 1, 1, 1, 2, 2, 2, 2, 0];

    [Fact]
    public void Confusion_matrix_counts_rows_true_columns_predicted()
    {
        var cm = ConfusionMatrix.From(Predicted, Truth, 3);
        Assert.Equal(3, cm.Classes);
        Assert.Equal(9, cm.Total);
        Assert.Equal([1, 2, 0], cm.Counts[0]);
        Assert.Equal([0, 1, 1], cm.Counts[1]);
        Assert.Equal([1, 0, 3], cm.Counts[2]);
        Assert.Equal(2, cm[0, 1]);
        Assert.Equal(0, cm[1, 0]);
        Assert.Equal([3, 2, 4], cm.Support);
        Assert.Equal(5.0 / 9, cm.Accuracy, 15);
        Assert.Equal(cm.Accuracy, Classification.Accuracy(Predicted, Truth));
    }

    [Fact]
    public void Precision_recall_and_F1_match_hand_computed_values()
    {
        var cm = ConfusionMatrix.From(Predicted, Truth, 3);
        // precision = diagonal / column sum: 1/2, 1/3, 3/4; recall = diagonal / row sum: 1/3, 1/2, 3/4.
        AssertClose([1.0 / 2, 1.0 / 3, 3.0 / 4], cm.Precision);
        AssertClose([1.0 / 3, 1.0 / 2, 3.0 / 4], cm.Recall);
        // F1 = 2PR/(P+R): class 0: 2·(1/2)(1/3)/(5/6) = 2/5; class 1 likewise; class 2: 3/4.
        AssertClose([2.0 / 5, 2.0 / 5, 3.0 / 4], cm.F1);
        Assert.Equal((0.4 + 0.4 + 0.75) / 3, cm.MacroF1, 15);
    }

    [Fact]
    public void Zero_over_zero_is_defined_as_zero()
    {
        // Class 3 never occurs and is never predicted; class 2 is predicted but never true; class 1 is true but never predicted.
        var cm = ConfusionMatrix.From(predicted: [0, 2, 0], truth: [0, 1, 0], classes: 4);
        Assert.Equal([1.0, 0, 0, 0], cm.Precision);
        Assert.Equal([1.0, 0, 0, 0], cm.Recall);
        Assert.Equal([1.0, 0, 0, 0], cm.F1);
        var empty = ConfusionMatrix.From([], [], 2);
        Assert.Equal(0, empty.Accuracy);
        Assert.Equal(0, empty.Total);
        Assert.Equal(0, Classification.Accuracy([], []));
    }

    [Fact]
    public void Confusion_matrices_compare_by_counts_and_print_as_a_table()
    {
        Assert.Equal(ConfusionMatrix.From(Predicted, Truth, 3), ConfusionMatrix.From([.. Predicted], [.. Truth], 3));
        Assert.NotEqual(ConfusionMatrix.From(Predicted, Truth, 3), ConfusionMatrix.From(Truth, Predicted, 3));
        var text = ConfusionMatrix.From(Predicted, Truth, 3).ToString();
        Assert.Contains("rows true, columns predicted", text);
        Assert.EndsWith("\n 2  1 0 3", text);
    }

    [Fact]
    public void Misclassified_gives_the_indices_numpy_where_gives()
    {
        Assert.Equal([1, 2, 4, 8], Classification.Misclassified(Predicted, Truth));
        Assert.Empty(Classification.Misclassified(Truth, Truth));
        Assert.Empty(Classification.Misclassified([], []));
    }

    [Fact]
    public void Top_k_accuracy_counts_the_true_class_among_the_k_best_scores()
    {
        var scores = Matrix<double>.Build.DenseOfRowArrays(
            [0.1, 0.6, 0.3, 0.0], // order 1, 2, 0, 3
            [0.5, 0.2, 0.2, 0.1], // order 0, 1, 2 (tie, lower index first), 3
            [0.0, 0.1, 0.2, 0.7]); // order 3, 2, 1, 0
        int[] truth = [2, 2, 0];
        Assert.Equal(0.0, Classification.TopKAccuracy(scores, truth, 1));
        Assert.Equal(1.0 / 3, Classification.TopKAccuracy(scores, truth, 2), 15); // row 0 (class 2 second)
        Assert.Equal(2.0 / 3, Classification.TopKAccuracy(scores, truth, 3), 15); // row 1: class 2 ties class 1 and ranks after it
        Assert.Equal(1.0, Classification.TopKAccuracy(scores, truth, 4));
    }

    [Fact]
    public void Top_1_accuracy_equals_the_accuracy_of_arg_max_even_on_ties()
    {
        var scores = Matrix<float>.Build.DenseOfRowArrays([1f, 1f, 0f], [0f, 2f, 2f], [3f, 1f, 3f], [0f, 0f, 0f]);
        int[] truth = [1, 1, 2, 0];
        Assert.Equal(Classification.Accuracy(ArgMax.Rows(scores), truth), Classification.TopKAccuracy(scores, truth, 1));
        Assert.Equal(0.5, Classification.TopKAccuracy(scores, truth, 1));
    }

    [Fact]
    public void Bad_input_names_the_operation_and_the_values()
    {
        var e = Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0, 1, 1], 2));
        Assert.Contains("ConfusionMatrix.From", e.Message);
        Assert.Contains("predicted has 2 labels but truth has 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 3], [0, 1], 3));
        Assert.Contains("predicted[1] = 3 is outside the classes [0, 3)", e.Message);
        e = Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [-1, 1], 3));
        Assert.Contains("truth[0] = -1", e.Message);
        Assert.Contains("classes must be positive, got 0", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([], [], 0)).Message);
        Assert.Contains("Classification.Misclassified", Assert.Throws<ArgumentException>(() => Classification.Misclassified([1], [])).Message);
        Assert.Contains("Classification.Accuracy", Assert.Throws<ArgumentException>(() => Classification.Accuracy([1], [1, 2])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0], [0], 2)[2, 0]);

        var scores = Matrix<double>.Build.Dense(2, 3);
        e = Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(scores, [0, 1], 0));
        Assert.Contains("Classification.TopKAccuracy: k = 0 is outside [1, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(scores, [0, 1], 4));
        Assert.Contains("k = 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(scores, [0], 1));
        Assert.Contains("scores has 2 rows (2x3) but truth has 1 labels", e.Message);
        e = Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(scores, [0, 3], 1));
        Assert.Contains("truth[1] = 3 is outside the classes [0, 3)", e.Message);
        scores[1, 2] = double.NaN;
        Assert.Contains("scores[1, 2] is NaN", Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(scores, [0, 1], 1)).Message);
        Assert.Throws<ArgumentException>(() => Classification.TopKAccuracy(Matrix<double>.Build.Dense(0, 3), [], 1));
    }

    [Fact]
    public void Seeded_examples_are_reproducible_permutations()
    {
        var p = Examples.Permutation(20, seed: 42);
        Assert.Equal(Enumerable.Range(0, 20), p.Order());
        Assert.Equal(p, Examples.Permutation(20, seed: 42));
        Assert.NotEqual(p, Examples.Permutation(20, seed: 43));
        Assert.Equal(new Functional.Core.Random.PortableRandom(42).Permutation(20), p);

        var wrong = Classification.Misclassified(Predicted, Truth);
        var picked = Examples.Pick(wrong, 3, seed: 7);
        Assert.Equal(3, picked.Count);
        Assert.Equal(3, picked.Distinct().Count());
        Assert.All(picked, i => Assert.Contains(i, wrong));
        Assert.Equal(picked, Examples.Pick(wrong, 3, seed: 7));
        Assert.Equal(4, Examples.Pick(wrong, 10, seed: 7).Count);
        Assert.Empty(Examples.Permutation(0, 1));
        Assert.Contains("count must not be negative, got -1", Assert.Throws<ArgumentException>(() => Examples.Pick(wrong, -1, 1)).Message);
        Assert.Contains("n must not be negative, got -2", Assert.Throws<ArgumentException>(() => Examples.Permutation(-2, 1)).Message);
    }

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 15);
    }
}
