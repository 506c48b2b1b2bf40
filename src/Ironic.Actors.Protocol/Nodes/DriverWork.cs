using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>Messages between a node entity and the driver actors of the conductor hosting it.</summary>
public static class DriverWork
{
    /// <summary>Run <paramref name="Work"/> on the node as it is now; reply <see cref="Completed"/>.</summary>
    public sealed record Run(Guid NodeId, long WorkId, NodeWork Work, Node Node) : IIronicMessage;

    /// <summary>The driver work ended with <paramref name="Outcome"/>.</summary>
    public sealed record Completed(Guid NodeId, long WorkId, NodeWork Work, WorkOutcome Outcome) : IWithNodeId, IIronicMessage;
}
