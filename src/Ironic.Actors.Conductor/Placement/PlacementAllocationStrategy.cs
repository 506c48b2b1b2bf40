using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace Ironic.Actors.Conductor.Placement;

/// <summary>
/// The node region's shard allocation: Ironic's hash ring per conductor group and hardware type, the actor way. A placed
/// shard (<see cref="Nodes.NodeMessageExtractor"/>) goes only to a conductor member whose roles say it serves the
/// shard's group and enables its hardware type (<see cref="Protocol.Nodes.NodePlacement.RequiredRoles"/>), the one with
/// the fewest shards; members that are not up (joining, leaving) get none. When no member may host a shard, its
/// allocation fails and the coordinator asks again later: the shard's nodes wait for a conductor of their group, as
/// Ironic's do ("No valid host"), while the read model keeps answering for them.
/// </summary>
public sealed class PlacementAllocationStrategy(ActorSystem system, int maxRebalancePerRound) : IShardAllocationStrategy
{
    private readonly Cluster _cluster = Cluster.Get(system);

    public Task<IActorRef> AllocateShard(
        IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var region = ShardBalancer.Allocate(shardId, Regions(currentShardAllocations));
        return region is not null
            ? Task.FromResult(region)
            : Task.FromException<IActorRef>(new InvalidOperationException(
                $"No conductor serving {Nodes.NodeMessageExtractor.PlacementOf(shardId)} is up to host shard {shardId}"));
    }

    public Task<IImmutableSet<string>> Rebalance(
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var regions = Regions(currentShardAllocations);
        var moving = ShardBalancer.Rebalance(regions, rebalanceInProgress.ToHashSet(), maxRebalancePerRound);
        return Task.FromResult<IImmutableSet<string>>(moving.ToImmutableHashSet());
    }

    /// <summary>The regions of members that are up, with their roles.</summary>
    private List<RegionShards<IActorRef>> Regions(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var members = _cluster.State.Members.ToDictionary(m => m.Address);
        var regions = new List<RegionShards<IActorRef>>(allocations.Count);
        foreach (var (region, shards) in allocations)
        {
            var address = region.Path.Address.HasLocalScope ? _cluster.SelfAddress : region.Path.Address;
            var member = address == _cluster.SelfAddress ? _cluster.SelfMember : members.GetValueOrDefault(address);
            if (member is null || member.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp))
                continue;
            regions.Add(new RegionShards<IActorRef>(region, member.Roles, shards));
        }
        return regions;
    }
}
