using System.CommandLine;
using Functional.Models;

namespace Functional.Reports;

/// <summary>
/// <c>export MODEL_FILE OUT.onnx</c>: a model saved by <see cref="ModelFile.Save{T}"/> (float32 or float64) written as ONNX,
/// for ONNX Runtime, ML.NET or PyTorch's tools. Exits 1 with a message naming the file or the layer when it cannot.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The <c>export</c> command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL_FILE") { Description = "a model file written by ModelFile.Save" };
        var output = new Argument<string>("OUT.onnx") { Description = "the ONNX file to write (atomically; an existing file is replaced)" };
        var command = new Command("export", "writes a saved model as an ONNX file (opset 13, float32, dynamic batch)") { model, output };
        command.SetAction(parsed => Run(parsed.GetValue(model)!, parsed.GetValue(output)!));
        return command;
    }

    private static int Run(string modelPath, string onnxPath)
    {
        try
        {
            var (layers, parameters) = Export(modelPath, onnxPath);
            Console.WriteLine($"Exported {modelPath} ({layers} layers, {parameters:N0} parameters) to {Path.GetFullPath(onnxPath)}.");
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"functional export: failed: {e.Message}");
            Console.Error.WriteLine($"Nothing was written to {onnxPath}.");
            return 1;
        }
    }

    /// <summary>Loads the model in the element type it was saved in and exports it.</summary>
    private static (int Layers, long Parameters) Export(string modelPath, string onnxPath)
    {
        Model<float> single;
        try
        {
            single = ModelFile.Load<float>(modelPath);
        }
        catch (InvalidDataException) when (TryLoadDouble(modelPath) is { } wide)
        {
            ModelFile.ExportOnnx(wide, onnxPath);
            return (wide.Layers.Count, wide.ParameterCount);
        }
        ModelFile.ExportOnnx(single, onnxPath);
        return (single.Layers.Count, single.ParameterCount);
    }

    private static Model<double>? TryLoadDouble(string path)
    {
        try
        {
            return ModelFile.Load<double>(path);
        }
        catch (InvalidDataException)
        {
            return null; // not a float64 model either: the float32 attempt's error is the one to show
        }
    }
}
