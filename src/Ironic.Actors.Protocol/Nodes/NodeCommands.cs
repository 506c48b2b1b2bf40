using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Requests to one node's entity, sent through the node shard region.</summary>
public static class NodeCommands
{
    /// <summary>POST /v1/nodes: create the node from a body whose keys the gateway has already checked.</summary>
    public sealed record CreateNode(Guid NodeId, JsonObject Body, string InitialState) : IWithNodeId, IIronicMessage
    {
        /// <summary>
        /// The gateway generated <see cref="NodeId"/> for this create (the body gave no uuid): no other request can name
        /// it, so a node found under it was made by this create's own earlier copy (<see cref="NodeDecisions.Enroll"/>).
        /// </summary>
        public bool IdGenerated { get; init; }
    }

    /// <summary>GET /v1/nodes/{id}.</summary>
    public sealed record GetNode(Guid NodeId) : IWithNodeId, IIronicMessage;

    /// <summary>PATCH /v1/nodes/{id}.</summary>
    public sealed record PatchNode(Guid NodeId, IReadOnlyList<PatchOperation> Operations, bool ResetInterfaces)
        : IWithNodeId, IIronicMessage;

    /// <summary>PUT /v1/nodes/{id}/states/provision.</summary>
    public sealed record ChangeProvisionState(Guid NodeId, ProvisionRequest Request) : IWithNodeId, IIronicMessage
    {
        /// <summary>The command for node <paramref name="nodeId"/> from the request body's arguments (as the gateway read them).</summary>
        public static ChangeProvisionState Of(
            Guid nodeId, string target, JsonNode? configDrive, JsonArray? cleanSteps, JsonArray? deploySteps, string? rescuePassword,
            bool? disableRamdisk) =>
            new(nodeId, new ProvisionRequest(target, configDrive, cleanSteps, deploySteps, rescuePassword, disableRamdisk));
    }

    /// <summary>PUT /v1/nodes/{id}/states/power; <paramref name="Ident"/> is how the request named the node (for its error text).</summary>
    public sealed record ChangePowerState(Guid NodeId, string Target, int? TimeoutSeconds, string? Ident = null) : IWithNodeId, IIronicMessage;

    /// <summary>PUT (on) and DELETE (off) /v1/nodes/{id}/maintenance.</summary>
    public sealed record SetMaintenance(Guid NodeId, bool Maintenance, string? Reason) : IWithNodeId, IIronicMessage;

    /// <summary>DELETE /v1/nodes/{id}.</summary>
    public sealed record DeleteNode(Guid NodeId) : IWithNodeId, IIronicMessage;

    /// <summary>
    /// Starts (recovers) the entity so that it resolves work its previous host left unfinished.
    /// Sent after start-up or takeover to nodes the query model shows in transitional states.
    /// </summary>
    public sealed record WakeNode(Guid NodeId) : IWithNodeId, IIronicMessage;

    /// <summary>
    /// Starts the entity and has it write its read-model row (node, ports and portgroups) as it stands, then answer
    /// <see cref="NodeReplies.Awake"/>. Sent by the journal reconciler for a node whose row is behind its journal
    /// (its host stopped between storing an event and writing the row).
    /// </summary>
    public sealed record RefreshReadModel(Guid NodeId) : IWithNodeId, IIronicMessage;
}

/// <summary>Node commands of the allocation process (sent by the allocations singleton through the node region).</summary>
public static class NodeAllocationCommands
{
    /// <summary>
    /// Reserve this node for allocation <paramref name="AllocationId"/> if it still qualifies (available, not in maintenance,
    /// no instance or allocation, the resource class and traits): Accepted with the node, or Rejected (409) when it does not.
    /// </summary>
    public sealed record ReserveForAllocation(Guid NodeId, Guid AllocationId, string? ResourceClass, ImmutableArray<string> Traits)
        : IWithNodeId, IIronicMessage;

    /// <summary>Backfill: record <paramref name="Allocation"/> on this already deployed node, or Rejected as Ironic refuses it.</summary>
    public sealed record BackfillAllocation(Guid NodeId, Domain.Allocations.Allocation Allocation) : IWithNodeId, IIronicMessage;

    /// <summary>Deleting the allocation: clear it from the node (Accepted), or Rejected (409) in states Ironic refuses.</summary>
    public sealed record ReleaseAllocation(Guid NodeId, Guid AllocationId) : IWithNodeId, IIronicMessage;
}
