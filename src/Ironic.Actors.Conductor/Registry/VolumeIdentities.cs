using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Registry.VolumeRegistryEvents;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// The registry's state for volume connectors and targets: which node holds each UUID, and which connector holds each
/// (type, connector_id) pair, unique over all nodes as Ironic's <c>uniq_volumeconnectors0type0connector_id</c>. Mutable
/// only through <see cref="Apply"/>; the other methods decide without changing anything.
/// </summary>
public sealed class VolumeIdentities
{
    private readonly Dictionary<Guid, ConnectorClaimed> _connectors = new();
    private readonly Dictionary<(string Type, string Value), Guid> _connectorByValue = new();
    private readonly Dictionary<Guid, TargetClaimed> _targets = new();
    private readonly Dictionary<Guid, HashSet<Guid>> _byNode = new();

    public int Count => _connectors.Count + _targets.Count;

    public Guid? NodeOfConnector(Guid id) => _connectors.TryGetValue(id, out var c) ? c.NodeId : null;

    public Guid? NodeOfTarget(Guid id) => _targets.TryGetValue(id, out var t) ? t.NodeId : null;

    /// <summary>Null when the claim can be granted, else what is in the way and Ironic's 409 message.</summary>
    public ClaimConflict? ConflictWith(VolumeRegistryMessages.ClaimConnector claim)
    {
        if (_connectors.TryGetValue(claim.ConnectorId, out var held) && held.NodeId != claim.NodeId && held.NodeId != claim.MovedFrom)
            return new(held.NodeId, held.ConnectorId, $"A volume connector with UUID {claim.ConnectorId} already exists.");
        if (_connectorByValue.TryGetValue((claim.Type, claim.Value), out var holder) && holder != claim.ConnectorId)
            return new(_connectors[holder].NodeId, holder,
                $"A volume connector with type {claim.Type} and connector ID {claim.Value} already exists.");
        return null;
    }

    public bool Holds(VolumeRegistryMessages.ClaimConnector claim) =>
        _connectors.TryGetValue(claim.ConnectorId, out var held) &&
        held == new ConnectorClaimed(claim.NodeId, claim.ConnectorId, claim.Type, claim.Value);

    public ClaimConflict? ConflictWith(VolumeRegistryMessages.ClaimTarget claim) =>
        _targets.TryGetValue(claim.TargetId, out var held) && held.NodeId != claim.NodeId && held.NodeId != claim.MovedFrom
            ? new(held.NodeId, held.TargetId, $"A volume target with UUID {claim.TargetId} already exists.")
            : null;

    public bool Holds(VolumeRegistryMessages.ClaimTarget claim) =>
        _targets.TryGetValue(claim.TargetId, out var held) && held.NodeId == claim.NodeId;

    /// <summary>Folds a registry event; a released node (deleted) frees all its connectors and targets.</summary>
    public void Apply(object e)
    {
        switch (e)
        {
            case ConnectorClaimed c:
                RemoveConnector(c.ConnectorId);
                _connectors[c.ConnectorId] = c;
                _connectorByValue[(c.Type, c.Value)] = c.ConnectorId;
                NodeSet(c.NodeId).Add(c.ConnectorId);
                break;
            case ConnectorReleased r:
                RemoveConnector(r.ConnectorId);
                break;
            case TargetClaimed t:
                RemoveTarget(t.TargetId);
                _targets[t.TargetId] = t;
                NodeSet(t.NodeId).Add(t.TargetId);
                break;
            case TargetReleased r:
                RemoveTarget(r.TargetId);
                break;
            case RegistryEvents.IdentityReleased node:
                if (_byNode.TryGetValue(node.NodeId, out var owned))
                    foreach (var id in owned.ToList())
                    {
                        RemoveConnector(id);
                        RemoveTarget(id);
                    }
                break;
            case RegistryEvents.RegistrySnapshot s:
                foreach (var c in s.VolumeConnectors ?? []) Apply(c);
                foreach (var t in s.VolumeTargets ?? []) Apply(t);
                break;
        }
    }

    /// <summary>Adds the volume claims to the registry's snapshot.</summary>
    public RegistryEvents.RegistrySnapshot AddTo(RegistryEvents.RegistrySnapshot snapshot) =>
        snapshot with { VolumeConnectors = _connectors.Values.ToList(), VolumeTargets = _targets.Values.ToList() };

    private HashSet<Guid> NodeSet(Guid nodeId) => _byNode.TryGetValue(nodeId, out var set) ? set : _byNode[nodeId] = [];

    private void RemoveConnector(Guid id)
    {
        if (!_connectors.Remove(id, out var old))
            return;
        if (_connectorByValue.TryGetValue((old.Type, old.Value), out var holder) && holder == id)
            _connectorByValue.Remove((old.Type, old.Value));
        Forget(old.NodeId, id);
    }

    private void RemoveTarget(Guid id)
    {
        if (_targets.Remove(id, out var old))
            Forget(old.NodeId, id);
    }

    private void Forget(Guid nodeId, Guid id)
    {
        if (_byNode.TryGetValue(nodeId, out var set) && set.Remove(id) && set.Count == 0)
            _byNode.Remove(nodeId);
    }
}
