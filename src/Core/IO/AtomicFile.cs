namespace Functional.Core.IO;

/// <summary>
/// Writes a file so that readers see the old content or the new one, never a part: the bytes go to a temporary file
/// next to it (<c>.name.PID-GUID.tmp</c>), flushed to disk, which is then renamed into place. On failure the temporary
/// file is deleted and the old file is left as it was. The library's model files, IDX files and report use it.
/// </summary>
/// <remarks>
/// A process killed outright (SIGKILL, power loss) runs no cleanup: its temporary stays, hidden, beside the file. The
/// next write of the same path deletes the temporaries of processes that no longer run (<see cref="Temporaries"/>).
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable; nothing was changed.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        Temporaries.SweepStale(full);
        var temp = Temporaries.Sibling(full, "tmp");
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
}
