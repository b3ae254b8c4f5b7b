using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Core.IO;
using Functional.Reports.Publishing;

namespace Functional.Reports.Lab.Shards;

/// <summary>The settings every shard of one report must share: the parts selected (report order), the seeds, the sizes.</summary>
/// <param name="Parts">The ids of the parts the whole report runs.</param>
/// <param name="Seeds">Seeds per regression experiment.</param>
/// <param name="Quick">Small sizes.</param>
public sealed record ShardSettings(IReadOnlyList<string> Parts, int Seeds, bool Quick)
{
    /// <summary>SHA-256 of the settings in a fixed JSON form, hex: equal for every shard of one report.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { parts = Parts, seeds = Seeds, quick = Quick })));
}

/// <summary>
/// One shard's results, <c>shard-I-of-N.json</c> (format <see cref="Format"/>): the settings and their hash, the library
/// version and commit, where and when it ran, and each of its units (parts) with its section exactly
/// (<see cref="SectionCodec"/>). Written atomically, so a shard killed while writing leaves no file.
/// </summary>
/// <param name="Settings">The report's settings.</param>
/// <param name="LibraryVersion">The library version that ran it.</param>
/// <param name="Commit">The source commit, when known (git), else null.</param>
/// <param name="Shard">Which shard of how many.</param>
/// <param name="Started">When it started.</param>
/// <param name="Machine">The machine (CPU, cores, OS).</param>
/// <param name="Provider">The linear-algebra provider.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Units">The part ids it ran, in report order.</param>
/// <param name="Sections">Their sections, in the same order.</param>
public sealed record ShardFile(ShardSettings Settings, string LibraryVersion, string? Commit, ShardSpec Shard, DateTimeOffset Started, string Machine,
    string Provider, string Runtime, IReadOnlyList<string> Units, IReadOnlyList<Section> Sections)
{
    /// <summary>The format tag: a merge reads only this version.</summary>
    public const string Format = "functional-report-shard/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,              // a missing or null field is a broken file
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Writes the file into <paramref name="directory"/> (created if needed) under <see cref="ShardSpec.FileName"/>, atomically.</summary>
    /// <returns>The file's path.</returns>
    public string Write(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Shard.FileName);
        var dto = new FileDto(Format, Settings.Hash, Settings, LibraryVersion, Commit, Shard.Index, Shard.Count, Started, Machine, Provider, Runtime,
            Units.Zip(Sections, (id, section) => new UnitDto(id, SectionCodec.ToJson(section))).ToArray());
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(dto, Options));
        return path;
    }

    /// <summary>Reads a shard file.</summary>
    /// <exception cref="InvalidDataException">Not a shard file of this format (truncated, corrupt, another version, a hash that does not
    /// match its settings); the message names the file.</exception>
    public static ShardFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            var dto = JsonSerializer.Deserialize<FileDto>(File.ReadAllBytes(path), Options) ?? throw new InvalidDataException("the file holds null.");
            if (dto.Format != Format) throw new InvalidDataException($"format '{dto.Format}', but this library reads '{Format}'.");
            if (dto.Settings is null || dto.Units is null || dto.LibraryVersion is null)
                throw new InvalidDataException("settings, library version or units are missing.");
            if (dto.Settings.Hash != dto.SettingsHash)
                throw new InvalidDataException($"its settings hash {dto.SettingsHash} does not match its settings ({dto.Settings.Hash}): edited or corrupt.");
            if (dto.Count < 1 || dto.Index < 0 || dto.Index >= dto.Count) throw new InvalidDataException($"shard {dto.Index} of {dto.Count} does not exist.");
            var sections = dto.Units.Select(u => SectionCodec.FromJson(u.Section)).ToArray();
            return new ShardFile(dto.Settings, dto.LibraryVersion, dto.Commit, new ShardSpec(dto.Index, dto.Count), dto.Started, dto.Machine ?? "",
                dto.Provider ?? "", dto.Runtime ?? "", dto.Units.Select(u => u.Id).ToArray(), sections);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}': not a shard file, or truncated ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>The commit of the source tree in the current directory (<c>git rev-parse HEAD</c>), or null when there is none or no git.</summary>
    public static string? CurrentCommit()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", "rev-parse HEAD")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var git = System.Diagnostics.Process.Start(start);
            if (git is null) return null;
            var output = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(10_000) && git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine (a container image)
        }
    }

    private sealed record FileDto(string Format, string SettingsHash, ShardSettings Settings, string LibraryVersion, string? Commit, int Index, int Count,
        DateTimeOffset Started, string? Machine, string? Provider, string? Runtime, IReadOnlyList<UnitDto> Units);

    private sealed record UnitDto(string Id, JsonElement Section);
}
