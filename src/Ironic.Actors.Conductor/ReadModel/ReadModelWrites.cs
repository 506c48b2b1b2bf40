using Akka.Actor;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// What a node entity tells its member's <see cref="ReadModelWriterActor"/> after each stored change, and the answer it
/// waits for before it replies to anyone. Strictly local: an entity only writes through the writer of its own member.
/// </summary>
public static class ReadModelWrites
{
    /// <summary>
    /// Node <paramref name="NodeId"/> as of journal sequence number <paramref name="Version"/>: <paramref name="View"/>
    /// is null once the node is deleted. <paramref name="Parts"/> is the node's whole set of ports and portgroups when
    /// it changed with this write (null: unchanged). Answered by <see cref="NodeStored"/>.
    /// </summary>
    public sealed record StoreNode(Guid NodeId, long Version, NodeReplies.NodeView? View, NodeParts? Parts) : INoSerializationVerificationNeeded
    {
        /// <summary>The node's stored document, made by the entity ahead of time (null: the writer makes it).</summary>
        public byte[]? Doc { get; init; }
    }

    /// <summary>All ports, portgroups, volume connectors and targets of one node, and its history entries.</summary>
    public sealed record NodeParts(IReadOnlyList<Port> Ports, IReadOnlyList<Portgroup> Portgroups)
    {
        public IReadOnlyList<Domain.Nodes.NodeHistoryEntry> History { get; init; } = [];

        /// <summary>The node's volume connectors (API 1.32).</summary>
        public IReadOnlyList<Domain.Volumes.VolumeConnector> Connectors { get; init; } = [];

        /// <summary>The node's volume targets (API 1.32).</summary>
        public IReadOnlyList<Domain.Volumes.VolumeTarget> Targets { get; init; } = [];

        /// <summary>The node's cached BIOS settings (API 1.40).</summary>
        public IReadOnlyList<Domain.Nodes.BiosSetting> Bios { get; init; } = [];

        /// <summary>The inventory the last inspection stored (API 1.81), or null.</summary>
        public Domain.Events.NodeInventoryStored? Inventory { get; init; }

        public static NodeParts Of(NodePorts parts) => new(parts.PortList(), parts.PortgroupList())
        {
            History = parts.History, Connectors = parts.ConnectorList(), Targets = parts.TargetList(), Bios = parts.Bios,
            Inventory = parts.Inventory,
        };
    }

    /// <summary>
    /// The row of <paramref name="NodeId"/> at <paramref name="Version"/> is stored (<paramref name="Written"/>), or could not
    /// be within the writer's retry budget (the journal still has the change; the reconciler brings the row up later).
    /// </summary>
    public sealed record NodeStored(Guid NodeId, long Version, bool Written) : INoSerializationVerificationNeeded;
}
