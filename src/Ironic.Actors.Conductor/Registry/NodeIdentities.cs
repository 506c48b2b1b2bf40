using Ironic.Actors.Protocol.Registry;

namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// The registry's state: each node's name and instance UUID, indexed both ways. Pure and mutable
/// only through <see cref="Apply"/>; <see cref="ConflictWith"/> decides without changing anything.
/// </summary>
public sealed class NodeIdentities
{
    private readonly Dictionary<Guid, RegistryEvents.IdentityClaimed> _byNode = new();
    private readonly Dictionary<string, Guid> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Guid> _byInstance = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _byNode.Count;

    public Guid? FindByName(string name) => _byName.TryGetValue(name, out var id) ? id : null;

    /// <summary>Null when the claim can be granted, else the node holding the name or instance UUID, with Ironic's 409 message.</summary>
    public ClaimConflict? ConflictWith(RegistryMessages.Claim claim)
    {
        if (claim.Name is { } name && _byName.TryGetValue(name, out var holder) && holder != claim.NodeId)
            return new(holder, holder, $"A node with name {name} already exists.");
        if (claim.InstanceUuid is { } instance && _byInstance.TryGetValue(instance, out var owner) && owner != claim.NodeId)
            return new(owner, owner,
                $"Instance {instance} is already associated with a node, it cannot be associated with this other node {claim.NodeId}");
        return null;
    }

    public void Apply(object e)
    {
        switch (e)
        {
            case RegistryEvents.IdentityClaimed c:
                Remove(c.NodeId);
                _byNode[c.NodeId] = c;
                if (c.Name is not null) _byName[c.Name] = c.NodeId;
                if (c.InstanceUuid is not null) _byInstance[c.InstanceUuid] = c.NodeId;
                break;
            case RegistryEvents.IdentityReleased r:
                Remove(r.NodeId);
                break;
            case RegistryEvents.RegistrySnapshot s:
                foreach (var c in s.Nodes) Apply(c);
                break;
        }
    }

    public RegistryEvents.RegistrySnapshot ToSnapshot() => new(_byNode.Values.ToList());

    private void Remove(Guid nodeId)
    {
        if (!_byNode.Remove(nodeId, out var old))
            return;
        if (old.Name is not null) _byName.Remove(old.Name);
        if (old.InstanceUuid is not null) _byInstance.Remove(old.InstanceUuid);
    }
}
