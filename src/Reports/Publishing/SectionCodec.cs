using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Data.Analysis;

namespace Functional.Reports.Publishing;

/// <summary>
/// A <see cref="Section"/> as JSON and back, exactly: every field, figures' PNG bytes, tables as their CSV with column
/// types (<see cref="Tables.ToCsv"/> writes numbers in round-trip form), the published models as model files, the run
/// time in ticks. What a shard file carries of each unit (<see cref="Lab.Shards.ShardFile"/>), so that a report merged
/// from shards is the report one process would have published.
/// </summary>
public static class SectionCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A field missing or null where the record does not allow it is a broken file, not a section with holes.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The section as a JSON element.</summary>
    public static JsonElement ToJson(Section section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var dto = new SectionDto(section.Id, section.Title, section.Question, section.WhatWasRun, section.RunTime.Ticks, section.Cell,
            section.Figures.Select(Figure).ToArray(), section.Tables.Select(Table).ToArray(), section.Answers.Select(Answer).ToArray(),
            section.Notes, section.Departures,
            section.Extensions.Select(e => new ExtensionDto(e.Title, e.WhatWasRun, e.Figures.Select(Figure).ToArray(), e.Tables.Select(Table).ToArray()))
                .ToArray(),
            section.Fidelity, section.Models.Select(Model).ToArray());
        return JsonSerializer.SerializeToElement(dto, Options);
    }

    /// <summary>The section a <see cref="ToJson"/> element holds.</summary>
    /// <exception cref="InvalidDataException">The element is not a section as written by <see cref="ToJson"/>; the message says what is wrong.</exception>
    public static Section FromJson(JsonElement json)
    {
        SectionDto dto;
        try
        {
            dto = json.Deserialize<SectionDto>(Options) ?? throw new InvalidDataException("the section is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a section as the report writes it: {e.Message}", e);
        }
        try
        {
            return new Section(dto.Id, dto.Title, dto.Question, dto.WhatWasRun, dto.Figures.Select(Figure).ToArray(), dto.Tables.Select(Table).ToArray(),
                dto.Answers.Select(Answer).ToArray(), TimeSpan.FromTicks(dto.RunTimeTicks), dto.Notes)
            {
                Cell = dto.Cell,
                Departures = dto.Departures,
                Extensions = dto.Extensions.Select(e => new Extension(e.Title, e.WhatWasRun, e.Figures.Select(Figure).ToArray(),
                    e.Tables.Select(Table).ToArray())).ToArray(),
                Fidelity = dto.Fidelity,
                Models = dto.Models.Select(Model).ToArray(),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"section '{dto.Id}': {e.Message}", e);
        }
    }

    private static FigureDto Figure(Figure f) => new(f.FileName, f.Png, f.Caption, f.AltText);

    private static Figure Figure(FigureDto f) => new(f.FileName, f.Png, f.Caption, f.AltText);

    private static TableDto Table(Table t) =>
        new(t.Name, t.Caption, t.HighlightColumn, t.Frame.Columns.Select(c => TypeName(c.DataType)).ToArray(), Tables.ToCsv(t.Frame));

    private static Table Table(TableDto t) => new(t.Name, t.Caption, Tables.FromCsv(t.Csv, t.Types.Select(TypeOf).ToArray()), t.HighlightColumn);

    private static AnswerDto Answer(Answer a) => new(a.Question, a.Text, a.Numbers.Select(n => new NumberDto(n.Key, n.Value)).ToArray(), a.LabSays,
        a.AgreesWithLab);

    private static Answer Answer(AnswerDto a) =>
        new(a.Question, a.Text, a.Numbers.Select(n => new KeyValuePair<string, double>(n.Name, n.Value)).ToArray(), a.LabSays, a.AgreesWithLab);

    private static ModelDto Model(PublishedModel m)
    {
        var inputs = m.Inputs;
        var values = new byte[checked(inputs.RowCount * inputs.ColumnCount * sizeof(float))];
        int k = 0;
        foreach (var v in Core.MatrixData.ColumnMajor(inputs)) BinaryPrimitives.WriteSingleLittleEndian(values.AsSpan(4 * k++), v);
        return new ModelDto(m.Name, m.Description, ModelFile.ToBytes(m.Model), inputs.RowCount, inputs.ColumnCount, values);
    }

    private static PublishedModel Model(ModelDto m)
    {
        if (m.InputRows < 0 || m.InputColumns < 0 || m.Inputs.Length != (long)m.InputRows * m.InputColumns * sizeof(float))
            throw new FormatException($"model '{m.Name}': {m.Inputs.Length} bytes of inputs for {m.InputRows} x {m.InputColumns} float32 values.");
        var values = new float[m.InputRows * m.InputColumns];
        for (int k = 0; k < values.Length; k++) values[k] = BinaryPrimitives.ReadSingleLittleEndian(m.Inputs.AsSpan(4 * k));
        Model<float> model;
        try
        {
            model = ModelFile.FromBytes<float>(m.Model);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"model '{m.Name}': {e.Message}", e);
        }
        return new PublishedModel(m.Name, m.Description, model, Core.MatrixData.Wrap(m.InputRows, m.InputColumns, values));
    }

    private static string TypeName(Type type) =>
        type == typeof(double) ? "double" : type == typeof(float) ? "single" : type == typeof(int) ? "int32" : type == typeof(long) ? "int64"
        : type == typeof(bool) ? "bool" : type == typeof(string) ? "string"
        : throw new ArgumentException($"SectionCodec: a table column of type {type.Name} has no CSV form (double, float, int, long, bool, string).");

    private static Type TypeOf(string name) => name switch
    {
        "double" => typeof(double),
        "single" => typeof(float),
        "int32" => typeof(int),
        "int64" => typeof(long),
        "bool" => typeof(bool),
        "string" => typeof(string),
        _ => throw new FormatException($"unknown column type '{name}'."),
    };

    private sealed record SectionDto(string Id, string Title, string Question, string WhatWasRun, long RunTimeTicks, string? Cell,
        IReadOnlyList<FigureDto> Figures, IReadOnlyList<TableDto> Tables, IReadOnlyList<AnswerDto> Answers, IReadOnlyList<string> Notes,
        IReadOnlyList<string> Departures, IReadOnlyList<ExtensionDto> Extensions, IReadOnlyList<CellFidelity> Fidelity, IReadOnlyList<ModelDto> Models);

    private sealed record FigureDto(string FileName, byte[] Png, string Caption, string AltText);

    private sealed record TableDto(string Name, string Caption, string? HighlightColumn, IReadOnlyList<string> Types, string Csv);

    private sealed record AnswerDto(string Question, string Text, IReadOnlyList<NumberDto> Numbers, string? LabSays, bool? AgreesWithLab);

    private sealed record NumberDto(string Name, double Value);

    private sealed record ExtensionDto(string Title, string WhatWasRun, IReadOnlyList<FigureDto> Figures, IReadOnlyList<TableDto> Tables);

    private sealed record ModelDto(string Name, string Description, byte[] Model, int InputRows, int InputColumns, byte[] Inputs);
}
