using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Analysis;

namespace Functional.Reports.Publishing;

/// <summary>
/// <c>report.json</c>: every number the page shows, exactly, through System.Text.Json serialization of record DTOs: the
/// header, each section's run time (seconds), answers with their numbers, and each table's columns (name, type,
/// values). Doubles are written in shortest round-trip form; non-finite doubles as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c> and <c>"-Infinity"</c> (named floating-point literals, which System.Text.Json reads back); missing
/// table values are <c>null</c>.
/// </summary>
public static class ReportJson
{
    /// <summary>The format tag written to <c>report.json</c>.</summary>
    public const string Format = "functional-report/2";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The <c>report.json</c> content (UTF-8) of a valid report.</summary>
    public static byte[] Serialize(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = report.Header;
        var dto = new ReportDto(Format, report.Title,
            new HeaderDto(h.Date.ToString("O", CultureInfo.InvariantCulture), h.Machine, h.Provider, h.LibraryVersion, h.Runtime,
                h.Settings.Select(s => new SettingDto(s.Key, s.Value)).ToArray()),
            report.Faithfulness is null ? null : Table(report.Faithfulness),
            report.Sections.Select(Section).ToArray());
        return JsonSerializer.SerializeToUtf8Bytes(dto, Options);
    }

    private static SectionDto Section(Section s) => new(s.Id, s.Title, s.Question, s.Cell, s.WhatWasRun, s.RunTime.TotalSeconds,
        s.Figures.Select(Figure).ToArray(), s.Tables.Select(Table).ToArray(), s.Departures,
        s.Extensions.Select(e => new ExtensionDto(e.Title, e.WhatWasRun, e.Figures.Select(Figure).ToArray(), e.Tables.Select(Table).ToArray())).ToArray(),
        s.Answers.Select(a => new AnswerDto(a.Question, a.Text, a.Numbers.Select(n => new NumberDto(n.Key, n.Value)).ToArray(), a.LabSays,
            a.AgreesWithLab)).ToArray(),
        s.Notes,
        s.Models.Select(m => new ModelDto(m.Name, m.FileName, m.Description, m.Model.Layers.Select(l => $"{l.Name} {l.Spec}").ToArray(),
            m.Model.ParameterCount, m.Model.InputShape.Dimensions, m.Model.OutputShape.Dimensions)).ToArray());

    private static FigureDto Figure(Figure f) => new("images/" + f.FileName, f.Caption, f.AltText);

    private static TableDto Table(Table t) => new(t.Name, "tables/" + t.Name + ".csv", t.Caption, t.HighlightColumn, t.Frame.Rows.Count,
        t.Frame.Columns.Select(c => new ColumnDto(c.Name, TypeName(c.DataType), Values(c))).ToArray());

    /// <summary>A column's values as JSON scalars: a float widens to double exactly; a type JSON has no scalar for, its exact text.</summary>
    private static object?[] Values(DataFrameColumn column)
    {
        var values = new object?[column.Length];
        for (long row = 0; row < column.Length; row++)
            values[row] = column[row] switch
            {
                null => null,
                float f => (double)f,
                double or bool or int or long or string or decimal => column[row],
                var other => Publishing.Format.Exact(other),
            };
        return values;
    }

    private static string TypeName(Type type) =>
        type == typeof(double) ? "double" : type == typeof(float) ? "single" : type == typeof(int) ? "int32"
        : type == typeof(long) ? "int64" : type == typeof(bool) ? "bool" : type == typeof(string) ? "string" : type.Name;

    private sealed record ReportDto(string Format, string Title, HeaderDto Header, TableDto? Faithfulness, IReadOnlyList<SectionDto> Sections);

    private sealed record HeaderDto(string Date, string Machine, string Provider, string LibraryVersion, string Runtime, IReadOnlyList<SettingDto> Settings);

    private sealed record SettingDto(string Name, string Value);

    private sealed record SectionDto(string Id, string Title, string Question, string? Cell, string WhatWasRun, double RunTimeSeconds,
        IReadOnlyList<FigureDto> Figures, IReadOnlyList<TableDto> Tables, IReadOnlyList<string> Departures, IReadOnlyList<ExtensionDto> Extensions,
        IReadOnlyList<AnswerDto> Answers, IReadOnlyList<string> Notes, IReadOnlyList<ModelDto> Models);

    private sealed record ModelDto(string Name, string File, string Description, IReadOnlyList<string> Layers, long Parameters,
        IReadOnlyList<int> InputShape, IReadOnlyList<int> OutputShape);

    private sealed record ExtensionDto(string Title, string WhatWasRun, IReadOnlyList<FigureDto> Figures, IReadOnlyList<TableDto> Tables);

    private sealed record FigureDto(string File, string Caption, string AltText);

    private sealed record TableDto(string Name, string Csv, string Caption, string? HighlightColumn, long Rows, IReadOnlyList<ColumnDto> Columns);

    private sealed record ColumnDto(string Name, string Type, IReadOnlyList<object?> Values);

    private sealed record AnswerDto(string Question, string Text, IReadOnlyList<NumberDto> Numbers, string? LabSays, bool? AgreesWithLab);

    private sealed record NumberDto(string Name, double Value);
}
