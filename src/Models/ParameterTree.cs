using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// The trainable tensors of a model, layer by layer (a Dense layer holds [kernel, bias]; Flatten holds none).
/// Gradients and optimizer slots (Adam's m and v, SGD's velocity) are trees of the same shape, so an optimizer
/// maps over parameters, gradients and slots together (as in Equinox and Optax).
/// </summary>
/// <remarks>Treat the matrices as values: the library never writes into a matrix held by a tree.</remarks>
public sealed record ParameterTree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A tree from per-layer lists of tensors.</summary>
    public ParameterTree(IReadOnlyList<IReadOnlyList<Matrix<T>>> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Layers = layers.Select(l => (IReadOnlyList<Matrix<T>>)[.. l]).ToArray();
    }

    /// <summary>Per layer, its tensors in a fixed order.</summary>
    public IReadOnlyList<IReadOnlyList<Matrix<T>>> Layers { get; }

    /// <summary>Every tensor, layer by layer.</summary>
    public IEnumerable<Matrix<T>> Leaves => Layers.SelectMany(l => l);

    /// <summary>The number of scalars in the tree.</summary>
    public long Count => Leaves.Sum(m => (long)m.RowCount * m.ColumnCount);

    /// <summary>A tree of the same shape with <paramref name="f"/> applied to each tensor.</summary>
    public ParameterTree<T> Map(Func<Matrix<T>, Matrix<T>> f) =>
        new(Layers.Select(l => (IReadOnlyList<Matrix<T>>)l.Select(f).ToArray()).ToArray());

    /// <summary>A tree of the same shape combining this tree's tensors with <paramref name="other"/>'s, pairwise.</summary>
    /// <exception cref="ArgumentException">The trees differ in shape.</exception>
    public ParameterTree<T> Zip(ParameterTree<T> other, Func<Matrix<T>, Matrix<T>, Matrix<T>> f)
    {
        RequireSameShape(other, nameof(other));
        return new(Layers.Select((l, i) => (IReadOnlyList<Matrix<T>>)l.Select((m, j) => f(m, other.Layers[i][j])).ToArray()).ToArray());
    }

    /// <summary>A tree of zeros with this tree's shape.</summary>
    public ParameterTree<T> ZerosLike() => Map(m => Matrix<T>.Build.Dense(m.RowCount, m.ColumnCount));

    /// <summary>Throws unless <paramref name="other"/> has the same layers and tensor shapes.</summary>
    public void RequireSameShape(ParameterTree<T> other, string name)
    {
        ArgumentNullException.ThrowIfNull(other, name);
        if (other.Layers.Count != Layers.Count)
            throw new ArgumentException($"ParameterTree: {name} has {other.Layers.Count} layers, expected {Layers.Count}.", name);
        for (int i = 0; i < Layers.Count; i++)
        {
            if (other.Layers[i].Count != Layers[i].Count)
                throw new ArgumentException($"ParameterTree: {name} layer {i} has {other.Layers[i].Count} tensors, expected {Layers[i].Count}.", name);
            for (int j = 0; j < Layers[i].Count; j++)
            {
                var a = Layers[i][j];
                var b = other.Layers[i][j];
                if (a.RowCount != b.RowCount || a.ColumnCount != b.ColumnCount)
                    throw new ArgumentException(
                        $"ParameterTree: {name} layer {i} tensor {j} has shape {MatrixData.Shape(b)}, expected {MatrixData.Shape(a)}.", name);
            }
        }
    }

    /// <summary>Equal when every tensor is equal element by element (bit for bit).</summary>
    public bool Equals(ParameterTree<T>? other)
    {
        if (other is null || other.Layers.Count != Layers.Count) return false;
        for (int i = 0; i < Layers.Count; i++)
        {
            if (other.Layers[i].Count != Layers[i].Count) return false;
            for (int j = 0; j < Layers[i].Count; j++)
                if (!Layers[i][j].Equals(other.Layers[i][j])) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Layers.Count, Count);

    /// <inheritdoc />
    public override string ToString() =>
        "ParameterTree[" + string.Join("; ", Layers.Select(l => string.Join(", ", l.Select(m => MatrixData.Shape(m))))) + "]";
}
