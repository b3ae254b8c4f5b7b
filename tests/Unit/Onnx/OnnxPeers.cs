using System.Diagnostics;

namespace Functional.Tests.Unit.Onnx;

/// <summary>
/// Debian's python3 with its onnx and torch packages, the peers the ONNX tests check against. CI installs them and sets
/// FUNCTIONAL_REQUIRE_ONNX_PEERS=1, which turns "not installed" from a skip into a failure.
/// </summary>
public static class OnnxPeers
{
    /// <summary>Whether a missing peer must fail the test.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_ONNX_PEERS") == "1";

    /// <summary>The folder of the test data: PyTorch's exports, their outputs and the scripts.</summary>
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Onnx", "Data");

    /// <summary>Debian's interpreter (its packages live there, not in a pyenv on PATH), else python3 from PATH.</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Whether <c>import module</c> works in <see cref="Python"/>.</summary>
    public static bool Has(string module)
    {
        try
        {
            return Run(["-c", $"import {module}"]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no python3 at all
        }
    }

    /// <summary>Runs <see cref="Python"/> with <paramref name="arguments"/>; its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
