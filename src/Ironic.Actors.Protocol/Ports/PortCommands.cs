using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Ports;

/// <summary>
/// A request about one of a node's ports or portgroups. Ports and portgroups live in their node's entity
/// (Ironic locks the node for every port write), so these travel through the node shard region like node
/// commands; the node answers with <see cref="PortReplies"/> or <see cref="Replies.Rejected"/>.
/// </summary>
public interface INodePartCommand : IWithNodeId, IIronicMessage;

/// <summary>Requests to a node's entity about its ports and portgroups.</summary>
public static class PortCommands
{
    /// <summary>
    /// POST /v1/ports: the body, read once by <see cref="PortRequests.ReadCreatePort"/> (Ironic's schema and field
    /// validators), as the port to store on node <paramref name="NodeId"/> (the one it names).
    /// <paramref name="PxeEnabledGiven"/>: the body set <c>pxe_enabled</c> (refused in a portgroup without standalone ports).
    /// </summary>
    public sealed record CreatePort(Guid NodeId, Port Port, bool PxeEnabledGiven) : INodePartCommand
    {
        [JsonIgnore] public Guid PortId => Port.Uuid;

        /// <summary>The gateway generated the port's UUID for this create (the body gave none): see <see cref="Ironic.Actors.Domain.Decisions.PortDecisions.Create"/>.</summary>
        public bool IdGenerated { get; init; }

        /// <summary>The portgroup the body puts the port in, which the gateway looks up first.</summary>
        [JsonIgnore] public Guid? PortgroupId => Port.PortgroupId;
    }

    /// <summary>GET /v1/ports/{uuid}.</summary>
    public sealed record GetPort(Guid NodeId, Guid PortId) : INodePartCommand;

    /// <summary>
    /// PATCH /v1/ports/{uuid}; operations limited to the patchable fields by the gateway.
    /// <paramref name="RefuseWhileInspecting"/>: the request's version is 1.39 or later.
    /// </summary>
    public sealed record PatchPort(Guid NodeId, Guid PortId, IReadOnlyList<PatchOperation> Operations, bool RefuseWhileInspecting)
        : INodePartCommand;

    /// <summary>DELETE /v1/ports/{uuid}.</summary>
    public sealed record DeletePort(Guid NodeId, Guid PortId) : INodePartCommand;

    /// <summary>
    /// POST /v1/portgroups: the body, read once by <see cref="PortRequests.ReadCreatePortgroup"/>, as the portgroup to
    /// store on node <paramref name="NodeId"/> (the one it names).
    /// </summary>
    public sealed record CreatePortgroup(Guid NodeId, Portgroup Portgroup) : INodePartCommand
    {
        [JsonIgnore] public Guid PortgroupId => Portgroup.Uuid;

        /// <summary>The gateway generated the portgroup's UUID for this create (the body gave none): see <see cref="Ironic.Actors.Domain.Decisions.PortgroupDecisions.Create"/>.</summary>
        public bool IdGenerated { get; init; }

        /// <summary>The name the body gives (whose form depends on the API version: the gateway checks it).</summary>
        [JsonIgnore] public string? Name => Portgroup.Name;
    }

    /// <summary>GET /v1/portgroups/{ident}.</summary>
    public sealed record GetPortgroup(Guid NodeId, Guid PortgroupId) : INodePartCommand;

    /// <summary>PATCH /v1/portgroups/{ident}.</summary>
    public sealed record PatchPortgroup(
        Guid NodeId, Guid PortgroupId, IReadOnlyList<PatchOperation> Operations, bool RefuseWhileInspecting) : INodePartCommand;

    /// <summary>DELETE /v1/portgroups/{ident}.</summary>
    public sealed record DeletePortgroup(Guid NodeId, Guid PortgroupId) : INodePartCommand;

    /// <summary>
    /// From the node that holds a port being moved (PATCH of <c>node_uuid</c>) to the node it goes to: check
    /// Ironic's rules against this node and store <paramref name="Moved"/> here; answer PortView or Rejected. The
    /// source deletes its copy only once this is stored.
    /// </summary>
    public sealed record AdoptPort(Guid NodeId, Port Original, Port Moved, bool RefuseWhileInspecting) : INodePartCommand;

    /// <summary>The same for a portgroup (which must be empty to move).</summary>
    public sealed record AdoptPortgroup(Guid NodeId, Portgroup Original, Portgroup Moved, bool RefuseWhileInspecting) : INodePartCommand;
}
