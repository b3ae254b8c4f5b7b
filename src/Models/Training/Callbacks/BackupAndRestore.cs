namespace Functional.Models;

/// <summary>
/// Keras' <c>BackupAndRestore</c>: at the end of every epoch the whole state of the run is backed up into
/// <see cref="BackupDir"/> (replaced atomically: a reader finds the previous backup or the new one, whole); a Fit that
/// finds a backup there resumes after its epoch. An interrupted run (an exception, a killed process) resumed so finishes
/// bit-identical to a run never interrupted, History included. When training ends the backup is deleted
/// (<see cref="DeleteCheckpoint"/>).
/// </summary>
/// <remarks>
/// <para>
/// The backup holds the model, the optimizer's state and step, the current learning rate, every epoch's log, and every
/// callback's state (early stopping's wait and best weights, ReduceLROnPlateau's counters, ModelCheckpoint's best), so the
/// resumed run continues exactly; Keras keeps only the weights, the optimizer and the epoch. The shuffles and dropout masks
/// are functions of the seed and the step, so they need no state. Give a <see cref="CsvLogger"/> <c>Append: true</c> when
/// resuming, or it starts its file again.
/// </para>
/// <para>
/// A backup made by a different run (another architecture, optimizer, loss, batch size, seed, element type or callback list)
/// is refused with a message naming the difference: delete the folder or use another. Backups are made once per epoch
/// (Keras' <c>save_freq="epoch"</c>).
/// </para>
/// </remarks>
/// <param name="BackupDir">The backup's folder (one per run).</param>
/// <param name="DeleteCheckpoint">Delete the backup when training ends (completed, early-stopped or diverged).</param>
public sealed record BackupAndRestore(string BackupDir, bool DeleteCheckpoint = true) : Callback
{
    internal override void Validate(CallbackCheck check)
    {
        if (string.IsNullOrWhiteSpace(BackupDir)) throw new ArgumentException("BackupAndRestore: BackupDir is empty.");
        Functional.Core.IO.AtomicDirectory.RequireWritable(BackupDir);
    }

    // The fold backs up and restores (it owns the state); this run has nothing of its own.
    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>();

    private sealed class Run<T> : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>;
}
