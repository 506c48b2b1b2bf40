using Akka.Cluster;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Which placements the cluster can host right now: those some up, reachable conductor member serves (by its roles).</summary>
public static class LivePlacements
{
    /// <summary>
    /// True when an up, reachable conductor serves <paramref name="placement"/>, and also while no conductor is up at all
    /// (the cluster is forming: messages wait in the shard region for the first one, as they always did).
    /// </summary>
    public static bool IsHostable(Cluster cluster, NodePlacement placement)
    {
        var state = cluster.State;
        var conductors = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && m.HasRole(ActorKeys.ConductorRole) && !state.Unreachable.Contains(m))
            .ToList();
        return conductors.Count == 0 || conductors.Any(m => placement.IsServedBy(m.HasRole));
    }
}
