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
/// <remarks>
/// With <see cref="BackupAndRestore"/> the backup holds the file's length after each epoch's row; a resumed run cuts the
/// file back to it, so the rows of an epoch that ran after the last backup (a process killed between the row and the
/// backup) are not written twice. Keras' logger, appending, repeats them.
/// </remarks>
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
        private const string LengthKey = "file_length";
        private readonly FileStream _stream;
        private readonly StreamWriter _file;
        private readonly CsvWriter _csv;
        private bool _header;
        private string[]? _keys;

        public Run(CsvLogger settings)
        {
            _header = !settings.Append || !File.Exists(settings.FileName) || new FileInfo(settings.FileName).Length == 0 ||
                File.ReadLines(settings.FileName).FirstOrDefault() is not { Length: > 0 };
            // A stream of our own, not StreamWriter's append mode: a resumed run may cut the file back (Restore).
            _stream = new FileStream(settings.FileName, settings.Append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read);
            _stream.Seek(0, SeekOrigin.End);
            _file = new StreamWriter(_stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 4096, leaveOpen: true);
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

        public override CallbackState<T> Save() => new(new Dictionary<string, double> { [LengthKey] = _stream.Length }, null);

        public override void Restore(CallbackState<T> state)
        {
            // Only a file longer than at the backup is cut: rows of epochs the resumed run will write again.
            if (!state.Values.TryGetValue(LengthKey, out double length) || _stream.Length <= (long)length) return;
            _stream.SetLength((long)length);
            _stream.Seek(0, SeekOrigin.End);
            _header = _stream.Length == 0;
        }

        public override void OnTrainEnd()
        {
            _csv.Dispose();
            _file.Dispose();
            _stream.Dispose();
        }
    }
}
