using System.Text.Json;
using System.Text.RegularExpressions;
using Functional.Reports.Publishing;

namespace Functional.Tests.Unit.Publishing;

/// <summary>
/// <see cref="ReportWriter.Publish(Report, string)"/>: what it writes (sections, images, exact CSV and JSON, escaping,
/// the lab-disagreement callout) and that a failed publish leaves the previous report untouched with no temp directory.
/// </summary>
public sealed class PublishingTests : IDisposable
{
    private readonly List<string> _outputs = [];

    /// <summary>A fresh output directory (inside its own temporary parent), deleted with the parent after the test.</summary>
    private string Fresh()
    {
        var output = SampleReports.FreshOutputDirectory();
        _outputs.Add(output);
        return output;
    }

    public void Dispose()
    {
        foreach (var output in _outputs)
            try { Directory.Delete(Path.GetDirectoryName(output)!, recursive: true); } catch (IOException) { }
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private string Published(Report report)
    {
        var output = Fresh();
        ReportWriter.Publish(report, output);
        return output;
    }

    /// <summary>Entries of the output's parent other than the output itself (temporary or old copies).</summary>
    private static string[] Leftovers(string output) =>
        Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!).Where(p => p != output).ToArray();

    [Fact]
    public void SampleReportPublishesEveryFile()
    {
        var output = Published(SampleReports.TwoSections());
        foreach (var file in new[] { "index.html", "report.json", "images/training-loss.png", "images/lr-sweep.png", "images/training-seeds.png",
                     "tables/training-history.csv", "tables/lr-sweep.csv", "tables/training-seeds.csv", "tables/faithfulness.csv" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing");
        Assert.Empty(Leftovers(output));
    }

    [Fact]
    public void EverySectionIdAppearsAsAnchorAndInTheContents()
    {
        var report = SampleReports.TwoSections();
        var html = File.ReadAllText(Path.Combine(Published(report), "index.html"));
        foreach (var section in report.Sections)
        {
            Assert.Contains($"<section id=\"{section.Id}\">", html);
            Assert.Contains($"<a href=\"#{section.Id}\">", html);
            Assert.Contains(Format.RunTime(section.RunTime), html);
        }
        Assert.Contains("OpenBLAS (native)", html);
        Assert.Contains("seed", html);
    }

    [Fact]
    public void EveryImageReferencedExistsAndIsAPngAndThePageIsSelfContained()
    {
        var output = Published(SampleReports.TwoSections());
        var html = File.ReadAllText(Path.Combine(output, "index.html"));
        var sources = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, sources.Count);
        foreach (var src in sources)
        {
            Assert.StartsWith("images/", src);
            var bytes = File.ReadAllBytes(Path.Combine(output, src));
            Assert.True(bytes.AsSpan().StartsWith(PngSignature), $"{src} is not a PNG");
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void EveryTableCsvParsesBackToExactlyTheNumbersInReportJson()
    {
        var report = SampleReports.TwoSections();
        var output = Published(report);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "report.json")));
        var tables = json.RootElement.GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("tables").EnumerateArray().Concat(s.GetProperty("extensions").EnumerateArray()
                .SelectMany(e => e.GetProperty("tables").EnumerateArray())))
            .Prepend(json.RootElement.GetProperty("faithfulness")).ToList();
        Assert.Equal(4, tables.Count);
        int compared = 0;
        foreach (var table in tables)
        {
            var original = report.AllTables.Single(t => t.Name == table.GetProperty("name").GetString());
            var csv = File.ReadAllText(Path.Combine(output, table.GetProperty("csv").GetString()!));
            var parsed = Tables.FromCsv(csv, SampleReports.Types(original.Frame));
            var columns = table.GetProperty("columns").EnumerateArray().ToList();
            Assert.Equal(parsed.Columns.Count, columns.Count);
            for (int c = 0; c < columns.Count; c++)
            {
                Assert.Equal(columns[c].GetProperty("name").GetString(), parsed.Columns[c].Name);
                var values = columns[c].GetProperty("values").EnumerateArray().ToList();
                Assert.Equal(parsed.Rows.Count, values.Count);
                for (int r = 0; r < values.Count; r++)
                {
                    object? fromCsv = parsed.Columns[c][r], fromJson = JsonValue(values[r], columns[c].GetProperty("type").GetString()!);
                    object? fromReport = original.Frame.Columns[c][r];
                    if (fromCsv is double d)
                    {
                        // Bit-for-bit: NaN, infinities and the last digit all survive.
                        Assert.Equal(BitConverter.DoubleToInt64Bits((double)fromReport!), BitConverter.DoubleToInt64Bits(d));
                        Assert.Equal(BitConverter.DoubleToInt64Bits((double)fromJson!), BitConverter.DoubleToInt64Bits(d));
                        compared++;
                    }
                    else
                    {
                        Assert.Equal(fromReport, fromCsv);
                        Assert.Equal(fromJson, fromCsv);
                    }
                }
            }
        }
        Assert.True(compared >= 30 + 10 + 5, $"only {compared} doubles compared");
    }

    /// <summary>A JSON table value as the CLR value of its column type; non-finite doubles are strings.</summary>
    private static object? JsonValue(JsonElement e, string type) => e.ValueKind == JsonValueKind.Null ? null : type switch
    {
        "double" => e.ValueKind == JsonValueKind.String ? double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetDouble(),
        "int32" => e.GetInt32(),
        "bool" => e.GetBoolean(),
        "string" => e.GetString(),
        _ => throw new InvalidOperationException($"unexpected column type {type}"),
    };

    [Fact]
    public void ReportJsonHoldsTheHeaderAndEveryAnswerNumberExactly()
    {
        var report = SampleReports.TwoSections();
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Published(report), "report.json")));
        var root = json.RootElement;
        Assert.Equal(ReportJson.Format, root.GetProperty("format").GetString());
        Assert.Equal("OpenBLAS (native)", root.GetProperty("header").GetProperty("provider").GetString());
        Assert.Equal(report.Header.Date, root.GetProperty("header").GetProperty("date").GetDateTimeOffset());
        Assert.Equal("42", root.GetProperty("header").GetProperty("settings")[0].GetProperty("value").GetString());
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        var sections = root.GetProperty("sections").EnumerateArray().ToList();
        for (int s = 0; s < report.Sections.Count; s++)
        {
            Assert.Equal(report.Sections[s].RunTime.TotalSeconds, sections[s].GetProperty("runTimeSeconds").GetDouble());
            var answers = sections[s].GetProperty("answers").EnumerateArray().ToList();
            for (int a = 0; a < report.Sections[s].Answers.Count; a++)
            {
                var expected = report.Sections[s].Answers[a];
                var numbers = answers[a].GetProperty("numbers").EnumerateArray().ToList();
                Assert.Equal(expected.Numbers.Select(n => n.Key), numbers.Select(n => n.GetProperty("name").GetString()));
                for (int n = 0; n < numbers.Count; n++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Numbers[n].Value),
                        BitConverter.DoubleToInt64Bits(numbers[n].GetProperty("value").Deserialize<double>(options)));
                Assert.Equal(expected.AgreesWithLab, answers[a].GetProperty("agreesWithLab").ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => (bool?)null,
                });
            }
        }
        Assert.Equal("NaN", sections[1].GetProperty("answers")[0].GetProperty("numbers")[2].GetProperty("value").GetString());
        // The cell as written, the departures and the extensions, for a reader of report.json too.
        Assert.Equal(report.Sections[0].Cell, sections[0].GetProperty("cell").GetString());
        Assert.Equal(JsonValueKind.Null, sections[1].GetProperty("cell").ValueKind);
        Assert.Equal(report.Sections[0].Departures, sections[0].GetProperty("departures").EnumerateArray().Select(d => d.GetString()));
        var extension = Assert.Single(sections[0].GetProperty("extensions").EnumerateArray());
        Assert.Equal("Five seeds", extension.GetProperty("title").GetString());
        Assert.Equal("images/training-seeds.png", extension.GetProperty("figures")[0].GetProperty("file").GetString());
        Assert.Equal("tables/training-seeds.csv", extension.GetProperty("tables")[0].GetProperty("csv").GetString());
        Assert.Equal("faithfulness", root.GetProperty("faithfulness").GetProperty("name").GetString());
        Assert.Equal("Infinity", sections[1].GetProperty("answers")[0].GetProperty("numbers")[3].GetProperty("value").GetString());
    }

    [Fact]
    public void A_section_shows_the_cell_as_written_its_departures_and_then_its_labelled_extensions()
    {
        var html = File.ReadAllText(Path.Combine(Published(SampleReports.TwoSections()), "index.html"));
        int At(string text)
        {
            int i = html.IndexOf(text, StringComparison.Ordinal);
            Assert.True(i >= 0, $"the page lacks {text}");
            return i;
        }
        int[] order =
        [
            At("How faithful is this report?"), At("<section id=\"training\">"), At("The cell as written"),
            At("model.fit(x, y, epochs=30, batch_size=32)  # &lt;the cell&#39;s code&gt; &amp; &quot;quotes&quot;"),
            At("Full batch instead of batches of 32"), At("images/training-loss.png"), At("<span class=\"tag\">Extension</span> Five seeds"),
            At("images/training-seeds.png"), At("tables/training-seeds.csv"), At("<h3>Answers</h3>"), At("<section id=\"learning-rate\">"),
        ];
        Assert.Equal(order.Order(), order);
        Assert.Single(Regex.Matches(html, "Where this departs from the cell"));
        // The second section has no cell: it is ours from start to end, and its heading says so instead of showing a cell.
        Assert.Equal(2, Regex.Matches(html, "class=\"tag\">Extension<").Count);
        Assert.Single(Regex.Matches(html, "The cell as written"));
        Assert.True(At("<section id=\"learning-rate\">") < At("<span class=\"tag\">Extension</span> Choosing") &&
            At("<span class=\"tag\">Extension</span> Choosing") < At("Beyond the notebook, we ask"));
    }

    [Fact]
    public void EveryStringIsHtmlEscaped()
    {
        var report = SampleReports.TwoSections("<script>alert('x')</script> & \"quotes\"");
        report = report with { Title = "Lab <b>results</b>" };
        var html = File.ReadAllText(Path.Combine(Published(report), "index.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>results", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", html);
        Assert.Contains("best, &quot;1/3&quot;", html); // a table cell
    }

    [Fact]
    public void DisagreementWithTheLabShowsACalloutWithBothAnswers()
    {
        var html = File.ReadAllText(Path.Combine(Published(SampleReports.TwoSections()), "index.html"));
        var callouts = Regex.Matches(html, "<div class=\"callout\".*?</div>", RegexOptions.Singleline);
        var callout = Assert.Single(callouts).Value; // only the training answer disagrees
        Assert.Contains("Differs from the lab", callout);
        Assert.Contains("The loss plateaus after about 20 epochs.", callout);
        Assert.Contains("Yes, but slowly", callout);
        Assert.Contains("Agrees with the lab", html);
    }

    [Fact]
    public void NumbersAreShownToFourSignificantDigitsWithExactTitles()
    {
        var html = File.ReadAllText(Path.Combine(Published(SampleReports.TwoSections()), "index.html"));
        Assert.Contains(">0.3333<", html);
        Assert.Contains("title=\"0.3333333333333333\"", html);
        Assert.Contains(">1.5e-07<", html);
        Assert.Contains("<tr class=\"highlight\">", html);
    }

    [Fact]
    public void PublishingAgainReplacesThePreviousReport()
    {
        var output = Published(SampleReports.TwoSections());
        var second = SampleReports.TwoSections() with { Title = "Second run" };
        second = second with { Sections = [second.Sections[1]] };
        ReportWriter.Publish(second, output);
        Assert.Contains("Second run", File.ReadAllText(Path.Combine(output, "index.html")));
        Assert.False(File.Exists(Path.Combine(output, "images", "training-loss.png")), "a file of the previous report survived");
        Assert.Empty(Leftovers(output));
    }

    public static TheoryData<string, string[]> InvalidReports => new()
    {
        { "duplicate-section", ["section #2 ('Choosing the learning rate'): id 'training' is already used by an earlier section"] },
        { "duplicate-figure", ["section 'learning-rate', figure 'training-loss.png'", "already used by a figure of section 'training'"] },
        { "duplicate-table", ["section 'learning-rate', table 'training-history'", "already used"] },
        { "path-separator", ["section 'training', figure '../escape.png'", "path separators"] },
        { "not-png", ["section 'training', figure 'training-loss.png'", "not a PNG"] },
        { "empty-png", ["section 'training', figure 'training-loss.png'", "PNG is empty"] },
        { "unsafe-table", ["section 'learning-rate', table 'sub/lr'", "path separators"] },
        { "highlight-not-bool", ["section 'learning-rate', table 'lr-sweep'", "highlight column 'note' is String, not bool"] },
        { "bad-id", ["id 'has space'"] },
        { "duplicate-extension-figure", ["figure 'training-loss.png'", "already used"] },
        { "null-extension", ["section 'training'", "an extension is null"] },
        { "duplicate-faithfulness-table", ["table 'lr-sweep'", "already used"] },
    };

    private static Report Break(string how)
    {
        var r = SampleReports.TwoSections();
        Section t = r.Sections[0], lr = r.Sections[1];
        (t, lr) = how switch
        {
            "duplicate-section" => (t, lr with { Id = "training" }),
            "duplicate-figure" => (t, lr with { Figures = [lr.Figures[0] with { FileName = "training-loss.png" }] }),
            "duplicate-table" => (t, lr with { Tables = [lr.Tables[0] with { Name = "training-history" }] }),
            "path-separator" => (t with { Figures = [t.Figures[0] with { FileName = "../escape.png" }] }, lr),
            "not-png" => (t with { Figures = [t.Figures[0] with { Png = "GIF89a-not-a-png"u8.ToArray() }] }, lr),
            "empty-png" => (t with { Figures = [t.Figures[0] with { Png = [] }] }, lr),
            "unsafe-table" => (t, lr with { Tables = [lr.Tables[0] with { Name = "sub/lr" }] }),
            "highlight-not-bool" => (t, lr with { Tables = [lr.Tables[0] with { HighlightColumn = "note" }] }),
            "bad-id" => (t with { Id = "has space" }, lr),
            "duplicate-extension-figure" => (t with { Extensions = [t.Extensions[0] with { Figures = [t.Figures[0]] }] }, lr),
            "null-extension" => (t with { Extensions = [null!] }, lr),
            "duplicate-faithfulness-table" => (t, lr),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
        return how == "duplicate-faithfulness-table"
            ? r with { Faithfulness = r.Faithfulness! with { Name = "lr-sweep" } }
            : r with { Sections = [t, lr] };
    }

    [Theory]
    [MemberData(nameof(InvalidReports))]
    public void InvalidReportIsRejectedNamingSectionAndItemAndThePreviousReportSurvives(string how, string[] messageParts)
    {
        var output = Published(SampleReports.TwoSections());
        var before = SampleReports.Snapshot(output);

        var error = Assert.Throws<ArgumentException>(() => ReportWriter.Publish(Break(how), output));
        foreach (var part in messageParts) Assert.Contains(part, error.Message);

        Assert.Equal(before, SampleReports.Snapshot(output));
        Assert.Empty(Leftovers(output));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(output)!, "escape.png")));
    }

    [Theory]
    [InlineData("lr-sweep.png")]      // the second figure: one image already written
    [InlineData("lr-sweep.csv")]      // the last table
    [InlineData("index.html")]        // the very last file
    public void AWriteThatFailsMidwayLeavesThePreviousReportAndNoTempDirectory(string failAfter)
    {
        var output = Published(SampleReports.TwoSections());
        var before = SampleReports.Snapshot(output);
        var next = SampleReports.TwoSections() with { Title = "Never published" };

        var error = Assert.Throws<IOException>(() => ReportWriter.Publish(next, output, path =>
        {
            if (Path.GetFileName(path) == failAfter) throw new IOException($"injected failure after {failAfter}");
        }));
        Assert.Contains(failAfter, error.Message);

        Assert.Equal(before, SampleReports.Snapshot(output));
        Assert.Empty(Leftovers(output));
    }

    [Fact]
    public void AFailedFirstPublishLeavesNothingBehind()
    {
        var output = Fresh();
        Assert.Throws<IOException>(() => ReportWriter.Publish(SampleReports.TwoSections(), output, _ => throw new IOException("disk full")));
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!));
    }
}
