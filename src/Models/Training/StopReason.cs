namespace Functional.Models;

/// <summary>Why training ended.</summary>
public enum StopKind
{
    /// <summary>All requested epochs ran.</summary>
    Completed,
    /// <summary>An <see cref="EarlyStopping"/> callback stopped training.</summary>
    EarlyStopping,
    /// <summary>A batch gave a NaN or infinite loss (the run diverged); training stopped at once.</summary>
    NonFiniteLoss,
    /// <summary>The caller stopped consuming the lazy sequence of epochs.</summary>
    StoppedByCaller,
}

/// <summary>Why and when training ended, in words a report can print.</summary>
/// <param name="Kind">The kind of stop.</param>
/// <param name="Epoch">The last epoch that ran (1-based; 0 when none did).</param>
/// <param name="Message">What happened, e.g. "loss became NaN at epoch 3, batch 1 (learning rate too high?)".</param>
public sealed record StopReason(StopKind Kind, int Epoch, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
