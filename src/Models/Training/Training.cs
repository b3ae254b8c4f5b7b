using System.Diagnostics;
using Functional.Core;
using Functional.Core.Random;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>What Fit returns: the trained model and its History. The model passed in is never changed.</summary>
/// <param name="Model">The trained model (the best epoch's when early stopping restored it).</param>
/// <param name="History">Per-epoch numbers and why training stopped.</param>
public sealed record FitResult<T>(Model<T> Model, History History) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The state after one epoch of the lazy training sequence.</summary>
/// <param name="Epoch">The epoch that just ended, 1-based.</param>
/// <param name="Model">The model after this epoch (for the final state of an early-stopped run with restored weights: the best model).</param>
/// <param name="OptimizerState">The optimizer's state after this epoch.</param>
/// <param name="Log">This epoch's numbers.</param>
/// <param name="Stop">Set on the last state: why training ended.</param>
/// <param name="RestoredEpoch">Set when early stopping restored the weights of that epoch into <paramref name="Model"/>.</param>
public sealed record EpochState<T>(int Epoch, Model<T> Model, OptimizerState<T> OptimizerState, EpochLog Log, StopReason? Stop, int? RestoredEpoch)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Training as a fold: <see cref="Epochs{T}"/> is the lazy sequence of epoch states (each epoch a fold over shuffled
/// mini-batches: forward, loss, backward, optimizer update), and <see cref="Fit{T}"/> folds it into a <see cref="FitResult{T}"/>.
/// </summary>
public static class Training
{
    /// <summary>
    /// Trains <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>) and returns the trained model and its History.
    /// Everything is checked before the first step; the same inputs and seed give the same result, bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">Bad data or options, named in the message; nothing has been trained.</exception>
    public static FitResult<T> Fit<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        options ??= FitOptions<T>.Default;
        (x, y, options) = SplitValidation(x, y, options);
        (var start, options) = Validate(model, optimizer, loss, x, y, options);
        if (options.Epochs == 0)
            return new FitResult<T>(model, new History([], new StopReason(StopKind.Completed, 0, "no epochs requested")));

        // The fold keeps the logs and, from the last epoch only, the model: intermediate epochs are never copied out
        // of the workspace (Epochs, whose callers may keep every state, snapshots each one).
        var logs = new List<EpochLog>();
        EpochOutcome<T>? last = null;
        foreach (var outcome in Run(start, optimizer, loss, x, y, options))
        {
            logs.Add(outcome.Log);
            last = outcome;
        }
        var stop = last!.Stop ?? new StopReason(StopKind.Completed, last.Epoch, $"completed {last.Epoch} epochs");
        // A run resumed from a backup (BackupAndRestore) has the backed-up epochs' logs first.
        return new FitResult<T>(last.Model(), new History([.. last.Earlier, .. logs], stop, last.RestoredEpoch));
    }

    /// <summary>
    /// The same run as <see cref="Fit{T}"/>, as a lazy sequence of per-epoch states: stream it, plot as it goes,
    /// or stop consuming it to stop training. Arguments are checked when this is called, not when it is enumerated.
    /// </summary>
    public static IEnumerable<EpochState<T>> Epochs<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T>? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        options ??= FitOptions<T>.Default;
        (x, y, options) = SplitValidation(x, y, options);
        (var start, options) = Validate(model, optimizer, loss, x, y, options);
        // The data are checked again when the enumeration starts (and copied then): a NaN written in between is named
        // there, not blamed on the learning rate later.
        return Run(start, optimizer, loss, x, y, options, recheck: true)
            .Select(o => new EpochState<T>(o.Epoch, o.Model(), o.OptimizerState(), o.Log, o.Stop, o.RestoredEpoch));
    }

    /// <summary>Keras' validation_split (array_slicing.train_validation_split): the first floor(n · (1 − split)) rows train, the rest
    /// validate, before any shuffling; validation data given explicitly win, as in Keras.</summary>
    private static (Matrix<T> X, Matrix<T> Y, FitOptions<T> Options) SplitValidation<T>(Matrix<T> x, Matrix<T> y, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        double split = options.ValidationSplit;
        if (split == 0 || options.Validation is not null) return (x, y, options);
        if (!(split > 0 && split < 1))
            throw new ArgumentException(FormattableString.Invariant($"Fit: ValidationSplit must be in [0, 1), got {split}."), nameof(options));
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = x.RowCount;
        if (y.RowCount != n)
            throw new ArgumentException($"Fit: x has {n} rows but y has {y.RowCount}; ValidationSplit needs one target row per sample.", nameof(y));
        int at = (int)Math.Floor(n * (1.0 - split));
        if (at == 0 || at == n)
            throw new ArgumentException(
                FormattableString.Invariant($"Fit: {n} samples cannot be split into training and validation sets by ValidationSplit = {split}."),
                nameof(options));
        var validation = new Dataset<T>(x.SubMatrix(at, n - at, 0, x.ColumnCount), y.SubMatrix(at, n - at, 0, y.ColumnCount));
        return (x.SubMatrix(0, at, 0, x.ColumnCount), y.SubMatrix(0, at, 0, y.ColumnCount), options with { Validation = validation });
    }

    /// <summary>Checks everything before any training and returns the model training starts from (the caller's model
    /// remembering the range of <paramref name="x"/>, scanned once here, not again by the fold) and the options as the
    /// fold runs them (metrics resolved for these targets).</summary>
    private static (Model<T> Start, FitOptions<T> Options) Validate<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y,
        FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        optimizer.RequireConsistent();
        if (options.Epochs < 0) throw new ArgumentException($"Fit: epochs must not be negative, got {options.Epochs}.", nameof(options));
        DataChecks.RequireBatchSize("Fit", options.BatchSize);
        DataChecks.RequireDataset("Fit", model, loss, x, y, "x", "y");
        if (options.Validation is { } v) DataChecks.RequireDataset("Fit", model, loss, v.X, v.Y, "validation x", "validation y");
        var metrics = DataChecks.RequireMetrics("Fit", options.Metrics, model, y, "y");
        if (options.Validation is { } vm) DataChecks.RequireMetrics("Fit", options.Metrics, model, vm.Y, "validation y");
        if (options.Callbacks is null) throw new ArgumentException("Fit: the callbacks list is null; use [] for none.", nameof(options));
        for (int k = 0; k < options.Callbacks.Count; k++)
            if (options.Callbacks[k] is null) throw new ArgumentException($"Fit: callback #{k + 1} of {options.Callbacks.Count} is null.", nameof(options));

        var keys = new List<string> { "loss" };
        keys.AddRange(options.Metrics.Select(m => m.Name));
        if (options.Validation is not null) keys.AddRange(keys.ToArray().Select(k => "val_" + k));
        if (LearningRateCallbacks.Present(options.Callbacks)) keys.Add(LearningRateCallbacks.Key);
        var check = new CallbackCheck(keys, optimizer, options.Validation is not null);
        foreach (var callback in options.Callbacks) callback.Validate(check);
        if (options.Callbacks.OfType<BackupAndRestore>().Count() > 1)
            throw new ArgumentException("Fit: more than one BackupAndRestore; a run has one backup.", nameof(options));

        var start = model.TrainedOn(x);
        if (options.Validation is { } validation)
            start.WarnIfOutsideTrainingRange(validation.X, "Fit (validation data)");

        DataChecks.WarnIfLossDoesNotFitOutput("Fit", model, loss);
        return (start, options with { Metrics = metrics });
    }

    /// <summary>
    /// One epoch of the run as the fold sees it. <see cref="Model"/> and <see cref="OptimizerState"/> copy the workspace
    /// when called (once; later calls return the same copy) and must be called before the sequence moves on, which
    /// Select and foreach do.
    /// </summary>
    private sealed record EpochOutcome<T>(int Epoch, EpochLog Log, StopReason? Stop, int? RestoredEpoch, Func<Model<T>> Model,
        Func<OptimizerState<T>> OptimizerState, IReadOnlyList<EpochLog> Earlier)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The last outcome of a run: the weights a callback restores (early stopping's best), else <paramref name="model"/>.</summary>
    private static EpochOutcome<T> Final<T>(int epoch, EpochLog log, StopReason stop, Func<Model<T>> model, Func<OptimizerState<T>> state,
        IReadOnlyList<EpochLog> earlier, IReadOnlyList<CallbackRun<T>> callbacks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var restored = callbacks.Select(c => c.RestoredWeights).FirstOrDefault(r => r is not null);
        return restored is { } r
            ? new EpochOutcome<T>(epoch, log, stop, r.Epoch, () => r.Model, state, earlier)
            : new EpochOutcome<T>(epoch, log, stop, null, model, state, earlier);
    }

    private static IEnumerable<EpochOutcome<T>> Run<T>(Model<T> model, Optimizer optimizer, Loss loss, Matrix<T> x, Matrix<T> y, FitOptions<T> options,
        bool recheck = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (recheck)
        {
            DataChecks.RequireDataset("Epochs (when enumerated)", model, loss, x, y, "x", "y");
            if (options.Validation is { } v) DataChecks.RequireDataset("Epochs (when enumerated)", model, loss, v.X, v.Y, "validation x", "validation y");
        }
        // A backup of this run, when one is given and holds an epoch, is where the fold starts again.
        var backup = options.Callbacks.OfType<BackupAndRestore>().SingleOrDefault();
        var identity = backup is null ? null : TrainingBackup.Identity(model, optimizer, loss, options);
        var resumed = backup is null ? null : TrainingBackup.Read(backup.BackupDir, identity!, model, optimizer);
        IReadOnlyList<EpochLog> earlier = resumed?.Logs ?? [];

        int n = x.RowCount, batchSize = options.BatchSize;
        var order = new int[n];
        // The fold's accumulator (parameters, optimizer state) lives in a private run updated in place; what leaves it
        // are copies, the same bits the pure per-batch fold (Backprop, Optimizer.Update, WithParameters) gives.
        // Fits running in parallel (seed runs, a search) leave the second core to each other rather than to its worker.
        using var cores = Functional.Core.LinearAlgebra.SecondCore.ClaimForRun();
        var run = new TrainingRun<T>(resumed?.Model ?? model, optimizer, resumed?.State ?? optimizer.Init(model.ParameterViews), loss, options.Metrics, x, y,
            options.Seed);
        var session = new FitSession<T>(optimizer, options.Epochs);
        if (resumed is not null && optimizer.Schedule is null) session.LearningRate = resumed.LearningRate;
        var metrics = new double[options.Metrics.Count];
        var validation = options.Validation is { } vd ? run.Validation(vd.X, vd.Y) : null;
        var validationRows = validation is null ? [] : Enumerable.Range(0, validation.Samples).ToArray();
        var validationMetrics = new double[options.Metrics.Count];
        bool logsRate = LearningRateCallbacks.Present(options.Callbacks);
        bool stopOnNonFinite = options.StopOnNonFiniteLoss || options.Callbacks.Any(c => c is TerminateOnNaN);

        var callbacks = new List<CallbackRun<T>>();
        try
        {
            foreach (var callback in options.Callbacks) callbacks.Add(callback.Start(session));
            if (resumed is not null)
                for (int k = 0; k < callbacks.Count; k++) callbacks[k].Restore(resumed.Callbacks[k]);

            if (resumed is not null && (resumed.Stop is not null || resumed.Epoch >= options.Epochs))
            {
                // The backup is of a run that ended (kept with DeleteCheckpoint: false), or holds every epoch asked for: its last
                // state is the result.
                var end = resumed.Stop ?? new StopReason(StopKind.Completed, resumed.Epoch, $"completed {resumed.Epoch} epochs (restored from the backup)");
                if (backup!.DeleteCheckpoint) TrainingBackup.Delete(backup.BackupDir);
                yield return Final(resumed.Epoch, earlier[^1], end, Once(run.SnapshotModel), Once(run.SnapshotState), earlier.Take(earlier.Count - 1).ToArray(),
                    callbacks);
                yield break;
            }

            var ran = new List<EpochLog>();

            for (int epoch = (resumed?.Epoch ?? 0) + 1; epoch <= options.Epochs; epoch++)
            {
                long started = Stopwatch.GetTimestamp();
                foreach (var c in callbacks) c.OnEpochBegin(epoch);
                run.Optimizer = session.Optimizer;
                double rate = run.Optimizer.LearningRate;
                run.MarkEpochStart();
                if (options.Shuffle) PortableRandom.ForStream(options.Seed, (ulong)epoch).PermutationInto(order);
                else for (int i = 0; i < n; i++) order[i] = i;

                var means = run.Epoch(order, batchSize, metrics, stopOnNonFinite);
                StopReason? diverged = means.FailedBatch is { } batch
                    ? new StopReason(StopKind.NonFiniteLoss, epoch,
                        $"loss became {FormatNonFinite(means.Loss)} at epoch {epoch}, batch {batch}: " +
                            NonFiniteCause(epoch, batch, order.AsSpan(Math.Min(n, (batch - 1) * batchSize), Math.Min(batchSize, n - (batch - 1) * batchSize)),
                                x, y, run.Optimizer) +
                            Returned(callbacks, epoch))
                    : null;

                var state = Once(run.SnapshotState);
                var values = new List<KeyValuePair<string, double>> { new("loss", means.Loss) };
                if (diverged is null)
                {
                    for (int k = 0; k < metrics.Length; k++) values.Add(new(options.Metrics[k].Name, metrics[k]));
                    if (validation is not null)
                    {
                        double valLoss = run.Evaluate(validation, validationRows, batchSize, validationMetrics);
                        values.Add(new("val_loss", valLoss));
                        for (int k = 0; k < validationMetrics.Length; k++) values.Add(new("val_" + options.Metrics[k].Name, validationMetrics[k]));
                        if (!double.IsFinite(valLoss) && stopOnNonFinite)
                            diverged = new StopReason(StopKind.NonFiniteLoss, epoch,
                                $"validation loss became {FormatNonFinite(valLoss)} at the end of epoch {epoch}: training diverged"
                                    + Returned(callbacks, epoch));
                    }
                    if (logsRate) values.Add(new(LearningRateCallbacks.Key, rate)); // the rate this epoch trained with, as Keras logs it
                }
                var log = new EpochLog(epoch, values);
                options.Progress?.Report(new EpochProgress(epoch, options.Epochs, log, Stopwatch.GetElapsedTime(started)));

                var current = Once(run.SnapshotModel);
                session.CurrentModel = current;
                // Every callback sees the epoch's end (as in Keras, a stop takes effect after all of them ran).
                StopReason? stop = null;
                foreach (var c in callbacks) stop ??= c.OnEpochEnd(epoch, log, diverged is not null) is { } s && diverged is null ? s : null;
                run.Optimizer = session.Optimizer;

                if (diverged is not null)
                {
                    if (backup is { DeleteCheckpoint: true }) TrainingBackup.Delete(backup.BackupDir);
                    // RestoreBestWeights holds after a divergence too (Keras restores in on_train_end, however training ended).
                    yield return Final(epoch, log, diverged, Once(run.SnapshotEpochStart), state, earlier, callbacks);
                    yield break;
                }
                if (stop is null && epoch == options.Epochs)
                    stop = new StopReason(StopKind.Completed, epoch, $"completed {epoch} epochs");

                if (backup is not null && (stop is null || !backup.DeleteCheckpoint))
                    TrainingBackup.Write(backup.BackupDir, identity!,
                        new RunPoint<T>(epoch, current(), state(), run.Optimizer.LearningRate, [.. earlier, .. ran, log], callbacks.Select(c =>
                            c.Save()).ToArray(), stop),
                        options.Callbacks);
                else if (backup is not null) TrainingBackup.Delete(backup.BackupDir);

                if (stop is not null)
                {
                    yield return Final(epoch, log, stop, current, state, earlier, callbacks);
                    yield break;
                }
                ran.Add(log);
                yield return new EpochOutcome<T>(epoch, log, null, null, current, state, earlier);
            }
        }
        finally
        {
            foreach (var c in callbacks) c.OnTrainEnd();
        }
    }

    /// <summary>A function that calls <paramref name="make"/> the first time and returns that same value ever after.</summary>
    private static Func<TValue> Once<TValue>(Func<TValue> make) where TValue : class
    {
        TValue? value = null;
        return () => value ??= make();
    }

    private static string FormatNonFinite(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";

    /// <summary>
    /// Why a batch's loss is not finite, as far as the data tell: a non-finite value in the batch (the data changed after
    /// they were checked), or a loss already non-finite before any update (the data overflow the element type: no
    /// learning rate is to blame), else divergence.
    /// </summary>
    private static string NonFiniteCause<T>(int epoch, int batch, ReadOnlySpan<int> rows, Matrix<T> x, Matrix<T> y, Optimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (data, name) in new[] { (x, "x"), (y, "y") })
            foreach (int r in rows)
                for (int c = 0; c < data.ColumnCount; c++)
                    if (!T.IsFinite(data[r, c]))
                        return FormattableString.Invariant(
                            $"{name} holds {data[r, c]} at row {r}, column {c} (the data changed after Fit checked them, or are being changed); ");
        if (epoch == 1 && batch == 1)
        {
            var (xMin, xMax) = Range(x);
            var (yMin, yMax) = Range(y);
            return FormattableString.Invariant(
                $"this is before any update, so the data, not the learning rate: with x in [{xMin:G4}, {xMax:G4}] and y in [{yMin:G4}, {yMax:G4}] ") +
                FormattableString.Invariant($"the initial model's outputs or the loss overflow {typeof(T).Name} ") +
                FormattableString.Invariant($"(largest {(typeof(T) == typeof(float) ? float.MaxValue : double.MaxValue):G3}); ") +
                "scale the data (standardize x, and y for a regression); ";
        }
        return optimizer.Schedule is { } schedule
            ? $"training diverged (are the learning rates of {schedule} too high?); "
            : $"training diverged (is the learning rate {optimizer.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} too high?); ";
    }

    private static (double Min, double Max) Range<T>(Matrix<T> m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = MatrixData.ColumnMajor(m);
        return (double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.Min<T>(data)),
            double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.Max<T>(data)));
    }

    /// <summary>Which model a run that stops on a non-finite loss returns: the best epoch's for RestoreBestWeights, else the last good one.</summary>
    private static string Returned<T>(IReadOnlyList<CallbackRun<T>> callbacks, int epoch) where T : unmanaged, IFloatingPointIeee754<T> =>
        callbacks.Select(c => c.RestoredWeights).FirstOrDefault(r => r is not null) is { } best
            ? $"the model returned has the weights of epoch {best.Epoch}, the best by {best.Monitor} (RestoreBestWeights)."
            : $"the model returned is the one from the end of epoch {epoch - 1}.";
}
