using Functional.Core.Random;

namespace Functional.Models;

/// <summary>
/// The random streams of layers that draw in training (dropout): layer i's stream for update number t (1 for the first) is a
/// function of the run's seed, i and t only, so a run is bit-reproducible, a resumed run draws what the uninterrupted run
/// drew, and the pure fold can draw the same masks as the engine. Kept apart from the shuffles' streams (seed, epoch).
/// </summary>
internal static class LayerRandom
{
    private const ulong Salt = 0x44524F504F555421UL; // "DROPOUT!": other streams of the same seed stay unrelated

    /// <summary>Layer <paramref name="layer"/>'s seed for a run of seed <paramref name="runSeed"/>.</summary>
    public static ulong LayerSeed(ulong runSeed, int layer) => PortableRandom.ForStream(runSeed ^ Salt, (ulong)layer).NextUInt64();

    /// <summary>A new generator at layer <paramref name="layer"/>'s stream for update <paramref name="step"/>.</summary>
    public static PortableRandom For(ulong runSeed, int layer, long step) => PortableRandom.ForStream(LayerSeed(runSeed, layer), (ulong)step);
}
