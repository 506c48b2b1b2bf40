using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// Pure decisions about a node's ports, made by the node's entity: Ironic's conductor takes the node's lock
/// for every port write, so the node's mailbox is where port rules are checked. A MAC address another port of the
/// same node has is refused here (the node knows its own ports); uniqueness over all nodes (port UUID, MAC address)
/// is claimed from the node registry before the events are stored.
/// </summary>
public static class PortDecisions
{
    /// <summary>
    /// The port fields that change how the node is cabled (Ironic's "connectivity attributes"), as named in the
    /// error; Ironic prints a Python set, whose order varies, so the declaration order is used.
    /// </summary>
    public const string ConnectivityAttributes = "portgroup_id, pxe_enabled, local_link_connection, physical_network";

    /// <summary>Where connectivity attributes may change outside maintenance.</summary>
    public static readonly IReadOnlyList<string> ConnectivityStates =
        [ProvisionStates.Enroll, ProvisionStates.Inspecting, ProvisionStates.InspectWait, ProvisionStates.Manageable];

    private static readonly NodePartPatcher<Port> Patcher =
        new("port", p => p.Ports, PortNotFound, PortDocument.ToDocument, PortDocument.Read, PortDocument.PatchableFields);

    public static Rejection PortNotFound(Guid port) => Rejection.NotFound($"Port {port} could not be found.");

    public static Rejection DifferentNodePortgroup() =>
        Rejection.Invalid("Port can not be added to a portgroup belonging to a different node.");

    public static Rejection MoveUnsupported(string kind, Guid id, Guid node) =>
        Rejection.Invalid($"Moving {kind} {id} to another node ({node}) is not supported; delete it and create it on that node.");

    /// <summary>
    /// POST /v1/ports on node <paramref name="node"/>: <paramref name="requested"/> is the body as read once before
    /// (<see cref="PortDocument.Read"/>: Ironic's schema and field validators) and has passed the gateway's version
    /// checks; <paramref name="pxeEnabledGiven"/>: the body set pxe_enabled. Checked in Ironic's order after the
    /// fields: portgroup, smart NIC, physical network, standalone ports, the node's lock, then the portgroup's
    /// physical network. With <paramref name="uuidGenerated"/> (the service chose the UUID for this very request), a
    /// port the node already holds under it was stored by an earlier copy of the request (its conductor died before
    /// answering; the copy was sent again): the create stands as done, nothing to store.
    /// </summary>
    public static Decision Create(Node node, NodePorts parts, Port requested, bool pxeEnabledGiven, NodeContext ctx, bool uuidGenerated = false)
    {
        var port = requested with { NodeId = node.Uuid, CreatedAt = ctx.Now, UpdatedAt = null };
        if (Patcher.AlreadyExists(parts, port.Uuid) is { } exists)
            return uuidGenerated ? Decision.Accept() : exists;

        Portgroup? group = null;
        if (port.PortgroupId is { } groupId && (group = parts.Portgroup(groupId)) is null)
            return DifferentNodePortgroup();
        if (port.IsSmartnic && !LocalLinkConnection.FitsSmartNic(port.LocalLinkConnection))
            return Rejection.Invalid("Smart NIC port must have port_id and hostname in local_link_connection");
        if (port.PhysicalNetwork is "")
            return Rejection.Invalid("A non-empty value is required when setting physical_network");
        var pxeRequested = pxeEnabledGiven && port.PxeEnabled;
        if (group is not null && pxeRequested && !group.StandalonePortsSupported)
            return Rejection.Conflict(
                $"Port group {group.Uuid} doesn't support standalone ports. This port cannot be created as a member of that " +
                "portgroup as the port's 'pxe_enabled' field was set to True.");
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (PhysicalNetworkConflict(parts, port) is { } conflict)
            return conflict;
        if (AddressTaken(parts, port) is { } taken)
            return taken;
        return Decision.Accept(new PortCreated(port));
    }

