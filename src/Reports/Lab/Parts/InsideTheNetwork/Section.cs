using System.Globalization;
using Functional.Reports.Charts;
using Functional.Reports.Publishing;
using static Functional.Reports.Lab.Text;

namespace Functional.Reports.Lab.Parts.InsideTheNetwork;

/// <summary>"Inside the network" as a report section: the tanh units' contributions, the first-layer weights, the least sure digits.</summary>
public static class InsideTheNetworkSection
{
    /// <summary>The section's id.</summary>
    public const string Id = "inside-the-network";

    private static readonly int[] UnitColours = [0, 1, 4, 5, 6, 8, 9];

    /// <summary>The section for a result.</summary>
    public static Section Build(InsideTheNetworkResult r, TimeSpan runTime)
    {
        var t = r.Tanh;
        var c = r.Classifier;
        var hs = r.Settings.HiddenLayer;
        var ms = r.Settings.Mnist;
        var inv = CultureInfo.InvariantCulture;

        string UnitName(int i) => FormattableString.Invariant($"unit {i + 1}: {t.Units[i].W2:0.###}·tanh({t.Units[i].W1:0.###}·x {Signed(t.Units[i].B1)})");
        var parts = new LineChart($"Part 3's cell taken apart: {t.Units.Count} tanh units, the output bias, and their sum", new Axis("x"), new Axis("y"),
            [
                Plots.Data("data", t.Data, 7),
                .. t.Units.Select((u, i) => new Series(UnitName(i), t.X, t.X.Select(u.At).ToArray(), SeriesStyle.Line, UnitColours[i % UnitColours.Length])),
                new Series(FormattableString.Invariant($"output bias {t.OutputBias:0.###}"), [t.X[0], t.X[^1]], [t.OutputBias, t.OutputBias],
                    SeriesStyle.Line, 7),
                new Series("sum = the prediction", t.X, t.X.Select(t.Sum).ToArray(), SeriesStyle.Line, 3),
                Plots.Curve("true ln(x + 1)", t.Data.X, LabData.TrueLog, 2),
            ]);
        var units = new Table("inside-tanh-units",
            "Each hidden unit of part 3's cell: input weight w1, bias b1, output weight w2, the x where its tanh is centred (−b1/w1), and its " +
            "contribution w2·tanh(w1·x + b1) at both ends of the data.",
            Tables.Frame(
                Tables.Column("unit", t.Units.Select((_, i) => i + 1).ToArray()),
                Tables.Column("w1", t.Units.Select(u => u.W1).ToArray()),
                Tables.Column("b1", t.Units.Select(u => u.B1).ToArray()),
                Tables.Column("w2", t.Units.Select(u => u.W2).ToArray()),
                Tables.Column("centre", t.Units.Select(u => u.Centre).ToArray()),
                Tables.Column("contribution_at_start", t.Units.Select(u => u.At(t.X[0])).ToArray()),
                Tables.Column("contribution_at_end", t.Units.Select(u => u.At(t.X[^1])).ToArray())));

        var weights = new WeightGrid($"The {c.FirstLayer.Count} first-layer units of the MNIST classifier, each as a 28×28 image of its weights",
            c.FirstLayer.Select(w => (IReadOnlyList<double>)w).ToArray());
        double limit = weights.EffectiveLimit();
        var unsure = new DigitGrid($"The {c.LeastSure.Count} test digits the classifier is least sure of",
            c.LeastSure.Select(d => new DigitImage(d.Pixels.ToArray(),
                $"true {d.Truth}: {d.First} {Pct(d.FirstProbability)}, {d.Second} {Pct(d.SecondProbability)}", Highlight: d.First != d.Truth)).ToArray(),
            Shading: DigitShading.Gray);
        var least = new Table("inside-least-sure",
            "The least sure test digits, least sure first: index, label, and the two most probable classes with their probabilities.",
            Tables.Frame(
                Tables.Column("index", c.LeastSure.Select(d => d.Index).ToArray()),
                Tables.Column("label", c.LeastSure.Select(d => d.Truth).ToArray()),
                Tables.Column("first", c.LeastSure.Select(d => d.First).ToArray()),
                Tables.Column("first_probability", c.LeastSure.Select(d => d.FirstProbability).ToArray()),
                Tables.Column("second", c.LeastSure.Select(d => d.Second).ToArray()),
                Tables.Column("second_probability", c.LeastSure.Select(d => d.SecondProbability).ToArray()),
                Tables.Column("correct", c.LeastSure.Select(d => d.First == d.Truth).ToArray())));

        // The units by how much they move the prediction over the data, largest first.
        var bySize = t.Units.Select((u, i) => (u, i)).OrderByDescending(p => p.u.Range(t.X)).ToArray();
        double smallest = bySize[^1].u.Range(t.X), total = t.Units.Sum(u => u.Range(t.X));
        string Describe((TanhUnit u, int i) p)
        {
            var (u, i) = p;
            string shape = u.SaturatesAt > t.X[0] && u.SaturatesAt < t.X[^1]
                ? $"{(u.At(t.X[^1]) > u.At(t.X[0]) ? "rises" : "falls")} steeply and is flat from x ≈ {Short(u.SaturatesAt)} on"
                : $"{(u.At(t.X[^1]) > u.At(t.X[0]) ? "rises" : "falls")} slowly across the whole range (it saturates only at x ≈ {Short(u.SaturatesAt)})";
            return $"unit {i + 1} moves the prediction by {Short(u.Range(t.X))} and {shape}";
        }
        var gaps = c.LeastSure.Select(d => d.FirstProbability - d.SecondProbability).ToArray();
        int wrong = c.LeastSure.Count(d => d.First != d.Truth);
        var answers = new List<Answer>
        {
            new($"How do {t.Units.Count} tanh units build ln(x + 1)?",
                $"Each unit adds one S-shaped piece w2·tanh(w1·x + b1), and the units split the work: {string.Join("; ", bySize.Select(Describe))}. " +
                (smallest < 0.1 * total ? $"Unit {bySize[^1].i + 1} contributes almost nothing ({Percent(smallest / total)} of the total movement): " +
                    $"{t.Units.Count - 1} channels do the work. " : "") +
                $"The output bias adds {Short(t.OutputBias)}. Their sum is the model's prediction: rebuilt by hand in double it matches the model's " +
                $"own float32 output within {Short(t.LargestMismatch)} over the {t.X.Count} x drawn. These are the notebook's \"3 distinct channels, " +
                "each conditioned uniquely, which are subsequently merged\": the merge is a weighted sum, and the curve's bend is where a fast unit " +
                "saturates and a slow one goes on rising.",
                [
                    Named("largest_mismatch", t.LargestMismatch), Named("output_bias", t.OutputBias),
                    .. t.Units.Select((u, i) => Named($"unit_{i + 1}_range", u.Range(t.X))),
                ]),
            new("What did the MNIST classifier's first layer learn?",
                $"Each of the {c.FirstLayer.Count} units weighs the 784 pixels; drawn as images (red where ink raises the unit's input, blue where it " +
                $"lowers it, saturated at ±{Short(limit)}) each has its own pattern of strokes where digits are written. Around them, " +
                $"{c.NeverInked} of the 784 pixels are 0 in every one of the {c.TrainCount:N0} training digits; they never give a gradient, so Adam " +
                $"never moves their weights: {Percent(c.NeverInkedUnchanged)} of those weights are bit for bit their Glorot-uniform initial values, part " +
                $"of the speckled noise at the images' edges (mean |w| {Short(c.MeanAbsNeverInked)}, against {Short(c.MeanAbsInked)} on the pixels that are " +
                $"used). " + (c.DeadUnits == 0 ? "No unit is dead: each one's relu output is positive for some test digit." :
                    $"{c.DeadUnits} of the {c.FirstLayer.Count} units {(c.DeadUnits == 1 ? "is" : "are")} dead: {(c.DeadUnits == 1 ? "its" : "their")} relu " +
                    $"output is 0 for every test digit, so {(c.DeadUnits == 1 ? "it takes" : "they take")} no part."),
                [
                    Named("never_inked_pixels", c.NeverInked), Named("never_inked_unchanged_fraction", c.NeverInkedUnchanged),
                    Named("mean_abs_weight_inked", c.MeanAbsInked), Named("mean_abs_weight_never_inked", c.MeanAbsNeverInked), Named("colour_limit", limit),
                    Named("dead_units", c.DeadUnits),
                ]),
            new("Which test digits is the classifier least sure of?",
                $"Of the {c.TestCount:N0} test digits (accuracy {Percent(c.Accuracy)}, mean top probability {Percent(c.MeanConfidence)}), the " +
                $"{c.LeastSure.Count} least sure have top probabilities from {Percent(c.LeastSure[0].FirstProbability)} to " +
                $"{Percent(c.LeastSure[^1].FirstProbability)}, and the runner-up is {Short(100 * Statistics.Median(gaps))} points behind (median); " +
                $"{wrong} of them are misclassified (red).",
                [
                    Named("least_top_probability", c.LeastSure[0].FirstProbability), Named("least_sure_misclassified", wrong),
                    Named("median_gap_to_second", Statistics.Median(gaps)),
                    Named("test_accuracy", c.Accuracy), Named("mean_top_probability", c.MeanConfidence),
                ]),
        };
        return new Section(Id, "Inside the network",
            "What did the networks learn? How do part 3's three tanh units add up to ln(x + 1), what does each first-layer unit of the MNIST " +
            "classifier look for, and which digits is it least sure of?",
            $"Part 3's cell trained again exactly as part 3 trains it (Dense({hs.HiddenUnits}, tanh) → Dense(1), Adam({Rate(hs.CellRate)}), " +
            $"batch {hs.CellBatchSize}, {hs.Training.Epochs} epochs, seed {hs.CellSeed}; training is bit-reproducible, so it is part 3's model), its " +
            $"units' contributions computed in double from its weights. Part 5's classifier as intended (sparse cross-entropy on its softmax, " +
            $"{ms.Training.Epochs} epochs at batch {ms.Training.BatchSize}, seed {ms.Seed}, {c.TrainCount:N0} training digits ÷ 255), trained again the " +
            $"same way: its 784 × 128 first-layer kernel, one column per unit, and its probabilities on the {c.TestCount:N0} normalized test digits. " +
            "The cell's own model, trained with from_logits=True on its softmax, has probabilities that mean little (part 5), so the least sure digits " +
            "are the intended model's.",
            [
                new Figure("inside-tanh-units.png", ChartRenderer.Render(parts),
                    "Each hidden unit's weighted contribution w2·tanh(w1·x + b1), the output bias, and their sum, which is the model's prediction; " +
                    "the data and the true relation behind.", "Three S-shaped curves, a constant line, and their sum following the data."),
                new Figure("inside-first-layer.png", ChartRenderer.Render(weights),
                    $"The {c.FirstLayer.Count} first-layer weight vectors as 28×28 images, one colour scale for all (red positive, blue negative, " +
                    $"saturated at ±{Short(limit)}, the 99th percentile of |w|).", "A grid of 128 small red and blue images."),
                new Figure("inside-least-sure.png", ChartRenderer.Render(unsure),
                    "The test digits with the smallest top probability, least sure first, each with its label and its two most probable classes (red " +
                    "where the first is wrong).", "A 3 by 3 grid of hard-to-read digits with probabilities."),
            ],
            [units, least], answers, runTime, []);
    }

    private static string Signed(double v) => v < 0 ? FormattableString.Invariant($"− {-v:0.###}") : FormattableString.Invariant($"+ {v:0.###}");

    private static string Pct(double p) => (100 * p).ToString("0", CultureInfo.InvariantCulture) + "%";
}
