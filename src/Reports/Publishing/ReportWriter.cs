using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Functional.Core.IO;
using Microsoft.Data.Analysis;

[assembly: InternalsVisibleTo("Functional.Tests.Unit")]

namespace Functional.Reports.Publishing;

/// <summary>
/// Publishes a <see cref="Report"/> as a static, self-contained directory: <c>index.html</c> (inline CSS, no scripts,
/// no network), <c>images/*.png</c>, <c>tables/*.csv</c> and <c>report.json</c>.
/// </summary>
/// <remarks>
/// <para>
/// Atomicity: the report is validated first, then written into a temporary sibling directory
/// (<c>.&lt;name&gt;.tmp-&lt;guid&gt;</c>) which is swapped into place (the old directory renamed away, the new one renamed in,
/// the old one deleted). A failed validation or write leaves the previous report untouched and no temporary directory behind.
/// </para>
/// <para>
/// <c>report.json</c> holds every number the page shows, exactly: the header, each section's run time (seconds),
/// answers with their numbers, and each table's columns (name, type, values). Doubles are written in shortest
/// round-trip form; non-finite doubles are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (what <see cref="System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals"/>
/// reads back); missing table values are <c>null</c>.
/// </para>
/// </remarks>
public static class ReportWriter
{
    /// <summary>The PNG file signature every figure must start with.</summary>
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format tag written to <c>report.json</c>.</summary>
    public const string JsonFormat = "functional-report/1";

    /// <summary>
    /// Validates <paramref name="report"/> and writes it to <paramref name="outputDirectory"/>, replacing any previous
    /// report there only once the new one is completely written.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="outputDirectory">The directory to publish to (created, or replaced as a whole).</param>
    /// <exception cref="ArgumentException">The report is invalid; the message lists every problem, naming section and item.</exception>
    /// <exception cref="IOException">Writing or swapping failed; the previous report is left in place.</exception>
    public static void Publish(Report report, string outputDirectory) => Publish(report, outputDirectory, null);

