using Functional.Models;
using Functional.Reports.Lab;
using Functional.Reports.Lab.Parts.HiddenLayer;
using Functional.Reports.Publishing;
using Microsoft.Data.Analysis;

namespace Functional.Tests.Unit.Lab;

/// <summary>The next chapter's two sections: "Fighting overfitting" and "Inside the network", checked against independent numbers.</summary>
public sealed partial class LabReportTests
{
    private DataFrame Csv(string name, params Type[] types) => Tables.FromCsv(File.ReadAllText(Path.Combine(lab.Output, "tables", name + ".csv")), types);

    private static double[] Doubles(DataFrame frame, string name) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(i => Convert.ToDouble(frame[name][i]!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static string[] Strings(DataFrame frame, string name) => Enumerable.Range(0, (int)frame.Rows.Count).Select(i => (string)frame[name][i]!).ToArray();

    [Fact]
    public void Fighting_overfitting_trains_part_4_as_written_first_and_ranks_the_remedies_by_what_they_return()
    {
        var runs = lab.Section("fighting-overfitting").AllTables.Single(t => t.Name == "fighting-overfitting-runs").Frame;
        var part4 = lab.Section("overfitting").AllTables.Single(t => t.Name == "overfitting-runs").Frame;
        var remedy = Strings(runs, "remedy");
        var returned = Doubles(runs, "returned_val_mse");
        var none = Enumerable.Range(0, remedy.Length).Where(i => remedy[i].StartsWith("none", StringComparison.Ordinal)).Select(i => returned[i]).ToArray();
        var early = Enumerable.Range(0, remedy.Length).Where(i => remedy[i] == "early stopping").Select(i => returned[i]).ToArray();
        // No remedy is part 4 itself: the same runs, seed for seed (metrics=['mse'] changes nothing in training); early stopping too.
        Assert.Equal(Doubles(part4, "final_val_loss"), none, new RelativeTolerance(1e-6));
        Assert.Equal(Doubles(part4, "early_stopped_val_loss"), early, new RelativeTolerance(1e-6));

        var table = lab.Section("fighting-overfitting").AllTables.Single(t => t.Name == "fighting-overfitting-remedies").Frame;
        var medians = Doubles(table, "returned_val_mse");
        Assert.Equal(5, medians.Length);
        int best = Array.IndexOf(medians, medians.Min());
        Assert.Equal([best], Enumerable.Range(0, medians.Length).Where(i => (bool)table["best"][i]!));
        Assert.Equal(medians.Min() / medians[0], lab.Number("fighting-overfitting", "best_over_none"), 12);
        Assert.StartsWith(Strings(table, "remedy")[best], lab.Section("fighting-overfitting").Answers[0].Text);
        // Dropout and L2 change the runs (they are not no-ops), and no remedy reaches below what the truth itself scores by much.
        Assert.Equal(medians.Length, medians.Distinct().Count());
        Assert.All(medians, m => Assert.True(m > 0.9 * lab.Number("fighting-overfitting", "validation_noise_mse")));

        // The validation points' own noise, computed here from part 4's published points: mean (ln(x + 1) − y)².
        var data = Csv("overfitting-data", typeof(string), typeof(double), typeof(double));
        var rows = Enumerable.Range(0, (int)data.Rows.Count).Where(i => (string)data["set"][i]! == "validation").ToArray();
        double noise = rows.Average(i => Math.Pow(Math.Log((double)data["x"][i]! + 1) - (double)data["y"][i]!, 2));
        Assert.Equal(noise, lab.Number("fighting-overfitting", "validation_noise_mse"), 12);
    }

    [Fact]
    public void Fighting_overfittings_strength_grid_holds_the_headline_remedies_runs()
    {
        var grid = lab.Section("fighting-overfitting").AllTables.Single(t => t.Name == "fighting-overfitting-strengths").Frame;
        var l2 = Doubles(grid, "l2");
        var rate = Doubles(grid, "dropout_rate");
        var mse = Doubles(grid, "val_mse");
        Assert.Equal(16, mse.Length);
        var remedies = lab.Section("fighting-overfitting").AllTables.Single(t => t.Name == "fighting-overfitting-remedies").Frame;
        var byName = Strings(remedies, "remedy").Zip(Doubles(remedies, "returned_val_mse")).ToDictionary(p => p.First, p => p.Second);
        double At(double a, double b) => mse[Enumerable.Range(0, mse.Length).Single(i => l2[i] == a && rate[i] == b)];
        Assert.Equal(byName["none (part 4 as written)"], At(0, 0));
        Assert.Equal(byName["L2 0.01"], At(0.01, 0));
        Assert.Equal(byName["dropout 0.2"], At(0, 0.2));
        Assert.Equal(byName["L2 0.01 + dropout 0.2"], At(0.01, 0.2));
        Assert.Equal(mse.Min(), lab.Number("fighting-overfitting", "grid_best_val_mse"));
    }

    [Fact]
    public void Inside_the_network_takes_part_3s_own_model_apart_and_its_pieces_add_up_to_the_prediction()
    {
        var units = lab.Section("inside-the-network").Tables.Single(t => t.Name == "inside-tanh-units").Frame;
        // Part 3's cell trained here again: the units are its weights, bit for bit.
        var settings = HiddenLayerSettings.For(new LabOptions { Quick = true });
        var cell = HiddenLayerExperiment.Cell(settings, LabData.HiddenLayer());
        var hidden = (Dense<float>)cell.Model.Layers[0];
        var output = (Dense<float>)cell.Model.Layers[1];
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (double)hidden.Kernel[0, i]), Doubles(units, "w1"));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (double)hidden.Bias[0, i]), Doubles(units, "b1"));
        Assert.Equal(Enumerable.Range(0, 3).Select(i => (double)output.Kernel[i, 0]), Doubles(units, "w2"));
        Assert.Equal(output.Bias[0, 0], lab.Number("inside-the-network", "output_bias"));
        // bias + Σ contributions at x = 0 is the model's prediction there (float32 rounding apart).
        double atZero = lab.Number("inside-the-network", "output_bias") + Doubles(units, "contribution_at_start").Sum();
        Assert.Equal(cell.Predict([0.0])[0], atZero, 1e-5);
        Assert.InRange(lab.Number("inside-the-network", "largest_mismatch"), 0, 1e-5);
    }

    [Fact]
    public void Inside_the_network_shows_the_classifier_of_part_5_its_untouched_border_weights_and_its_least_sure_digits()
    {
        if (lab.MnistSkipReason is not null) { output.WriteLine("SKIPPED: " + lab.MnistSkipReason); return; }
        // The same training as part 5's intended model: the same test accuracy, exactly.
        var intended = lab.Section("mnist").Answers.SelectMany(a => a.Numbers).First(n => n.Key == "intended_accuracy").Value;
        Assert.Equal(intended, lab.Number("inside-the-network", "test_accuracy"));
        Assert.True(lab.Number("inside-the-network", "never_inked_pixels") > 0);
        Assert.Equal(1.0, lab.Number("inside-the-network", "never_inked_unchanged_fraction"));
        var least = Csv("inside-least-sure", typeof(int), typeof(int), typeof(int), typeof(double), typeof(int), typeof(double), typeof(bool));
        var first = Doubles(least, "first_probability");
        var second = Doubles(least, "second_probability");
        Assert.Equal(9, first.Length);
        Assert.Equal(first.Order(), first);
        Assert.All(first.Zip(second), p => Assert.True(p.First >= p.Second && p.First >= 0.1 && p.First + p.Second <= 1 + 1e-6));
        Assert.True(first[^1] < lab.Number("inside-the-network", "mean_top_probability"));
        Assert.Contains("inside-first-layer.png", lab.Section("inside-the-network").Figures.Select(f => f.FileName));
    }

    [Fact]
    public void The_convolutional_network_runs_Keras_example_and_counts_its_mistakes_against_the_MLPs()
    {
        if (lab.MnistSkipReason is not null) { output.WriteLine("SKIPPED: " + lab.MnistSkipReason); return; }
        Assert.Equal(34_826, lab.Number("convnet", "parameters"));
        var epochs = Csv("convnet-epochs", typeof(int), typeof(double), typeof(double), typeof(double), typeof(double), typeof(double), typeof(double));
        var test = Doubles(epochs, "test_accuracy");
        Assert.Equal(test[^1], lab.Number("convnet", "test_accuracy"));
        Assert.InRange(test[^1], 0.8, 1.0); // quick mode: 2 epochs on 5,400 digits
        // The mistakes table is the confusion matrix's off-diagonal, digit by digit, and the count the answer gives.
        var wrong = Csv("convnet-wrong", typeof(int), typeof(int), typeof(int));
        Assert.Equal(lab.Number("convnet", "mistakes"), wrong.Rows.Count);
        var settings = Functional.Reports.Lab.Parts.MnistMlp.MnistSettings.For(new LabOptions { Quick = true });
        Assert.Equal(Math.Round(settings.TestLimit!.Value * (1 - test[^1])), lab.Number("convnet", "mistakes"));
        var labels = Functional.Core.Data.Mnist.Load().Test.Labels;
        for (int i = 0; i < (int)wrong.Rows.Count; i++)
        {
            Assert.Equal(labels[(int)wrong["index"][i]!], (int)wrong["label"][i]!);
            Assert.NotEqual((int)wrong["label"][i]!, (int)wrong["predicted"][i]!);
        }
        // The MLP's mistakes are part 5's intended model's: the same training, the same digits.
        var intended = lab.Section("mnist").Answers.SelectMany(a => a.Numbers).First(n => n.Key == "intended_accuracy").Value;
        Assert.Equal(intended, lab.Number("convnet", "mlp_accuracy"));
        var confusions = Csv("convnet-confusions", typeof(int), typeof(int), typeof(int), typeof(int), typeof(int));
        Assert.Equal(lab.Number("convnet", "mistakes"), Doubles(confusions, "cnn").Sum());
        Assert.Equal(lab.Number("convnet", "mlp_mistakes"), Doubles(confusions, "mlp").Sum());
    }

    private sealed class RelativeTolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
        public int GetHashCode(double value) => 0;
    }
}
