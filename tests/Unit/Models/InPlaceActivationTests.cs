using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// Training applies relu, sigmoid, tanh and softmax in place over the kernel's output, since their backward reads only
/// the output (<c>Activation.BackwardReadsOutputOnly</c>): one matrix instead of two, and the same bits as with the
/// pre-activations kept apart.
/// </summary>
[Collection(ProviderCollection.Name)]
public sealed class InPlaceActivationTests
{
    public static TheoryData<string> Models => new() { "mlp", "convnet" };

    private static Model<float> Build(string name) => name == "mlp"
        ? Sequential.Create(3, Layers.Input(20), Layers.Dense(32, Activation.Relu), Layers.Dropout(0.25), Layers.Dense(16, Activation.Tanh),
            Layers.Dense(8, Activation.Sigmoid), Layers.Dense(4, Activation.Softmax))
        : Sequential.Create(3, Layers.Input(10, 10, 2), Layers.Conv2D(16, 3, Activation.Relu), Layers.MaxPooling2D(2),
            Layers.Conv2D(16, 3, Activation.Tanh), Layers.Flatten(), Layers.Dense(4, Activation.Softmax)); // 32 × 16 filters: fused

    [Theory]
    [MemberData(nameof(Models))]
    public void In_place_activations_give_the_outputs_and_gradients_of_separate_ones(string name)
    {
        var model = Build(name);
        const int n = 32;
        var engine = new Engine<float>(model, EngineMode.Gradients);
        var separate = new BatchBuffers<float>(engine, n, targetWidth: 1, keepLastOutput: true);
        var inPlace = new BatchBuffers<float>(engine, n, targetWidth: 1, keepLastOutput: true, inPlaceWhereBackwardAllows: true);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (!Engine<float>.HasNonLinearActivation(model.Layers[i])) continue;
            Assert.Same(inPlace.Passes[i].Output, inPlace.Activated[i]);
            Assert.NotSame(separate.Passes[i].Output, separate.Activated[i]);
        }

        var random = new Random(7);
        var x = Enumerable.Range(0, n * model.InputShape.Size).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var dOutput = Enumerable.Range(0, n * model.OutputShape.Size).Select(_ => random.NextSingle() - 0.5f).ToArray();
        (float[] Output, float[][] Gradients) Run(BatchBuffers<float> b)
        {
            x.CopyTo(MatrixData.ColumnMajor(b.Input), 0);
            engine.Forward(b, training: true, step: 1);
            dOutput.CopyTo(MatrixData.ColumnMajor(b.ActivatedGradient[^1]), 0);
            engine.Backward(b, headWrotePreActivation: false);
            return (b.Output!.ToColumnMajorArray(), engine.Gradients!.SelectMany(l => l).Select(g => g.ToColumnMajorArray()).ToArray());
        }
        var (expectedOutput, expectedGradients) = Run(separate);
        var (output, gradients) = Run(inPlace);
        Assert.Equal(expectedOutput, output);
        Assert.Equal(expectedGradients.Length, gradients.Length);
        for (int t = 0; t < gradients.Length; t++) Assert.Equal(expectedGradients[t], gradients[t]);
    }

    [Fact]
    public void Relu_backward_from_its_output_is_the_derivative_at_z_including_nan_and_signed_zeros()
    {
        float[] z = [2f, -3f, 0f, -0f, float.NaN, 1e-40f, -1e-40f, float.PositiveInfinity, float.NegativeInfinity, 0.5f, -0.5f, 7f, 1f, -1f, 3f, -2f, 4f];
        var a = new float[z.Length];
        Activation.Relu.ForwardInto<float>(z, a, z.Length, 1);
        var g = Enumerable.Range(1, z.Length).Select(k => (float)k).ToArray();
        var result = new float[z.Length];
        Activation.Relu.BackwardInto<float>(new float[z.Length], a, g, result, z.Length, 1); // z unread: zeros in its place
        for (int k = 0; k < z.Length; k++) Assert.Equal(z[k] > 0 ? g[k] : 0f, result[k]);
    }
}
