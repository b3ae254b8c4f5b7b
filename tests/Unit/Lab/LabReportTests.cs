using System.Text.Json;
using Functional.Reports.Lab;
using Functional.Reports.Publishing;
using Functional.Tests.Unit.Charts;
using Functional.Tests.Unit.Publishing;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Lab;

/// <summary>The main job in quick mode: every section, computed answers that would catch a wrong one, and a report that is whole.</summary>
public sealed class LabReportTests(QuickLabReport lab, ITestOutputHelper output) : IClassFixture<QuickLabReport>
{
    [Fact]
    public void Every_experiment_has_its_section_with_figures_tables_and_answers()
    {
        var expected = new[] { "linear-regression", "learning-rate-sweep", "hidden-layer", "overfitting", "mnist", "sine" }
            .Where(id => id != "mnist" || lab.MnistSkipReason is null).ToArray();
        if (lab.MnistSkipReason is not null) output.WriteLine("SKIPPED the MNIST section: " + lab.MnistSkipReason);
        Assert.Equal(expected, lab.Report.Sections.Select(s => s.Id));
        Assert.All(lab.Report.Sections, s =>
        {
            Assert.NotEmpty(s.Figures);
            Assert.NotEmpty(s.Tables);
            Assert.NotEmpty(s.Answers);
            Assert.All(s.Answers, a => Assert.NotEmpty(a.Numbers));
        });
    }

    [Fact]
    public void Learning_rate_100_fits_the_line_far_worse_than_least_squares()
    {
        // lr 100 oscillates: the loss stays an order of magnitude above the optimum (measured: 14.7x).
        Assert.InRange(lab.Number("linear-regression", "ratio_to_optimum"), 3, 100);
        Assert.InRange(lab.Number("linear-regression", "least_squares_mse"), 0.9, 1.1); // the noise has unit variance
    }

    [Fact]
    public void The_sweep_finds_rate_1_best_and_says_it_differs_from_the_lab()
    {
        Assert.Equal(1.0, lab.Number("learning-rate-sweep", "best_rate_by_final_loss"));
        Assert.Equal(1.0, lab.Number("learning-rate-sweep", "best_rate_by_speed"));
        var answer = lab.Section("learning-rate-sweep").Answers[0];
        Assert.Equal("1e-1", answer.LabSays);
        Assert.False(answer.AgreesWithLab);
        // The lab's 0.1 ends above the optimum by more than 5 %, which is why it is not the best.
        Assert.True(lab.Number("learning-rate-sweep", "lab_rate_median_final_loss") > 1.05 * lab.Number("learning-rate-sweep", "least_squares_mse"));
    }

    [Fact]
    public void The_tanh_network_beats_the_line_on_ln_x_plus_1()
    {
        double linear = lab.Number("hidden-layer", "linear_best_median_mse");
        double tanh = lab.Number("hidden-layer", "tanh_best_median_mse");
        Assert.True(linear >= lab.Number("hidden-layer", "least_squares_mse") * (1 - 1e-4), "no line beats least squares");
        Assert.True(tanh < 0.5 * linear, $"tanh {tanh} vs linear {linear}");
        Assert.InRange(tanh, 0.005, 0.02); // around the noise floor 0.01
    }

    [Fact]
    public void Validation_loss_stops_improving_well_before_the_end_and_early_stopping_helps()
    {
        double stops = lab.Number("overfitting", "median_stops_improving_epoch");
        Assert.InRange(stops, 30, 400);
        Assert.True(lab.Number("overfitting", "train_loss_ratio_after") < 1, "training loss keeps falling after validation stops improving");
        Assert.True(lab.Number("overfitting", "median_early_stopped_val_loss") < lab.Number("overfitting", "median_final_val_loss"));
        // The rule's epoch is consistent with the table's per-seed columns.
        var table = lab.Section("overfitting").Tables[0].Frame;
        var perSeed = Enumerable.Range(0, (int)table.Rows.Count).Select(i => (double)table["stops_improving_epoch"][i]!).ToArray();
        Assert.Equal(Statistics.Median(perSeed.Select(e => double.IsNaN(e) ? 500 : e).ToArray()), stops);
    }

    [Fact]
    public void Mnist_quick_run_learns_and_both_notebook_mistakes_are_measured_and_warned_about()
    {
        if (lab.MnistSkipReason is not null) { output.WriteLine("SKIPPED: " + lab.MnistSkipReason); return; }
        Assert.InRange(lab.Number("mnist", "test_accuracy"), 0.85, 1.0); // 2 epochs on 6 000 digits
        Assert.True(lab.Number("mnist", "raw_pixels_cross_entropy") > 2 * lab.Number("mnist", "intended_cross_entropy"));
        Assert.True(lab.Number("mnist", "double_softmax_cross_entropy") > lab.Number("mnist", "intended_cross_entropy"));
        // A second softmax over probabilities cannot score better than ln(1 + 9/e): the reported loss is stuck above it.
        Assert.True(lab.Number("mnist", "double_softmax_reported_training_loss") >= Math.Log(1 + 9 / Math.E) - 1e-6);
        var answers = lab.Section("mnist").Answers;
        Assert.Contains("softmax is applied twice", answers[1].Text);
        Assert.Contains("trained on inputs in [0, 1]", answers[2].Text);
    }

