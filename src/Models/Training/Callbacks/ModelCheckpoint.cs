namespace Functional.Models;

/// <summary>
/// Keras' <c>ModelCheckpoint</c>: saves the model (<see cref="ModelFile.Save{T}"/>, written atomically: a reader sees the
/// previous file or the new one, whole) at the end of every epoch, or, with <see cref="SaveBestOnly"/>, of every epoch whose
/// monitored value beats the best so far. The path may name the epoch and the log's values as Keras' does, in Python's
/// format syntax: <c>"checkpoints/model-{epoch:02d}-{val_loss:.4f}.fmodel"</c> (epoch 1-based).
/// </summary>
/// <param name="FilePath">Where to save; its folder is made when missing. Fields: <c>{epoch}</c>, <c>{epoch:02d}</c>, and any
/// History key, plain (Python's <c>str</c>) or as <c>.Nf</c> / <c>.Ne</c>.</param>
/// <param name="Monitor">The History key <see cref="SaveBestOnly"/> compares.</param>
/// <param name="SaveBestOnly">Save only when the monitored value improves on the best so far (no minimum change, as in Keras).</param>
/// <param name="Mode">Whether smaller or larger is better.</param>
/// <param name="InitialValueThreshold">The best value to beat at the start (Keras' <c>initial_value_threshold</c>), or null.</param>
public sealed record ModelCheckpoint(
    string FilePath,
    string Monitor = "val_loss",
    bool SaveBestOnly = false,
    MonitorMode Mode = MonitorMode.Auto,
    double? InitialValueThreshold = null) : Callback
{
    internal override void Validate(CallbackCheck check)
    {
        if (string.IsNullOrWhiteSpace(FilePath)) throw new ArgumentException("ModelCheckpoint: FilePath is empty.");
        Monitoring.RequireMode("ModelCheckpoint", Mode);
        PythonFormat.Require("ModelCheckpoint", FilePath, check.Keys.ToArray());
        if (SaveBestOnly) check.RequireKey("ModelCheckpoint", Monitor);
        if (InitialValueThreshold is { } t
            && double.IsNaN(t)) throw new ArgumentException("ModelCheckpoint: InitialValueThreshold is NaN; no value could beat it.");
        // A folder that cannot be written fails now, not after the first epoch's work.
        string? folder = Path.GetDirectoryName(Path.GetFullPath(PythonFormat.Fill(FilePath, 1, Placeholder(check.Keys))));
        if (folder is not null) Functional.Core.IO.AtomicDirectory.RequireWritable(folder);
    }

    private static EpochLog Placeholder(IReadOnlyList<string> keys) => new(1, keys.Select(k => new KeyValuePair<string, double>(k, 0)));

    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>(this, session);

    private sealed class Run<T>(ModelCheckpoint settings, FitSession<T> session) : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly bool _minimizes = Monitoring.Minimizes(settings.Monitor, settings.Mode);
        private double? _best = settings.InitialValueThreshold;

        public override StopReason? OnEpochEnd(int epoch, EpochLog log, bool diverged)
        {
            if (diverged) return null;
            if (settings.SaveBestOnly)
            {
                double current = log[settings.Monitor];
                if (!Monitoring.IsImprovement(current, _best, _minimizes, 0)) return null;
                _best = current;
            }
            string path = PythonFormat.Fill(settings.FilePath, epoch, log);
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null) Directory.CreateDirectory(folder);
            ModelFile.Save(session.CurrentModel(), path);
            return null;
        }

        public override CallbackState<T> Save() =>
            new(_best is { } best ? new Dictionary<string, double> { ["best"] = best } : new Dictionary<string, double>(), null);

        public override void Restore(CallbackState<T> state) => _best = state.Get("best") ?? settings.InitialValueThreshold;
    }
}
