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
    /// <summary>
    /// The shards this member's region hosts right now, after making every shard in use allocated (see the class
    /// summary): what <see cref="PageAsync"/> lists the nodes of.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ShardsAsync(
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
        return state.Shards.Select(s => s.ShardId).Where(s => NodeMessageExtractor.PlacementOf(s) is not null).ToList();
    }

    /// <summary>
    /// One page of the nodes in <paramref name="hostedShards"/> after row <c>after.Row</c> of shard <c>after.Shard</c>
    /// (<c>default</c>: the first page; the next starts where a page's <c>LastShard</c> and <c>LastRow</c> say; see
    /// <see cref="PeriodicQueries.ListHosted"/>).
    /// </summary>
    public static Task<PeriodicQueries.HostedNodes> PageAsync(
        IActorRef queryModel, IReadOnlyList<string> hostedShards, int numberOfShards, (string? Shard, long Row) after, TimeSpan timeout,
        IReadOnlyList<string>? provisionStates = null, string? fault = null) =>
        queryModel.Ask<PeriodicQueries.HostedNodes>(
            new PeriodicQueries.ListHosted(hostedShards, numberOfShards, after.Row, PeriodicQueries.ListHosted.PageSize, provisionStates, fault,
                after.Shard),
            timeout);

    /// <summary>Every page of the hosted nodes (only those in <paramref name="provisionStates"/> when given), one after the other.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<Node>> PagesAsync(
        IActorRef region, IActorRef queryModel, NodeMessageExtractor shards, Akka.Cluster.Cluster cluster, TimeSpan timeout,
        IReadOnlyList<string>? provisionStates = null)
    {
        var hosted = await ShardsAsync(region, queryModel, shards, cluster, timeout);
        for ((string? Shard, long Row) after = default; ;)
        {
            var page = await PageAsync(queryModel, hosted, shards.MaxNumberOfShards, after, timeout, provisionStates);
            yield return page.Nodes;
            if (page.Nodes.Count < PeriodicQueries.ListHosted.PageSize)
                yield break;
            after = (page.LastShard, page.LastRow);
        }
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
