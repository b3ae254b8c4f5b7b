namespace Functional.Reports.Lab.Shards;

/// <summary>
/// Which parts each of N shards runs: a deterministic, balanced assignment by the parts' costs (longest first, each to
/// the shard with the least cost so far; ties to the earlier part and the lower shard). Every part goes to exactly one
/// shard; a shard may get none when there are more shards than parts.
/// </summary>
public static class ShardPlan
{
    /// <summary>The parts of each shard, each list in report order.</summary>
    public static IReadOnlyList<IReadOnlyList<LabPart>> Assign(IReadOnlyList<LabPart> parts, int count)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var load = new double[count];
        var shards = Enumerable.Range(0, count).Select(_ => new List<(int Order, LabPart Part)>()).ToArray();
        var byCost = parts.Select((p, order) => (Order: order, Part: p)).OrderByDescending(p => p.Part.Cost).ThenBy(p => p.Order);
        foreach (var unit in byCost)
        {
            int lightest = 0;
            for (int s = 1; s < count; s++)
                if (load[s] < load[lightest]) lightest = s;
            shards[lightest].Add(unit);
            load[lightest] += unit.Part.Cost;
        }
        return shards.Select(s => (IReadOnlyList<LabPart>)s.OrderBy(u => u.Order).Select(u => u.Part).ToArray()).ToArray();
    }
}
