using Akka.Actor;
using Akka.Cluster.Sharding;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Placement: a node lives in the shard of its conductor group and hardware type (<see cref="NodeMessageExtractor"/>),
/// which only conductors serving both host. An incarnation woken anywhere else (a message sent without placement, or
/// with a placement the node has since left) is <em>misplaced</em>: it recovers, acts on nothing, forwards every node
/// message to the node's own shard, and stops. A node whose group or driver changes becomes misplaced once idle and
/// stops, so its next message wakes it among the conductors of its new placement: the node moves.
/// </summary>
public sealed partial class NodeActor
{
    private bool _misplaced;
    private string? _shardId;
    private IActorRef? _region;

    /// <summary>The shard this entity lives in: its parent, the shard actor, is named by the (URL-encoded) shard id.</summary>
    private string CurrentShard => _shardId ??= Uri.UnescapeDataString(Context.Parent.Path.Name);

    private NodePlacement? Placement => _node is null ? null : NodePlacement.Of(_node);

    /// <summary>True when the node exists and its shard is not this one (never without sharding).</summary>
    private bool LivesElsewhere() =>
        _deps.Shards is { } shards && Placement is { } placement && shards.ShardOf(_nodeId, placement) != CurrentShard;

    /// <summary>After recovery: a misplaced incarnation only forwards (it resolves no interrupted work: its real host does).</summary>
    private bool MisplacedAfterRecovery()
    {
        _misplaced = LivesElsewhere();
        return _misplaced;
    }

    /// <summary>Forwards a node message when this incarnation is misplaced; true when it did.</summary>
    private bool ForwardIfMisplaced(object message)
    {
        if (!_misplaced || message is not IWithNodeId nodeMessage || Placement is not { } placement)
            return false;
        _region ??= ClusterSharding.Get(Context.System).ShardRegion(ActorKeys.NodeRegionName);
        _region.Tell(new PlacedNodeMessage(placement, nodeMessage), Sender);
        Context.Parent.Tell(new Passivate(StopNode.Instance));
        return true;
    }

    /// <summary>
    /// After a command: a node whose placement changed (or that was created without one) leaves once idle, and wakes in
    /// its own shard at once, so that the conductor hosting it (and the one each list shows) is a conductor of its
    /// placement from now on; without <paramref name="wakeThere"/> it only sleeps (the next message sent to it wakes it
    /// there). This incarnation acts on nothing more: it forwards until it has stopped. True when it leaves.
    /// </summary>
    private bool LeaveIfMoved(bool wakeThere = true)
    {
        if (_misplaced || _work is not null || _call is not null || _busy || _rowPending || !LivesElsewhere())
            return false;
        _misplaced = true;
        Context.Parent.Tell(new Passivate(StopNode.Instance));
        if (!wakeThere)
            return true;
        _region ??= ClusterSharding.Get(Context.System).ShardRegion(ActorKeys.NodeRegionName);
        _region.Tell(new PlacedNodeMessage(Placement!, new NodeCommands.WakeNode(_nodeId)), ActorRefs.NoSender);
        return true;
    }
}
