using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Messages between a node entity and the driver actors of the conductor hosting it.</summary>
public static class DriverWork
{
    /// <summary>
    /// Run <paramref name="Work"/> on the node as it is now, with its <paramref name="Ports"/> (a network boot writes
    /// per-MAC files); reply <see cref="Completed"/>.
    /// </summary>
    public sealed record Run(Guid NodeId, long WorkId, NodeWork Work, Node Node, IReadOnlyList<Port>? Ports = null) : IIronicMessage;

    /// <summary>The driver work ended with <paramref name="Outcome"/>.</summary>
    public sealed record Completed(Guid NodeId, long WorkId, NodeWork Work, WorkOutcome Outcome) : IWithNodeId, IIronicMessage;
}
