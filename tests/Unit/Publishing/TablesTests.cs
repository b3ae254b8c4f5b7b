using Functional.Reports.Publishing;
using Microsoft.Data.Analysis;

namespace Functional.Tests.Unit.Publishing;

/// <summary><see cref="Tables"/>: building frames, exact CSV round trips, display formatting and the HTML table.</summary>
public class TablesTests
{
    [Fact]
    public void CsvRoundTripsEveryTypeExactlyIncludingAwkwardStringsAndNonFiniteNumbers()
    {
        var frame = Tables.Frame(
            Tables.Column("x, \"quoted\"", [0.1, 1.0 / 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue]),
            Tables.Column("n", [1, -2, 0, int.MaxValue, int.MinValue, 7, 8, 9]),
            Tables.Column("ok", [true, false, true, false, true, false, true, false]),
            Tables.Column("s", ["plain", "a,b", "say \"hi\"", "two\nlines", "", " padded ", null!, "ünïcödé"]));
        var csv = Tables.ToCsv(frame);
        var back = Tables.FromCsv(csv, [typeof(double), typeof(int), typeof(bool), typeof(string)]);

        Assert.Equal(frame.Columns.Select(c => c.Name), back.Columns.Select(c => c.Name));
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits((double)frame.Columns[0][r]!), BitConverter.DoubleToInt64Bits((double)back.Columns[0][r]!));
            for (int c = 1; c < 4; c++) Assert.Equal(frame.Columns[c][r], back.Columns[c][r]);
        }
        Assert.StartsWith("\"x, \"\"quoted\"\"\",n,ok,s\n0.1,1,true,plain\n", csv);
    }

    [Fact]
    public void FromCsvNamesTheRowAndColumnOfABadValue()
    {
        var error = Assert.Throws<FormatException>(() => Tables.FromCsv("a,b\n1,2\n3,x\n", [typeof(double), typeof(int)]));
        Assert.Contains("row 2", error.Message);
        Assert.Contains("column 'b'", error.Message);
        Assert.Throws<FormatException>(() => Tables.FromCsv("a,b\n1\n", [typeof(double), typeof(int)]));
        Assert.Throws<FormatException>(() => Tables.FromCsv("a\n\"open\n", [typeof(string)]));
    }

    [Fact]
    public void FrameRejectsUnequalLengthsAndDuplicateNames()
    {
        Assert.Contains("'b' has 1 values", Assert.Throws<ArgumentException>(() => Tables.Frame(Tables.Column("a", [1.0, 2.0]), Tables.Column("b",
            [1]))).Message);
        Assert.Contains("'a' appears twice", Assert.Throws<ArgumentException>(() => Tables.Frame(Tables.Column("a", [1.0]), Tables.Column("a", [1]))).Message);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(42.0, "42")]
    [InlineData(-3.0, "-3")]
    [InlineData(123456.0, "123456")]
    [InlineData(1.0 / 3, "0.3333")]
    [InlineData(12.3456789, "12.35")]
    [InlineData(0.00123456, "0.001235")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(12345678.9, "1.235e+07")]
    [InlineData(999999.5, "1e+06")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    [InlineData(double.NegativeInfinity, "−∞")]
    public void FormatNumberShowsFourSignificantDigits(double value, string expected) => Assert.Equal(expected, Format.Number(value));

    [Fact]
    public void HtmlTableEscapesHighlightsAndTruncates()
    {
        var frame = Tables.Frame(Tables.Column("<k>", ["<a>", "b"]), Tables.Column("v", [0.5, 2.0 / 3]), Tables.Column("best", [false, true]));
        var html = ReportHtml.Table(frame, "best");
        Assert.Contains("<th>&lt;k&gt;</th>", html);
        Assert.Contains("<td>&lt;a&gt;</td>", html);
        Assert.Contains("<tr class=\"highlight\"><td>b</td><td class=\"num\" title=\"0.6666666666666666\">0.6667</td>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "class=\"highlight\""));
        Assert.Contains("1 more rows in the CSV", ReportHtml.Table(frame, maxRows: 1));
        Assert.Throws<ArgumentException>(() => ReportHtml.Table(frame, "v"));
        Assert.Throws<ArgumentException>(() => ReportHtml.Table(frame, "missing"));
    }
}
