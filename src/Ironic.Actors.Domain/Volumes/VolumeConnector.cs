using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Volumes;

/// <summary>
/// How a node connects to remote volumes (Ironic's volume connector, API 1.32): an iSCSI initiator name, a Fibre
/// Channel WWPN/WWNN, an IP or MAC address, ... Ironic stores any type string; the storage interface decides which it
/// uses. (type, connector_id) is unique over all connectors. Immutable; the JSON held is never mutated.
/// </summary>
public sealed record VolumeConnector : INodePart
{
    public required Guid Uuid { get; init; }
    public required Guid NodeId { get; init; }
    public required string Type { get; init; }
    public required string ConnectorId { get; init; }
    public JsonObject Extra { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// A remote volume a node uses (Ironic's volume target, API 1.32); boot_index 0 is the boot volume. boot_index is
/// unique per node; volume_id is not unique (Ironic's table has no such constraint).
/// </summary>
public sealed record VolumeTarget : INodePart
{
    public required Guid Uuid { get; init; }
    public required Guid NodeId { get; init; }
    public required string VolumeType { get; init; }
    public required long BootIndex { get; init; }
    public required string VolumeId { get; init; }
    public JsonObject Properties { get; init; } = new();
    public JsonObject Extra { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
