using MathNet.Numerics.LinearAlgebra;

namespace Functional.Core;

/// <summary>Class labels as a column matrix (n × 1) of class indices, the form sparse losses and metrics take.</summary>
public static class Labels
{
    /// <summary>A column matrix holding <paramref name="labels"/> as numbers of type <typeparamref name="T"/>.</summary>
    public static Matrix<T> ToColumn<T>(IReadOnlyList<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labels);
        var data = new T[labels.Count];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(labels[i]);
        return MatrixData.Wrap(data.Length, 1, data);
    }

    /// <summary>
    /// The class indices held in an n × 1 column; each must be a whole number in [0, <paramref name="classes"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A value is not a whole number or lies outside [0, classes), naming the row and the value.</exception>
    public static int[] ToIndices<T>(string operation, Matrix<T> column, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(column);
        if (column.ColumnCount != 1)
            throw new ArgumentException($"{operation}: labels must be one column (n x 1), got {MatrixData.Shape(column)}.", nameof(column));
        var data = MatrixData.ColumnMajor(column);
        var result = new int[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            var v = data[i];
            if (!T.IsInteger(v) || v < T.Zero || v >= T.CreateChecked(classes))
                throw new ArgumentException(
                    FormattableString.Invariant($"{operation}: label {v} at row {i} is outside the classes [0, {classes}) of the predictions (or not a ") +
                        FormattableString.Invariant($"whole number)."), nameof(column));
            result[i] = Index(v);
        }
        return result;
    }

    /// <summary>The class index a label value stands for, without checks: for labels <see cref="ToIndices{T}"/> has accepted.</summary>
    internal static int Index<T>(T label) where T : unmanaged, IFloatingPointIeee754<T> => int.CreateTruncating(label);
}
