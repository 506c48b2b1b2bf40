using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol.Ports;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The query model's ports and portgroups: the latest known view of each, with the sequence number of its
/// node's journal it reflects. Port events live in their node's journal, so versions of one node's ports and
/// portgroups are comparable, and projected events merge with views observed from writes (read-your-writes)
/// without an older one ever winning. Versions of different nodes are never compared: deletions are remembered
/// per node, and deleting a node removes all its ports and portgroups.
/// </summary>
public sealed class PortIndex
{
    private readonly Dictionary<Guid, PortReplies.PortView> _ports = new();
    private readonly Dictionary<Guid, PortReplies.PortgroupView> _groups = new();
    private readonly Dictionary<(Guid Node, Guid Id), long> _removedAt = new();
    private readonly Dictionary<Guid, long> _nodeDeletedAt = new();

    public IReadOnlyCollection<PortReplies.PortView> Ports => _ports.Values;

    public IReadOnlyCollection<PortReplies.PortgroupView> Portgroups => _groups.Values;

    /// <summary>Folds a stored event of node <paramref name="nodeId"/> at sequence number <paramref name="seqNr"/>.</summary>
    public void Project(Guid nodeId, long seqNr, INodeEvent e)
    {
        switch (e)
        {
            case PortCreated x:
                Observe(new PortReplies.PortView(x.Port, seqNr));
                break;
            case PortUpdated x:
                Observe(new PortReplies.PortView(x.Port, seqNr));
                break;
            case PortDeleted x:
                Remove(new PortReplies.PortRemoved(nodeId, x.PortId, seqNr));
                break;
            case PortgroupCreated x:
                Observe(new PortReplies.PortgroupView(x.Portgroup, seqNr));
                break;
            case PortgroupUpdated x:
                Observe(new PortReplies.PortgroupView(x.Portgroup, seqNr));
                break;
            case PortgroupDeleted x:
                Remove(new PortReplies.PortgroupRemoved(nodeId, x.PortgroupId, seqNr));
                break;
            case NodeDeleted:
                DeleteNode(nodeId, seqNr);
                break;
        }
    }

    public void Observe(PortReplies.PortView view)
    {
        var port = view.Port;
        if (IsGone(port.NodeId, port.Uuid, view.Version))
            return;
        if (_ports.TryGetValue(port.Uuid, out var current) && current.Port.NodeId == port.NodeId && view.Version <= current.Version)
            return;
        _ports[port.Uuid] = view;
    }

    public void Observe(PortReplies.PortgroupView view)
    {
        var group = view.Portgroup;
        if (IsGone(group.NodeId, group.Uuid, view.Version))
            return;
        if (_groups.TryGetValue(group.Uuid, out var current) && current.Portgroup.NodeId == group.NodeId && view.Version <= current.Version)
            return;
        _groups[group.Uuid] = view;
    }

    public void Remove(PortReplies.PortRemoved removed)
    {
        Remember(removed.NodeId, removed.PortId, removed.Version);
        if (_ports.TryGetValue(removed.PortId, out var current) && current.Port.NodeId == removed.NodeId && current.Version <= removed.Version)
            _ports.Remove(removed.PortId);
    }

    public void Remove(PortReplies.PortgroupRemoved removed)
    {
        Remember(removed.NodeId, removed.PortgroupId, removed.Version);
        if (_groups.TryGetValue(removed.PortgroupId, out var current) && current.Portgroup.NodeId == removed.NodeId &&
            current.Version <= removed.Version)
            _groups.Remove(removed.PortgroupId);
    }

    /// <summary>The node was deleted at <paramref name="version"/>: so were its ports and portgroups.</summary>
    public void DeleteNode(Guid nodeId, long version)
    {
        if (_nodeDeletedAt.TryGetValue(nodeId, out var known) && known >= version)
            return;
        _nodeDeletedAt[nodeId] = version;
        foreach (var (id, view) in _ports.Where(kv => kv.Value.Port.NodeId == nodeId && kv.Value.Version <= version).ToList())
            _ports.Remove(id);
        foreach (var (id, view) in _groups.Where(kv => kv.Value.Portgroup.NodeId == nodeId && kv.Value.Version <= version).ToList())
            _groups.Remove(id);
    }

    private bool IsGone(Guid nodeId, Guid id, long version) =>
        (_nodeDeletedAt.TryGetValue(nodeId, out var nodeGone) && version <= nodeGone) ||
        (_removedAt.TryGetValue((nodeId, id), out var removed) && version <= removed);

    private void Remember(Guid nodeId, Guid id, long version)
    {
        if (!_removedAt.TryGetValue((nodeId, id), out var known) || known < version)
            _removedAt[(nodeId, id)] = version;
    }
}
