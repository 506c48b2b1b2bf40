using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Events;

/// <summary>Something that happened to a node and was stored in its journal.</summary>
public interface INodeEvent
{
    Guid NodeId { get; }
    DateTimeOffset At { get; }
}

/// <summary>The node was created (enrolled) with these fields.</summary>
public sealed record NodeEnrolled(Node Node) : INodeEvent
{
    public Guid NodeId => Node.Uuid;
    public DateTimeOffset At => Node.CreatedAt;
}

/// <summary>The node's writable fields were changed (PATCH); carries the node as it is afterwards.</summary>
public sealed record NodeUpdated(Node Node, DateTimeOffset At) : INodeEvent
{
    public Guid NodeId => Node.Uuid;
}

/// <summary>A provision state machine event fired: <paramref name="From"/> --<paramref name="Event"/>--> <paramref name="To"/>.</summary>
public sealed record ProvisionStateChanged(
    Guid NodeId, string Event, string From, string To, string? Target, string? LastError, DateTimeOffset At) : INodeEvent;

/// <summary>A power action was accepted; the node shows <c>target_power_state</c> until it completes.</summary>
public sealed record PowerActionStarted(Guid NodeId, string Action, string TargetPowerState, DateTimeOffset At) : INodeEvent;

/// <summary>
/// A power action ended, or a power state was read from the BMC. A null <paramref name="PowerState"/>
/// keeps the recorded one; <paramref name="Error"/> becomes <c>last_error</c>.
/// </summary>
public sealed record PowerStateRecorded(Guid NodeId, string? PowerState, string? Error, DateTimeOffset At) : INodeEvent;

/// <summary>
/// The power-state sync recorded what the BMC reports (Ironic's periodic sync writing <c>power_state</c>):
/// unlike <see cref="PowerStateRecorded"/> it leaves <c>last_error</c> and any power target alone, and a null
/// <paramref name="PowerState"/> is stored as null (the BMC could not say).
/// </summary>
public sealed record PowerStateSynced(Guid NodeId, string? PowerState, DateTimeOffset At) : INodeEvent;

/// <summary>Maintenance mode was switched on or off.</summary>
public sealed record MaintenanceChanged(Guid NodeId, bool Maintenance, string? Reason, string? Fault, DateTimeOffset At) : INodeEvent;

/// <summary>Tear-down finished: the instance is gone from the node.</summary>
public sealed record InstanceCleared(Guid NodeId, DateTimeOffset At) : INodeEvent;

/// <summary>The node was deleted.</summary>
public sealed record NodeDeleted(Guid NodeId, DateTimeOffset At) : INodeEvent;
