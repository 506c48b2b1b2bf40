using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Protocol.Queries;

/// <summary>Questions to the node query model (the read side that serves lists).</summary>
public static class NodeQueries
{
    /// <summary>
    /// Filters and paging of GET /v1/nodes. Null filters are not applied; every filter is applied before the limit.
    /// <paramref name="Marker"/> is the UUID after which the page starts, in the order given by
    /// <paramref name="SortKey"/>/<paramref name="SortDir"/>. <paramref name="Conductor"/> keeps the nodes hosted by
    /// that conductor, <paramref name="Project"/> those it owns or leases, <paramref name="Shards"/> those in one of
    /// the (Ironic) shards named, <paramref name="Sharded"/> those with (true) or without (false) a shard.
    /// <paramref name="AsStored"/> asks for a <see cref="StoredNodePage"/> (each node as its stored document) instead of a
    /// <see cref="NodePage"/>: for a renderer that writes a page without building a node object per row.
    /// </summary>
    public sealed record ListNodes(
        string? ProvisionState = null,
        bool? Maintenance = null,
        bool? Associated = null,
        string? Driver = null,
        string? InstanceUuid = null,
        string? ConductorGroup = null,
        string? ResourceClass = null,
        string? Owner = null,
        string? Lessee = null,
        string? Fault = null,
        string? ChassisUuid = null,
        string? DescriptionContains = null,
        bool? Retired = null,
        string SortKey = "id",
        string SortDir = "asc",
        int Limit = 1000,
        Guid? Marker = null,
        string? Conductor = null,
        string? Project = null,
        IReadOnlyList<string>? Shards = null,
        bool? Sharded = null,
        bool AsStored = false) : IIronicMessage;

    /// <summary>One page of nodes; <paramref name="MarkerFound"/> is false when the marker names no node.</summary>
    public sealed record NodePage(IReadOnlyList<NodeReplies.NodeView> Nodes, bool MarkerFound) : IIronicMessage;

    /// <summary>
    /// One page of nodes as the read model stores them (answer to <see cref="ListNodes"/> with <c>AsStored</c>), in the
    /// page's order; <paramref name="MarkerFound"/> is false when the marker names no node.
    /// </summary>
    public sealed record StoredNodePage(IReadOnlyList<StoredNode> Rows, bool MarkerFound) : IIronicMessage;

    /// <summary>
    /// One node of a <see cref="StoredNodePage"/>: <paramref name="Document"/> is the node's JSON exactly as stored (what
    /// <see cref="Serialization.IronicSerializer.ToJson{T}"/> wrote of it), with what a <see cref="NodeReplies.NodeView"/>
    /// adds to it; <paramref name="Uuid"/> is the node's (as the read model keys it), when the reader gave it.
    /// </summary>
    public sealed record StoredNode(byte[] Document, string? Reservation, string Conductor, long Version, string? Uuid = null);

    /// <summary>
    /// The node named <paramref name="Ident"/> (UUID or name) as the read model has it: answers
    /// <see cref="NodeReplies.NodeView"/> (no reservation: the read model does not know of locks), or
    /// <see cref="Replies.Rejected"/> (not found) when it has no such row.
    /// </summary>
    public sealed record FindNode(string Ident) : IIronicMessage;

    /// <summary>Nodes whose stored state shows unfinished work (to wake after start-up or takeover).</summary>
    public sealed record ListInterrupted : IIronicMessage
    {
        public static readonly ListInterrupted Instance = new();
    }

    public sealed record InterruptedNodes(IReadOnlyList<Nodes.NodeAt> Nodes) : IIronicMessage;

    /// <summary>Asks which placements (conductor group and hardware type) the stored nodes use.</summary>
    public sealed record ListPlacements : IIronicMessage
    {
        public static readonly ListPlacements Instance = new();
    }

    public sealed record Placements(IReadOnlyList<Nodes.NodePlacement> InUse) : IIronicMessage;

    /// <summary>Asks whether the read model can be queried (its database reachable and its tables there).</summary>
    public sealed record IsReady : IIronicMessage
    {
        public static readonly IsReady Instance = new();
    }

    public sealed record Ready(bool IsCaughtUp) : IIronicMessage;

    /// <summary>GET /v1/shards (1.82): how many nodes each shard holds; answers <see cref="Shards"/>.</summary>
    public sealed record ListShards : IIronicMessage
    {
        public static readonly ListShards Instance = new();
    }

    /// <summary>One shard and its node count; a null <paramref name="Name"/> counts the nodes in no shard.</summary>
    public sealed record ShardCount(string? Name, long Count);

    /// <summary>The node count of every shard that holds nodes, in no particular order.</summary>
    public sealed record Shards(IReadOnlyList<ShardCount> Counts) : IIronicMessage;

    /// <summary>The read model could not answer (its database is unreachable): the request may be retried (503).</summary>
    public sealed record Unavailable(string Message) : IIronicMessage;
}
