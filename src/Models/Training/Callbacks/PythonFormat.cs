using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Functional.Models;

/// <summary>
/// The part of Python's <c>str.format</c> that Keras' file names use (<c>"model-{epoch:02d}-{val_loss:.4f}.fmodel"</c>),
/// and Python's <c>str(float)</c>, which Keras' CSV logger writes.
/// </summary>
internal static partial class PythonFormat
{
    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}|\{\{|\}\}|[{}]")]
    private static partial Regex Field();

    [GeneratedRegex(@"^(?:(0?)(\d*)d|\.(\d+)([fe])|)$")]
    private static partial Regex Spec();

    /// <summary>Throws unless every field of <paramref name="template"/> names one of <paramref name="keys"/> with a spec it can take.</summary>
    public static void Require(string who, string template, IReadOnlyCollection<string> keys)
    {
        foreach (Match m in Field().Matches(template))
        {
            if (m.Value is "{{" or "}}") continue;
            if (!m.Groups[1].Success)
                throw new ArgumentException($"{who}: '{template}' has an unmatched '{m.Value}' at position {m.Index}; write '{m.Value}{m.Value}' for " +
                    $"the character.");
            string key = m.Groups[1].Value, spec = m.Groups[2].Value;
            if (key != "epoch" && !keys.Contains(key))
                throw new ArgumentException($"{who}: '{template}' names '{{{key}}}', which this run does not record; it can use " +
                    $"epoch, {string.Join(", ", keys)}.");
            var s = Spec().Match(spec);
            if (!s.Success)
                throw new ArgumentException($"{who}: '{template}': the format ':{spec}' of '{key}' is not one of d, Nd, 0Nd, .Nf, .Ne.");
            if (key == "epoch" != (spec.Length == 0 || spec.EndsWith('d')))
                throw new ArgumentException($"{who}: '{template}': ':{spec}' does not suit '{key}' (epoch takes d, Nd or 0Nd; a value .Nf or .Ne).");
        }
    }

    /// <summary><paramref name="template"/> with its fields filled: <c>epoch</c> (1-based, as Keras passes it) and the log's values.</summary>
    public static string Fill(string template, int epoch, EpochLog log) =>
        Field().Replace(template, m =>
        {
            if (m.Value == "{{") return "{";
            if (m.Value == "}}") return "}";
            string key = m.Groups[1].Value, spec = m.Groups[2].Value;
            var s = Spec().Match(spec);
            if (key == "epoch")
            {
                int width = s.Groups[2].Value.Length > 0 ? int.Parse(s.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
                string digits = epoch.ToString(CultureInfo.InvariantCulture);
                return s.Groups[1].Value == "0" ? digits.PadLeft(width, '0') : digits.PadLeft(width);
            }
            double value = log[key];
            if (spec.Length == 0) return Str(value);
            int precision = int.Parse(s.Groups[3].Value, CultureInfo.InvariantCulture);
            return s.Groups[4].Value switch
            {
                "f" => NonFinite(value) ?? value.ToString("F" + precision, CultureInfo.InvariantCulture),
                _ => NonFinite(value) ?? Exponent(value.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00",
                    CultureInfo.InvariantCulture)),
            };
        });

    /// <summary>Python's <c>str(float)</c>: the shortest round-trip digits, in exponent form below 1e-4 and from 1e16 on
    /// ("1e-05", "1e+16"), else positional with at least one decimal ("1.0"); "nan", "inf", "-inf".</summary>
    public static string Str(double value)
    {
        if (NonFinite(value) is { } word) return word;
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        // The shortest round-trip digits and the decimal exponent: value = 0.d1d2… × 10^point.
        string e = Math.Abs(value).ToString("E16", CultureInfo.InvariantCulture);
        string r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exponent = int.Parse(e[(e.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        string mantissa = r.Contains('E') ? r[..r.IndexOf('E')] : r;
        string digits = mantissa.Replace(".", "").TrimStart('0').TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int point = exponent + 1;
        string sign = value < 0 ? "-" : "";
        if (point > 16 || point < -3)
            return sign + digits[0] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (point - 1 < 0 ? "-" : "+") +
                Math.Abs(point - 1).ToString("00", CultureInfo.InvariantCulture);
        if (point <= 0) return sign + "0." + new string('0', -point) + digits;
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
        return sign + digits[..point] + "." + digits[point..];
    }

    private static string Exponent(string text)
    {
        int e = text.IndexOf('e');
        if (e < 0) return text;
        var sb = new StringBuilder(text[..(e + 1)]);
        string rest = text[(e + 1)..];
        char sign = rest[0] is '+' or '-' ? rest[0] : '+';
        string digits = rest.TrimStart('+', '-').TrimStart('0');
        return sb.Append(sign).Append(digits.PadLeft(2, '0')).ToString();
    }

    private static string? NonFinite(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : null;
}
