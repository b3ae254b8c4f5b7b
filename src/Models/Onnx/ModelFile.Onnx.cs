using Functional.Core.IO;

namespace Functional.Models;

/// <summary>
/// ONNX export and import: the interchange format ONNX Runtime, ML.NET, PyTorch and TensorFlow's tools read. The export is a
/// standard float32 model (IR 8, opset 13, input "input" and output "output" with a dynamic batch dimension); the import reads
/// the graphs that map onto the library's layers (see <see cref="OnnxImport"/>).
/// </summary>
public static partial class ModelFile
{
    /// <summary>Writes <paramref name="model"/> as an ONNX file (atomically: temporary file, then rename).</summary>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX mapping; the message names it, and nothing is written.</exception>
    public static void ExportOnnx<T>(Model<T> model, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.WriteAllBytes(path, ToOnnxBytes(model));
    }

    /// <summary>The model as ONNX bytes.</summary>
    /// <exception cref="NotSupportedException">A layer or activation has no ONNX mapping; the message names it.</exception>
    public static byte[] ToOnnxBytes<T>(Model<T> model) where T : unmanaged, IFloatingPointIeee754<T> => OnnxExport.ToBytes(model);

    /// <summary>Reads an ONNX file as a model of element type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not ONNX (truncated, corrupt), or its graph does not map onto the library's
    /// layers (an operator it has no layer for, branches, shapes that do not chain); the message names the file and the node.</exception>
    public static Model<T> ImportOnnx<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"ModelFile.ImportOnnx: '{path}' is a directory, not an ONNX file.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException($"ModelFile.ImportOnnx: '{path}' does not exist (no such directory).", path, e);
        }
        try
        {
            return OnnxImport.FromBytes<T>(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"ModelFile.ImportOnnx: '{path}': {e.Message}", e);
        }
    }

    /// <summary>A model from ONNX bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not ONNX, or the graph does not map onto the library's layers.</exception>
    public static Model<T> FromOnnxBytes<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T> => OnnxImport.FromBytes<T>(bytes);
}
