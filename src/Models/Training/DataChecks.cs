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
}
