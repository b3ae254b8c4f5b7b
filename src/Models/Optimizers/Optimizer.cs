using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// An optimizer as a pair of pure functions, in the manner of Optax: <see cref="Init{T}"/> makes the starting state for
/// some parameters and <see cref="Update{T}"/> maps (gradients, state, parameters) to new parameters and a new state.
/// Nothing is mutated. The hyperparameters are an immutable record: make variants with <c>with</c>
/// (e.g. <c>new Adam() with { LearningRate = 0.01 }</c>); they are validated there too.
/// </summary>
/// <remarks>
/// The update rules are Keras 3's (keras/src/optimizers/*.py), element for element. Scalar coefficients
/// (learning rate, bias corrections, 1 − β) are computed in double and then converted to <c>T</c> once per step;
/// the element-wise work runs in <c>T</c> over the column-major storage into new arrays.
/// </remarks>
public abstract record Optimizer
{
    private protected Optimizer() { }

    /// <summary>The optimizer's name, as error messages and reports show it.</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate (step size); positive and finite.</summary>
    /// <exception cref="ArgumentException">Not positive, or not finite.</exception>
    public double LearningRate
    {
        get;
        init => field = double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentException($"{Name}: LearningRate must be positive and finite, got {value}.", nameof(LearningRate));
    }

    /// <summary>How many slot trees this configuration keeps (see <see cref="OptimizerState{T}.Slots"/>).</summary>
    private protected abstract int SlotCount { get; }

    /// <summary>
    /// The element-wise rule. Made once per optimizer and element type; each call gets the update number (1 for the
    /// first), from which it computes its scalar coefficients, so a training step allocates nothing for it.
    /// </summary>
    private protected abstract LeafKernel<T> Kernel<T>() where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Update number <paramref name="step"/> of one tensor: read the parameter, gradient and slots, fill the new arrays
    /// (same lengths). Element k of every input is read before element k of any output is written, so the outputs may
    /// be the inputs' own arrays.
    /// </summary>
    private protected delegate void LeafKernel<T>(long step, T[] parameter, T[] gradient, T[][] slots, T[] newParameter, T[][] newSlots);

    /// <summary>The starting state for <paramref name="parameters"/>: step 0 and every slot a tree of zeros of their shape.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public OptimizerState<T> Init<T>(ParameterTree<T> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new OptimizerState<T>(0, Enumerable.Range(0, SlotCount).Select(_ => parameters.ZerosLike()).ToArray());
    }

    /// <summary>
    /// Applies one update: new parameters from <paramref name="parameters"/> and <paramref name="gradients"/>, and the
    /// state advanced by one step. The arguments are not changed.
    /// </summary>
    /// <param name="gradients">The loss gradient, shaped like <paramref name="parameters"/>.</param>
    /// <param name="state">This optimizer's state for these parameters (from <see cref="Init{T}"/> or a previous update).</param>
    /// <param name="parameters">The current parameters.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The gradients or the state's slots are not shaped like the parameters, or the state has the wrong number of slots for this optimizer.</exception>
    public OptimizerUpdate<T> Update<T>(ParameterTree<T> gradients, OptimizerState<T> state, ParameterTree<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        RequireShape(parameters, gradients, nameof(gradients), nameof(gradients));
        if (state.Slots.Count != SlotCount)
            throw new ArgumentException(
                $"{Name}.Update: state has {state.Slots.Count} slots but {this} keeps {SlotCount}; make the state with this optimizer's Init.",
                nameof(state));
        for (int s = 0; s < SlotCount; s++)
            RequireShape(parameters, state.Slots[s], $"state slot {s}", nameof(state));

        long step = checked(state.Step + 1);
        var kernel = Kernel<T>();
        var layers = parameters.Layers;
        var newParameters = new IReadOnlyList<Matrix<T>>[layers.Count];
        var newSlots = new IReadOnlyList<Matrix<T>>[SlotCount][];
        for (int s = 0; s < SlotCount; s++) newSlots[s] = new IReadOnlyList<Matrix<T>>[layers.Count];

        for (int i = 0; i < layers.Count; i++)
        {
            int tensors = layers[i].Count;
            var layerParameters = new Matrix<T>[tensors];
            var layerSlots = new Matrix<T>[SlotCount][];
            for (int s = 0; s < SlotCount; s++) layerSlots[s] = new Matrix<T>[tensors];
            for (int j = 0; j < tensors; j++)
            {
                var p = layers[i][j];
                int rows = p.RowCount, columns = p.ColumnCount, n = rows * columns;
                var slotsIn = new T[SlotCount][];
                var slotsOut = new T[SlotCount][];
                for (int s = 0; s < SlotCount; s++)
                {
                    slotsIn[s] = MatrixData.ColumnMajor(state.Slots[s].Layers[i][j]);
                    slotsOut[s] = new T[n];
                }
                var pOut = new T[n];
                kernel(step, MatrixData.ColumnMajor(p), MatrixData.ColumnMajor(gradients.Layers[i][j]), slotsIn, pOut, slotsOut);
                layerParameters[j] = MatrixData.Wrap(rows, columns, pOut);
                for (int s = 0; s < SlotCount; s++) layerSlots[s][j] = MatrixData.Wrap(rows, columns, slotsOut[s]);
            }
            newParameters[i] = layerParameters;
            for (int s = 0; s < SlotCount; s++) newSlots[s][i] = layerSlots[s];
        }

        return new OptimizerUpdate<T>(
            new ParameterTree<T>(newParameters),
            new OptimizerState<T>(step, newSlots.Select(s => new ParameterTree<T>(s)).ToArray()));
    }

    /// <summary>How many slot trees this configuration keeps, for the library's own use (training's workspace).</summary>
    internal int Slots => SlotCount;

    /// <summary>
    /// Training's fast path: a function that applies update number <c>step</c> in place, through the same element kernel
    /// as <see cref="Update{T}"/> (made once, so that a step allocates nothing). Passing the same arrays as input and
    /// output gives the values <see cref="Update{T}"/> would return, bit for bit.
    /// </summary>
    /// <returns>
    /// (step, parameters, gradients, slots): per tensor its column-major values (overwritten with the new values), its
    /// gradient (same length), and its <see cref="SlotCount"/> slot arrays (overwritten).
    /// </returns>
    internal Action<long, T[][], T[][], T[][][]> InPlaceUpdate<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = Kernel<T>();
        return (step, parameters, gradients, slots) =>
        {
            for (int i = 0; i < parameters.Length; i++)
                kernel(step, parameters[i], gradients[i], slots[i], parameters[i], slots[i]);
        };
    }

    private void RequireShape<T>(ParameterTree<T> parameters, ParameterTree<T> other, string name, string paramName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        try
        {
            parameters.RequireSameShape(other, name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Name}.Update: {e.Message}", paramName, e);
        }
    }

    /// <summary>The conversion of a double coefficient to the element type, done once per step.</summary>
    private protected static T Coefficient<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateChecked(value);

    /// <summary>Throws unless <paramref name="value"/> lies in [0, 1), or [0, 1] when <paramref name="includeOne"/>.</summary>
    private protected double RequireFraction(double value, string name, bool includeOne)
    {
        bool ok = value >= 0 && (includeOne ? value <= 1 : value < 1);
        return ok
            ? value
            : throw new ArgumentException($"{Name}: {name} must be in [0, 1{(includeOne ? "]" : ")")}, got {value}.", name);
    }

    /// <summary>Throws unless <paramref name="value"/> is positive and finite.</summary>
    private protected double RequirePositive(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentException($"{Name}: {name} must be positive and finite, got {value}.", name);
}
