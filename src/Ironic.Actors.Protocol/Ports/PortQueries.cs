namespace Ironic.Actors.Protocol.Ports;

/// <summary>Questions to the query model about ports and portgroups (the read side that serves their lists).</summary>
public static class PortQueries
{
    /// <summary>
    /// GET /v1/ports: null filters are not applied. <paramref name="Marker"/> is the UUID after which the page
    /// starts in the order of <paramref name="SortKey"/>/<paramref name="SortDir"/>.
    /// </summary>
    public sealed record ListPorts(
        Guid? NodeId = null,
        string? Address = null,
        Guid? PortgroupId = null,
        string SortKey = "id",
        string SortDir = "asc",
        int Limit = 1000,
        Guid? Marker = null) : IIronicMessage
    {
        /// <summary>Only ports of nodes in one of these shards (<c>?shard=</c>, 1.82); null: any node.</summary>
        public IReadOnlyList<string>? Shards { get; init; }
    }

    /// <summary>One page of ports; <paramref name="MarkerFound"/> is false when the marker names no port.</summary>
    public sealed record PortPage(IReadOnlyList<PortReplies.PortView> Ports, bool MarkerFound) : IIronicMessage;

    /// <summary>GET /v1/portgroups.</summary>
    public sealed record ListPortgroups(
        Guid? NodeId = null,
        string? Address = null,
        string SortKey = "id",
        string SortDir = "asc",
        int Limit = 1000,
        Guid? Marker = null) : IIronicMessage;

    public sealed record PortgroupPage(IReadOnlyList<PortReplies.PortgroupView> Portgroups, bool MarkerFound) : IIronicMessage;
}
