using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Allocations;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Views;

namespace Ironic.Actors.Protocol.Allocations;

/// <summary>
/// Requests to the allocations singleton, which owns every allocation. Idents are UUIDs or names as the API got
/// them; node idents are resolved by the singleton. Failures are answered with <see cref="Replies.Rejected"/>.
/// </summary>
public static class AllocationCommands
{
    /// <summary>
    /// POST /v1/allocations, with a body the gateway has checked (schema, name, resource_class unless backfilling).
    /// <paramref name="AllocationId"/> is the body's uuid when given (<paramref name="UuidGiven"/>), else a new one
    /// (a backfill then takes the node's instance UUID, as Ironic does).
    /// </summary>
    public sealed record CreateAllocation(Guid AllocationId, bool UuidGiven, JsonObject Body) : IIronicMessage;

    public sealed record GetAllocation(string Ident) : IIronicMessage;

    /// <summary>GET /v1/nodes/{node}/allocation.</summary>
    public sealed record GetNodeAllocation(string NodeIdent) : IIronicMessage;

    /// <summary>GET /v1/allocations: filters (null: not applied), sorted, after <paramref name="Marker"/>, at most <paramref name="Limit"/>.</summary>
    public sealed record ListAllocations(
        string? NodeIdent = null, string? ResourceClass = null, string? State = null, string? Owner = null,
        string SortKey = "id", string SortDir = "asc", int Limit = 1000, Guid? Marker = null) : IIronicMessage;

    /// <summary>PATCH /v1/allocations/{ident} (name, extra).</summary>
    public sealed record PatchAllocation(string Ident, IReadOnlyList<PatchOperation> Operations) : IIronicMessage
    {
        /// <summary>Root fields an allocation PATCH may name.</summary>
        public static IReadOnlyList<string> PatchableFields => AllocationDecisions.PatchableFields;
    }

    public sealed record DeleteAllocation(string Ident) : IIronicMessage;

    /// <summary>DELETE /v1/nodes/{node}/allocation.</summary>
    public sealed record DeleteNodeAllocation(string NodeIdent) : IIronicMessage;

    /// <summary>
    /// Node <paramref name="NodeId"/> no longer holds <paramref name="AllocationId"/> (it was deleted, torn down, or its
    /// instance removed): Ironic deletes the allocation with it. Fire-and-forget, sent after the node stored the change.
    /// </summary>
    public sealed record NodeDroppedAllocation(Guid AllocationId, Guid NodeId) : IIronicMessage;
}

/// <summary>Answers of the allocations singleton.</summary>
public static class AllocationReplies
{
    public sealed record AllocationView(Allocation Allocation) : IIronicMessage
    {
        /// <summary>What the API shows of the allocation (not serialized: built from <see cref="Allocation"/>).</summary>
        [JsonIgnore]
        public AllocationFields Fields => AllocationFields.Of(Allocation);
    }

    public sealed record AllocationPage(IReadOnlyList<Allocation> Allocations, bool MarkerFound) : IIronicMessage
    {
        /// <summary>What the API shows of each allocation of the page, in order (not serialized).</summary>
        [JsonIgnore]
        public IReadOnlyList<AllocationFields> Fields => Allocations.Select(AllocationFields.Of).ToList();
    }

    /// <summary>404: no allocation has this UUID or name.</summary>
    public static Replies.Rejected NotFound(string ident) => Replies.Rejected.From(AllocationDecisions.NotFound(ident));

    public sealed record AllocationRemoved(Guid AllocationId) : IIronicMessage;
}

/// <summary>What the allocations singleton stores.</summary>
public static class AllocationEvents
{
    public sealed record AllocationCreated(Allocation Allocation) : IIronicMessage;

    /// <summary>The allocation as it is now (state, node, last_error, name, extra).</summary>
    public sealed record AllocationUpdated(Allocation Allocation) : IIronicMessage;

    public sealed record AllocationDeleted(Guid AllocationId, DateTimeOffset At) : IIronicMessage;

    public sealed record AllocationSnapshot(IReadOnlyList<Allocation> Allocations) : IIronicMessage;
}
