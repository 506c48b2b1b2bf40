using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Volumes;
using Ironic.Actors.Protocol.Ports;

namespace Ironic.Actors.Protocol.Volumes;

/// <summary>
/// Requests to a node's entity about its volume connectors and targets (API 1.32). Ironic keeps them keyed by node and
/// changes them under the node's lock, so they travel through the node shard region like port commands; the node
/// answers with <see cref="VolumeReplies"/> or <see cref="Replies.Rejected"/>.
/// </summary>
public static class VolumeCommands
{
    /// <summary>
    /// POST /v1/volume/connectors, sent to the node the body's node_uuid names (<see cref="Guid.Empty"/> when it names
    /// none: the body is then refused by the schema). The body is checked once, by the node's decision.
    /// </summary>
    public sealed record CreateConnector(Guid NodeId, Guid ConnectorId, JsonObject Body) : INodePartCommand
    {
        /// <summary>
        /// Sent to <c>/v1/nodes/{ident}/volume/connectors</c>: Ironic checks the body and its node, then refuses (403)
        /// without storing anything.
        /// </summary>
        public bool UnderNode { get; init; }
    }

    public sealed record GetConnector(Guid NodeId, Guid ConnectorId) : INodePartCommand;

    /// <summary>PATCH /v1/volume/connectors/{uuid}: operations already limited to the patchable fields.</summary>
    public sealed record PatchConnector(Guid NodeId, Guid ConnectorId, IReadOnlyList<PatchOperation> Operations) : INodePartCommand;

    public sealed record DeleteConnector(Guid NodeId, Guid ConnectorId) : INodePartCommand;

    public sealed record CreateTarget(Guid NodeId, Guid TargetId, JsonObject Body) : INodePartCommand
    {
        /// <summary>See <see cref="CreateConnector.UnderNode"/>.</summary>
        public bool UnderNode { get; init; }
    }

    public sealed record GetTarget(Guid NodeId, Guid TargetId) : INodePartCommand;

    public sealed record PatchTarget(Guid NodeId, Guid TargetId, IReadOnlyList<PatchOperation> Operations) : INodePartCommand;

    public sealed record DeleteTarget(Guid NodeId, Guid TargetId) : INodePartCommand;

    /// <summary>
    /// From the node holding a connector a PATCH of node_uuid moves, to the node it goes to: check Ironic's rules here
    /// (this node's lock and power state, uniqueness) and store <paramref name="Moved"/>; answer ConnectorShown or
    /// Rejected. The source deletes its copy only once this is stored.
    /// </summary>
    public sealed record AdoptConnector(Guid NodeId, VolumeConnector Moved, Guid MovedFrom) : INodePartCommand;

    /// <summary>The same for a target.</summary>
    public sealed record AdoptTarget(Guid NodeId, VolumeTarget Moved, Guid MovedFrom) : INodePartCommand;
}

/// <summary>
/// What the API shows of a volume connector: plain values, so the gateway renders it without the domain's types.
/// </summary>
public sealed record ConnectorView(
    Guid Uuid, Guid NodeId, string Type, string ConnectorId, JsonObject Extra, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static ConnectorView Of(VolumeConnector c) =>
        new(c.Uuid, c.NodeId, c.Type, c.ConnectorId, (JsonObject)c.Extra.DeepClone(), c.CreatedAt, c.UpdatedAt);
}

/// <summary>What the API shows of a volume target (its properties unmasked: the gateway hides secrets when rendering).</summary>
public sealed record TargetView(
    Guid Uuid, Guid NodeId, string VolumeType, long BootIndex, string VolumeId, JsonObject Properties, JsonObject Extra,
    DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static TargetView Of(VolumeTarget t) => new(
        t.Uuid, t.NodeId, t.VolumeType, t.BootIndex, t.VolumeId, (JsonObject)t.Properties.DeepClone(), (JsonObject)t.Extra.DeepClone(),
        t.CreatedAt, t.UpdatedAt);
}

/// <summary>Answers of a node entity about its volume connectors and targets, sent only once a write is stored.</summary>
public static class VolumeReplies
{
    public sealed record ConnectorShown(ConnectorView Connector, long Version) : IIronicMessage;

    public sealed record TargetShown(TargetView Target, long Version) : IIronicMessage;

    public sealed record ConnectorRemoved(Guid NodeId, Guid ConnectorId, long Version) : IIronicMessage;

    public sealed record TargetRemoved(Guid NodeId, Guid TargetId, long Version) : IIronicMessage;
}

/// <summary>Questions to the query model (the read side that serves volume lists).</summary>
public static class VolumeQueries
{
    /// <summary>GET /v1/volume/connectors: <paramref name="NodeId"/> null lists every node's.</summary>
    public sealed record ListConnectors(Guid? NodeId, string SortKey = "id", string SortDir = "asc", int Limit = 1000, Guid? Marker = null)
        : IIronicMessage;

    /// <summary>One page; <paramref name="MarkerFound"/> is false when the marker names no connector.</summary>
    public sealed record ConnectorPage(IReadOnlyList<ConnectorView> Connectors, bool MarkerFound) : IIronicMessage;

    public sealed record ListTargets(Guid? NodeId, string SortKey = "id", string SortDir = "asc", int Limit = 1000, Guid? Marker = null)
        : IIronicMessage;

    public sealed record TargetPage(IReadOnlyList<TargetView> Targets, bool MarkerFound) : IIronicMessage;
}