    /// <summary>
    /// PATCH /v1/ports/{uuid}: applies the operations (their paths already limited to the patchable fields),
    /// then Ironic's update rules: no update while inspecting (1.39+), the node's lock, no new MAC address on an
    /// active or associated node, connectivity attributes only in enroll/inspecting/inspect wait/manageable, or
    /// in maintenance. An update that changes nothing stores nothing. A patch that names another node is a move
    /// (see <see cref="MoveTarget"/>), which the node entity runs with <see cref="PrepareMove"/> and <see cref="Adopt"/>.
    /// </summary>
    public static Decision Patch(
        Node node, NodePorts parts, Guid portId, IReadOnlyList<PatchOperation> ops, bool refuseWhileInspecting, NodeContext ctx)
    {
        var (port, updated, rejection) = Patcher.ApplyInPlace(node, parts, portId, ops);
        if (rejection is not null)
            return rejection;
        if (CheckUpdate(node, parts, port!, updated!, refuseWhileInspecting, ctx) is { } refused)
            return refused;
        if (updated!.PortgroupId == port!.PortgroupId && updated.PhysicalNetwork == port.PhysicalNetwork && updated.PxeEnabled == port.PxeEnabled &&
            JsonNode.DeepEquals(updated.LocalLinkConnection, port.LocalLinkConnection) && updated.Address == port.Address &&
            updated.IsSmartnic == port.IsSmartnic && JsonNode.DeepEquals(updated.Extra, port.Extra))
            return Decision.Accept();
        if (updated.Address != port.Address && AddressTaken(parts, updated) is { } taken)
            return taken;
        return Decision.Accept(new PortUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>The node a patch moves the port to, when it names one other than <paramref name="node"/>; null otherwise (or when the patch fails).</summary>
    public static Guid? MoveTarget(Guid node, NodePorts parts, Guid portId, IReadOnlyList<PatchOperation> ops) =>
        Patcher.MoveTarget(node, parts, portId, ops);

    /// <summary>
    /// The first half of moving a port (PATCH of <c>node_uuid</c>), on the node that holds it: the patched port, or
    /// why not. The source node's lock is needed too, since the port leaves its journal; every rule about the port
    /// itself is the target node's (<see cref="Adopt"/>), as Ironic checks them against the node the port goes to.
    /// </summary>
    public static (Port? Original, Port? Moved, Rejection? Rejection) PrepareMove(
        Node node, NodePorts parts, Guid portId, IReadOnlyList<PatchOperation> ops, NodeContext ctx) =>
        Patcher.PrepareMove(node, parts, portId, ops, ctx);

    /// <summary>
    /// The second half of a move, on the node the port goes to: Ironic's update rules against this node, and its
    /// portgroup (if any) must be one of this node's. Accepting stores the port here; the source then deletes it.
    /// </summary>
    public static Decision Adopt(Node node, NodePorts parts, Port original, Port moved, bool refuseWhileInspecting, NodeContext ctx)
    {
        if (Patcher.AlreadyExists(parts, moved.Uuid) is { } exists)
            return exists;
        var port = moved with { NodeId = node.Uuid };
        if (CheckUpdate(node, parts, original, port, refuseWhileInspecting, ctx) is { } refused)
            return refused;
        if (AddressTaken(parts, port) is { } taken)
            return taken;
        return Decision.Accept(new PortUpdated(port with { UpdatedAt = ctx.Now }, ctx.Now));
    }

    /// <summary>
    /// Ironic's MACAlreadyExists (409) when another port of this node has <paramref name="port"/>'s MAC address (the
    /// last check, as Ironic's is the database's). Other nodes' ports are the registry's to check.
    /// </summary>
    public static Rejection? AddressTaken(NodePorts parts, Port port) =>
        parts.PortWithAddress(port.Address, port.Uuid) is null ? null : MacAlreadyExists(port.Address);

    public static Rejection MacAlreadyExists(string address) => Rejection.Conflict($"A port with MAC address {address} already exists.");

    /// <summary>Ironic's rules for <paramref name="port"/> becoming <paramref name="updated"/> on <paramref name="node"/>.</summary>
    private static Rejection? CheckUpdate(Node node, NodePorts parts, Port port, Port updated, bool refuseWhileInspecting, NodeContext ctx)
    {
        if (updated.PortgroupId is { } groupId && parts.Portgroup(groupId) is null)
            return DifferentNodePortgroup();
        if (refuseWhileInspecting && node.ProvisionState == ProvisionStates.Inspecting)
            return Rejection.Conflict($"Cannot update port \"{port.Uuid}\" on \"{node.Uuid}\" while it is in state \"{ProvisionStates.Inspecting}\".");
        var physnetChanged = updated.PhysicalNetwork != port.PhysicalNetwork;
        if (physnetChanged && updated.PhysicalNetwork is "")
            return Rejection.Invalid("A non-empty value is required when setting physical_network");
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);

        if (updated.Address != port.Address && !node.Maintenance &&
            (node.ProvisionState == ProvisionStates.Active || node.InstanceUuid is not null))
            return Rejection.Conflict(
                $"Cannot update hardware address for port {port.Uuid} as node {node.Uuid} is active or has instance UUID assigned");
        var groupChanged = updated.PortgroupId != port.PortgroupId;
        var connectivityChanged = groupChanged || physnetChanged || updated.PxeEnabled != port.PxeEnabled ||
                                  !JsonNode.DeepEquals(updated.LocalLinkConnection, port.LocalLinkConnection);
        if (connectivityChanged && !node.Maintenance && !ConnectivityStates.Contains(node.ProvisionState))
            return Rejection.Conflict(
                $"Port {port.Uuid} can not have any connectivity attributes ({ConnectivityAttributes}) updated unless node " +
                $"{node.Uuid} is in a {string.Join(", ", ConnectivityStates)} state or in maintenance mode. " +
                $"The current state is {node.ProvisionState}.");
        if (groupChanged || physnetChanged)
            return PhysicalNetworkConflict(parts, updated);
        return null;
    }

    /// <summary>DELETE /v1/ports/{uuid}: takes the node's lock; a port bound to a VIF stays unless in maintenance.</summary>
    public static Decision Delete(Node node, NodePorts parts, Guid portId, NodeContext ctx)
    {
        if (parts.Port(portId) is not { } port)
            return PortNotFound(portId);
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);
        if (AttachedVif(port) is { } attached && !node.Maintenance)
            return Rejection.Conflict(
                $"Cannot delete the port {port.Uuid} as it is bound to VIF {attached.Vif} for {attached.Use} use.");
        return Decision.Accept(new PortDeleted(node.Uuid, port.Uuid, ctx.Now));
    }

