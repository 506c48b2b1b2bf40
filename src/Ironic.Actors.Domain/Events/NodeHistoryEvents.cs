using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Events;

/// <summary>
/// An entry was added to the node's history (stored right after the event that failed, in the same write). Leaves the
/// node record unchanged: the history is kept beside it (<see cref="Ports.NodePorts.History"/>).
/// </summary>
public sealed record NodeHistoryRecorded(Guid NodeId, NodeHistoryEntry Entry) : INodePartEvent
{
    public DateTimeOffset At => Entry.CreatedAt;
}
