using System.Globalization;
using CsvHelper;
using Microsoft.Data.Analysis;

namespace Functional.Reports.Publishing;

/// <summary>
/// <see cref="DataFrame"/> helpers for the report: build a frame from typed columns, write it as exact CSV
/// (invariant culture, round-trip numbers) and read such CSV back with explicit column types, both through CsvHelper.
/// </summary>
/// <remarks>
/// CSV conventions (RFC 4180): comma separator, <c>\n</c> line ends, a header row of column names; a field is quoted
/// (with <c>""</c> for a quote) when it contains a comma, quote, CR/LF or white space, or is an empty string;
/// a missing value (null) is an empty unquoted field. Doubles and singles use the round-trip format <c>"R"</c>, so they
/// parse back to exactly the same value; NaN and infinities are written <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>;
/// booleans <c>true</c>/<c>false</c>.
/// </remarks>
public static class Tables
{
    /// <summary>A column of doubles.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (copied).</param>
    public static DataFrameColumn Column(string name, double[] values) => new DoubleDataFrameColumn(CheckName(name), Check(name, values));

    /// <summary>A column of strings.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (copied); null entries are missing values.</param>
    public static DataFrameColumn Column(string name, string[] values) => new StringDataFrameColumn(CheckName(name), Check(name, values));

    /// <summary>A column of 32-bit integers.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (copied).</param>
    public static DataFrameColumn Column(string name, int[] values) => new Int32DataFrameColumn(CheckName(name), Check(name, values));

    /// <summary>A column of booleans (e.g. a highlight column marking the best row).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="values">The values (copied).</param>
    public static DataFrameColumn Column(string name, bool[] values) => new BooleanDataFrameColumn(CheckName(name), Check(name, values));

    /// <summary>A frame from columns of equal length with unique names, in the given order.</summary>
    /// <param name="columns">The columns, e.g. from <see cref="Column(string, double[])"/>.</param>
    /// <exception cref="ArgumentException">No columns, lengths differ, or a name repeats.</exception>
    public static DataFrame Frame(params DataFrameColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("Tables.Frame: a frame needs at least one column.", nameof(columns));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (!names.Add(column.Name))
                throw new ArgumentException($"Tables.Frame: column name '{column.Name}' appears twice.", nameof(columns));
            if (column.Length != columns[0].Length)
                throw new ArgumentException(
                    $"Tables.Frame: column '{column.Name}' has {column.Length} values but column '{columns[0].Name}' has {columns[0].Length}.",
                    nameof(columns));
        }
        return new DataFrame(columns);
    }

    // ---------------------------------------------------------------- CSV

    /// <summary>The frame as CSV text (see the class remarks for the exact conventions), written by CsvHelper.</summary>
    /// <param name="frame">The frame.</param>
    public static string ToCsv(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, WriterOptions, leaveOpen: true))
        {
            foreach (var column in frame.Columns) csv.WriteField(column.Name);
            csv.EndRecord();
            for (long row = 0; row < frame.Rows.Count; row++)
            {
                foreach (var column in frame.Columns)
                {
                    switch (column[row])
                    {
                        case null: csv.WriteField("", CsvQuoting.WhenNeeded); break;        // a missing value: an empty field
                        case "": csv.WriteField("", CsvQuoting.Always); break;             // an empty string: ""
                        case string s: csv.WriteField(s); break;
                        case var value: csv.WriteField(Format.Exact(value)); break;
                    }
                }
                csv.EndRecord();
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Reads CSV written by <see cref="ToCsv"/> (or any RFC 4180 CSV with a header row) with explicit column types, through
    /// CsvHelper. Supported types: <see cref="double"/>, <see cref="float"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="bool"/>, <see cref="string"/>. An empty unquoted field is a missing value.
    /// </summary>
    /// <param name="csv">The CSV text.</param>
    /// <param name="dataTypes">One type per column, in header order.</param>
    /// <exception cref="FormatException">Malformed CSV, a wrong number of fields, or a value that does not parse (row and column named).</exception>
    public static DataFrame FromCsv(string csv, IReadOnlyList<Type> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var cells = new List<string?[]>();
        IReadOnlyList<string> header;
        try
        {
            using var reader = CsvReader.FromText(csv, ReaderOptions);
            if (!reader.Read()) throw new FormatException("Tables.FromCsv: the CSV is empty (no header row).");
            header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            if (header.Count != dataTypes.Count)
                throw new FormatException($"Tables.FromCsv: the header has {header.Count} columns but {dataTypes.Count} types were given.");
            while (reader.Read())
            {
                if (reader.FieldCount != header.Count)
                    throw new FormatException($"Tables.FromCsv: row {cells.Count + 1} has {reader.FieldCount} fields, the header has {header.Count}.");
                // An empty field with no quotes is a missing value; "" is an empty string.
                cells.Add(Enumerable.Range(0, header.Count).Select(c => reader.GetRawSpan(c).IsEmpty ? null : reader.GetString(c)).ToArray());
            }
        }
        catch (CsvFormatException e)
        {
            throw new FormatException($"Tables.FromCsv: malformed CSV: {e.Message}", e);
        }
        return new DataFrame(header.Select((name, c) => ParseColumn(name, dataTypes[c], cells.Select(row => row[c]).ToList())));
    }

    private static readonly CsvWriterOptions WriterOptions = new()
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        Injection = CsvInjection.None,
    };

    private static readonly CsvReaderOptions ReaderOptions = new()
    {
        HasHeader = false,
        Separator = ',',
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = false,
        FormatProvider = CultureInfo.InvariantCulture,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    };

    private static DataFrameColumn ParseColumn(string name, Type type, List<string?> cells)
    {
        T? Parse<T>(string? cell, int index, Func<string, T> parse) where T : struct
        {
            if (cell is null) return null;
            try { return parse(cell); }
            catch (FormatException) { throw new FormatException($"Tables.FromCsv: row {index + 1}, column '{name}': '{cell}' is not a {typeof(T).Name}."); }
            catch (OverflowException)
            {
                throw new FormatException($"Tables.FromCsv: row {index + 1}, column '{name}': '{cell}' is out of range " +
                $"for {typeof(T).Name}.");
            }
        }
        var inv = CultureInfo.InvariantCulture;
        if (type == typeof(double))
            return new DoubleDataFrameColumn(name, cells.Select((s, i) => Parse(s, i, v => double.Parse(v, NumberStyles.Float, inv))));
        if (type == typeof(float))
            return new SingleDataFrameColumn(name, cells.Select((s, i) => Parse(s, i, v => float.Parse(v, NumberStyles.Float, inv))));
        if (type == typeof(int))
            return new Int32DataFrameColumn(name, cells.Select((s, i) => Parse(s, i, v => int.Parse(v, NumberStyles.Integer, inv))));
        if (type == typeof(long))
            return new Int64DataFrameColumn(name, cells.Select((s, i) => Parse(s, i, v => long.Parse(v, NumberStyles.Integer, inv))));
        if (type == typeof(bool))
            return new BooleanDataFrameColumn(name, cells.Select((s, i) => Parse(s, i, bool.Parse)));
        if (type == typeof(string))
            return new StringDataFrameColumn(name, cells);
        throw new ArgumentException($"Tables.FromCsv: column '{name}' has unsupported type {type.Name} (double, float, int, long, bool, string).", "dataTypes");
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("Tables.Column: a column needs a non-empty name.", nameof(name));
        return name;
    }

    private static T[] Check<T>(string name, T[] values) =>
        values ?? throw new ArgumentNullException(nameof(values), $"Tables.Column: column '{name}' has no values (null array).");
}
