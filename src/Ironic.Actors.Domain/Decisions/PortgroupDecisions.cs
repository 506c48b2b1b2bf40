using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// Pure decisions about a node's portgroups, made by the node's entity. A name or address another portgroup of
/// the same node has is refused here; uniqueness over all nodes is claimed from the node registry, like port addresses. Ironic creates portgroups without the node's lock, but takes it
/// to update or delete them.
/// </summary>
public static class PortgroupDecisions
{
    private static readonly NodePartPatcher<Portgroup> Patcher = new(
        "portgroup", p => p.Portgroups, id => PortgroupNotFound(id.ToString()),
        PortgroupDocument.ToDocument, PortgroupDocument.Read, PortgroupDocument.PatchableFields);

    public static Rejection PortgroupNotFound(string ident) => Rejection.NotFound($"Portgroup {ident} could not be found.");

    /// <summary>
    /// POST /v1/portgroups on node <paramref name="node"/>: <paramref name="requested"/> is the body as read once
    /// before (<see cref="PortgroupDocument.Read"/>), which names this node; names are checked by the gateway. With
    /// <paramref name="uuidGenerated"/>, one the node already holds under that UUID is the request's own (as for ports).
    /// </summary>
    public static Decision Create(Node node, NodePorts parts, Portgroup requested, NodeContext ctx, bool uuidGenerated = false)
    {
        if (Patcher.AlreadyExists(parts, requested.Uuid) is { } exists)
            return uuidGenerated ? Decision.Accept() : exists;
        var group = requested with { NodeId = node.Uuid, CreatedAt = ctx.Now, UpdatedAt = null };
        if (NameOrAddressTaken(parts, group) is { } taken)
            return taken;
        return Decision.Accept(new PortgroupCreated(group));
    }

    /// <summary>
    /// PATCH /v1/portgroups/{ident}: no update while inspecting (1.39+), then the node's lock. A patch that names
    /// another node is a move (<see cref="MoveTarget"/>, <see cref="PrepareMove"/>, <see cref="Adopt"/>).
    /// </summary>
    public static Decision Patch(
        Node node, NodePorts parts, Guid portgroupId, IReadOnlyList<PatchOperation> ops, bool refuseWhileInspecting, NodeContext ctx)
    {
        var (group, updated, rejection) = Patcher.ApplyInPlace(node, parts, portgroupId, ops);
        if (rejection is not null)
            return rejection;
        if (refuseWhileInspecting && node.ProvisionState == ProvisionStates.Inspecting)
            return Inspecting(group!, node);
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);

        if (updated!.Address == group!.Address && updated.Name == group.Name && updated.Mode == group.Mode &&
            updated.StandalonePortsSupported == group.StandalonePortsSupported &&
            JsonNode.DeepEquals(updated.Extra, group.Extra) && JsonNode.DeepEquals(updated.Properties, group.Properties))
            return Decision.Accept();
        if ((updated.Name != group.Name || updated.Address != group.Address) && NameOrAddressTaken(parts, updated) is { } taken)
            return taken;
        return Decision.Accept(new PortgroupUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>The node a patch moves the portgroup to, when it names one other than <paramref name="node"/>.</summary>
    public static Guid? MoveTarget(Guid node, NodePorts parts, Guid portgroupId, IReadOnlyList<PatchOperation> ops) =>
        Patcher.MoveTarget(node, parts, portgroupId, ops);

    /// <summary>
    /// The first half of moving a portgroup, on the node that holds it: only an empty portgroup may change nodes
    /// (Ironic's PortgroupNotEmpty, 400), and the source node's lock is needed as the portgroup leaves its journal.
    /// </summary>
    public static (Portgroup? Original, Portgroup? Moved, Rejection? Rejection) PrepareMove(
        Node node, NodePorts parts, Guid portgroupId, IReadOnlyList<PatchOperation> ops, NodeContext ctx) =>
        Patcher.PrepareMove(node, parts, portgroupId, ops, ctx, (group, updated) => parts.MembersOf(group.Uuid).Any()
            ? Rejection.Invalid(
                $"Portgroup {group.Uuid} can not be associated with node {updated.NodeId} because there are ports associated with this portgroup.")
            : null);

    /// <summary>
    /// The second half of a move, on the node the portgroup goes to: no update while inspecting, this node's lock,
    /// and (outside maintenance) one of the states where connectivity may change, as Ironic's update_portgroup checks.
    /// </summary>
    public static Decision Adopt(Node node, NodePorts parts, Portgroup original, Portgroup moved, bool refuseWhileInspecting, NodeContext ctx)
    {
        if (Patcher.AlreadyExists(parts, moved.Uuid) is { } exists)
            return exists;
        if (refuseWhileInspecting && node.ProvisionState == ProvisionStates.Inspecting)
            return Inspecting(original, node);
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (!node.Maintenance && !PortDecisions.ConnectivityStates.Contains(node.ProvisionState))
            return Rejection.Conflict(
                $"Portgroup {original.Uuid} can not be associated to node {node.Uuid} unless the node is in a " +
                $"{string.Join(", ", PortDecisions.ConnectivityStates)} state or in maintenance mode.");
        if (NameOrAddressTaken(parts, moved) is { } taken)
            return taken;
        return Decision.Accept(new PortgroupUpdated(moved with { NodeId = node.Uuid, UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>
    /// Ironic's 409 when another portgroup of this node has <paramref name="group"/>'s name or MAC address (name first,
    /// as the registry checks). Other nodes' portgroups are the registry's to check.
    /// </summary>
    public static Rejection? NameOrAddressTaken(NodePorts parts, Portgroup group)
    {
        if (group.Name is { } name && parts.PortgroupNamed(name, group.Uuid) is not null)
            return Rejection.Conflict($"A portgroup with name {name} already exists.");
        if (group.Address is { } address && parts.PortgroupWithAddress(address, group.Uuid) is not null)
            return Rejection.Conflict($"A portgroup with MAC address {address} already exists.");
        return null;
    }

    private static Rejection Inspecting(Portgroup group, Node node) =>
        Rejection.Conflict($"Cannot update portgroup \"{group.Uuid}\" on node \"{node.Uuid}\" while it is in state \"{ProvisionStates.Inspecting}\".");

    /// <summary>DELETE /v1/portgroups/{ident}: takes the node's lock; a portgroup with member ports stays (400).</summary>
    public static Decision Delete(Node node, NodePorts parts, Guid portgroupId, NodeContext ctx)
    {
        if (parts.Portgroup(portgroupId) is not { } group)
            return PortgroupNotFound(portgroupId.ToString());
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (parts.MembersOf(group.Uuid).Any())
            return Rejection.Invalid($"Cannot complete the requested action because portgroup {group.Uuid} contains ports.");
        return Decision.Accept(new PortgroupDeleted(node.Uuid, group.Uuid, ctx.Now));
    }
}
