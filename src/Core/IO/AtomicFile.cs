namespace Functional.Core.IO;

/// <summary>
/// Writes a file so that readers see the old content or the new one, never a part: the bytes go to a temporary file
/// next to it (<c>.name.GUID.tmp</c>), flushed to disk, which is then renamed into place. On failure the temporary file
/// is deleted and the old file is left as it was. The library's model files, IDX files and report use it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable; nothing was changed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = TemporarySibling(full, "tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>A hidden, unique name beside <paramref name="fullPath"/>: <c>.name.GUID.suffix</c>.</summary>
    internal static string TemporarySibling(string fullPath, string suffix)
    {
        var trimmed = fullPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var parent = Path.GetDirectoryName(trimmed)
            ?? throw new ArgumentException($"AtomicFile: '{fullPath}' is a root; there is no folder to write beside it.", nameof(fullPath));
        return Path.Combine(parent, $".{Path.GetFileName(trimmed)}.{Guid.NewGuid():N}.{suffix}");
    }
}

/// <summary>
/// Replaces a whole folder so that readers see the old one or the new one, never a mix: the new content is written
/// into a temporary sibling, which is renamed into place once complete (the old folder renamed away first and deleted
/// after). On failure the temporary folder is deleted and the old folder is where it was. The report and the MNIST
/// cache use it.
/// </summary>
public static class AtomicDirectory
{
    /// <summary>Fills a new folder through <paramref name="fill"/> (given its path) and swaps it in as <paramref name="directory"/>.</summary>
    /// <remarks>
    /// When another process puts a folder at <paramref name="directory"/> between the two renames, its folder is kept and
    /// this one discarded (both were complete).
    /// </remarks>
    /// <exception cref="IOException">Writing or renaming failed; the previous folder is left in place.</exception>
    public static void Replace(string directory, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(fill);
        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(target)) throw new IOException($"AtomicDirectory: '{target}' is a file, not a folder; not replacing it.");
        var temp = AtomicFile.TemporarySibling(target, "tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
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
            if (Directory.Exists(target))
            {
                old = AtomicFile.TemporarySibling(target, "old");
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

    /// <summary>Deletes a folder and everything in it, ignoring a folder that is gone or cannot be deleted.</summary>
    internal static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
