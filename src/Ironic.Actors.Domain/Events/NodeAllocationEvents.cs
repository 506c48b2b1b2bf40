using System.Collections.Immutable;

namespace Ironic.Actors.Domain.Events;

/// <summary>
/// The node was reserved by allocation <paramref name="AllocationId"/>: it becomes the node's <c>allocation_uuid</c>
/// and <c>instance_uuid</c>, and the allocation's traits are written to <c>instance_info.traits</c>, as Ironic does.
/// Also stored by a backfill (where the node is already deployed).
/// </summary>
public sealed record AllocationReserved(Guid NodeId, Guid AllocationId, ImmutableArray<string> Traits, DateTimeOffset At) : INodeEvent;

/// <summary>The allocation was deleted: the node's <c>allocation_uuid</c> and <c>instance_uuid</c> are cleared.</summary>
public sealed record AllocationReleased(Guid NodeId, Guid AllocationId, DateTimeOffset At) : INodeEvent;
