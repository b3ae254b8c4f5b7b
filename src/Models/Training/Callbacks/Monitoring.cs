namespace Functional.Models;

/// <summary>Whether a larger or a smaller monitored value is better.</summary>
public enum MonitorMode
{
    /// <summary>Decided from the name: accuracies ("accuracy", "val_categorical_accuracy") are maximized, anything else minimized.</summary>
    Auto,
    /// <summary>Smaller is better.</summary>
    Min,
    /// <summary>Larger is better.</summary>
    Max,
}

/// <summary>Keras' MonitorCallback rules, shared by the callbacks that watch a History key.</summary>
internal static class Monitoring
{
    /// <summary>True when smaller values of <paramref name="monitor"/> are better under <paramref name="mode"/>.</summary>
    public static bool Minimizes(string monitor, MonitorMode mode) => mode switch
    {
        MonitorMode.Min => true,
        MonitorMode.Max => false,
        _ => !monitor.EndsWith("accuracy", StringComparison.Ordinal),
    };

    /// <summary>Keras' <c>_is_improvement</c>: beats <paramref name="reference"/> by more than |<paramref name="minDelta"/>|;
    /// anything beats no reference (null).</summary>
    public static bool IsImprovement(double value, double? reference, bool minimizes, double minDelta) =>
        reference is not { } r || (minimizes ? value + Math.Abs(minDelta) < r : value - Math.Abs(minDelta) > r);

    /// <summary>Throws unless <paramref name="mode"/> is defined.</summary>
    public static void RequireMode(string callback, MonitorMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentException($"{callback}: Mode {(int)mode} is not one of Auto, Min, Max.");
    }
}
