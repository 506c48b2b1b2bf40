using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Ports;

/// <summary>
/// A physical network port of a node, as Ironic stores it. Immutable, like <see cref="Nodes.Node"/>: the JSON
/// objects held here are never mutated after construction.
/// </summary>
public sealed record Port : INodePart
{
    public required Guid Uuid { get; init; }

    /// <summary>The node the port belongs to; it lives in that node's journal (see <see cref="NodePorts"/>).</summary>
    public required Guid NodeId { get; init; }

    /// <summary>The MAC address, lower case (<see cref="MacAddress.Normalize"/>); unique over all ports.</summary>
    public required string Address { get; init; }

    public JsonObject Extra { get; init; } = new();
    public JsonObject InternalInfo { get; init; } = new();
    public JsonObject LocalLinkConnection { get; init; } = new();
    public bool PxeEnabled { get; init; } = true;

    /// <summary>The portgroup the port is a member of; always one of its own node's portgroups.</summary>
    public Guid? PortgroupId { get; init; }

    public string? PhysicalNetwork { get; init; }
    public bool IsSmartnic { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A group of a node's ports bonded together (Ironic's portgroup, API 1.23).</summary>
public sealed record Portgroup : INodePart
{
    /// <summary>Ironic's <c>[DEFAULT]default_portgroup_mode</c>.</summary>
    public const string DefaultMode = "active-backup";

    public required Guid Uuid { get; init; }
    public required Guid NodeId { get; init; }

    /// <summary>Optional; unique over all portgroups.</summary>
    public string? Name { get; init; }

    /// <summary>Optional MAC address, lower case; unique over all portgroups (not shared with ports).</summary>
    public string? Address { get; init; }

    public string? Mode { get; init; } = DefaultMode;
    public JsonObject Properties { get; init; } = new();
    public bool StandalonePortsSupported { get; init; } = true;
    public JsonObject InternalInfo { get; init; } = new();
    public JsonObject Extra { get; init; } = new();
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>What ports and portgroups share: each is one of a node's parts, kept in that node's journal.</summary>
public interface INodePart
{
    Guid Uuid { get; }

    /// <summary>The node the part belongs to.</summary>
    Guid NodeId { get; }
}
