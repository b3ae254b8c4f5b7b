using System.Runtime.InteropServices;

namespace Functional.Core.IO;

/// <summary>
/// Replaces a whole folder so that readers see the old one or the new one, never a mix: the new content is written
/// into a temporary sibling, which then takes the folder's place. On Linux the two are exchanged in one step
/// (<c>renameat2(RENAME_EXCHANGE)</c>), so there is no moment without the folder; elsewhere the old folder is renamed
/// away first. On failure the temporary folder is deleted and the old folder is where it was. The report and the
/// MNIST cache use it.
/// </summary>
/// <remarks>
/// As for <see cref="AtomicFile"/>, a killed process leaves its hidden temporary behind; the next replacement of the
/// same folder deletes it.
/// </remarks>
public static class AtomicDirectory
{
    /// <summary>Fills a new folder through <paramref name="fill"/> (given its path) and swaps it in as <paramref name="directory"/>.</summary>
    /// <remarks>
    /// When another process puts a folder at <paramref name="directory"/> between the two renames of the fallback, its
    /// folder is kept and this one discarded (both were complete).
    /// </remarks>
    /// <exception cref="IOException">Writing or renaming failed; the previous folder is left in place.</exception>
    public static void Replace(string directory, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(fill);
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(target)) throw new IOException($"AtomicDirectory: '{target}' is a file, not a folder; not replacing it.");
        var temp = Temporaries.Sibling(target, "tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        Temporaries.SweepStale(target);
        try
        {
            Directory.CreateDirectory(temp);
            fill(temp);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        string? old = null;
        try
        {
            if (Directory.Exists(target) && Exchange(temp, target))
            {
                old = temp; // the exchange left the previous folder at the temporary name
            }
            else
            {
                if (Directory.Exists(target))
                {
                    old = Temporaries.Sibling(target, "old");
                    Directory.Move(target, old);
                }
                try
                {
                    Directory.Move(temp, target);
                }
                catch (IOException) when (Directory.Exists(target))
                {
                    // Another process put its complete folder there between the two renames: keep it.
                }
                catch
                {
                    if (old is not null) Directory.Move(old, target); // put the previous folder back
                    old = null;
                    throw;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"AtomicDirectory: could not move the new folder into '{target}': {e.Message}", e);
        }
        finally
        {
            TryDelete(temp);
            if (old is not null) TryDelete(old); // the new folder is in place; the old copy is only clutter
        }
    }

    /// <summary>
    /// Throws unless a folder could be written at <paramref name="directory"/>: it is not a file, and its parent (or, if the
    /// parent does not exist yet, the nearest folder above it) accepts a new folder. Nothing is left behind. Lets a long
    /// job fail before it starts rather than after.
    /// </summary>
    /// <exception cref="IOException">The path is a file, or the place is not writable; the message names it.</exception>
    public static void RequireWritable(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(target)) throw new IOException($"'{target}' is a file, not a folder.");
        var parent = Path.GetDirectoryName(target) ?? throw new IOException($"'{target}' is a root; there is no folder to write beside it.");
        var existing = parent;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new IOException($"cannot write '{target}': '{existing}' is a file, not a folder.");
            existing = Path.GetDirectoryName(existing) ?? throw new IOException($"cannot write '{target}': none of its parent folders exists.");
        }
        var probe = Path.Combine(existing, $".{Path.GetFileName(target)}.{Environment.ProcessId}-{Guid.NewGuid():N}.probe");
        try
        {
            Directory.CreateDirectory(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{target}': '{existing}' does not accept new folders ({e.Message}).", e);
        }
        finally
        {
            TryDelete(probe);
        }
    }

    /// <summary>Deletes a folder and everything in it, ignoring a folder that is gone or cannot be deleted.</summary>
    internal static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Swaps two existing folders in one step (Linux <c>renameat2(RENAME_EXCHANGE)</c>); false where the system cannot.</summary>
    private static bool Exchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Native.renameat2(Native.AtCurrentDirectory, a, Native.AtCurrentDirectory, b, Native.RenameExchange) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // a C library without renameat2 (before glibc 2.28): the two-rename fallback
        }
    }

    private static class Native
    {
        public const int AtCurrentDirectory = -100;
        public const uint RenameExchange = 2;

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA2101 // paths are passed as the C library receives them (UTF-8 on Linux)
        public static extern int renameat2(int oldDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirectory,
            [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);
#pragma warning restore CA2101
    }
}
