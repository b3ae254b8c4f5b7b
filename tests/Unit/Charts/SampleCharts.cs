using Functional.Reports.Charts;

namespace Functional.Tests.Unit.Charts;

/// <summary>The lab's chart kinds filled with synthetic data: shared by the chart tests and the example writer.</summary>
internal static class SampleCharts
{
    public static double[] Linspace(double a, double b, int n) => Enumerable.Range(0, n).Select(i => a + (b - a) * i / (n - 1)).ToArray();

    /// <summary>Data scatter, a model's prediction line and the true relation.</summary>
    public static LineChart Regression()
    {
        var random = new Random(7);
        var x = Linspace(-1, 1, 80);
        var y = x.Select(v => 2 * v + 1 + 0.3 * (random.NextDouble() * 2 - 1)).ToArray();
        return new LineChart("Linear regression: data, prediction and truth", new Axis("x"), new Axis("y"),
        [
            new Series("data", x, y, SeriesStyle.Markers),
            new Series("prediction (epoch 200)", x, x.Select(v => 1.93 * v + 1.04).ToArray(), SeriesStyle.Line, ColorIndex: 1),
            new Series("true relation y = 2x + 1", x, x.Select(v => 2 * v + 1).ToArray(), SeriesStyle.Line, ColorIndex: 2),
        ]);
    }

    /// <summary>Loss per epoch on a log y axis, with a best-epoch marker and a noise-floor line.</summary>
    public static LineChart LossPerEpoch()
    {
        var epochs = Enumerable.Range(1, 200).Select(e => (double)e).ToArray();
        var loss = epochs.Select(e => 0.01 + 2.0 * Math.Exp(-e / 18.0)).ToArray();
        return new LineChart("Training loss per epoch", new Axis("epoch"), new Axis("loss (MSE)", AxisScale.Log10),
            [new Series("loss", epochs, loss)])
        {
            VerticalLines = [new ReferenceLine(100, "best epoch 100")],
            HorizontalLines = [new ReferenceLine(0.01, "noise floor 0.01")],
        };
    }

    /// <summary>Eight learning rates, median over seeds with min–max bands; the largest diverges.</summary>
    public static LineChart LearningRates()
    {
        double[] rates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1];
        var epochs = Enumerable.Range(1, 50).Select(e => (double)e).ToArray();
        var series = rates.Select((lr, i) =>
        {
            double speed = Math.Min(lr * 60, 2.5);
            var median = epochs.Select(e => 0.6 + 2.2 * Math.Exp(-speed * e / 10)).ToArray();
            if (lr >= 0.3) median = epochs.Select(e => e < 12 ? 1.2 + 0.1 * e : double.NaN).ToArray();
            var lower = median.Select(m => m * 0.93).ToArray();
            var upper = median.Select(m => m * 1.07).ToArray();
            return new Series($"lr = {lr:G3}", epochs, median, Band: new Band(lower, upper));
        }).ToArray();
        return new LineChart("Loss by learning rate (median and min–max of 5 seeds)", new Axis("epoch"), new Axis("loss", Min: 0.5, Max: 3), series);
    }

    /// <summary>Training vs validation loss on log–log axes.</summary>
    public static LineChart TrainVersusValidation()
    {
        var epochs = Enumerable.Range(0, 60).Select(i => Math.Round(Math.Pow(10, 3.0 * i / 59))).Distinct().ToArray();
        var train = epochs.Select(e => 1.5 * Math.Pow(e, -0.8) + 0.002).ToArray();
        var validation = epochs.Select(e => 1.6 * Math.Pow(e, -0.7) + 0.03 + 0.00002 * e).ToArray();
        return new LineChart("Training vs validation loss", new Axis("epoch", AxisScale.Log10), new Axis("loss", AxisScale.Log10),
        [
            new Series("training", epochs, train, SeriesStyle.LineAndMarkers),
            new Series("validation", epochs, validation, SeriesStyle.LineAndMarkers),
        ])
        {
            VerticalLines = [new ReferenceLine(300, "best epoch 300")],
        };
    }

    /// <summary>A synthetic 28×28 "digit": a ring (even) or a bar (odd), anti-aliased, MNIST's 0 = background convention.</summary>
    public static byte[] SyntheticDigit(int seed)
    {
        var pixels = new byte[784];
        for (int r = 0; r < 28; r++)
            for (int c = 0; c < 28; c++)
            {
                double dx = c - 13.5, dy = r - 13.5;
                double distance = seed % 2 == 0
                    ? Math.Abs(Math.Sqrt(dx * dx / 0.45 + dy * dy) - 8)
                    : Math.Abs(dx + 0.25 * dy - (seed % 5 - 2));
                pixels[r * 28 + c] = (byte)Math.Round(255 * Math.Clamp(2.2 - distance, 0, 1) * (Math.Abs(dy) < 10 ? 1 : 0));
            }
        return pixels;
    }

    /// <summary>Nine captioned digits, every third highlighted as a mistake.</summary>
    public static DigitGrid Digits(IReadOnlyList<byte[]>? images = null, IReadOnlyList<int>? labels = null)
    {
        var digits = Enumerable.Range(0, 9).Select(i =>
        {
            var pixels = images?[i] ?? SyntheticDigit(i);
            int truth = labels?[i] ?? (i % 2 == 0 ? 0 : 1);
            return i % 3 == 2
                ? new DigitImage(pixels, $"true {truth} / pred {(truth + 3) % 10}", Highlight: true)
                : new DigitImage(pixels, $"pred {truth}");
        }).ToArray();
        return new DigitGrid("Test digits and predictions", digits);
    }

    /// <summary>A 10×10 confusion matrix of a ~97.8 % accurate classifier.</summary>
    public static Heatmap Confusion()
    {
        var counts = new int[10, 10];
        var random = new Random(3);
        for (int t = 0; t < 10; t++)
        {
            int errors = 0;
            for (int p = 0; p < 10; p++)
                if (p != t && random.NextDouble() < 0.45) { counts[t, p] = random.Next(1, 12); errors += counts[t, p]; }
            counts[t, t] = 980 + random.Next(0, 150) - errors;
        }
        var labels = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Heatmap.FromArray("Confusion matrix — accuracy 97.8 %", counts, labels, labels);
    }
}
