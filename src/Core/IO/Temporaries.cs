using System.Diagnostics;

namespace Functional.Core.IO;

/// <summary>
/// The hidden temporaries of <see cref="AtomicFile"/> and <see cref="AtomicDirectory"/>: named
/// <c>.name.PID-GUID.suffix</c> beside their target, so that a later write can tell whose they are and delete those
/// of processes that were killed.
/// </summary>
public static class Temporaries
{
    private static readonly string[] Suffixes = ["tmp", "old"];

    /// <summary>A hidden, unique name beside <paramref name="fullPath"/>, tagged with this process: <c>.name.PID-GUID.suffix</c>.</summary>
    internal static string Sibling(string fullPath, string suffix)
    {
        var trimmed = fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var parent = Path.GetDirectoryName(trimmed)
            ?? throw new ArgumentException($"'{fullPath}' is a root; there is no folder to write beside it.", nameof(fullPath));
        return Path.Combine(parent, $".{Path.GetFileName(trimmed)}.{Environment.ProcessId}-{Guid.NewGuid():N}.{suffix}");
    }

    /// <summary>The temporaries beside <paramref name="fullPath"/> (files or folders) whose process no longer runs.</summary>
    public static IReadOnlyList<string> Stale(string fullPath)
    {
        var trimmed = Path.GetFullPath(fullPath).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var parent = Path.GetDirectoryName(trimmed);
        if (parent is null || !Directory.Exists(parent)) return [];
        var prefix = "." + Path.GetFileName(trimmed) + ".";
        var stale = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(parent, prefix + "*"))
        {
            var name = Path.GetFileName(entry);
            var rest = name[prefix.Length..];
            int dash = rest.IndexOf('-'), dot = rest.LastIndexOf('.');
            if (dash <= 0 || dot - dash - 1 != 32 || !Suffixes.Contains(rest[(dot + 1)..])) continue;
            if (!int.TryParse(rest.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid))
                continue;
            if (!IsRunning(pid)) stale.Add(entry);
        }
        return stale;
    }

    /// <summary>Deletes the stale temporaries beside <paramref name="fullPath"/>, ignoring any that cannot be deleted.</summary>
    internal static void SweepStale(string fullPath)
    {
        foreach (var entry in Stale(fullPath))
        {
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
