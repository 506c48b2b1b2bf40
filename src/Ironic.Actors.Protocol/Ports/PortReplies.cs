using System.Text.Json.Serialization;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Views;

namespace Ironic.Actors.Protocol.Ports;

/// <summary>
/// Answers of a node entity about its ports and portgroups, sent only after the events of a write are stored.
/// <c>Version</c> is the node's journal sequence number then, so readers can order views of the same node.
/// </summary>
public static class PortReplies
{
    public sealed record PortView(Port Port, long Version) : IIronicMessage
    {
        /// <summary>What the API shows of the port (not serialized: built from <see cref="Port"/>).</summary>
        [JsonIgnore]
        public PortFields Fields => PortFields.Of(Port);
    }

    public sealed record PortgroupView(Portgroup Portgroup, long Version) : IIronicMessage
    {
        /// <summary>What the API shows of the portgroup (not serialized).</summary>
        [JsonIgnore]
        public PortgroupFields Fields => PortgroupFields.Of(Portgroup);
    }

    /// <summary>The port is gone after a successful delete.</summary>
    public sealed record PortRemoved(Guid NodeId, Guid PortId, long Version) : IIronicMessage;

    /// <summary>The portgroup is gone after a successful delete.</summary>
    public sealed record PortgroupRemoved(Guid NodeId, Guid PortgroupId, long Version) : IIronicMessage;

    /// <summary>404: no port has this UUID.</summary>
    public static Replies.Rejected PortNotFound(Guid port) => Replies.Rejected.From(PortDecisions.PortNotFound(port));

    /// <summary>404: no portgroup has this UUID or name.</summary>
    public static Replies.Rejected PortgroupNotFound(string ident) => Replies.Rejected.From(PortgroupDecisions.PortgroupNotFound(ident));

    /// <summary>400: a body names a portgroup that does not exist (Ironic's PortgroupNotFound as a bad request).</summary>
    public static Replies.Rejected NamedPortgroupNotFound(Guid portgroup) =>
        Replies.Rejected.Invalid(PortgroupDecisions.PortgroupNotFound(portgroup.ToString()).Message);

    /// <summary>400: a port may only join a portgroup of its own node.</summary>
    public static Replies.Rejected DifferentNodePortgroup() => Replies.Rejected.From(PortDecisions.DifferentNodePortgroup());
}
