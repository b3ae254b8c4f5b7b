using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// A one-batch Predict takes its intermediate outputs from this thread's kept arrays (InferenceScratch): a later call
/// never changes an earlier result, a kept array holding another pass's values never leaks into a result, and a layer
/// that does not overwrite its whole output gets a cleared array.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class InferenceScratchTests
{
    public static TheoryData<string> Models => new() { "mlp", "cnn", "flatten-last", "user-layer" };

    /// <summary>A user's layer that adds its input into its output, so that it counts on the output starting at zero.</summary>
    private sealed record AccumulateSpec : LayerSpec
    {
        public override string Kind => "Accumulate";

        public override string BaseName => "accumulate";

        public override Shape OutputShape(string name, Shape input) => input;

        protected override Layer<T> Create<T>(string name, Shape input, Matrix<T>[] parameters, Matrix<T>[] state) => new Accumulate<T>(this, name, input);
    }

    private sealed record Accumulate<T> : Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Accumulate(LayerSpec spec, string name, Shape input) : base(spec, name, input, [], []) { }

        protected override void ForwardInto(LayerPass<T> pass)
        {
            var (x, z) = (MatrixData.ColumnMajor(pass.Input), MatrixData.ColumnMajor(pass.Output));
            for (int i = 0; i < z.Length; i++) z[i] += x[i];
        }

        protected override void BackwardInto(LayerPass<T> pass) => throw new NotSupportedException();
    }

    private static Model<double> Build(string kind) => kind switch
    {
        "mlp" => Sequential.Build<double>([Layers.Input(64), Layers.Dense(32, Activation.Tanh), Layers.Dense(16, Activation.Relu),
            Layers.Dense(3, Activation.Softmax)], 2),
        "cnn" => Sequential.Build<double>([Layers.Input(8, 8, 1), Layers.Conv2D(4, 3, Activation.Relu), Layers.MaxPooling2D(2),
            Layers.BatchNormalization(), Layers.Dropout(0.5), Layers.Flatten(), Layers.Dense(3, Activation.Softmax)], 2),
        "flatten-last" => Sequential.Build<double>([Layers.Input(64), Layers.Dense(32, Activation.Relu), Layers.Reshape(4, 8), Layers.Flatten()], 2),
        _ => Sequential.Build<double>([Layers.Input(64), Layers.Dense(32, Activation.Relu), new AccumulateSpec(), Layers.Dense(3)], 2),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Kept_arrays_never_reach_a_result_or_change_the_next_pass(string kind)
    {
        var model = Build(kind);
        var random = new Random(9);
        Matrix<double> Data(double scale) => Matrix<double>.Build.Dense(50, 64, (_, _) => scale * (random.NextDouble() - 0.5));
        var (x, other) = (Data(1), Data(100));
        // The reference: each pass on a fresh thread, so with no kept arrays.
        double[] Fresh(Matrix<double> input)
        {
            double[] result = [];
            var thread = new Thread(() => result = model.Predict(input, batchSize: 50).ToColumnMajorArray());
            thread.Start();
            thread.Join();
            return result;
        }
        var first = model.Predict(x, batchSize: 50);
        var kept = first.ToColumnMajorArray();
        var second = model.Predict(other, batchSize: 50); // reuses the arrays the first pass gave back
        var third = model.Predict(x, batchSize: 50);
        Assert.Equal(kept, first.ToColumnMajorArray()); // not overwritten by the later passes
        Assert.Equal(Fresh(x), kept);
        Assert.Equal(Fresh(other), second.ToColumnMajorArray());
        Assert.Equal(kept, third.ToColumnMajorArray());
        Assert.False(ReferenceEquals(first, third));
    }
}
