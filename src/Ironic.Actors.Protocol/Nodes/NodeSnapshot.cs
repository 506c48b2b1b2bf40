using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// What a node entity saves as its snapshot: the node, or null once deleted, with its ports and portgroups
/// (null in snapshots written before ports existed: none).
/// </summary>
public sealed record NodeSnapshot(Node? Node) : IIronicMessage
{
    public IReadOnlyList<Port>? Ports { get; init; }

    public IReadOnlyList<Portgroup>? Portgroups { get; init; }

    /// <summary>The node's history entries, oldest first (null in snapshots taken before history existed).</summary>
    public IReadOnlyList<Domain.Nodes.NodeHistoryEntry>? History { get; init; }

    /// <summary>The inventory the last inspection stored (null: none, or a snapshot taken before inventories existed).</summary>
    public Domain.Events.NodeInventoryStored? Inventory { get; init; }

    /// <summary>The node's cached BIOS settings (null in snapshots taken before BIOS settings existed: none).</summary>
    public IReadOnlyList<Domain.Nodes.BiosSetting>? BiosSettings { get; init; }

    /// <summary>The node's volume connectors (null in snapshots taken before volumes existed: none).</summary>
    public IReadOnlyList<Domain.Volumes.VolumeConnector>? VolumeConnectors { get; init; }

    /// <summary>The node's volume targets (null in snapshots taken before volumes existed: none).</summary>
    public IReadOnlyList<Domain.Volumes.VolumeTarget>? VolumeTargets { get; init; }
}
