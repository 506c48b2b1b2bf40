using System.Collections.Immutable;
using Ironic.Actors.Domain.Events;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// The ports and portgroups of one node, and its history (API 1.78), kept by the node's entity beside its
/// <see cref="Nodes.Node"/> record and rebuilt from the same journal: the node's parts that are not fields of the node
/// record, stored and snapshotted with it. Immutable: every event makes a new value.
/// </summary>
public sealed record NodePorts(ImmutableDictionary<Guid, Port> Ports, ImmutableDictionary<Guid, Portgroup> Portgroups)
{
    public static readonly NodePorts Empty = new(ImmutableDictionary<Guid, Port>.Empty, ImmutableDictionary<Guid, Portgroup>.Empty);

    /// <summary>The node's history entries, oldest first (at most <see cref="Decisions.NodeHistoryRules.MaxEntries"/>).</summary>
    public ImmutableList<Nodes.NodeHistoryEntry> History { get; init; } = [];

    /// <summary>The inventory the last inspection stored (API 1.81), or null when none did.</summary>
    public NodeInventoryStored? Inventory { get; init; }

    /// <summary>The node's cached BIOS settings (API 1.40), sorted by name.</summary>
    public IReadOnlyList<Nodes.BiosSetting> Bios { get; init; } = [];

    /// <summary>The node's volume connectors (API 1.32), by UUID.</summary>
    public ImmutableDictionary<Guid, Volumes.VolumeConnector> Connectors { get; init; } = ImmutableDictionary<Guid, Volumes.VolumeConnector>.Empty;

    /// <summary>The node's volume targets (API 1.32), by UUID.</summary>
    public ImmutableDictionary<Guid, Volumes.VolumeTarget> Targets { get; init; } = ImmutableDictionary<Guid, Volumes.VolumeTarget>.Empty;

    /// <summary>Rebuilds the value from a snapshot's lists (null lists: a snapshot taken before ports, or history, existed).</summary>
    public static NodePorts From(
        IEnumerable<Port>? ports, IEnumerable<Portgroup>? portgroups, IEnumerable<Nodes.NodeHistoryEntry>? history = null,
        IEnumerable<Volumes.VolumeConnector>? connectors = null, IEnumerable<Volumes.VolumeTarget>? targets = null,
        NodeInventoryStored? inventory = null, IEnumerable<Nodes.BiosSetting>? bios = null) => new(
        (ports ?? []).ToImmutableDictionary(p => p.Uuid),
        (portgroups ?? []).ToImmutableDictionary(g => g.Uuid))
    {
        History = [.. history ?? []],
        Connectors = (connectors ?? []).ToImmutableDictionary(c => c.Uuid),
        Targets = (targets ?? []).ToImmutableDictionary(t => t.Uuid),
        Inventory = inventory,
        Bios = [.. bios ?? []],
    };

    public Port? Port(Guid id) => Ports.GetValueOrDefault(id);

    public Portgroup? Portgroup(Guid id) => Portgroups.GetValueOrDefault(id);

    /// <summary>Another port of this node (not <paramref name="except"/>) with MAC address <paramref name="address"/>.</summary>
    public Port? PortWithAddress(string address, Guid except) =>
        Ports.Values.FirstOrDefault(p => p.Uuid != except && p.Address == address);

    /// <summary>Another portgroup of this node (not <paramref name="except"/>) named <paramref name="name"/>.</summary>
    public Portgroup? PortgroupNamed(string name, Guid except) =>
        Portgroups.Values.FirstOrDefault(g => g.Uuid != except && g.Name == name);

    /// <summary>Another portgroup of this node (not <paramref name="except"/>) with MAC address <paramref name="address"/>.</summary>
    public Portgroup? PortgroupWithAddress(string address, Guid except) =>
        Portgroups.Values.FirstOrDefault(g => g.Uuid != except && g.Address == address);

    /// <summary>The ports that are members of portgroup <paramref name="portgroupId"/>.</summary>
    public IEnumerable<Port> MembersOf(Guid portgroupId) => Ports.Values.Where(p => p.PortgroupId == portgroupId);

    /// <summary>Ports in creation order, for snapshots and stable output.</summary>
    public IReadOnlyList<Port> PortList() => Ports.Values.OrderBy(p => p.CreatedAt).ThenBy(p => p.Uuid).ToList();

    public IReadOnlyList<Portgroup> PortgroupList() => Portgroups.Values.OrderBy(g => g.CreatedAt).ThenBy(g => g.Uuid).ToList();

    /// <summary>Volume connectors in creation order.</summary>
    public IReadOnlyList<Volumes.VolumeConnector> ConnectorList() => Connectors.Values.OrderBy(c => c.CreatedAt).ThenBy(c => c.Uuid).ToList();

    /// <summary>Volume targets in creation order.</summary>
    public IReadOnlyList<Volumes.VolumeTarget> TargetList() => Targets.Values.OrderBy(t => t.CreatedAt).ThenBy(t => t.Uuid).ToList();
}

/// <summary>Folds stored node events into a node's <see cref="NodePorts"/>. Pure.</summary>
public static class NodePortsEvolution
{
    /// <summary>
    /// The ports after <paramref name="e"/>. Enrolling starts with none and deleting the node deletes them all
    /// (Ironic's node destroy removes its ports, portgroups, volume connectors and targets, and its BIOS settings); other node events leave them unchanged.
    /// </summary>
    public static NodePorts Apply(this NodePorts parts, INodeEvent e) => e switch
    {
        NodeEnrolled or NodeDeleted => NodePorts.Empty,
        PortCreated x => parts with { Ports = parts.Ports.SetItem(x.Port.Uuid, x.Port) },
        PortUpdated x => parts with { Ports = parts.Ports.SetItem(x.Port.Uuid, x.Port) },
        PortDeleted x => parts with { Ports = parts.Ports.Remove(x.PortId) },
        PortgroupCreated x => parts with { Portgroups = parts.Portgroups.SetItem(x.Portgroup.Uuid, x.Portgroup) },
        PortgroupUpdated x => parts with { Portgroups = parts.Portgroups.SetItem(x.Portgroup.Uuid, x.Portgroup) },
        PortgroupDeleted x => parts with { Portgroups = parts.Portgroups.Remove(x.PortgroupId) },
        VolumeConnectorCreated x => parts with { Connectors = parts.Connectors.SetItem(x.Connector.Uuid, x.Connector) },
        VolumeConnectorUpdated x => parts with { Connectors = parts.Connectors.SetItem(x.Connector.Uuid, x.Connector) },
        VolumeConnectorDeleted x => parts with { Connectors = parts.Connectors.Remove(x.ConnectorId) },
        VolumeTargetCreated x => parts with { Targets = parts.Targets.SetItem(x.Target.Uuid, x.Target) },
        VolumeTargetUpdated x => parts with { Targets = parts.Targets.SetItem(x.Target.Uuid, x.Target) },
        VolumeTargetDeleted x => parts with { Targets = parts.Targets.Remove(x.TargetId) },
        NodeInventoryStored x => parts with { Inventory = x },
        BiosSettingsCached x => parts with { Bios = Nodes.BiosSettings.Sync(parts.Bios, x.Settings, x.At) },
        NodeHistoryRecorded x => parts with
        {
            History = parts.History.Count >= Decisions.NodeHistoryRules.MaxEntries
                ? parts.History.RemoveAt(0).Add(x.Entry)
                : parts.History.Add(x.Entry),
        },
        _ => parts,
    };
}
