using System.Text.Json;
using Functional.Core;
using Functional.Core.IO;

namespace Functional.Models;

/// <summary>Where a run stands at the end of an epoch: all that <see cref="BackupAndRestore"/> keeps.</summary>
internal sealed record RunPoint<T>(
    int Epoch, Model<T> Model, OptimizerState<T> State, double LearningRate, IReadOnlyList<EpochLog> Logs, IReadOnlyList<CallbackState<T>> Callbacks,
    StopReason? Stop)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// The backup folder of <see cref="BackupAndRestore"/>: <c>run.json</c> (what run it is, the epoch, the step, the learning
/// rate, every log and callback number as the bits of its double), <c>model.fmodel</c>, one <c>slot-K.fmodel</c> per
/// optimizer slot (the slot's tree as the model's parameters) and <c>callback-K.fmodel</c> for a callback's kept model:
/// model files, so every tensor is exact and checksummed.
/// </summary>
internal static class TrainingBackup
{
    private const string Format = "functional-backup/1";

    // An explicit resolver: programs that turn reflection-based serialization off by default (file-based `dotnet run`,
    // trimmed apps) can still back up.
    private static readonly JsonSerializerOptions Json = new() { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    private sealed record LogDto(int Epoch, string[] Keys, long[] Bits);
    private sealed record CallbackDto(string Kind, Dictionary<string, long> Bits, bool HasModel);
    private sealed record StopDto(StopKind Kind, int Epoch, string Message);
    private sealed record RunDto(string Format, Dictionary<string, string> Run, int Epoch, long Step, long LearningRateBits, LogDto[] Logs,
        CallbackDto[] Callbacks,
        StopDto? Stop);

    /// <summary>What identifies a run: a backup of another is refused.</summary>
    public static Dictionary<string, string> Identity<T>(Model<T> model, Optimizer optimizer, Loss loss, FitOptions<T> options)
        where T : unmanaged, IFloatingPointIeee754<T> => new()
        {
            ["element type"] = typeof(T).Name,
            ["architecture"] = string.Join(" → ", model.Layers.Select(l => $"{l.Name}: {l.Spec} on {l.InputShape}")),
            ["optimizer"] = optimizer.ToString(),
            ["loss"] = loss.ToString() ?? "",
            ["batch size"] = options.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["shuffle"] = options.Shuffle.ToString(),
            ["metrics"] = string.Join(", ", options.Metrics.Select(m => m.Name)),
            ["validation samples"] = (options.Validation?.X.RowCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["callbacks"] = string.Join(", ", options.Callbacks.Select(c => c.GetType().Name)),
        };

    /// <summary>Replaces the backup in <paramref name="folder"/> with <paramref name="point"/>.</summary>
    public static void Write<T>(string folder, Dictionary<string, string> identity, RunPoint<T> point, IReadOnlyList<Callback> callbacks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dto = new RunDto(Format, identity, point.Epoch, point.State.Step, BitConverter.DoubleToInt64Bits(point.LearningRate),
            point.Logs.Select(l => new LogDto(l.Epoch, l.Values.Select(v => v.Key).ToArray(), l.Values.Select(v =>
                BitConverter.DoubleToInt64Bits(v.Value)).ToArray())).ToArray(),
            point.Callbacks.Select((c, k) => new CallbackDto(callbacks[k].GetType().Name,
                c.Values.ToDictionary(v => v.Key, v => BitConverter.DoubleToInt64Bits(v.Value)), c.Model is not null)).ToArray(),
            point.Stop is { } stop ? new StopDto(stop.Kind, stop.Epoch, stop.Message) : null);
        AtomicDirectory.Replace(folder, temporary =>
        {
            File.WriteAllBytes(Path.Combine(temporary, "run.json"), JsonSerializer.SerializeToUtf8Bytes(dto, Json));
            File.WriteAllBytes(Path.Combine(temporary, "model.fmodel"), ModelFile.ToBytes(point.Model));
            for (int s = 0; s < point.State.Slots.Count; s++)
                File.WriteAllBytes(Path.Combine(temporary, $"slot-{s}.fmodel"), ModelFile.ToBytes(point.Model.WithParameters(point.State.Slots[s].Values)));
            for (int k = 0; k < point.Callbacks.Count; k++)
                if (point.Callbacks[k].Model is { } kept) File.WriteAllBytes(Path.Combine(temporary, $"callback-{k}.fmodel"), ModelFile.ToBytes(kept));
        });
    }

    /// <summary>
    /// The backup in <paramref name="folder"/>, or null when there is none; its tensors are put into <paramref name="model"/>
    /// (which keeps its recorded input range).
    /// </summary>
    /// <exception cref="InvalidDataException">The backup is damaged, or another run's (the message names what differs).</exception>
    public static RunPoint<T>? Read<T>(string folder, Dictionary<string, string> identity, Model<T> model, Optimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string runFile = Path.Combine(folder, "run.json");
        if (!File.Exists(runFile)) return null;
        RunDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<RunDto>(File.ReadAllBytes(runFile), Json) ?? throw new InvalidDataException("empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"BackupAndRestore: '{runFile}' is not a backup's run.json: {e.Message}", e);
        }
        if (dto.Format != Format) throw new InvalidDataException($"BackupAndRestore: '{runFile}' is of format '{dto.Format}', not '{Format}'.");
        foreach (var (key, value) in identity)
            if (!dto.Run.TryGetValue(key, out var saved) || saved != value)
                throw new InvalidDataException(
                    $"BackupAndRestore: the backup in '{folder}' was made by another run: its {key} is '{saved ?? "(none)"}', this run's is '{value}'. " +
                    "Delete the folder to start afresh, or give this run its own folder.");

        Model<T> Tensors(string file)
        {
            var saved = ModelFile.Load<T>(Path.Combine(folder, file));
            return model.WithParameters(saved.Parameters).WithState(saved.State);
        }
        var trained = Tensors("model.fmodel");
        var names = optimizer.SlotNames;
        var slots = names.Select((name, s) => new OptimizerSlot<T>(name, Tensors($"slot-{s}.fmodel").Parameters)).ToArray();
        var logs = dto.Logs.Select(l => new EpochLog(l.Epoch, l.Keys.Zip(l.Bits, (k, b) => new KeyValuePair<string, double>(k,
            BitConverter.Int64BitsToDouble(b))))).ToArray();
        var callbacks = dto.Callbacks.Select((c, k) => new CallbackState<T>(
            c.Bits.ToDictionary(v => v.Key, v => BitConverter.Int64BitsToDouble(v.Value)), c.HasModel ? Tensors($"callback-{k}.fmodel") : null)).ToArray();
        return new RunPoint<T>(dto.Epoch, trained, new OptimizerState<T>(dto.Step, slots), BitConverter.Int64BitsToDouble(dto.LearningRateBits), logs,
            callbacks,
            dto.Stop is { } stop ? new StopReason(stop.Kind, stop.Epoch, stop.Message) : null);
    }

    /// <summary>Deletes the backup folder.</summary>
    public static void Delete(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
