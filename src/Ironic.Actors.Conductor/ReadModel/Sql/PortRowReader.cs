using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Serialization;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Reads port and portgroup list pages from the read model. "id" (Ironic's creation order) is the creation time here;
/// ties are broken by UUID.
/// </summary>
public sealed class PortRowReader(ReadModelDatabase database)
{
    /// <summary>Sort keys of GET /v1/ports and the column each sorts by.</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, bool Nullable)> PortSortColumns =
        new Dictionary<string, (string, bool)>
        {
            ["id"] = ("created_at", false), ["uuid"] = ("uuid", false), ["address"] = ("address", false),
            ["node_id"] = ("node_uuid", false), ["portgroup_id"] = ("portgroup_uuid", true), ["pxe_enabled"] = ("pxe_enabled", false),
            ["physical_network"] = ("physical_network", true), ["is_smartnic"] = ("is_smartnic", false),
            ["created_at"] = ("created_at", false), ["updated_at"] = ("updated_at", true),
        };

    /// <summary>Sort keys of GET /v1/portgroups and the column each sorts by.</summary>
    public static readonly IReadOnlyDictionary<string, (string Column, bool Nullable)> PortgroupSortColumns =
        new Dictionary<string, (string, bool)>
        {
            ["id"] = ("created_at", false), ["uuid"] = ("uuid", false), ["name"] = ("name", true), ["address"] = ("address", true),
            ["node_id"] = ("node_uuid", false), ["mode"] = ("mode", true), ["standalone_ports_supported"] = ("standalone_ports_supported", false),
            ["created_at"] = ("created_at", false), ["updated_at"] = ("updated_at", true),
        };

    public async Task<PortQueries.PortPage> PageAsync(PortQueries.ListPorts q)
    {
        var (rows, found) = await PageAsync(ReadModelSchema.Ports, PortSortColumns, q.SortKey, q.SortDir, q.Limit, q.Marker, sql => sql
            .Equal("node_uuid", Key(q.NodeId))
            .Equal("address", q.Address)
            .Equal("portgroup_uuid", Key(q.PortgroupId))
            .Also(sql => InShards(sql, q.Shards)));
        return new PortQueries.PortPage(rows.Select(r => new PortReplies.PortView(IronicSerializer.FromJson<Port>(r.Doc), r.Version)).ToList(), found);
    }

    public async Task<PortQueries.PortgroupPage> PageAsync(PortQueries.ListPortgroups q)
    {
        var (rows, found) = await PageAsync(ReadModelSchema.Portgroups, PortgroupSortColumns, q.SortKey, q.SortDir, q.Limit, q.Marker, sql => sql
            .Equal("node_uuid", Key(q.NodeId))
            .Equal("address", q.Address));
        return new PortQueries.PortgroupPage(
            rows.Select(r => new PortReplies.PortgroupView(IronicSerializer.FromJson<Portgroup>(r.Doc), r.Version)).ToList(), found);
    }

    /// <summary>Ports of nodes whose shard is one of <paramref name="shards"/> (null: no filter).</summary>
    private static ListSql InShards(ListSql sql, IReadOnlyList<string>? shards) => shards is null
        ? sql
        : shards.Count == 0
            ? sql.And("1 = 0")
            : sql.And($"node_uuid IN (SELECT uuid FROM {NodeColumns.Table} WHERE shard IN ({string.Join(", ", shards.Select(sh => sql.Add(sh)))}))");

    private static string? Key(Guid? id) => id is { } g ? NodeRowWriter.Key(g) : null;

    /// <summary>A page of one node-part table (ports, portgroups, volume connectors and targets): its docs and versions.</summary>
    internal Task<(List<(byte[] Doc, long Version)> Rows, bool MarkerFound)> PageAsync(
        string table, IReadOnlyDictionary<string, (string Column, bool Nullable)> sortColumns, string sortKey, string sortDir, int limit,
        Guid? marker, Func<ListSql, ListSql> filters) => database.RunAsync(async connection =>
    {
        var (column, nullable) = sortColumns.GetValueOrDefault(sortKey, ("created_at", false));
        var descending = string.Equals(sortDir, "desc", StringComparison.OrdinalIgnoreCase);
        var sql = filters(new ListSql(database.Dialect, table, tieBreaker: "uuid"));
        if (marker is { } id)
        {
            var position = await NodeRowReader.MarkerAsync(connection, table, column, "uuid", NodeRowWriter.Key(id));
            if (position is null)
                return ([], false);
            sql.After(column, nullable, descending, position.Value.Value, position.Value.Tie);
        }
        await using var command = NodeRowReader.Command(connection, sql.Build("doc, version", column, nullable, descending, Math.Max(limit, 0)), sql.Parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(byte[], long)>();
        while (await reader.ReadAsync())
            rows.Add((reader.Bytes(0), reader.GetInt64(1)));
        return (rows, true);
    });
}
