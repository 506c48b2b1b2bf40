using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;
using ChassisRecord = Ironic.Actors.Domain.Enclosures.Chassis;

namespace Ironic.Actors.Protocol.Views;

/// <summary>
/// What the API shows of a port: the gateway renders this, never the domain's record. Built on the receiving side
/// from a reply (<see cref="Ports.PortReplies.PortView.Fields"/>); it does not travel, so it has no manifest. The
/// JSON objects are the record's own, which nobody mutates: renderers copy them.
/// </summary>
public sealed record PortFields(
    Guid Uuid, Guid NodeId, string Address, JsonObject Extra, JsonObject InternalInfo, JsonObject LocalLinkConnection,
    bool PxeEnabled, Guid? PortgroupId, string? PhysicalNetwork, bool IsSmartnic, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static PortFields Of(Port port) => new(
        port.Uuid, port.NodeId, port.Address, port.Extra, port.InternalInfo, port.LocalLinkConnection, port.PxeEnabled,
        port.PortgroupId, port.PhysicalNetwork, port.IsSmartnic, port.CreatedAt, port.UpdatedAt);
}

/// <summary>What the API shows of a portgroup (see <see cref="PortFields"/>).</summary>
public sealed record PortgroupFields(
    Guid Uuid, Guid NodeId, string? Name, string? Address, string? Mode, JsonObject Properties, bool StandalonePortsSupported,
    JsonObject InternalInfo, JsonObject Extra, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static PortgroupFields Of(Portgroup group) => new(
        group.Uuid, group.NodeId, group.Name, group.Address, group.Mode, group.Properties, group.StandalonePortsSupported,
        group.InternalInfo, group.Extra, group.CreatedAt, group.UpdatedAt);
}

/// <summary>What the API shows of a chassis (see <see cref="PortFields"/>).</summary>
public sealed record ChassisFields(Guid Uuid, string? Description, JsonObject Extra, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static ChassisFields Of(ChassisRecord chassis) =>
        new(chassis.Uuid, chassis.Description, chassis.Extra, chassis.CreatedAt, chassis.UpdatedAt);
}
