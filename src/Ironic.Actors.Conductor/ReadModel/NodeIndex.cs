using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The query model's state: the latest known view of every node, each with the journal sequence number
/// it reflects. Projected events and views observed from writes are merged by that number, so an older
/// update never overwrites a newer one and a deleted node never comes back from a late event.
/// </summary>
public sealed class NodeIndex(string conductorHost)
{
    private readonly Dictionary<Guid, NodeReplies.NodeView> _nodes = new();
    private readonly Dictionary<Guid, long> _deletedAt = new();

    public int Count => _nodes.Count;

    public IReadOnlyCollection<NodeReplies.NodeView> All => _nodes.Values;

    /// <summary>Folds a stored event of node <paramref name="nodeId"/> at sequence number <paramref name="seqNr"/>.</summary>
    public void Project(Guid nodeId, long seqNr, INodeEvent e)
    {
        if (_deletedAt.TryGetValue(nodeId, out var deletedAt) && seqNr <= deletedAt)
            return;
        var current = _nodes.GetValueOrDefault(nodeId);
        if (current is not null && seqNr <= current.Version)
            return;
        var node = (current?.Node).Apply(e);
        if (node is null)
            Delete(nodeId, seqNr);
        else
            _nodes[nodeId] = new NodeReplies.NodeView(node, null, conductorHost, seqNr);
    }

    /// <summary>Takes a view answered by a node entity, when it is newer than what the index holds.</summary>
    public void Observe(NodeReplies.NodeView view)
    {
        var id = view.Node.Uuid;
        if (_deletedAt.TryGetValue(id, out var deletedAt) && view.Version <= deletedAt)
            return;
        if (_nodes.TryGetValue(id, out var current) && view.Version <= current.Version)
            return;
        _nodes[id] = view with { Reservation = null };
    }

    public void Delete(Guid nodeId, long version)
    {
        if (_nodes.TryGetValue(nodeId, out var current) && current.Version > version)
            return;
        _nodes.Remove(nodeId);
        _deletedAt[nodeId] = version;
    }

    /// <summary>The nodes that live in <paramref name="shardIds"/>, as <paramref name="shards"/> maps nodes to shards.</summary>
    public IReadOnlyList<Node> InShards(IEnumerable<string> shardIds, NodeMessageExtractor shards)
    {
        var wanted = shardIds.ToHashSet(StringComparer.Ordinal);
        return _nodes.Values.Select(v => v.Node).Where(n => wanted.Contains(shards.ShardOf(n.Uuid))).ToList();
    }

    /// <summary>Nodes whose stored state shows work that only a running conductor can finish.</summary>
    public IReadOnlyList<Guid> Interrupted() =>
        _nodes.Values.Where(v => NodeDecisions.NeedsResolution(v.Node)).Select(v => v.Node.Uuid).ToList();
}
