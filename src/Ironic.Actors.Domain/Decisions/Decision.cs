using Ironic.Actors.Domain.Events;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>The answer of a pure decision function: events to store (and work to start), or a rejection.</summary>
public sealed record Decision(IReadOnlyList<INodeEvent> Events, NodeWork? Work, Rejection? Rejection)
{
    public bool IsAccepted => Rejection is null;

    public static Decision Accept(params INodeEvent[] events) => new(events, null, null);
    public static Decision Accept(NodeWork? work, params INodeEvent[] events) => new(events, work, null);
    public static Decision Reject(Rejection rejection) => new([], null, rejection);

    public static implicit operator Decision(Rejection rejection) => Reject(rejection);
}
