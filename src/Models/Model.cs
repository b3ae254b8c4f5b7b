using System.Globalization;
using System.Text;
using Functional.Core;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Models;

/// <summary>
/// A sequential model: an immutable record of layers with their weights. Training never changes a model;
/// it returns a new one (see Training.Fit). Two models are equal when their layers and weights are equal.
/// </summary>
public sealed record Model<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Layer<T>[] _layers;

    /// <summary>A model from its input shape and layers; each layer's input shape must be the previous output shape.</summary>
    public Model(Shape inputShape, IEnumerable<Layer<T>> layers)
    {
        ElementTypes.Require<T>("Model");
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        if (_layers.Length == 0) throw new ArgumentException("Model: at least one layer is needed.", nameof(layers));
        var shape = inputShape;
        foreach (var layer in _layers)
        {
            if (!layer.InputShape.Equals(shape))
                throw new ArgumentException(
                    $"Model: layer '{layer.Name}' expects input shape {layer.InputShape} but the previous layer gives {shape}.", nameof(layers));
            shape = layer.OutputShape;
        }
        InputShape = inputShape;
    }

    /// <summary>The shape of one input sample.</summary>
    public Shape InputShape { get; }

    /// <summary>The range of input values this model was trained on (set by Fit; null for an untrained model).</summary>
    public InputRange? TrainingInputRange { get; init; }

    /// <summary>The same model, remembering that it has also been trained on inputs like <paramref name="x"/>.</summary>
    internal Model<T> TrainedOn(Matrix<T> x)
    {
        var range = InputRange.Of(x);
        return this with { TrainingInputRange = TrainingInputRange is null ? range : TrainingInputRange.Union(range) };
    }

    /// <summary>Warns through <see cref="Diagnostics"/> when <paramref name="x"/> lies far outside the training input range.</summary>
    internal void WarnIfOutsideTrainingRange(Matrix<T> x, string operation)
    {
        if (TrainingInputRange is not { } trained || x.RowCount == 0) return;
        var given = InputRange.Of(x);
        if (trained.IsFarOutside(given))
            Diagnostics.Emit(new Diagnostic(DiagnosticLevel.Warning, operation,
                $"the inputs range over {given} but the model was trained on inputs in {trained}; predictions this far outside " +
                "the training range are extrapolation. Preprocess them as the training data was (for images: divide by 255)."));
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer<T>> Layers => _layers;

    /// <summary>The shape of one output sample.</summary>
    public Shape OutputShape => _layers[^1].OutputShape;

    /// <summary>The last layer's activation (linear when it has none).</summary>
    public Activation OutputActivation => Layer<T>.ActivationOf(_layers[^1]);

    /// <summary>The trainable tensors, layer by layer (copies).</summary>
    public ParameterTree<T> Parameters => new(_layers.Select(l => l.Parameters).ToArray());

    /// <summary>The non-trainable state, layer by layer (copies; batch normalization's moving statistics).</summary>
    public ParameterTree<T> State => new(_layers.Select(l => l.State).ToArray());

    /// <summary>The number of trainable scalars (101,770 for the lab's MNIST model).</summary>
    public long ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>The number of non-trainable scalars.</summary>
    public long StateCount => _layers.Sum(l => l.StateCount);

    /// <summary>The same architecture with other weights (a tree of the shape of <see cref="Parameters"/>).</summary>
    public Model<T> WithParameters(ParameterTree<T> parameters)
    {
        Parameters.RequireSameShape(parameters, nameof(parameters));
        return new Model<T>(InputShape, _layers.Select((l, i) => l.WithParameters(parameters.Layers[i]))) { TrainingInputRange = TrainingInputRange };
    }

    /// <summary>The same architecture with another state (a tree of the shape of <see cref="State"/>).</summary>
    public Model<T> WithState(ParameterTree<T> state)
    {
        State.RequireSameShape(state, nameof(state));
        return new Model<T>(InputShape, _layers.Select((l, i) => l.WithState(state.Layers[i]))) { TrainingInputRange = TrainingInputRange };
    }

    /// <summary>The same architecture over tensors the library just made, per layer (training's snapshots): no copies.</summary>
    internal Model<T> WithOwnedTensors(Matrix<T>[][] parameters, Matrix<T>[][] state) =>
        new(InputShape, _layers.Select((l, i) => l.WithOwned(parameters[i], state[i]))) { TrainingInputRange = TrainingInputRange };

    /// <summary>The tensors without copying, for the library's own read-only use.</summary>
    internal ParameterTree<T> ParameterViews => new(_layers.Select(l => (IReadOnlyList<Matrix<T>>)l.ParameterStore).ToArray());

    /// <summary>Checks that a batch has one row per sample of <see cref="InputShape"/>.</summary>
    public void RequireInput(Matrix<T> x, string name = "x")
    {
        MatrixData.RequireAllValues("Model", x, name);
        if (x.ColumnCount != InputShape.Size)
            throw new ArgumentException(
                $"Model: the first layer '{_layers[0].Name}' expects samples of shape {InputShape} ({InputShape.Size} values per row), " +
                $"but {name} has shape {MatrixData.Shape(x)} ({x.ColumnCount} values per row).", name);
    }

    /// <summary>
    /// The inference pass of every layer, in order, as one batch: each layer's input, the output of its kernel before its
    /// activation, and its output (copies; "see inside the network").
    /// </summary>
    public IReadOnlyList<LayerTrace<T>> Trace(Matrix<T> x)
    {
        RequireInput(x);
        var engine = new Engine<T>(this, EngineMode.Inference);
        var b = new BatchBuffers<T>(engine, x.RowCount, targetWidth: 0, keepLastOutput: true, input: x, inPlaceActivations: false);
        engine.Forward(b, training: false);
        return b.Passes.Select((p, i) => new LayerTrace<T>(p.Input.Clone(), p.Output.Clone(), b.Activated[i]!.Clone())).ToArray();
    }

    /// <summary>The model's output for a batch (all rows at once).</summary>
    public Matrix<T> Forward(Matrix<T> x)
    {
        RequireInput(x);
        return Evaluation.Outputs(this, x, Math.Max(1, x.RowCount));
    }

    /// <summary>The model's outputs for every row of <paramref name="x"/>, <paramref name="batchSize"/> rows at a time.</summary>
    public Matrix<T> Predict(Matrix<T> x, int batchSize = 32) => Evaluation.Predict(this, x, batchSize);

    /// <summary>Keras' summary table: layer (type), output shape, parameter count, then the totals.</summary>
    public string Summary(string name = "sequential")
    {
        var culture = CultureInfo.InvariantCulture;
        var rule = new string('_', 65);
        var sb = new StringBuilder();
        sb.AppendLine($"Model: \"{name}\"");
        sb.AppendLine(rule);
        sb.AppendLine($" {"Layer (type)",-27} {"Output Shape",-25} {"Param #"}");
        sb.AppendLine(new string('=', 65));
        for (int i = 0; i < _layers.Length; i++)
        {
            var l = _layers[i];
            sb.AppendLine($" {$"{l.Name} ({l.Kind})",-27} {l.OutputShape,-25} {(l.ParameterCount + l.StateCount).ToString(culture)}");
            sb.AppendLine(i == _layers.Length - 1 ? new string('=', 65) : "");
        }
        sb.AppendLine($"Total params: {(ParameterCount + StateCount).ToString("N0", culture)}");
        sb.AppendLine($"Trainable params: {ParameterCount.ToString("N0", culture)}");
        sb.AppendLine($"Non-trainable params: {StateCount.ToString("N0", culture)}");
        sb.Append(rule);
        return sb.ToString();
    }

    /// <summary>Equal when the input shape, the layers, every weight (bit for bit) and the training input range are equal.</summary>
    public bool Equals(Model<T>? other) =>
        other is not null && InputShape.Equals(other.InputShape) && _layers.SequenceEqual(other._layers) && Equals(TrainingInputRange,
            other.TrainingInputRange);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(InputShape, _layers.Length, ParameterCount);

    /// <inheritdoc />
    public override string ToString() =>
        $"Model<{typeof(T).Name}>(input {InputShape}: {string.Join(" -> ", _layers.Select(l => l.Spec))})";
}
