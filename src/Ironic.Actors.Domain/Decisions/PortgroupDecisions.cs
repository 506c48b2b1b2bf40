using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// Pure decisions about a node's portgroups, made by the node's entity. Unique names and addresses are claimed
/// from the node registry, like port addresses. Ironic creates portgroups without the node's lock, but takes it
/// to update or delete them.
/// </summary>
public static class PortgroupDecisions
{
    private static readonly IReadOnlySet<string> Patchable = PortgroupDocument.PatchableFields.ToHashSet();

    public static Rejection PortgroupNotFound(string ident) => Rejection.NotFound($"Portgroup {ident} could not be found.");

    /// <summary>POST /v1/portgroups on node <paramref name="node"/> (the body names it; names are checked by the gateway).</summary>
    public static Decision Create(Node node, NodePorts parts, Guid portgroupId, JsonObject body, NodeContext ctx)
    {
        var blank = new Portgroup { Uuid = portgroupId, NodeId = node.Uuid, CreatedAt = ctx.Now };
        var (read, error) = PortgroupDocument.Read(body, blank, "portgroup");
        if (read is null)
            return Rejection.Invalid(error!);
        if (parts.Portgroups.ContainsKey(portgroupId))
            return Rejection.Conflict($"A portgroup with UUID {portgroupId} already exists.");
        return Decision.Accept(new PortgroupCreated(read with { Uuid = portgroupId, NodeId = node.Uuid, CreatedAt = ctx.Now, UpdatedAt = null }));
    }

    /// <summary>PATCH /v1/portgroups/{ident}: no update while inspecting (1.39+), then the node's lock.</summary>
    public static Decision Patch(
        Node node, NodePorts parts, Guid portgroupId, IReadOnlyList<PatchOperation> ops, bool refuseWhileInspecting, NodeContext ctx)
    {
        if (parts.Portgroup(portgroupId) is not { } group)
            return PortgroupNotFound(portgroupId.ToString());
        var doc = PortgroupDocument.ToDocument(group);
        if (JsonPatcher.Apply(doc, ops, Patchable) is { } patchError)
            return Rejection.Invalid(patchError);
        var (updated, error) = PortgroupDocument.Read(doc, group, "patch");
        if (updated is null)
            return Rejection.Invalid(error!);
        if (updated.NodeId != node.Uuid)
            return PortDecisions.MoveUnsupported("portgroup", group.Uuid, updated.NodeId);
        if (refuseWhileInspecting && node.ProvisionState == ProvisionStates.Inspecting)
            return Rejection.Conflict(
                $"Cannot update portgroup \"{group.Uuid}\" on node \"{node.Uuid}\" while it is in state \"{ProvisionStates.Inspecting}\".");
        if (ctx.LockedBy is { } host)
            return Rejection.NodeLocked(node.Uuid, host);

        if (updated.Address == group.Address && updated.Name == group.Name && updated.Mode == group.Mode &&
            updated.StandalonePortsSupported == group.StandalonePortsSupported &&
            JsonNode.DeepEquals(updated.Extra, group.Extra) && JsonNode.DeepEquals(updated.Properties, group.Properties))
            return Decision.Accept();
        return Decision.Accept(new PortgroupUpdated(updated with { UpdatedAt = ctx.Now }, ctx.Now));
    }

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
