// Using your model elsewhere: train, export to ONNX, run the file in ONNX Runtime, and load it back into Functional.
// Run: dotnet run docs/examples/snippets/elsewhere.cs
#:project ../../../src/Models/Models.csproj
#:package Microsoft.ML.OnnxRuntime
using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

// A small model of y = ln(x + 1), as in part 3.
var x = Matrix<float>.Build.Dense(100, 1, (i, _) => i / 10f);
var y = x.Map(v => MathF.Log(v + 1));
var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(3, Activation.Tanh), Layers.Dense(1));
var trained = Training.Fit(model, new Adam(0.05), Loss.MeanSquaredError, x, y, new FitOptions<float> { Epochs = 200, BatchSize = 10 }).Model;

// <export>
ModelFile.ExportOnnx(trained, "ln.onnx");            // opset 13, float32, input "input" (batch, 1), output "output"
// </export>

// <onnxruntime>
using var session = new InferenceSession("ln.onnx");
float[] inputs = [0f, 1f, 4.5f, 9.9f];
var tensor = new DenseTensor<float>(inputs, [inputs.Length, 1]);
using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
var fromOnnx = results.Single(r => r.Name == "output").AsTensor<float>().ToArray();
// </onnxruntime>

var fromFunctional = trained.Predict(Matrix<float>.Build.Dense(inputs.Length, 1, inputs));
for (int i = 0; i < inputs.Length; i++)
    Console.WriteLine($"x = {inputs[i],4}: ONNX Runtime {fromOnnx[i]:F6}, Functional {fromFunctional[i, 0]:F6}, ln(x + 1) = {MathF.Log(inputs[i] + 1):F6}");
double worst = inputs.Select((_, i) => Math.Abs(fromOnnx[i] - fromFunctional[i, 0])).Max();
if (worst > 1e-5) throw new InvalidOperationException($"ONNX Runtime and Functional differ by {worst}");

// <import>
var back = ModelFile.ImportOnnx<float>("ln.onnx");   // the same layers and weights
Console.WriteLine(back.Summary());
// </import>
if (!back.Predict(x).Equals(trained.Predict(x))) throw new InvalidOperationException("the imported model predicts differently");
File.Delete("ln.onnx");
Console.WriteLine($"ONNX Runtime agrees with Predict within {worst:E1}; the imported model predicts bit for bit the same.");
