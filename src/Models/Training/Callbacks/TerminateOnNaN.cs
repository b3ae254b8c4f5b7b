namespace Functional.Models;

/// <summary>
/// Keras' <c>TerminateOnNaN</c>: stop at the first batch whose loss is NaN or infinite, even when
/// <see cref="FitOptions{T}.StopOnNonFiniteLoss"/> is off. Training already stops so by default; this callback makes the
/// choice explicit in a callback list, as Keras code writes it.
/// </summary>
/// <remarks>
/// Keras applies that batch's update before it stops, so its model holds NaN weights; here the run returns the model from
/// the end of the previous epoch (or early stopping's best one), with the stop's reason in <see cref="History.Stop"/>.
/// </remarks>
public sealed record TerminateOnNaN : Callback
{
    internal override CallbackRun<T> Start<T>(FitSession<T> session) => new Run<T>();

    // The fold reads the callback's presence (it stops on the batch); the run has nothing to keep.
    private sealed class Run<T> : CallbackRun<T> where T : unmanaged, IFloatingPointIeee754<T>;
}