    /// <summary>The VIF recorded on the port by network operations, and what it is used for (Ironic's get_attached_vif).</summary>
    public static (string Vif, string Use)? AttachedVif(Port port)
    {
        foreach (var (key, use) in new[]
                 {
                     ("tenant_vif_port_id", "tenant"), ("cleaning_vif_port_id", "cleaning"),
                     ("provisioning_vif_port_id", "provisioning"), ("rescuing_vif_port_id", "rescuing"),
                     ("inspection_vif_port_id", "inspecting"),
                 })
            if (port.InternalInfo[key] is { } value && PythonText.Str(value) is { Length: > 0 } vif && vif != "None")
                return (vif, use);
        return null;
    }

    /// <summary>
    /// All ports of a portgroup must share one physical network (which may be none): a port joining a group,
    /// or changing its network inside one, must match the other members (Ironic's validate_port_physnet).
    /// </summary>
    private static Rejection? PhysicalNetworkConflict(NodePorts parts, Port port)
    {
        if (port.PortgroupId is not { } groupId)
            return null;
        var networks = parts.MembersOf(groupId).Where(p => p.Uuid != port.Uuid).Select(p => p.PhysicalNetwork).Distinct().ToList();
        if (networks.Count == 0 || networks.Contains(port.PhysicalNetwork))
            return null;
        return Rejection.Conflict(
            $"Port with physical network {port.PhysicalNetwork ?? "None"} cannot become a member of port group {groupId} " +
            $"which has ports in physical network {networks[0] ?? "None"}.");
    }
}
