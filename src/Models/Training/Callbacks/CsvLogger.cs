using System.Globalization;
using CsvHelper;

namespace Functional.Models;

/// <summary>
/// Keras' <c>CSVLogger</c>: one row per epoch, written and flushed as the epoch ends, as Keras writes it: the column
/// <c>epoch</c> (counted from 0), then the log's keys sorted by name; when the run has no validation keys, Keras' "val_"
/// columns follow too and hold "NA". Numbers as Python's <c>str(float)</c> writes them (shortest round-trip digits), rows
/// ending in "\r\n" (Python's csv dialect "excel").
/// </summary>
/// <param name="FileName">The CSV file; created or (without <paramref name="Append"/>) overwritten when training starts.</param>
/// <param name="Separator">The field separator.</param>
/// <param name="Append">Add to an existing file (its header is written only when the file is empty), as a resumed run wants.</param>
public sealed record CsvLogger(string FileName, char Separator = ',', bool Append = false) : Callback
{
    internal override void Validate(CallbackCheck check)
    {
        if (string.IsNullOrWhiteSpace(FileName)) throw new ArgumentException("CsvLogger: FileName is empty.");
        if (Separator is '"' or '\r' or '\n') throw new ArgumentException($"CsvLogger: the separator cannot be {(int)Separator} (a quote or line break).");
        if (Directory.Exists(FileName)) throw new ArgumentException($"CsvLogger: '{FileName}' is a folder, not a file.");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(FileName));
        if (folder is not null && !Directory.Exists(folder)) throw new ArgumentException($"CsvLogger: the folder of '{FileName}' does not exist.");
    }

    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>(this);

    private sealed class Run<T> : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly StreamWriter _file;
        private readonly CsvWriter _csv;
        private bool _header;
        private string[]? _keys;

        public Run(CsvLogger settings)
        {
            _header = !settings.Append || !File.Exists(settings.FileName) || new FileInfo(settings.FileName).Length == 0 ||
                File.ReadLines(settings.FileName).FirstOrDefault() is not { Length: > 0 };
            _file = new StreamWriter(settings.FileName, settings.Append);
            _csv = CsvWriter.Create(_file, new CsvWriterOptions
            {
                Separator = settings.Separator,
                Injection = CsvInjection.None, // negative numbers stay as they are
                NewLine = "\r\n", // Python's csv dialect "excel", which Keras' logger uses
                FormatProvider = CultureInfo.InvariantCulture,
            }, leaveOpen: true);
        }

        public override StopReason? OnEpochEnd(int epoch, EpochLog log, bool diverged)
        {
            if (_keys is null)
            {
                var keys = log.Values.Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
                if (keys.Count > 0 && !keys.Any(k => k.StartsWith("val_", StringComparison.Ordinal))) keys.AddRange(keys.ToArray().Select(k => "val_" + k));
                _keys = [.. keys];
            }
            if (_header)
            {
                _csv.WriteField("epoch");
                foreach (var key in _keys) _csv.WriteField(key);
                _csv.EndRecord();
                _header = false;
            }
            _csv.WriteField((epoch - 1).ToString(CultureInfo.InvariantCulture));
            foreach (var key in _keys) _csv.WriteField(log.TryGet(key) is { } v ? PythonFormat.Str(v) : "NA");
            _csv.EndRecord();
            _csv.Flush();
            _file.Flush();
            return null;
        }

        public override void OnTrainEnd()
        {
            _csv.Dispose();
            _file.Dispose();
        }
    }
}
