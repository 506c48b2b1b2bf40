using Akka.Actor;
using Akka.Cluster.Sharding;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Periodic;

/// <summary>
/// Which nodes a conductor's periodic work covers: those in the shards its region hosts right now, as the
/// query model knows them. Before looking, every shard is made allocated (a <see cref="PeriodicCommands.KeepShard"/>
/// to each), so that a shard left by a conductor that died or left is taken by a live one before the pass, and
/// every node is in exactly one conductor's pass.
/// </summary>
public static class HostedNodes
{
    /// <summary>The hosted nodes, or the reason they could not be listed.</summary>
    public static async Task<IReadOnlyList<Node>> FetchAsync(
        IActorRef region, IActorRef queryModel, NodeMessageExtractor shards, Akka.Cluster.Cluster cluster, TimeSpan timeout)
    {
        // A shard whose keeper does not answer in time (its member is unreachable) is simply not ours this pass.
        await Task.WhenAll((await ShardsInUseAsync(queryModel, shards, cluster, timeout)).Select(async id =>
        {
            try
            {
                await region.Ask<PeriodicCommands.ShardKept>(new PeriodicCommands.KeepShard(id), timeout);
            }
            catch (AskTimeoutException)
            {
            }
        }));
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout);
        var hosted = state.Shards.Select(s => s.ShardId).Where(s => NodeMessageExtractor.PlacementOf(s) is not null).ToList();
        var found = await queryModel.Ask<PeriodicQueries.HostedNodes>(
            new PeriodicQueries.ListHosted(hosted, shards.MaxNumberOfShards), timeout);
        return found.Nodes;
    }

    /// <summary>
    /// Every shard of every placement the stored nodes use that some live conductor serves (the shards of a placement no
    /// conductor serves cannot be allocated: their nodes wait, see <see cref="Placement.PlacementAllocationStrategy"/>).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ShardsInUseAsync(
        IActorRef queryModel, NodeMessageExtractor shards, Akka.Cluster.Cluster cluster, TimeSpan timeout)
    {
        var placements = await queryModel.Ask<object>(Protocol.Queries.NodeQueries.ListPlacements.Instance, timeout);
        if (placements is not Protocol.Queries.NodeQueries.Placements inUse)
            return [];
        return inUse.InUse.Where(p => LivePlacements.IsHostable(cluster, p)).SelectMany(shards.ShardsOf).ToList();
    }

    /// <summary>
    /// The first delay of a periodic timer so that passes fall on multiples of <paramref name="interval"/> of the
    /// clock: all conductors pass at the same moments, so a shard that moves between them is not passed twice.
    /// </summary>
    public static TimeSpan AlignedDelay(TimeProvider time, TimeSpan interval)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var every = (long)interval.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(every - now % every);
    }
}
