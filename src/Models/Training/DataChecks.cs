using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>The checks every entry point runs before touching data, so bad input fails early with a clear message.</summary>
internal static class DataChecks
{
    public static void RequireBatchSize(string operation, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentException($"{operation}: batch size must be positive, got {batchSize}.", nameof(batchSize));
    }

    /// <summary>x matches the model's input, y matches the loss (labels in range for sparse losses), same number of rows, all finite.</summary>
    public static void RequireDataset<T>(string operation, Model<T> model, Loss loss, Matrix<T> x, Matrix<T> y, string xName, string yName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x, xName);
        ArgumentNullException.ThrowIfNull(y, yName);
        MatrixData.RequireAllValues(operation, y, yName);
        if (x.RowCount == 0)
            throw new ArgumentException($"{operation}: {xName} has no samples (shape {MatrixData.Shape(x)}).", xName);
        if (x.RowCount != y.RowCount)
            throw new ArgumentException(
                $"{operation}: {xName} has {x.RowCount} samples but {yName} has {y.RowCount}; they must have one row per sample each.", yName);
        model.RequireInput(x, xName);
        int outputs = model.OutputShape.Size;
        if (loss.TakesClassIndices)
        {
            if (y.ColumnCount != 1)
                throw new ArgumentException(
                    $"{operation}: {loss.Name} takes {yName} as a column of class indices ({y.RowCount}x1), got shape {MatrixData.Shape(y)}.", yName);
            Labels.ToIndices($"{operation} ({yName})", y, outputs);
        }
        else if (y.ColumnCount != outputs)
        {
            throw new ArgumentException(
                $"{operation}: the model outputs {outputs} values per sample (shape {model.OutputShape}) but {yName} has {y.ColumnCount} columns " +
                    $"(shape {MatrixData.Shape(y)}).", yName);
        }
        MatrixData.RequireFinite(operation, x, xName);
        MatrixData.RequireFinite(operation, y, yName);
    }

    /// <summary>
    /// Warns when the loss reads the outputs as something the last layer does not make: logits after a softmax (softmax
    /// applied twice), or probabilities from a layer without one (clipped to [1e-7, 1 − 1e-7], where gradients vanish).
    /// </summary>
    public static void WarnIfLossDoesNotFitOutput<T>(string operation, Model<T> model, Loss loss) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string last = model.Layers[^1].Name;
        if (loss.ExpectsLogits && model.OutputActivation == Activation.Softmax)
            Diagnostics.Emit(new Diagnostic(DiagnosticLevel.Warning, operation,
                $"the loss {loss.Name} expects logits, but the last layer '{last}' applies softmax, so softmax is applied twice " +
                (operation == "Fit" ? "and training is slowed and the loss misreported" : "and the loss is misreported") +
                ". Use Dense(units) without activation with fromLogits: true, or keep the softmax with fromLogits: false."));
        else if (loss.ExpectsProbabilities && model.OutputActivation != Activation.Softmax)
            Diagnostics.Emit(new Diagnostic(DiagnosticLevel.Warning, operation,
                $"the loss {loss.Name} expects probabilities, but the last layer '{last}' outputs {model.OutputActivation} values (logits): " +
                "outputs outside [0, 1] are clipped to [1e-7, 1 - 1e-7], where most gradients vanish. Give the last layer Activation.Softmax, " +
                "or use SparseCategoricalCrossentropy(fromLogits: true)."));
    }

    /// <summary>
    /// The metrics as they will compute for this model and these targets (<see cref="Metric.Accuracy"/> resolved by shape),
    /// each checked against the targets: none null, no two with one History name, each able to score <paramref name="y"/>.
    /// </summary>
    public static IReadOnlyList<Metric> RequireMetrics<T>(string operation, IReadOnlyList<Metric>? metrics, Model<T> model, Matrix<T> y, string yName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metrics is null) throw new ArgumentException($"{operation}: the metrics list is null; use [] for none.", nameof(metrics));
        int outputs = model.OutputShape.Size;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var resolved = new Metric[metrics.Count];
        for (int k = 0; k < metrics.Count; k++)
        {
            var metric = metrics[k] ?? throw new ArgumentException($"{operation}: metric #{k + 1} of {metrics.Count} is null.", nameof(metrics));
            if (!names.Add(metric.Name))
                throw new ArgumentException($"{operation}: two metrics are named '{metric.Name}'; a History keeps one value per name.", nameof(metrics));
            resolved[k] = metric.For(outputs, y.ColumnCount);
            resolved[k].Check(operation, outputs, y, yName);
        }
        return resolved;
    }
}
