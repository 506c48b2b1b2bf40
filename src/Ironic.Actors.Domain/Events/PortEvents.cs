using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Events;

/// <summary>
/// An event about one of a node's ports or portgroups (or its history, see <see cref="NodeHistoryRecorded"/>). Ironic takes the node's lock for every port write, so
/// ports and portgroups live in their node's journal: these events are stored (and tagged) with the node's
/// other events, and leave the <see cref="Nodes.Node"/> record itself unchanged (see <see cref="NodePorts"/>).
/// </summary>
public interface INodePartEvent : INodeEvent;

/// <summary>A port was created on the node.</summary>
public sealed record PortCreated(Port Port) : INodePartEvent
{
    public Guid NodeId => Port.NodeId;
    public DateTimeOffset At => Port.CreatedAt;
}

/// <summary>A port's fields changed (PATCH); carries the port as it is afterwards.</summary>
public sealed record PortUpdated(Port Port, DateTimeOffset At) : INodePartEvent
{
    public Guid NodeId => Port.NodeId;
}

/// <summary>A port was deleted.</summary>
public sealed record PortDeleted(Guid NodeId, Guid PortId, DateTimeOffset At) : INodePartEvent;

/// <summary>A portgroup was created on the node.</summary>
public sealed record PortgroupCreated(Portgroup Portgroup) : INodePartEvent
{
    public Guid NodeId => Portgroup.NodeId;
    public DateTimeOffset At => Portgroup.CreatedAt;
}

/// <summary>A portgroup's fields changed (PATCH); carries the portgroup as it is afterwards.</summary>
public sealed record PortgroupUpdated(Portgroup Portgroup, DateTimeOffset At) : INodePartEvent
{
    public Guid NodeId => Portgroup.NodeId;
}

/// <summary>A portgroup was deleted.</summary>
public sealed record PortgroupDeleted(Guid NodeId, Guid PortgroupId, DateTimeOffset At) : INodePartEvent;

/// <summary>
/// An inspection stored the node's hardware inventory (API 1.81), replacing any earlier one; <paramref name="PluginData"/>
/// is what Ironic keeps beside it (empty for out-of-band inspection).
/// </summary>
public sealed record NodeInventoryStored(Guid NodeId, System.Text.Json.Nodes.JsonObject Inventory,
    System.Text.Json.Nodes.JsonObject PluginData, DateTimeOffset At) : INodePartEvent;

/// <summary>
/// The node's bios interface reported its BIOS settings at <paramref name="At"/> (after <c>apply_configuration</c>,
/// <c>factory_reset</c> or when caching them): the node's cached settings become these (API 1.40, see
/// <see cref="Nodes.BiosSettings.Sync"/>; timestamps are given by the sync, not by this event's list).
/// </summary>
public sealed record BiosSettingsCached(Guid NodeId, IReadOnlyList<Nodes.BiosSetting> Settings, DateTimeOffset At) : INodePartEvent;
