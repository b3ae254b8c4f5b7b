using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Reports.Publishing;

/// <summary>
/// A trained model the report publishes as <c>models/NAME.onnx</c>, for use outside the library (ONNX Runtime, ML.NET,
/// PyTorch's tools), with the inputs it was asked about in its section (the tests run the file on them in ONNX Runtime).
/// </summary>
/// <param name="Name">The file's stem: letters, digits and <c>-</c>, unique in the report.</param>
/// <param name="Description">What the model is, in one sentence (which run, which data it expects).</param>
/// <param name="Model">The trained model.</param>
/// <param name="Inputs">Samples it was evaluated on, one per row (as its section's predictions used them).</param>
public sealed record PublishedModel(string Name, string Description, Model<float> Model, Matrix<float> Inputs)
{
    /// <summary>The file's path inside the report folder.</summary>
    public string FileName => $"models/{Name}.onnx";
}
