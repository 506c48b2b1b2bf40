using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Placement;

/// <summary>One shard region as the balancer sees it: its member's roles and the shards it hosts.</summary>
public sealed record RegionShards<TRegion>(TRegion Region, IReadOnlySet<string> Roles, IReadOnlyList<string> Shards)
{
    /// <summary>Whether this region may host <paramref name="shardId"/>: any region an unplaced shard, else a region serving its placement.</summary>
    public bool MayHost(string shardId) => NodeMessageExtractor.PlacementOf(shardId) is not { } placement || placement.IsServedBy(Roles.Contains);

    /// <summary>
    /// The shards that count as load: placed ones. An unplaced shard only ever holds entities on their way to their own
    /// shard; counting it would let a region full of them look busy while another holds every node.
    /// </summary>
    public IReadOnlyList<string> Placed { get; } = Shards.Where(s => NodeMessageExtractor.PlacementOf(s) is not null).ToList();

    public int Load => Placed.Count;
}

/// <summary>
/// Where shards go, as pure decisions: a new shard to the eligible region with the fewest placed shards; a rebalance
/// moves shards that sit on a region no longer eligible for them, then evens out the counts of placed shards (a shard
/// moves from a region when one of its eligible regions holds at least two fewer). Eligibility is the placement's group
/// and hardware type; unplaced shards go anywhere and never move.
/// </summary>
public static class ShardBalancer
{
    /// <summary>The region for a new shard, or null when no live region may host it.</summary>
    public static TRegion? Allocate<TRegion>(string shardId, IReadOnlyList<RegionShards<TRegion>> regions) where TRegion : class =>
        regions.Where(r => r.MayHost(shardId)).MinBy(r => r.Load)?.Region;

    /// <summary>The shards to move now, at most <paramref name="limit"/>; none of those already moving.</summary>
    public static IReadOnlySet<string> Rebalance<TRegion>(
        IReadOnlyList<RegionShards<TRegion>> regions, IReadOnlySet<string> inProgress, int limit)
    {
        var moving = new HashSet<string>();
        if (regions.Count == 0 || limit <= 0)
            return moving;

        foreach (var region in regions)
            foreach (var shard in region.Placed)
                if (!inProgress.Contains(shard) && !region.MayHost(shard) && regions.Any(r => r.MayHost(shard)) && moving.Count < limit)
                    moving.Add(shard);

        var counts = regions.ToDictionary(r => r, r => r.Placed.Count(s => !moving.Contains(s)));
        while (moving.Count < limit)
        {
            var moved = false;
            foreach (var from in regions.OrderByDescending(r => counts[r]))
            {
                var candidate = from.Placed.FirstOrDefault(s => !moving.Contains(s) && !inProgress.Contains(s) &&
                                                                regions.Any(to => to.MayHost(s) && counts[to] < counts[from] - 1));
                if (candidate is null)
                    continue;
                var to = regions.Where(r => r.MayHost(candidate)).MinBy(r => counts[r])!;
                moving.Add(candidate);
                counts[from]--;
                counts[to]++;
                moved = true;
                break;
            }
            if (!moved)
                break;
        }
        return moving;
    }
}
