using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Registry.PortRegistryEvents;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// The registry's state for ports and portgroups: which node holds each, and the values that must be unique
/// over all of them (port MAC addresses; portgroup names and MAC addresses). Mutable only through
/// <see cref="Apply"/>; the Check methods decide without changing anything.
/// </summary>
public sealed class PortIdentities
{
    private readonly Dictionary<Guid, PortClaimed> _ports = new();
    private readonly Dictionary<string, Guid> _portByAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, PortgroupClaimed> _groups = new();
    private readonly Dictionary<string, Guid> _groupByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _groupByAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, HashSet<Guid>> _byNode = new();

    public int PortCount => _ports.Count;

    public int PortgroupCount => _groups.Count;

    public Guid? NodeOfPort(Guid portId) => _ports.TryGetValue(portId, out var claim) ? claim.NodeId : null;

    /// <summary>A portgroup by UUID (UUID-shaped idents) or by name.</summary>
    public PortgroupClaimed? FindPortgroup(string ident)
    {
        if (FieldRules.NormalizeUuid(ident) is { } uuid)
            return _groups.GetValueOrDefault(Guid.Parse(uuid));
        return _groupByName.TryGetValue(ident, out var id) ? _groups[id] : null;
    }

    /// <summary>Null when the claim can be granted, else the port in the way (same UUID on another node, or same MAC address) and Ironic's 409 message.</summary>
    public ClaimConflict? ConflictWith(PortRegistryMessages.ClaimPort claim)
    {
        if (_ports.TryGetValue(claim.PortId, out var held) && held.NodeId != claim.NodeId && held.NodeId != claim.MovedFrom)
            return new(held.NodeId, held.PortId, $"A port with UUID {claim.PortId} already exists.");
        if (_portByAddress.TryGetValue(claim.Address, out var holder) && holder != claim.PortId)
            return new(_ports[holder].NodeId, holder, $"A port with MAC address {claim.Address} already exists.");
        return null;
    }

    /// <summary>True when the claim is already held exactly so (nothing to store).</summary>
    public bool Holds(PortRegistryMessages.ClaimPort claim) =>
        _ports.TryGetValue(claim.PortId, out var held) && held == new PortClaimed(claim.NodeId, claim.PortId, claim.Address);

    /// <summary>Null when the claim can be granted, else the portgroup in the way (same UUID elsewhere, same name or address) and Ironic's 409 message.</summary>
    public ClaimConflict? ConflictWith(PortRegistryMessages.ClaimPortgroup claim)
    {
        if (_groups.TryGetValue(claim.PortgroupId, out var held) && held.NodeId != claim.NodeId && held.NodeId != claim.MovedFrom)
            return new(held.NodeId, held.PortgroupId, $"A portgroup with UUID {claim.PortgroupId} already exists.");
        if (claim.Name is { } name && _groupByName.TryGetValue(name, out var named) && named != claim.PortgroupId)
            return new(_groups[named].NodeId, named, $"A portgroup with name {name} already exists.");
        if (claim.Address is { } address && _groupByAddress.TryGetValue(address, out var holder) && holder != claim.PortgroupId)
            return new(_groups[holder].NodeId, holder, $"A portgroup with MAC address {address} already exists.");
        return null;
    }

    public bool Holds(PortRegistryMessages.ClaimPortgroup claim) =>
        _groups.TryGetValue(claim.PortgroupId, out var held) &&
        held == new PortgroupClaimed(claim.NodeId, claim.PortgroupId, claim.Name, claim.Address);

    /// <summary>Folds a registry event; a released node (deleted) frees all its ports and portgroups.</summary>
    public void Apply(object e)
    {
        switch (e)
        {
            case PortClaimed c:
                RemovePort(c.PortId);
                _ports[c.PortId] = c;
                _portByAddress[c.Address] = c.PortId;
                NodeSet(c.NodeId).Add(c.PortId);
                break;
            case PortReleased r:
                RemovePort(r.PortId);
                break;
            case PortgroupClaimed c:
                RemoveGroup(c.PortgroupId);
                _groups[c.PortgroupId] = c;
                if (c.Name is not null) _groupByName[c.Name] = c.PortgroupId;
                if (c.Address is not null) _groupByAddress[c.Address] = c.PortgroupId;
                NodeSet(c.NodeId).Add(c.PortgroupId);
                break;
            case PortgroupReleased r:
                RemoveGroup(r.PortgroupId);
                break;
            case RegistryEvents.IdentityReleased node:
                if (_byNode.TryGetValue(node.NodeId, out var owned))
                    foreach (var id in owned.ToList())
                    {
                        RemovePort(id);
                        RemoveGroup(id);
                    }
                break;
            case RegistryEvents.RegistrySnapshot s:
                foreach (var c in s.Ports ?? []) Apply(c);
                foreach (var c in s.Portgroups ?? []) Apply(c);
                break;
        }
    }

    /// <summary>Adds the port and portgroup claims to the registry's snapshot.</summary>
    public RegistryEvents.RegistrySnapshot AddTo(RegistryEvents.RegistrySnapshot snapshot) =>
        snapshot with { Ports = _ports.Values.ToList(), Portgroups = _groups.Values.ToList() };

    private HashSet<Guid> NodeSet(Guid nodeId) =>
        _byNode.TryGetValue(nodeId, out var set) ? set : _byNode[nodeId] = [];

    private void RemovePort(Guid portId)
    {
        if (!_ports.Remove(portId, out var old))
            return;
        if (_portByAddress.TryGetValue(old.Address, out var holder) && holder == portId)
            _portByAddress.Remove(old.Address);
        Forget(old.NodeId, portId);
    }

    private void RemoveGroup(Guid groupId)
    {
        if (!_groups.Remove(groupId, out var old))
            return;
        if (old.Name is not null && _groupByName.TryGetValue(old.Name, out var named) && named == groupId)
            _groupByName.Remove(old.Name);
        if (old.Address is not null && _groupByAddress.TryGetValue(old.Address, out var holder) && holder == groupId)
            _groupByAddress.Remove(old.Address);
        Forget(old.NodeId, groupId);
    }

    private void Forget(Guid nodeId, Guid id)
    {
        if (_byNode.TryGetValue(nodeId, out var set) && set.Remove(id) && set.Count == 0)
            _byNode.Remove(nodeId);
    }
}
