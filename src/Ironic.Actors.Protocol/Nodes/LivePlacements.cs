using Akka.Cluster;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Which placements the cluster can host right now: those some up conductor member serves (by its roles).</summary>
public static class LivePlacements
{
    public static bool IsHostable(Cluster cluster, NodePlacement placement) =>
        cluster.State.Members.Any(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp &&
                                       !cluster.State.Unreachable.Contains(m) && placement.IsServedBy(m.HasRole));
}
