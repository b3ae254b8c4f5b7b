using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace Functional.Reports.Publishing;

/// <summary>
/// <see cref="DataFrame"/> helpers for the report: build a frame from typed columns, write it as exact CSV
/// (invariant culture, round-trip numbers), read such CSV back with explicit column types, and render it as an HTML table
/// with numbers shown to 4 significant digits.
/// </summary>
/// <remarks>
/// CSV conventions (RFC 4180): comma separator, <c>\n</c> line ends, a header row of column names; a field is quoted
/// (with <c>""</c> for a quote) when it contains a comma, quote, CR/LF or leading/trailing spaces, or is an empty string;
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

    /// <summary>The frame as CSV text (see the class remarks for the exact conventions).</summary>
    /// <param name="frame">The frame.</param>
    public static string ToCsv(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var csv = new StringBuilder();
        csv.AppendJoin(',', frame.Columns.Select(c => QuoteCsv(c.Name))).Append('\n');
        for (long row = 0; row < frame.Rows.Count; row++)
        {
            for (int c = 0; c < frame.Columns.Count; c++)
            {
                if (c > 0) csv.Append(',');
                var value = frame.Columns[c][row];
                csv.Append(value is null ? "" : value is string s ? QuoteCsv(s) : QuoteCsv(FormatExact(value)));
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>
    /// Reads CSV written by <see cref="ToCsv"/> (or any RFC 4180 CSV with a header row) with explicit column types.
    /// Supported types: <see cref="double"/>, <see cref="float"/>, <see cref="int"/>, <see cref="long"/>,
    /// <see cref="bool"/>, <see cref="string"/>. An empty unquoted field is a missing value.
    /// </summary>
    /// <param name="csv">The CSV text.</param>
    /// <param name="dataTypes">One type per column, in header order.</param>
    /// <exception cref="FormatException">Malformed CSV, a wrong number of fields, or a value that does not parse (row and column named).</exception>
    public static DataFrame FromCsv(string csv, IReadOnlyList<Type> dataTypes)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(dataTypes);
        var records = ParseCsv(csv);
        if (records.Count == 0) throw new FormatException("Tables.FromCsv: the CSV is empty (no header row).");
        var header = records[0];
        if (header.Count != dataTypes.Count)
            throw new FormatException($"Tables.FromCsv: the header has {header.Count} columns but {dataTypes.Count} types were given.");
        var columns = new List<DataFrameColumn>();
        for (int c = 0; c < header.Count; c++)
        {
            var name = header[c].Text ?? "";
            var cells = new List<string?>();
            for (int r = 1; r < records.Count; r++)
            {
                if (records[r].Count != header.Count)
                    throw new FormatException($"Tables.FromCsv: row {r} has {records[r].Count} fields, the header has {header.Count}.");
                cells.Add(records[r][c].Text);
            }
            columns.Add(ParseColumn(name, dataTypes[c], cells));
        }
        return new DataFrame(columns);
    }

    private static DataFrameColumn ParseColumn(string name, Type type, List<string?> cells)
    {
        T? Parse<T>(string? cell, int index, Func<string, T> parse) where T : struct
        {
            if (cell is null) return null;
            try { return parse(cell); }
            catch (FormatException) { throw new FormatException($"Tables.FromCsv: row {index + 1}, column '{name}': '{cell}' is not a {typeof(T).Name}."); }
            catch (OverflowException) { throw new FormatException($"Tables.FromCsv: row {index + 1}, column '{name}': '{cell}' is out of range for {typeof(T).Name}."); }
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

    /// <summary>A parsed field: <see cref="Text"/> is null for an empty unquoted field (a missing value).</summary>
    private readonly record struct Field(string? Text);

    private static List<List<Field>> ParseCsv(string csv)
    {
        var records = new List<List<Field>>();
        var record = new List<Field>();
        var field = new StringBuilder();
        bool quoted = false, inQuotes = false, any = false;
        int line = 1;
        void EndField() { record.Add(new Field(quoted || field.Length > 0 ? field.ToString() : null)); field.Clear(); quoted = false; }
        void EndRecord() { EndField(); records.Add(record); record = []; any = false; }
        for (int i = 0; i < csv.Length; i++)
        {
            char ch = csv[i];
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else { if (ch == '\n') line++; field.Append(ch); }
                continue;
            }
            switch (ch)
            {
                case '"':
                    if (field.Length > 0 || quoted)
                        throw new FormatException($"Tables.FromCsv: line {line}: a quote inside an unquoted field.");
                    quoted = inQuotes = any = true;
                    break;
                case ',': EndField(); any = true; break;
                case '\r': break;
                case '\n': EndRecord(); line++; break;
                default:
                    if (quoted) throw new FormatException($"Tables.FromCsv: line {line}: text after a closing quote.");
                    field.Append(ch); any = true; break;
            }
        }
        if (inQuotes) throw new FormatException($"Tables.FromCsv: line {line}: a quoted field is not closed.");
        if (any || field.Length > 0 || record.Count > 0) EndRecord();
        return records;
    }

    private static string QuoteCsv(string s)
    {
        bool needs = s.Length == 0 || s.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]);
        return needs ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    /// <summary>
    /// A value in exact, invariant form: doubles and singles round-trip (<c>"R"</c>; <c>NaN</c>, <c>Infinity</c>,
    /// <c>-Infinity</c>), booleans <c>true</c>/<c>false</c>, other values their invariant <c>ToString</c>.
    /// </summary>
    /// <param name="value">The value (not null).</param>
    public static string FormatExact(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // ---------------------------------------------------------------- display

    /// <summary>
    /// A number for display: 4 significant digits (<c>0.001235</c>, <c>12.35</c>, <c>1.235e-05</c>, <c>1.235e+07</c>),
    /// integral values below 10⁶ in full, <c>NaN</c>, <c>∞</c>, <c>−∞</c>. The exact values are in the CSV and JSON.
    /// </summary>
    /// <param name="value">The number.</param>
    public static string FormatNumber(double value)
    {
        var inv = CultureInfo.InvariantCulture;
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "−∞";
        if (value == 0) return "0";
        double abs = Math.Abs(value);
        if (abs < 1e6 && value == Math.Round(value)) return value.ToString("0", inv);
        if (abs >= 1e-3 && abs < 1e6)
        {
            int magnitude = (int)Math.Floor(Math.Log10(abs));
            int decimals = Math.Clamp(3 - magnitude, 0, 15);
            var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            if (Math.Abs(rounded) < 1e6) return rounded.ToString("0." + new string('#', Math.Max(decimals, 1)), inv);
        }
        return value.ToString("0.###e+00", inv);
    }

    /// <summary>A cell for display: numbers via <see cref="FormatNumber"/>, booleans ✓ / blank, missing values as a dash.</summary>
    /// <param name="value">The cell value (may be null).</param>
    public static string FormatCell(object? value) => value switch
    {
        null => "–",
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        decimal m => FormatNumber((double)m),
        bool b => b ? "✓" : "",
        string s => s,
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The frame as an HTML <c>&lt;table&gt;</c> (every string HTML-escaped): a header row, numeric columns right-aligned
    /// (class <c>num</c>), rows whose <paramref name="highlightColumn"/> is true marked with class <c>highlight</c>.
    /// At most <paramref name="maxRows"/> rows are shown, followed by a note on how many more the CSV holds.
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <param name="highlightColumn">The name of a bool column marking rows to emphasize, or null.</param>
    /// <param name="maxRows">The most rows to render.</param>
    /// <exception cref="ArgumentException"><paramref name="highlightColumn"/> is not a bool column of the frame.</exception>
    public static string ToHtml(DataFrame frame, string? highlightColumn = null, int maxRows = 200)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        DataFrameColumn? highlight = null;
        if (highlightColumn is not null)
        {
            highlight = frame.Columns.FirstOrDefault(c => c.Name == highlightColumn)
                ?? throw new ArgumentException($"Tables.ToHtml: highlight column '{highlightColumn}' is not in the frame.", nameof(highlightColumn));
            if (highlight.DataType != typeof(bool))
                throw new ArgumentException($"Tables.ToHtml: highlight column '{highlightColumn}' is {highlight.DataType.Name}, not bool.", nameof(highlightColumn));
        }
        static string E(string s) => WebUtility.HtmlEncode(s);
        bool IsNumeric(DataFrameColumn c) => c.DataType != typeof(string) && c.DataType != typeof(bool) && c.DataType != typeof(char);
        var html = new StringBuilder();
        html.Append("<table>\n<thead><tr>");
        foreach (var column in frame.Columns)
            html.Append(IsNumeric(column) ? "<th class=\"num\">" : "<th>").Append(E(column.Name)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        long shown = Math.Min(frame.Rows.Count, maxRows);
        for (long row = 0; row < shown; row++)
        {
            bool emphasize = highlight is not null && highlight[row] is true;
            html.Append(emphasize ? "<tr class=\"highlight\">" : "<tr>");
            foreach (var column in frame.Columns)
            {
                var value = column[row];
                html.Append(IsNumeric(column) ? "<td class=\"num\"" : "<td");
                if (value is double or float) html.Append(" title=\"").Append(E(FormatExact(value))).Append('"');
                html.Append('>').Append(E(FormatCell(value))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
        if (frame.Rows.Count > shown)
            html.Append("<p class=\"more\">… ").Append(frame.Rows.Count - shown).Append(" more rows in the CSV.</p>\n");
        return html.ToString();
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("Tables.Column: a column needs a non-empty name.", nameof(name));
        return name;
    }

    private static T[] Check<T>(string name, T[] values) =>
        values ?? throw new ArgumentNullException(nameof(values), $"Tables.Column: column '{name}' has no values (null array).");
}