    /// <summary><see cref="Publish(Report, string)"/> with a hook called after each file is written (tests inject failures with it).</summary>
    internal static void Publish(Report report, string outputDirectory, Action<string>? afterFileWritten)
    {
        Validate(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        AtomicDirectory.Replace(outputDirectory, temp => WriteAll(report, temp, afterFileWritten));
    }

    private static void WriteAll(Report report, string directory, Action<string>? afterFileWritten)
    {
        Directory.CreateDirectory(directory);
        var images = Directory.CreateDirectory(Path.Combine(directory, "images")).FullName;
        var tables = Directory.CreateDirectory(Path.Combine(directory, "tables")).FullName;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        void Write(string path, Action<string> write) { write(path); afterFileWritten?.Invoke(path); }

        foreach (var section in report.Sections)
        {
            foreach (var figure in section.Figures)
                Write(Path.Combine(images, figure.FileName), p => File.WriteAllBytes(p, figure.Png));
            foreach (var table in section.Tables)
                Write(Path.Combine(tables, table.Name + ".csv"), p => File.WriteAllText(p, Tables.ToCsv(table.Frame), utf8));
        }
        Write(Path.Combine(directory, "report.json"), p => File.WriteAllBytes(p, ToJson(report)));
        Write(Path.Combine(directory, "index.html"), p => File.WriteAllText(p, ToHtml(report), utf8));
    }

    // ---------------------------------------------------------------- validation

    /// <summary>
    /// Checks everything <see cref="Publish(Report, string)"/> relies on: non-empty title; unique, safe section ids;
    /// figure file names and table names unique across the report (ignoring case) and safe (letters, digits, <c>-</c>,
    /// <c>_</c>, <c>.</c>; no path separators; figures end in <c>.png</c>); PNG bytes that start with the PNG signature;
    /// highlight columns that exist and are bool; no null members.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <exception cref="ArgumentException">Lists every problem found, each naming the section and the item.</exception>
    public static void Validate(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(report.Title)) problems.Add("the report has no title");
        if (report.Header is null) problems.Add("the report has no header");
        else
        {
            if (report.Header.Settings is null) problems.Add("the header's Settings list is null");
            foreach (var (field, value) in new[] { ("Machine", report.Header.Machine), ("Provider", report.Header.Provider),
                         ("LibraryVersion", report.Header.LibraryVersion), ("Runtime", report.Header.Runtime) })
                if (value is null) problems.Add($"the header's {field} is null");
        }
        if (report.Sections is null) problems.Add("the report's Sections list is null");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var figureNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var tableNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < (report.Sections?.Count ?? 0); s++)
        {
            var section = report.Sections![s];
            if (section is null) { problems.Add($"section #{s + 1} is null"); continue; }
            var where = $"section '{section.Id}'";
            if (string.IsNullOrEmpty(section.Id) || !section.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                problems.Add($"section #{s + 1} ('{section.Title}'): id '{section.Id}' must be non-empty and use only letters, digits, '-' and '_'");
            else if (!ids.Add(section.Id))
                problems.Add($"section #{s + 1} ('{section.Title}'): id '{section.Id}' is already used by an earlier section");
            foreach (var (field, value) in new[] { ("Title", section.Title), ("Question", section.Question), ("WhatWasRun", section.WhatWasRun) })
                if (value is null) problems.Add($"{where}: {field} is null");
            if (section.RunTime < TimeSpan.Zero) problems.Add($"{where}: the run time {section.RunTime} is negative");
            if (section.Figures is null || section.Tables is null || section.Answers is null || section.Notes is null)
            {
                problems.Add($"{where}: Figures, Tables, Answers and Notes must be lists (use [] for none)");
                continue;
            }

            foreach (var figure in section.Figures)
            {
                if (figure is null) { problems.Add($"{where}: a figure is null"); continue; }
                var item = $"{where}, figure '{figure.FileName}'";
                if (!IsSafeFileName(figure.FileName) || !figure.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{item}: the file name must end in .png and use only letters, digits, '-', '_' and '.' (no path separators, not starting with '.')");
                else if (figureNames.TryGetValue(figure.FileName, out var other))
                    problems.Add($"{item}: the file name is already used by a figure of section '{other}'");
                else figureNames.Add(figure.FileName, section.Id);
                if (figure.Png is null || figure.Png.Length <= PngSignature.Length)
                    problems.Add($"{item}: the PNG is empty");
                else if (!figure.Png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
                    problems.Add($"{item}: the bytes are not a PNG (no PNG signature)");
                if (figure.Caption is null || figure.AltText is null) problems.Add($"{item}: Caption and AltText must not be null");
            }

            foreach (var table in section.Tables)
            {
                if (table is null) { problems.Add($"{where}: a table is null"); continue; }
                var item = $"{where}, table '{table.Name}'";
                if (!IsSafeFileName(table.Name))
                    problems.Add($"{item}: the name must use only letters, digits, '-', '_' and '.' (no path separators, not starting with '.')");
                else if (tableNames.TryGetValue(table.Name, out var other))
                    problems.Add($"{item}: the name is already used by a table of section '{other}'");
                else tableNames.Add(table.Name, section.Id);
                if (table.Caption is null) problems.Add($"{item}: Caption is null");
                if (table.Frame is null) { problems.Add($"{item}: Frame is null"); continue; }
                if (table.HighlightColumn is not null)
                {
                    var column = table.Frame.Columns.FirstOrDefault(c => c.Name == table.HighlightColumn);
                    if (column is null) problems.Add($"{item}: highlight column '{table.HighlightColumn}' is not in the frame");
                    else if (column.DataType != typeof(bool))
                        problems.Add($"{item}: highlight column '{table.HighlightColumn}' is {column.DataType.Name}, not bool");
                }
            }

            for (int a = 0; a < section.Answers.Count; a++)
            {
                var answer = section.Answers[a];
                if (answer is null) { problems.Add($"{where}: answer #{a + 1} is null"); continue; }
                if (answer.Question is null || answer.Text is null || answer.Numbers is null)
                    problems.Add($"{where}, answer #{a + 1}: Question, Text and Numbers must not be null");
                if (answer.AgreesWithLab is not null && answer.LabSays is null)
                    problems.Add($"{where}, answer #{a + 1} ('{answer.Question}'): AgreesWithLab is set but LabSays is null (nothing to compare with)");
            }
            if (section.Notes.Any(n => n is null)) problems.Add($"{where}: a note is null");
        }

        if (problems.Count > 0)
            throw new ArgumentException(
                $"Report '{report.Title}' cannot be published ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  - "
                + string.Join("\n  - ", problems), nameof(report));
    }

    private static bool IsSafeFileName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 200 && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    // ---------------------------------------------------------------- JSON

    /// <summary>The first sentence of an answer (up to the first ". " or ": "), for the lab-disagreement callout: the full text is just above it.</summary>
    internal static string FirstSentence(string text)
    {
        int end = text.IndexOfAny(['.', ':']);
        while (end >= 0 && end + 1 < text.Length && text[end + 1] != ' ') end = text.IndexOfAny(['.', ':'], end + 1);
        return end < 0 ? text : text[..end];
    }

    /// <summary>The <c>report.json</c> content (UTF-8), as described in the class remarks.</summary>
    /// <param name="report">A valid report.</param>
    public static byte[] ToJson(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", JsonFormat);
            json.WriteString("title", report.Title);
            json.WriteStartObject("header");
            json.WriteString("date", report.Header.Date.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("machine", report.Header.Machine);
            json.WriteString("provider", report.Header.Provider);
            json.WriteString("libraryVersion", report.Header.LibraryVersion);
            json.WriteString("runtime", report.Header.Runtime);
            json.WriteStartArray("settings");
            foreach (var (key, value) in report.Header.Settings)
            {
                json.WriteStartObject();
                json.WriteString("name", key);
                json.WriteString("value", value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("sections");
            foreach (var section in report.Sections)
            {
                json.WriteStartObject();
                json.WriteString("id", section.Id);
                json.WriteString("title", section.Title);
                json.WriteString("question", section.Question);
                json.WriteString("whatWasRun", section.WhatWasRun);
                json.WritePropertyName("runTimeSeconds");
                WriteDouble(json, section.RunTime.TotalSeconds);
                json.WriteStartArray("figures");
                foreach (var figure in section.Figures)
                {
                    json.WriteStartObject();
                    json.WriteString("file", "images/" + figure.FileName);
                    json.WriteString("caption", figure.Caption);
                    json.WriteString("altText", figure.AltText);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("tables");
                foreach (var table in section.Tables) WriteTable(json, table);
                json.WriteEndArray();
                json.WriteStartArray("answers");
                foreach (var answer in section.Answers)
                {
                    json.WriteStartObject();
                    json.WriteString("question", answer.Question);
                    json.WriteString("text", answer.Text);
                    json.WriteStartArray("numbers");
                    foreach (var (key, value) in answer.Numbers)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", key);
                        json.WritePropertyName("value");
                        WriteDouble(json, value);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteString("labSays", answer.LabSays);
                    if (answer.AgreesWithLab is bool agrees) json.WriteBoolean("agreesWithLab", agrees);
                    else json.WriteNull("agreesWithLab");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("notes");
                foreach (var note in section.Notes) json.WriteStringValue(note);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteTable(Utf8JsonWriter json, Table table)
    {
        json.WriteStartObject();
        json.WriteString("name", table.Name);
        json.WriteString("csv", "tables/" + table.Name + ".csv");
        json.WriteString("caption", table.Caption);
        json.WriteString("highlightColumn", table.HighlightColumn);
        json.WriteNumber("rows", table.Frame.Rows.Count);
        json.WriteStartArray("columns");
        foreach (var column in table.Frame.Columns)
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            json.WriteString("type", TypeName(column.DataType));
            json.WriteStartArray("values");
            for (long row = 0; row < column.Length; row++) WriteValue(json, column[row]);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string TypeName(Type type) =>
        type == typeof(double) ? "double" : type == typeof(float) ? "single" : type == typeof(int) ? "int32"
        : type == typeof(long) ? "int64" : type == typeof(bool) ? "bool" : type == typeof(string) ? "string" : type.Name;

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case double d: WriteDouble(json, d); break;
            case float f: WriteDouble(json, f); break; // a float widens to double exactly
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case string s: json.WriteStringValue(s); break;
            case decimal m: json.WriteNumberValue(m); break;
            default: json.WriteStringValue(Tables.FormatExact(value)); break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value); // shortest round-trip form
        else json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    // ---------------------------------------------------------------- HTML

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>A run time for display: <c>850 ms</c>, <c>12.3 s</c>, <c>3 min 05 s</c>, <c>1 h 02 min</c>.</summary>
    /// <param name="time">The run time.</param>
    public static string FormatRunTime(TimeSpan time)
    {
        var inv = CultureInfo.InvariantCulture;
        if (time.TotalSeconds < 1) return time.TotalMilliseconds.ToString("0", inv) + " ms";
        if (time.TotalSeconds < 60) return time.TotalSeconds.ToString(time.TotalSeconds < 10 ? "0.00" : "0.0", inv) + " s";
        if (time.TotalHours < 1) return $"{(int)time.TotalMinutes} min {time.Seconds:00} s";
        return $"{(int)time.TotalHours} h {time.Minutes:00} min";
    }

    /// <summary>The <c>index.html</c> content: self-contained (inline CSS, no scripts, no external resources), every string escaped.</summary>
    /// <param name="report">A valid report.</param>
    public static string ToHtml(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        var header = report.Header;
        var total = report.Sections.Aggregate(TimeSpan.Zero, (t, s) => t + s.RunTime);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>").Append(E(report.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        h.Append("<header class=\"report-header\">\n<h1>").Append(E(report.Title)).Append("</h1>\n<dl class=\"meta\">\n");
        void Meta(string key, string value) => h.Append("<dt>").Append(E(key)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");
        Meta("Date", header.Date.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture));
        Meta("Machine", header.Machine);
        Meta("Provider", header.Provider);
        Meta("Library", header.LibraryVersion);
        Meta("Runtime", header.Runtime);
        Meta("Total run time", FormatRunTime(total));
        if (header.Settings.Count > 0)
        {
            h.Append("<dt>Settings</dt><dd><ul class=\"settings\">");
            foreach (var (key, value) in header.Settings)
                h.Append("<li><span class=\"key\">").Append(E(key)).Append("</span> <code>").Append(E(value)).Append("</code></li>");
            h.Append("</ul></dd>\n");
        }
        h.Append("</dl>\n</header>\n");

        h.Append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        foreach (var section in report.Sections)
            h.Append("<li><a href=\"#").Append(E(section.Id)).Append("\">").Append(E(section.Title)).Append("</a>")
             .Append("<span class=\"time\">").Append(E(FormatRunTime(section.RunTime))).Append("</span></li>\n");
        h.Append("</ol>\n</nav>\n");

        int number = 0;
        foreach (var section in report.Sections) AppendSection(h, section, ++number);

        h.Append("<footer>Generated by Functional ").Append(E(header.LibraryVersion))
         .Append(". Exact values: <a href=\"report.json\">report.json</a> and the CSV files under <code>tables/</code>.</footer>\n");
        h.Append("</main>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void AppendSection(StringBuilder h, Section section, int number)
    {
        h.Append("<section id=\"").Append(E(section.Id)).Append("\">\n<h2><span class=\"n\">").Append(number).Append(".</span> ")
         .Append(E(section.Title)).Append("</h2>\n");
        h.Append("<p class=\"runtime\">Run time: ").Append(E(FormatRunTime(section.RunTime))).Append("</p>\n");
        h.Append("<div class=\"question\"><h3>The lab asks</h3><p>").Append(E(section.Question)).Append("</p></div>\n");
        h.Append("<h3>What was run</h3>\n<p class=\"text\">").Append(E(section.WhatWasRun)).Append("</p>\n");

        foreach (var figure in section.Figures)
            h.Append("<figure class=\"chart\"><img src=\"images/").Append(E(figure.FileName)).Append("\" alt=\"").Append(E(figure.AltText))
             .Append("\" loading=\"eager\"><figcaption>").Append(E(figure.Caption)).Append("</figcaption></figure>\n");
        foreach (var table in section.Tables)
        {
            h.Append("<figure class=\"table\"><figcaption>").Append(E(table.Caption))
             .Append(" <a class=\"csv\" href=\"tables/").Append(E(table.Name)).Append(".csv\">").Append(E(table.Name)).Append(".csv</a></figcaption>\n")
             .Append("<div class=\"table-wrap\">\n").Append(Tables.ToHtml(table.Frame, table.HighlightColumn)).Append("</div></figure>\n");
        }
        if (section.Answers.Count > 0)
        {
            h.Append("<h3>Answers</h3>\n");
            foreach (var answer in section.Answers) AppendAnswer(h, answer);
        }
        if (section.Notes.Count > 0)
        {
            h.Append("<h3>Notes</h3>\n<ul class=\"notes\">\n");
            foreach (var note in section.Notes) h.Append("<li>").Append(E(note)).Append("</li>\n");
            h.Append("</ul>\n");
        }
        h.Append("</section>\n");
    }

    private static void AppendAnswer(StringBuilder h, Answer answer)
    {
        var cls = answer.AgreesWithLab switch { false => "answer differs", true => "answer agrees", null => "answer" };
        h.Append("<div class=\"").Append(cls).Append("\">\n<p class=\"q\">").Append(E(answer.Question)).Append("</p>\n");
        h.Append("<p class=\"text\">").Append(E(answer.Text)).Append("</p>\n");
        if (answer.Numbers.Count > 0)
        {
            h.Append("<dl class=\"numbers\">");
            foreach (var (key, value) in answer.Numbers)
                h.Append("<div><dt>").Append(E(key)).Append("</dt><dd title=\"").Append(E(Tables.FormatExact(value))).Append("\">")
                 .Append(E(Tables.FormatNumber(value))).Append("</dd></div>");
            h.Append("</dl>\n");
        }
        if (answer.LabSays is not null)
        {
            switch (answer.AgreesWithLab)
            {
                case false:
                    h.Append("<div class=\"callout\" role=\"note\"><p class=\"callout-title\">⚠ Differs from the lab</p>")
                     .Append("<p><strong>The lab says:</strong> ").Append(E(answer.LabSays)).Append("</p>")
                     .Append("<p><strong>The data say:</strong> ").Append(E(FirstSentence(answer.Text))).Append("</p></div>\n");
                    break;
                case true:
                    h.Append("<p class=\"lab agrees\">✓ Agrees with the lab, which says: ").Append(E(answer.LabSays)).Append("</p>\n");
                    break;
                default:
                    h.Append("<p class=\"lab\">The lab says: ").Append(E(answer.LabSays)).Append("</p>\n");
                    break;
            }
        }
        h.Append("</div>\n");
    }

    private const string Css = """
        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0969da; --warn: #cf222e; --ok: #1a7f37; }
        * { box-sizing: border-box; }
        html { background: #fff; }
        body { margin: 0; color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 56rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 1rem; }
        h2 { font-size: 1.5rem; margin: 2.5rem 0 .5rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
        h2 .n { color: var(--muted); font-weight: 400; }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code { font: .9em ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--soft); padding: .05em .3em; border-radius: 4px; }
        .text, .question p, .answer p { white-space: pre-line; }
        .report-header { border-bottom: 3px solid var(--ink); padding-bottom: 1rem; }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: 0; }
        .meta dt { color: var(--muted); font-weight: 600; }
        .meta dd { margin: 0; }
        .settings { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .3rem .9rem; }
        .settings .key { color: var(--muted); }
        .toc { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1.25rem; margin: 1.5rem 0; }
        .toc h2 { font-size: 1rem; margin: 0 0 .3rem; border: 0; padding: 0; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .toc ol { margin: 0; padding-left: 1.5rem; }
        .toc li { display: list-item; }
        .toc .time, .runtime { color: var(--muted); font-size: .9em; font-variant-numeric: tabular-nums; }
        .toc .time::before { content: " — "; }
        .runtime { margin: 0 0 1rem; }
        .question { border-left: 4px solid var(--accent); background: #ddf4ff; padding: .5rem 1rem; border-radius: 0 6px 6px 0; }
        .question h3 { margin: 0; font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--accent); }
        .question p { margin: .2rem 0 .1rem; font-size: 1.05rem; }
        .answer { border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: .75rem 0; }
        .answer .q { font-weight: 600; margin: 0 0 .3rem; }
        .answer .text { margin: 0 0 .5rem; }
        .answer.differs { border-color: var(--warn); }
        .numbers { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0; }
        .numbers div { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: .15rem .6rem; }
        .numbers dt { display: inline; color: var(--muted); }
        .numbers dt::after { content: " ="; }
        .numbers dd { display: inline; margin: 0 0 0 .3rem; font-weight: 600; font-variant-numeric: tabular-nums; }
        .lab { color: var(--muted); margin: .4rem 0 0; }
        .lab.agrees { color: var(--ok); }
        .callout { background: #ffebe9; border-left: 4px solid var(--warn); border-radius: 0 6px 6px 0; padding: .5rem 1rem; margin-top: .6rem; }
        .callout p { margin: .2rem 0; }
        .callout-title { color: var(--warn); font-weight: 700; text-transform: uppercase; letter-spacing: .04em; font-size: .85rem; }
        figure { margin: 1.25rem 0; }
        figure.chart img { display: block; max-width: 100%; height: auto; margin: 0 auto; border: 1px solid var(--line); border-radius: 6px; }
        figure.chart figcaption { color: var(--muted); font-size: .92rem; text-align: center; margin-top: .4rem; }
        figure.table figcaption { font-weight: 600; margin-bottom: .4rem; }
        .csv { font-weight: 400; font-size: .85rem; margin-left: .5rem; }
        .csv::before { content: "⤓ "; }
        .table-wrap { display: inline-block; max-width: 100%; max-height: 26rem; overflow: auto; border: 1px solid var(--line); border-radius: 6px; vertical-align: top; }
        table { border-collapse: collapse; font-size: .92rem; }
        thead th { position: sticky; top: 0; z-index: 1; }
        th, td { padding: .3rem 1rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        th { background: var(--soft); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fbfcfd; }
        tbody tr:last-child td { border-bottom: 0; }
        tr.highlight, tbody tr.highlight:nth-child(even) { background: #fff8c5; font-weight: 600; }
        .more { color: var(--muted); font-size: .9rem; }
        .notes { color: var(--muted); }
        footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; }

        """;
}
