using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>
/// Bad input to the numeric core: every case throws an <see cref="ArgumentException"/> whose message names the
/// operation and the expected and actual shapes or values, and leaves its inputs untouched.
/// </summary>
public class CoreBadInputTests
{
    private static Matrix<double> M(int rows, int columns, double start = 0.25) =>
        Matrix<double>.Build.Dense(rows, columns, (i, j) => start + 0.5 * i - 0.125 * j);

    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.Dense(values.Length, 1, values);

    /// <summary>Runs <paramref name="call"/>, expects an ArgumentException containing every fragment, and checks that no input changed.</summary>
    private static void FailsNaming(Action call, Matrix<double>[] inputs, params string[] fragments)
    {
        var before = inputs.Select(m => m.ToColumnMajorArray()).ToArray();
        var ex = Assert.Throws<ArgumentException>(call);
        foreach (var fragment in fragments)
            Assert.True(ex.Message.Contains(fragment, StringComparison.Ordinal), $"message lacks '{fragment}': {ex.Message}");
        for (int k = 0; k < inputs.Length; k++)
            Assert.True(before[k].SequenceEqual(inputs[k].ToColumnMajorArray()), $"input {k} was modified by a failing call");
    }

    /// <summary>Value, Gradient and ValueAndGradient must all reject the same input with the same kind of message.</summary>
    private static void LossFailsNaming(Loss loss, Matrix<double> predictions, Matrix<double> targets, params string[] fragments)
    {
        FailsNaming(() => loss.Value(predictions, targets), [predictions, targets], fragments);
        FailsNaming(() => loss.Gradient(predictions, targets), [predictions, targets], fragments);
        FailsNaming(() => loss.ValueAndGradient(predictions, targets), [predictions, targets], fragments);
    }

