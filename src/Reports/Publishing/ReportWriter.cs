using System.Runtime.CompilerServices;
using System.Text;
using Functional.Core.IO;

[assembly: InternalsVisibleTo("Functional.Tests.Unit")]

namespace Functional.Reports.Publishing;

/// <summary>
/// Publishes a <see cref="Report"/> as a static, self-contained folder: <c>index.html</c> (<see cref="ReportHtml"/>),
/// <c>images/*.png</c>, <c>tables/*.csv</c> (<see cref="Tables.ToCsv"/>), <c>models/*.onnx</c> (<see cref="Models.ModelFile.ToOnnxBytes{T}"/>)
/// and <c>report.json</c> (<see cref="ReportJson"/>).
/// The report is validated first, then written into a temporary folder that replaces the previous report whole
/// (<see cref="AtomicDirectory"/>): a failed validation or write leaves the previous report untouched and nothing behind.
/// </summary>
public static class ReportWriter
{
    /// <summary>The PNG file signature every figure must start with.</summary>
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Validates <paramref name="report"/> and writes it to <paramref name="outputDirectory"/>, replacing any previous
    /// report there only once the new one is completely written.
    /// </summary>
    /// <param name="report">The report.</param>
    /// <param name="outputDirectory">The directory to publish to (created, or replaced as a whole).</param>
    /// <exception cref="ArgumentException">The report is invalid; the message lists every problem, naming section and item.</exception>
    /// <exception cref="IOException">Writing or swapping failed; the previous report is left in place.</exception>
    /// <exception cref="NotSupportedException">A published model has a layer without an ONNX mapping; nothing is written.</exception>
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

        foreach (var figure in report.Sections.SelectMany(s => s.AllFigures))
            Write(Path.Combine(images, figure.FileName), p => File.WriteAllBytes(p, figure.Png));
        foreach (var table in report.AllTables)
            Write(Path.Combine(tables, table.Name + ".csv"), p => File.WriteAllText(p, Tables.ToCsv(table.Frame), utf8));
        var published = report.Sections.SelectMany(s => s.Models).ToArray();
        if (published.Length > 0) Directory.CreateDirectory(Path.Combine(directory, "models"));
        foreach (var model in published)
            Write(Path.Combine(directory, model.FileName), p => File.WriteAllBytes(p, Models.ModelFile.ToOnnxBytes(model.Model)));
        Write(Path.Combine(directory, "report.json"), p => File.WriteAllBytes(p, ReportJson.Serialize(report)));
        Write(Path.Combine(directory, "index.html"), p => File.WriteAllText(p, ReportHtml.Page(report), utf8));
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
        var modelNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
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
            if (section.Figures is null || section.Tables is null || section.Answers is null || section.Notes is null
                || section.Extensions is null || section.Departures is null || section.Fidelity is null)
            {
                problems.Add($"{where}: Figures, Tables, Answers, Notes, Extensions, Departures and Fidelity must be lists (use [] for none)");
                continue;
            }
            if (section.Extensions.Any(e => e is null || e.Figures is null || e.Tables is null || e.Title is null || e.WhatWasRun is null))
            {
                problems.Add($"{where}: an extension is null or has a null title, text, figure list or table list");
                continue;
            }
            if (section.Departures.Any(d => d is null) || section.Fidelity.Any(f => f is null)) problems.Add($"{where}: a departure or fidelity row is null");

            foreach (var figure in section.AllFigures)
            {
                if (figure is null) { problems.Add($"{where}: a figure is null"); continue; }
                var item = $"{where}, figure '{figure.FileName}'";
                if (!IsSafeFileName(figure.FileName) || !figure.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{item}: the file name must end in .png and use only letters, digits, '-', '_' and '.' (no path separators, not " +
                        $"starting with '.')");
                else if (figureNames.TryGetValue(figure.FileName, out var other))
                    problems.Add($"{item}: the file name is already used by a figure of section '{other}'");
                else figureNames.Add(figure.FileName, section.Id);
                if (figure.Png is null || figure.Png.Length <= PngSignature.Length)
                    problems.Add($"{item}: the PNG is empty");
                else if (!figure.Png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
                    problems.Add($"{item}: the bytes are not a PNG (no PNG signature)");
                if (figure.Caption is null || figure.AltText is null) problems.Add($"{item}: Caption and AltText must not be null");
            }

            foreach (var table in section.AllTables.Concat(s == 0 && report.Faithfulness is not null ? [report.Faithfulness] : Array.Empty<Table>()))
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

            foreach (var model in section.Models ?? [])
            {
                if (model is null || model.Model is null || model.Inputs is null || model.Description is null)
                {
                    problems.Add($"{where}: a published model is null or has a null model, inputs or description");
                    continue;
                }
                var item = $"{where}, model '{model.Name}'";
                if (string.IsNullOrEmpty(model.Name) || model.Name.Length > 100 || !model.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                    problems.Add($"{item}: the name must be non-empty and use only letters, digits and '-'");
                else if (modelNames.TryGetValue(model.Name, out var other))
                    problems.Add($"{item}: the name is already used by a model of section '{other}'");
                else modelNames.Add(model.Name, section.Id);
                if (model.Inputs.ColumnCount != model.Model.InputShape.Size)
                    problems.Add(
                        $"{item}: its inputs have {model.Inputs.ColumnCount} columns, the model takes {model.Model.InputShape.Size} values per sample");
            }
        }

        if (problems.Count > 0)
            throw new ArgumentException(
                $"Report '{report.Title}' cannot be published ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):\n  - "
                + string.Join("\n  - ", problems), nameof(report));
    }

    private static bool IsSafeFileName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 200 && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
