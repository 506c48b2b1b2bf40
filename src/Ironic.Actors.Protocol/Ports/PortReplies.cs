using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Ports;

/// <summary>
/// Answers of a node entity about its ports and portgroups, sent only after the events of a write are stored.
/// <c>Version</c> is the node's journal sequence number then, so readers can order views of the same node.
/// </summary>
public static class PortReplies
{
    public sealed record PortView(Port Port, long Version) : IIronicMessage;

    public sealed record PortgroupView(Portgroup Portgroup, long Version) : IIronicMessage;

    /// <summary>The port is gone after a successful delete.</summary>
    public sealed record PortRemoved(Guid NodeId, Guid PortId, long Version) : IIronicMessage;

    /// <summary>The portgroup is gone after a successful delete.</summary>
    public sealed record PortgroupRemoved(Guid NodeId, Guid PortgroupId, long Version) : IIronicMessage;
}