    public static TheoryData<string> ActivationNames() => new(Activation.All.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Backward_rejects_an_output_gradient_of_another_shape(string name)
    {
        var activation = Activation.Parse(name);
        var z = M(2, 3);
        var output = activation.Forward(z);
        var gradient = M(3, 2);
        FailsNaming(() => activation.Backward(z, output, gradient), [z, output, gradient],
            $"{name}.Backward", "outputGradient", "3x2", "2x3");
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Backward_rejects_an_output_of_another_shape(string name)
    {
        var activation = Activation.Parse(name);
        var z = M(2, 3);
        var output = M(2, 4);
        var gradient = M(2, 3);
        FailsNaming(() => activation.Backward(z, output, gradient), [z, output, gradient],
            $"{name}.Backward", "output", "2x4", "2x3");
    }

    [Fact]
    public void Mse_rejects_targets_of_another_shape() =>
        LossFailsNaming(Loss.MeanSquaredError, M(2, 3), M(3, 2), "MeanSquaredError", "targets", "3x2", "2x3");

    [Fact]
    public void Mse_rejects_an_empty_batch() =>
        LossFailsNaming(Loss.MeanSquaredError, M(0, 3), M(0, 3), "MeanSquaredError", "empty", "0x3");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Mse_rejects_non_finite_targets(double bad)
    {
        string shown = bad.ToString(System.Globalization.CultureInfo.InvariantCulture); // messages format numbers culture-invariantly

        var targets = M(2, 3);
        targets[1, 2] = bad;
        LossFailsNaming(Loss.MeanSquaredError, M(2, 3), targets, "MeanSquaredError", "targets", "2x3", shown, "row 1, column 2");
    }

    [Fact]
    public void Mse_lets_non_finite_predictions_propagate()
    {
        // Deliberately not an error: a NaN prediction is model output, reported as a NaN loss for the NaN guard.
        var predictions = M(2, 3);
        predictions[0, 0] = double.NaN;
        Assert.True(double.IsNaN(Loss.MeanSquaredError.Value(predictions, M(2, 3))));
    }

    public static TheoryData<bool> BothForms() => new(false, true);

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Crossentropy_rejects_targets_that_are_not_one_column(bool fromLogits) =>
        LossFailsNaming(Loss.SparseCategoricalCrossentropy(fromLogits), M(2, 3, 0.1), M(2, 2, 0),
            "SparseCategoricalCrossentropy", "targets", "2x1", "2x2");

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Crossentropy_rejects_a_label_column_of_another_length(bool fromLogits) =>
        LossFailsNaming(Loss.SparseCategoricalCrossentropy(fromLogits), M(2, 3, 0.1), Column(0, 1, 2),
            "SparseCategoricalCrossentropy", "targets", "2x1", "3x1");

    [Theory]
    [MemberData(nameof(BothForms))]
    public void Crossentropy_rejects_an_empty_batch(bool fromLogits) =>
        LossFailsNaming(Loss.SparseCategoricalCrossentropy(fromLogits), M(0, 3), M(0, 1),
            "SparseCategoricalCrossentropy", "predictions", "empty", "0x3");

    [Theory]
    [InlineData(false, -1.0, "-1")]
    [InlineData(false, 3.0, "3")]
    [InlineData(false, 1.5, "1.5")]
    [InlineData(false, double.NaN, "NaN")]
    [InlineData(true, -1.0, "-1")]
    [InlineData(true, 3.0, "3")]
    [InlineData(true, 1.5, "1.5")]
    [InlineData(true, double.NaN, "NaN")]
    public void Crossentropy_rejects_labels_outside_the_classes_or_not_whole(bool fromLogits, double label, string shown) =>
        LossFailsNaming(Loss.SparseCategoricalCrossentropy(fromLogits), M(2, 3, 0.1), Column(0, label),
            "SparseCategoricalCrossentropy", $"label {shown} at row 1", "[0, 3)");

    [Fact]
    public void Crossentropy_in_float_rejects_a_non_integer_label()
    {
        var predictions = Matrix<float>.Build.Dense(2, 3, 0.2f);
        var targets = Matrix<float>.Build.Dense(2, 1, [0f, 2.5f]);
        var ex = Assert.Throws<ArgumentException>(() => Loss.SparseCategoricalCrossentropy().Value(predictions, targets));
        Assert.Contains("SparseCategoricalCrossentropy", ex.Message);
        Assert.Contains("label 2.5 at row 1", ex.Message);
        Assert.Equal([0f, 2.5f], targets.ToColumnMajorArray());
    }

    [Fact]
    public void Accuracy_rejects_labels_outside_the_classes() =>
        FailsNaming(() => Metric.SparseCategoricalAccuracy.Compute(M(2, 3), Column(0, 7)), [M(2, 3), Column(0, 7)],
            "SparseCategoricalAccuracy", "label 7 at row 1", "[0, 3)");

    [Fact]
    public void Accuracy_rejects_an_empty_batch() =>
        FailsNaming(() => Metric.SparseCategoricalAccuracy.Compute(M(0, 3), M(0, 1)), [],
            "SparseCategoricalAccuracy", "empty", "0x3");

    [Fact]
    public void Accuracy_rejects_a_label_column_of_another_length() =>
        FailsNaming(() => Metric.SparseCategoricalAccuracy.Compute(M(2, 3), Column(0, 1, 2)), [],
            "SparseCategoricalAccuracy", "3 target rows", "2 prediction rows");

    [Fact]
    public void Labels_rejects_more_than_one_column()
    {
        var labels = M(2, 2, 0);
        FailsNaming(() => Labels.ToIndices("Op", labels, 3), [labels], "Op", "n x 1", "2x2");
    }

    [Fact]
    public void Activations_and_losses_print_as_their_names_in_messages()
    {
        // The base records' ToString must be sealed, or each derived record synthesizes "XActivation { Name = x }".
        Assert.Equal("tanh", Activation.Tanh.ToString());
        Assert.Equal("mean_squared_error", Loss.MeanSquaredError.ToString());
        Assert.Equal("sparse_categorical_crossentropy(from_logits)", Loss.SparseCategoricalCrossentropy(true).ToString());
        Assert.Equal("accuracy", Metric.SparseCategoricalAccuracy.ToString());
        Assert.Equal("glorot_uniform", Initializer.GlorotUniform.ToString());
        Assert.Equal("he_normal", Initializer.HeNormal.ToString());
        Assert.Equal("zeros", Initializer.Zeros.ToString());
    }

    /// <summary>Runs <paramref name="call"/> with a comma-decimal current culture (de-DE) and returns the exception's message.</summary>
    internal static string MessageUnderGermanCulture(Action call)
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("1,5", 1.5.ToString()); // the culture really is comma-decimal here
            return Assert.ThrowsAny<ArgumentException>(call).Message;
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Messages_format_numbers_culture_invariantly()
    {
        // A non-integer label under de-DE: the message must read "label 1.5", not "label 1,5".
        var message = MessageUnderGermanCulture(() => Loss.SparseCategoricalCrossentropy().Value(M(2, 3, 0.1), Column(0, 1.5)));
        Assert.Contains("label 1.5 at row 1", message);
        Assert.DoesNotContain("1,5", message);

        // The same through a float model's labels, and through the finite-value check (infinity is "Infinity", not "∞").
        var floatMessage = MessageUnderGermanCulture(() =>
            Loss.SparseCategoricalCrossentropy(true).Value(Matrix<float>.Build.Dense(2, 3, 0.2f), Matrix<float>.Build.Dense(2, 1, [0f, 1.5f])));
        Assert.Contains("label 1.5 at row 1", floatMessage);
        var targets = M(2, 3);
        targets[1, 2] = double.PositiveInfinity;
        var finiteMessage = MessageUnderGermanCulture(() => Loss.MeanSquaredError.Value(M(2, 3), targets));
        Assert.Contains("holds Infinity at row 1, column 2", finiteMessage);

        // NumpyRandomState's argument checks format doubles too.
        var normalMessage = MessageUnderGermanCulture(() => new Functional.Core.Random.NumpyRandomState(0).Normal(2, 1.5, -1.5));
        Assert.Contains("scale is -1.5", normalMessage);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void RequireFinite_finds_a_non_finite_value_at_any_position_and_names_it(float bad)
    {
        // 37 values: whole vectors and a tail on any vector width. Every position is tried; extreme finite values pass.
        const int rows = 37;
        var finite = Enumerable.Range(0, rows).Select(i => i switch
        {
            0 => float.MaxValue,
            1 => float.MinValue,
            2 => float.Epsilon,
            3 => -0f,
            _ => (float)Math.Cos(i),
        }).ToArray();
        MatrixData.RequireFinite("Test", Matrix<float>.Build.Dense(rows, 1, finite), "x");
        MatrixData.RequireFinite("Test", Matrix<double>.Build.Dense(rows, 1, finite.Select(v => (double)v).ToArray()), "x");
        for (int at = 0; at < rows; at++)
        {
            var values = (float[])finite.Clone();
            values[at] = bad;
            var e = Assert.Throws<ArgumentException>(() => MatrixData.RequireFinite("Test", Matrix<float>.Build.Dense(rows, 1, values), "x"));
            Assert.Contains($"at row {at}, column 0", e.Message);
            var d = Assert.Throws<ArgumentException>(() => MatrixData.RequireFinite("Test", Matrix<double>.Build.Dense(rows, 1, values.Select(v =>
                (double)v).ToArray()), "x"));
            Assert.Contains($"at row {at}, column 0", d.Message);
        }
    }
}

