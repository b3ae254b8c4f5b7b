using System.Text.Json;
using Functional.Reports.Lab;
using Functional.Reports.Lab.Parts.MnistMlp;
using Functional.Reports.Publishing;
using Functional.Tests.Unit.Charts;
using Functional.Tests.Unit.Publishing;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Lab;

/// <summary>The main job in quick mode: every section, computed answers that would catch a wrong one, and a report that is whole.</summary>
public sealed partial class LabReportTests(QuickLabReport lab, ITestOutputHelper output) : IClassFixture<QuickLabReport>
{
    private static readonly string[] SectionIds =
        ["linear-regression", "learning-rate-sweep", "log-linear", "hidden-layer", "overfitting", "fighting-overfitting", "mnist", "inside-the-network",
         "sine", "convnet"];

    /// <summary>The next chapter's sections: ours from start to end, so no notebook cell and no fidelity row.</summary>
    private static readonly string[] BeyondTheNotebook = ["fighting-overfitting", "inside-the-network", "convnet"];

    private static readonly string[] NeedMnist = ["mnist", "inside-the-network", "convnet"];

    [Fact]
    public void Every_part_opens_with_its_cell_as_written_then_its_extensions()
    {
        var expected = SectionIds.Where(id => !NeedMnist.Contains(id) || lab.MnistSkipReason is null).ToArray();
        if (lab.MnistSkipReason is not null) output.WriteLine("SKIPPED the MNIST sections: " + lab.MnistSkipReason);
        Assert.Equal(expected, lab.Report.Sections.Select(s => s.Id));
        Assert.All(lab.Report.Sections.Where(s => BeyondTheNotebook.Contains(s.Id)), s =>
        {
            Assert.Null(s.Cell);
            Assert.Empty(s.Fidelity);
            Assert.NotEmpty(s.Figures);
            Assert.NotEmpty(s.Tables);
            Assert.NotEmpty(s.Answers);
            Assert.All(s.Answers, a => Assert.NotEmpty(a.Numbers));
        });
        Assert.All(lab.Report.Sections.Where(s => !BeyondTheNotebook.Contains(s.Id)), s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Cell), $"{s.Id} has no cell");
            Assert.NotEmpty(s.Figures);
            Assert.NotEmpty(s.Tables);
            Assert.NotEmpty(s.Extensions);
            Assert.All(s.Extensions, e => Assert.False(string.IsNullOrWhiteSpace(e.Title) || string.IsNullOrWhiteSpace(e.WhatWasRun)));
            Assert.NotEmpty(s.Answers);
            Assert.All(s.Answers, a => Assert.NotEmpty(a.Numbers));
            Assert.NotEmpty(s.Fidelity);
        });
    }

    [Fact]
    public void The_cells_code_is_the_notebooks_verbatim()
    {
        var notebook = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reference", "lab-notebook.txt"));
        foreach (var section in lab.Report.Sections.Where(s => s.Cell is not null))
            foreach (var cell in section.Cell!.Split("\n\n"))
                Assert.True(notebook.Contains(cell, StringComparison.Ordinal), $"{section.Id}: this cell is not in the notebook:\n{cell}");
    }

    [Fact]
    public void Every_part_publishes_the_points_it_trained_and_validated_on_as_numpy_made_them()
    {
        var cells = new Dictionary<string, (string Cell, bool Validation)>
        {
            ["linear-regression"] = ("line", false), ["learning-rate-sweep"] = ("line", false), ["log-linear"] = ("log", false),
            ["hidden-layer"] = ("hidden", false), ["overfitting"] = ("overfitting", true), ["sine"] = ("sine", true),
        };
        foreach (var section in lab.Report.Sections.Where(s => s.Id != "mnist" && s.Cell is not null))
        {
            Assert.True(cells.ContainsKey(section.Id), $"{section.Id} has no reference data in this test");
            var (cell, hasValidation) = cells[section.Id];
            var path = Path.Combine(lab.Output, "tables", section.Id + "-data.csv");
            var csv = File.ReadAllText(path);
            Assert.StartsWith("set,x,y\n", csv.ReplaceLineEndings("\n"));
            var frame = Tables.FromCsv(csv, [typeof(string), typeof(double), typeof(double)]);
            var rows = Enumerable.Range(0, (int)frame.Rows.Count)
                .Select(i => (Set: (string)frame["set"][i]!, X: (double)frame["x"][i]!, Y: (double)frame["y"][i]!)).ToArray();
            Assert.All(rows, r => Assert.Contains(r.Set, new[] { "train", "validation" }));
            var train = rows.Where(r => r.Set == "train").ToArray();
            NotebookReference.Set(cell).AssertMatches(train.Select(r => r.X).ToArray(), train.Select(r => r.Y).ToArray());
            var validation = rows.Where(r => r.Set == "validation").ToArray();
            if (hasValidation)
                NotebookReference.Set(cell, validation: true).AssertMatches(validation.Select(r => r.X).ToArray(), validation.Select(r => r.Y).ToArray());
            else Assert.Empty(validation);
        }
    }

    [Fact]
    public void The_report_opens_with_how_faithful_it_is_one_row_per_cell()
    {
        var faithfulness = lab.Report.Faithfulness!;
        Assert.Equal(lab.Report.Sections.Sum(s => s.Fidelity.Count), faithfulness.Frame.Rows.Count);
        Assert.Equal(["cell", "report_ran", "same_data", "same_model", "same_settings", "why"], faithfulness.Frame.Columns.Select(c => c.Name));
        // Every cell's data are numpy's; the only rows that differ say why.
        for (int i = 0; i < faithfulness.Frame.Rows.Count; i++)
        {
            Assert.True((bool)faithfulness.Frame["same_data"][i]!, $"row {i}: {faithfulness.Frame["cell"][i]}");
            Assert.False(string.IsNullOrWhiteSpace((string?)faithfulness.Frame["why"][i]));
        }
        Assert.True(File.Exists(Path.Combine(lab.Output, "tables", "faithfulness.csv")));
        var html = File.ReadAllText(Path.Combine(lab.Output, "index.html"));
        Assert.True(html.IndexOf("How faithful is this report?", StringComparison.Ordinal) < html.IndexOf($"id=\"{SectionIds[0]}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Learning_rate_100_fits_the_line_far_worse_than_least_squares()
    {
        // lr 100 oscillates: the loss stays an order of magnitude above the optimum (measured: about 15x).
        Assert.InRange(lab.Number("linear-regression", "ratio_to_optimum"), 3, 100);
        Assert.InRange(lab.Number("linear-regression", "least_squares_mse"), 0.9, 1.1); // the noise has unit variance
        Assert.True(lab.Number("linear-regression", "cell_final_loss") > 3 * lab.Number("linear-regression", "least_squares_mse"));
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
    public void A_line_underfits_ln_x_plus_1_and_the_tanh_cell_does_not()
    {
        double floor = lab.Number("log-linear", "noise_floor");
        Assert.Equal(0.01, floor, 12);
        Assert.True(lab.Number("log-linear", "median_final_mse") >= lab.Number("log-linear", "least_squares_mse") * (1 - 1e-4), "no line beats least squares");
        Assert.True(lab.Number("log-linear", "least_squares_mse") > 2 * floor, "the best line is well above the noise floor");
        // The hidden-layer cell, on its own (continued-stream) data: below the best line through the same points, near the floor.
        Assert.True(lab.Number("hidden-layer", "cell_final_mse") < 0.5 * lab.Number("hidden-layer", "least_squares_mse"));
        Assert.InRange(lab.Number("hidden-layer", "tanh_best_median_mse"), 0.005, 0.02);
    }

    [Fact]
    public void Validation_loss_stops_improving_well_before_the_end_and_early_stopping_helps()
    {
        double stops = lab.Number("overfitting", "median_stops_improving_epoch");
        Assert.InRange(stops, 30, 400);
        Assert.True(lab.Number("overfitting", "train_loss_ratio_after") < 1, "training loss keeps falling after validation stops improving");
        Assert.True(lab.Number("overfitting", "median_early_stopped_val_loss") < lab.Number("overfitting", "median_final_val_loss"));
        // The rule's epoch is consistent with the per-seed table of the extension.
        var table = lab.Section("overfitting").AllTables.Single(t => t.Name == "overfitting-runs").Frame;
        var perSeed = Enumerable.Range(0, (int)table.Rows.Count).Select(i => (double)table["stops_improving_epoch"][i]!).ToArray();
        Assert.Equal(Statistics.Median(perSeed.Select(e => double.IsNaN(e) ? 500 : e).ToArray()), stops);
    }

    [Fact]
    public void Mnist_quick_run_learns_and_both_notebook_mistakes_are_measured_and_warned_about()
    {
        if (lab.MnistSkipReason is not null) { output.WriteLine("SKIPPED: " + lab.MnistSkipReason); return; }
        Assert.InRange(lab.Number("mnist", "test_accuracy"), 0.8, 1.0); // 2 epochs on 6 000 digits
        Assert.True(lab.Number("mnist", "raw_pixels_cross_entropy") > 2 * lab.Number("mnist", "intended_cross_entropy"));
        Assert.True(lab.Number("mnist", "double_softmax_cross_entropy") > lab.Number("mnist", "intended_cross_entropy"));
        // A second softmax over probabilities cannot score better than ln(1 + 9/e): the reported loss is stuck above it.
        Assert.True(lab.Number("mnist", "double_softmax_reported_training_loss") >= Math.Log(1 + 9 / Math.E) - 1e-6);
        var answers = lab.Section("mnist").Answers;
        Assert.Contains("The library warned", answers[1].Text);
        Assert.Contains("trained on inputs in [0, 1]", answers[2].Text);
    }

    [Fact]
    public void Mnist_shows_the_first_nine_test_digits_and_the_first_nine_mistakes_in_numpys_permutation()
    {
        if (lab.MnistSkipReason is not null) { output.WriteLine("SKIPPED: " + lab.MnistSkipReason); return; }
        var examples = Tables.FromCsv(File.ReadAllText(Path.Combine(lab.Output, "tables", "mnist-examples.csv")), [typeof(int), typeof(int), typeof(int)]);
        Assert.Equal(["index", "label", "predicted"], examples.Columns.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(0, 9), Column(examples, "index"));
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5], Column(examples, "label")); // MNIST's first nine test labels
        Assert.All(Column(examples, "predicted"), p => Assert.InRange(p, 0, 9));

        var wrong = lab.Section("mnist").Tables.Single(t => t.Name == "mnist-misclassified").Frame;
        var order = LabData.MisclassifiedOrder(MnistSettings.For(new LabOptions { Quick = true }).TestLimit!.Value);
        var positions = Column(wrong, "position");
        Assert.Equal(9, positions.Length);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Select(p => order[p]), Column(wrong, "index"));
        Assert.All(Enumerable.Range(0, 9), i => Assert.NotEqual(Column(wrong, "label")[i], Column(wrong, "predicted")[i]));
    }

    private static int[] Column(Microsoft.Data.Analysis.DataFrame frame, string name) =>
        Enumerable.Range(0, (int)frame.Rows.Count).Select(i => (int)frame[name][i]!).ToArray();

    [Fact]
    public void The_sine_search_ranks_its_candidates_and_retrains_the_best()
    {
        var table = lab.Section("sine").AllTables.Single(t => t.Name == "sine-search").Frame;
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
        Assert.Equal(lab.Report.Sections.Sum(s => s.AllFigures.Count()), images.Length);
        // Each extension is labelled as one, apart from the cell as written; a section beyond the notebook is labelled in its heading.
        int beyond = lab.Report.Sections.Count(s => s.Cell is null);
        Assert.Equal(lab.Report.Sections.Count(s => BeyondTheNotebook.Contains(s.Id)), beyond);
        Assert.Equal(lab.Report.Sections.Sum(s => s.Extensions.Count) + beyond,
            System.Text.RegularExpressions.Regex.Matches(html, "class=\"tag\">Extension<").Count);
        Assert.Equal(lab.Report.Sections.Count - beyond, System.Text.RegularExpressions.Regex.Matches(html, ">The cell as written<").Count);
        Assert.Equal(beyond, System.Text.RegularExpressions.Regex.Matches(html, ">Beyond the notebook, we ask<").Count);
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
        var all = json.RootElement.GetProperty("sections").EnumerateArray().SelectMany(section => section.GetProperty("tables").EnumerateArray()
                .Concat(section.GetProperty("extensions").EnumerateArray().SelectMany(e => e.GetProperty("tables").EnumerateArray())))
            .Prepend(json.RootElement.GetProperty("faithfulness"));
        {
            foreach (var table in all)
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
        Assert.Equal(lab.Report.AllTables.Count(), tables);
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