    [Fact]
    public void The_sine_search_ranks_its_candidates_and_retrains_the_best()
    {
        var table = lab.Section("sine").Tables[0].Frame;
        var scores = Enumerable.Range(0, (int)table.Rows.Count).Select(i => (double)table["validation_mse"][i]!).ToArray();
        Assert.Equal(scores.OrderBy(s => double.IsNaN(s) ? double.PositiveInfinity : s), scores);
        Assert.True(double.IsFinite(lab.Number("sine", "median_validation_mse")));
        Assert.Equal(0.01, lab.Number("sine", "noise_floor"), 12);
    }

    [Fact]
    public void The_published_page_references_only_images_that_exist_and_show_something()
    {
        var html = File.ReadAllText(Path.Combine(lab.Output, "index.html"));
        foreach (var section in lab.Report.Sections) Assert.Contains($"id=\"{section.Id}\"", html);
        var images = System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(lab.Report.Sections.Sum(s => s.Figures.Count), images.Length);
        foreach (var src in images)
        {
            var path = Path.Combine(lab.Output, src);
            Assert.True(File.Exists(path), src);
            using var bitmap = Png.Decode(File.ReadAllBytes(path));
            Assert.True(Png.NonWhite(bitmap) > bitmap.Width * bitmap.Height / 50, $"{src} is nearly blank");
        }
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Every_table_csv_parses_back_to_the_numbers_in_report_json()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(lab.Output, "report.json")));
        int tables = 0;
        foreach (var section in json.RootElement.GetProperty("sections").EnumerateArray())
        {
            foreach (var table in section.GetProperty("tables").EnumerateArray())
            {
                tables++;
                var columns = table.GetProperty("columns").EnumerateArray().ToArray();
                var types = columns.Select(c => c.GetProperty("type").GetString() switch
                {
                    "double" => typeof(double),
                    "int32" => typeof(int),
                    "bool" => typeof(bool),
                    "string" => typeof(string),
                    var t => throw new InvalidOperationException($"unexpected column type {t}"),
                }).ToArray();
                var csv = File.ReadAllText(Path.Combine(lab.Output, table.GetProperty("csv").GetString()!));
                var frame = Tables.FromCsv(csv, types);
                Assert.Equal(table.GetProperty("rows").GetInt32(), frame.Rows.Count);
                for (int c = 0; c < columns.Length; c++)
                {
                    var values = columns[c].GetProperty("values").EnumerateArray().ToArray();
                    for (int r = 0; r < values.Length; r++)
                    {
                        object? fromCsv = frame.Columns[c][r];
                        object? fromJson = types[c] == typeof(double)
                            ? values[r].ValueKind == JsonValueKind.String ? double.Parse(values[r].GetString()!,
                                System.Globalization.CultureInfo.InvariantCulture) : values[r].GetDouble()
                            : types[c] == typeof(int) ? values[r].GetInt32()
                            : types[c] == typeof(bool) ? values[r].GetBoolean()
                            : values[r].GetString();
                        Assert.Equal(fromJson, fromCsv);
                    }
                }
            }
        }
        Assert.Equal(lab.Report.Sections.Sum(s => s.Tables.Count), tables);
    }

    [Fact]
    public void A_real_browser_renders_the_lab_report()
    {
        var chromium = HeadlessBrowser.Find();
        if (chromium is null)
        {
            Assert.False(HeadlessBrowser.Required, "FUNCTIONAL_REQUIRE_BROWSER=1 but no chromium was found");
            output.WriteLine("SKIPPED: no chromium on this machine");
            return;
        }
        var index = Path.Combine(lab.Output, "index.html");
        var shot = Path.Combine(lab.Directory, "shot.png");
        var result = HeadlessBrowser.Screenshot(chromium, index, shot, 1280, 3000);
        Assert.True(File.Exists(shot), $"no screenshot: {result.StdErr}");
        using var bitmap = Png.Decode(File.ReadAllBytes(shot));
        Assert.True(Png.NonWhite(bitmap) > bitmap.Width * bitmap.Height / 100, "the screenshot is nearly blank");
        var dom = HeadlessBrowser.DumpDom(chromium, index).StdOut;
        foreach (var section in lab.Report.Sections) Assert.Contains($"id=\"{section.Id}\"", dom);
        Assert.DoesNotContain("ERR_FILE_NOT_FOUND", result.StdErr);
    }
}
