using System.Data.Common;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Serialization;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>Reads nodes from the read model: list pages (every filter in SQL, before the limit), and the node sets periodic work needs.</summary>
/// <param name="rows">
/// Rows list pages read lately (<see cref="NodeRowCache"/>): while it is active, a page reads its ids first (from the
/// filter's index alone when sorted by id) and then only the rows not kept. Null: every page reads its rows.
/// </param>
public sealed class NodeRowReader(ReadModelDatabase database, NodeRowCache? rows = null)
{
    private const string ViewColumns = "doc, conductor, version, reservation, entity_shard, uuid";

    private readonly PlannerStatistics _statistics = new(database, NodeColumns.Table);

    /// <summary>
    /// One page of GET /v1/nodes. <paramref name="hosts"/> says which conductor hosts each shard: the nodes' <c>conductor</c>,
    /// and what the <c>conductor</c> filter selects (a node whose shard no member hosts now keeps the conductor that last
    /// wrote its row).
    /// </summary>
    public Task<NodeQueries.NodePage> PageAsync(NodeQueries.ListNodes q, ShardHosts hosts) => database.RunAsync(async connection =>
    {
        var (rows, markerFound) = await StoredPageAsync(connection, q, hosts);
        return new NodeQueries.NodePage(rows.Select(View).ToList(), markerFound);
    });

    /// <summary>
    /// One page of GET /v1/nodes as stored (<see cref="NodeQueries.ListNodes.AsStored"/>): each node's document as the
    /// row holds it, not decoded here, for a renderer that writes the page straight from the documents.
    /// </summary>
    public Task<NodeQueries.StoredNodePage> StoredPageAsync(NodeQueries.ListNodes q, ShardHosts hosts) => database.RunAsync(async connection =>
    {
        var (rows, markerFound) = await StoredPageAsync(connection, q, hosts);
        return new NodeQueries.StoredNodePage(rows, markerFound);
    });

    private async Task<(List<NodeQueries.StoredNode> Rows, bool MarkerFound)> StoredPageAsync(DbConnection connection, NodeQueries.ListNodes q, ShardHosts hosts)
    {
        await _statistics.CheckAsync(connection);
        var (column, nullable) = NodeColumns.SortColumns.GetValueOrDefault(q.SortKey, ("id", false));
        var descending = string.Equals(q.SortDir, "desc", StringComparison.OrdinalIgnoreCase);
        var sql = Filters(new ListSql(database.Dialect, NodeColumns.Table), q, hosts);
        var limit = Math.Max(q.Limit, 0);
        // Decided on the filters alone: counting with the marker's condition fetched every kept row to compare its sort value.
        var walk = column == "id" ? null : await SortIndexToWalkAsync(connection, sql, column, limit);
        if (q.Marker is { } marker)
        {
            var position = await MarkerAsync(connection, NodeColumns.Table, column, "id", NodeRowWriter.Key(marker));
            if (position is null)
                return ([], false);
            sql.After(column, nullable, descending, position.Value.Value, position.Value.Tie);
        }
        // With the row cache, a page read again: its ids first (from the filter's index alone when sorted by id), then
        // only the rows not kept. A page mostly not kept (a first read) reads its rows at once, as without the cache.
        var cache = rows is { Active: true } active ? active : null;
        var stamp = cache?.Begin() ?? 0;
        var ids = cache is null ? null : await ReadIdsAsync(connection, sql.Build("id", column, nullable, descending, limit, walk), sql.Parameters);
        if (ids is not null && await ReadKeptAsync(connection, ids, cache!, stamp) is { } kept)
            return (kept.Select(r => r.ToStored(hosts)).ToList(), true);
        var page = await ReadPageAsync(connection, sql, column, nullable, descending, limit, walk, stamp, ids);
        if (cache is not null)
            foreach (var (id, row) in page)
                cache.Offer(id, row);
        return (page.Select(r => r.Row.ToStored(hosts)).ToList(), true);
    }

    /// <summary>
    /// A page's rows, each with its id, as stored (the conductor as written, with the shard to map it). <paramref name="ids"/>:
    /// the page's ids when already read (sorted by another column without a walk, they are not sorted again).
    /// </summary>
    private async Task<List<(long Id, NodeRowCache.Row Row)>> ReadPageAsync(
        DbConnection connection, ListSql sql, string column, bool nullable, bool descending, int limit, string? walk, long stamp,
        IReadOnlyList<long>? ids)
    {
        // Sorted by id, or along the sort's own index (nothing is sorted): the page's rows are read as they come.
        if (column == "id" || walk is not null)
            return await ReadRawAsync(connection, sql.Build("id, " + ViewColumns, column, nullable, descending, limit, walk), sql.Parameters, first: 1, stamp);

        // Sorted by another column: the database may have to sort every matching row, so it sorts narrow rows (the sort
        // column and the id) and the page's whole rows are read afterwards by id: the sort never carries the documents.
        ids ??= await ReadIdsAsync(connection, sql.Build("id", column, nullable, descending, limit), sql.Parameters);
        var byId = await ReadByIdAsync(connection, ids, stamp);
        // A row deleted between the two reads is left out.
        return ids.Where(byId.ContainsKey).Select(id => (id, byId[id])).ToList();
    }

    /// <summary>
    /// A page through <paramref name="cache"/>: of its <paramref name="ids"/>, in order, the rows kept, and the rows of the
    /// others read by id, each offered to the cache; null when fewer than half of them are kept (the page's rows are
    /// better read at once). A row deleted between the two reads is left out.
    /// </summary>
    private async Task<List<NodeRowCache.Row>?> ReadKeptAsync(DbConnection connection, IReadOnlyList<long> ids, NodeRowCache cache, long stamp)
    {
        var byId = new Dictionary<long, NodeRowCache.Row>(ids.Count);
        var missing = new List<long>();
        foreach (var id in ids)
        {
            if (cache.TryGet(id, out var kept))
                byId[id] = kept;
            else
                missing.Add(id);
        }
        if (missing.Count * 2 > ids.Count)
            return null;
        foreach (var (id, row) in await ReadByIdAsync(connection, missing, stamp))
        {
            byId[id] = row;
            cache.Offer(id, row);
        }
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    private static async Task<List<long>> ReadIdsAsync(DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var ids = new List<long>();
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>The rows of <paramref name="ids"/> that exist, by id (500 ids per query).</summary>
    private async Task<Dictionary<long, NodeRowCache.Row>> ReadByIdAsync(DbConnection connection, IReadOnlyList<long> ids, long stamp)
    {
        var byId = new Dictionary<long, NodeRowCache.Row>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            var sql = new ListSql(database.Dialect, NodeColumns.Table).In("id", chunk.Cast<object>().ToList());
            foreach (var (id, row) in await ReadRawAsync(connection, sql.BuildUnordered("id, " + ViewColumns), sql.Parameters, first: 1, stamp))
                byId[id] = row;
        }
        return byId;
    }

    /// <summary>
    /// SQLite (3.53) plans a filtered, sorted page without weighing the limit: for <c>?provision_state=enroll&amp;sort_key=name</c>
    /// over 100,000 nodes all in enroll it searches the provision-state index and sorts all 100,000 rows (0.1–0.3 s),
    /// with table statistics or without, where walking the (name, id) index stops after a page. So the choice is made
    /// here: count the rows the filter keeps (from its index, and no further than √(limit × all)), and walk the sort index
    /// when the walk is expected to read no more rows than the sort would (it reads about limit × all / kept rows):
    /// kept² ≥ limit × all. A selective filter keeps the database's plan. PostgreSQL weighs the limit itself, given an index
    /// in the page's order (NULL first: <see cref="SqlDialect.IndexTerm"/>).
    /// </summary>
    private async Task<string?> SortIndexToWalkAsync(DbConnection connection, ListSql sql, string column, int limit)
    {
        if (database.Dialect.Provider != SqlProvider.Sqlite || !sql.Filtered || limit <= 0
            || !NodeColumns.SortIndexes.TryGetValue(column, out var index))
            return null;
        long all, kept;
        await using (var command = Command(connection, $"SELECT MAX(id) FROM {NodeColumns.Table}", []))
            all = await command.ExecuteScalarAsync() is long max ? max : 0;
        // Counted only as far as the answer needs: 110,000 nodes in enroll took 4–9 ms to count whole, 0.4–1.1 ms so.
        var enough = (long)Math.Ceiling(Math.Sqrt((double)limit * all));
        await using (var command = Command(connection, $"SELECT COUNT(*) FROM ({sql.BuildUnordered("1")} LIMIT {enough}) AS kept", sql.Parameters))
            kept = await command.ExecuteScalarAsync() is long count ? count : 0;
        return kept > 0 && kept >= enough ? index : null;
    }

    /// <summary>The node whose UUID (when <paramref name="ident"/> is one) or name is <paramref name="ident"/>, or null.</summary>
    public Task<NodeReplies.NodeView?> FindAsync(string ident, ShardHosts hosts) => database.RunAsync(async connection =>
    {
        var uuid = FieldRules.NormalizeUuid(ident);
        var sql = new ListSql(database.Dialect, NodeColumns.Table).Equal(uuid is null ? "name" : "uuid", uuid ?? ident);
        var views = await ReadViewsAsync(connection, sql.BuildUnordered(ViewColumns), sql.Parameters, hosts);
        return views.FirstOrDefault();
    });

    /// <summary>
    /// The node's state as its row stores it, to start its entity from (see <see cref="ReadModelSnapshotStore"/>): the row's
    /// version and node with its ports and portgroups, or the tombstone's version and no node; null when neither exists or
    /// the stored version is above <paramref name="maxVersion"/>.
    /// </summary>
    public Task<StoredState?> StateAsync(Guid nodeId, long maxVersion) => database.RunAsync<StoredState?>(async connection =>
    {
        var key = NodeRowWriter.Key(nodeId);
        (long Version, byte[] Doc, long PortsVersion)? row = null;
        await using (var command = DbCommands.Create(connection, $"SELECT version, doc, ports_version FROM {NodeColumns.Table} WHERE uuid = @uuid").With("@uuid", key))
        await using (var reader = await command.ExecuteReaderAsync())
            if (await reader.ReadAsync())
                row = (reader.GetInt64(0), reader.Bytes(1), reader.GetInt64(2));
        if (row is { } found)
        {
            // Read after the row's reader is closed: PostgreSQL runs one command at a time per connection.
            if (found.Version > maxVersion)
                return null;
            var ports = found.PortsVersion == 0 ? [] : await PartsAsync<Domain.Ports.Port>(connection, ReadModelSchema.Ports, key);
            var groups = found.PortsVersion == 0 ? [] : await PartsAsync<Domain.Ports.Portgroup>(connection, ReadModelSchema.Portgroups, key);
            var history = found.PortsVersion == 0 ? [] : await HistoryAsync(connection, key);
            var connectors = found.PortsVersion == 0 ? [] : await PartsAsync<Domain.Volumes.VolumeConnector>(connection, ReadModelSchema.VolumeConnectors, key);
            var targets = found.PortsVersion == 0 ? [] : await PartsAsync<Domain.Volumes.VolumeTarget>(connection, ReadModelSchema.VolumeTargets, key);
            var documents = found.PortsVersion == 0 ? new Dictionary<string, byte[]>() : await DocumentsAsync(connection, key);
            return new StoredState(found.Version, IronicSerializer.FromJson<Node>(found.Doc), ports, groups)
            {
                History = history, Connectors = connectors, Targets = targets,
                Bios = documents.TryGetValue(ReadModelSchema.DocumentKinds.Bios, out var bios)
                    ? IronicSerializer.FromJson<List<Domain.Nodes.BiosSetting>>(bios) : [],
                Inventory = documents.TryGetValue(ReadModelSchema.DocumentKinds.Inventory, out var inventory)
                    ? IronicSerializer.FromJson<Domain.Events.NodeInventoryStored>(inventory) : null,
            };
        }
        await using (var command = DbCommands.Create(connection, $"SELECT version FROM {NodeColumns.Tombstones} WHERE uuid = @uuid").With("@uuid", key))
            if (await command.ExecuteScalarAsync() is { } value and not DBNull &&
                Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) is var deletedAt && deletedAt <= maxVersion)
                return new StoredState(deletedAt, null, [], []);
        return null;
    });

    /// <summary>A node as its row stores it (null once deleted: its tombstone's version), with its ports and portgroups.</summary>
    public sealed record StoredState(long Version, Node? Node, IReadOnlyList<Domain.Ports.Port> Ports, IReadOnlyList<Domain.Ports.Portgroup> Portgroups)
    {
        public IReadOnlyList<Domain.Nodes.NodeHistoryEntry> History { get; init; } = [];

        public IReadOnlyList<Domain.Volumes.VolumeConnector> Connectors { get; init; } = [];

        public IReadOnlyList<Domain.Volumes.VolumeTarget> Targets { get; init; } = [];

        public IReadOnlyList<Domain.Nodes.BiosSetting> Bios { get; init; } = [];

        public Domain.Events.NodeInventoryStored? Inventory { get; init; }
    }

    private static async Task<Dictionary<string, byte[]>> DocumentsAsync(DbConnection connection, string node)
    {
        await using var command = DbCommands.Create(connection, $"SELECT kind, doc FROM {ReadModelSchema.Documents} WHERE node_uuid = @node").With("@node", node);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
            documents[reader.GetString(0)] = reader.Bytes(1);
        return documents;
    }

    private static async Task<IReadOnlyList<Domain.Nodes.NodeHistoryEntry>> HistoryAsync(DbConnection connection, string node)
    {
        await using var command = DbCommands.Create(connection, $"SELECT doc FROM {ReadModelSchema.History} WHERE node_uuid = @node ORDER BY seq").With("@node", node);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<Domain.Nodes.NodeHistoryEntry>();
        while (await reader.ReadAsync())
            entries.Add(IronicSerializer.FromJson<Domain.Nodes.NodeHistoryEntry>(reader.Bytes(0)));
        return entries;
    }

    private static async Task<IReadOnlyList<T>> PartsAsync<T>(DbConnection connection, string table, string node)
    {
        await using var command = DbCommands.Create(connection, $"SELECT doc FROM {table} WHERE node_uuid = @node ORDER BY created_at, uuid").With("@node", node);
        await using var reader = await command.ExecuteReaderAsync();
        var parts = new List<T>();
        while (await reader.ReadAsync())
            parts.Add(IronicSerializer.FromJson<T>(reader.Bytes(0)));
        return parts;
    }

    /// <summary>
    /// One page of the nodes living in the sharding shards <paramref name="shardIds"/> (only those in
    /// <paramref name="provisionStates"/> when given, and only those in maintenance for <paramref name="fault"/> when
    /// given), at most <paramref name="limit"/>, with where the page ended. A page of every node goes shard after shard (in
    /// ordinal order of their ids) and in row order within each, after row <paramref name="afterRow"/> of shard
    /// <paramref name="afterShard"/> (null: from the first shard); a filtered page goes in row order over all the shards
    /// (its last shard is null).
    /// </summary>
    /// <remarks>
    /// Every node (a power-sync pass): one shard at a time, each walked along the index (entity_shard, id) from where the
    /// last page ended, so a page costs its own rows whatever the number of nodes. One query over all the shards at once
    /// (<c>entity_shard IN (…)</c> ordered by id) had SQLite gather and sort every remaining row of every shard, documents
    /// included, for each page of 500: a pass over 100,000 nodes spent ~4 s in SQLite alone. A filter (the few nodes
    /// waiting in a state, or in maintenance for a fault) is found through its own index over all the shards at once
    /// instead: shard by shard, each shard's every row would be read to test it.
    /// </remarks>
    public Task<(IReadOnlyList<Node> Nodes, string? LastShard, long LastRow)> InShardsAsync(
        IReadOnlyCollection<string> shardIds, string? afterShard, long afterRow, int limit, IReadOnlyCollection<string>? provisionStates,
        string? fault = null) =>
        database.RunAsync(async connection =>
        {
            if (provisionStates is not null || fault is not null)
            {
                var rows = await HostedAsync(connection, shardIds, afterRow, limit, provisionStates, fault);
                return ((IReadOnlyList<Node>)rows.Select(r => r.View.Node).ToList(), (string?)null, rows.Count > 0 ? rows[^1].Id : afterRow);
            }
            var nodes = new List<Node>();
            var (lastShard, lastRow) = (afterShard, afterRow);
            var shards = shardIds.Where(s => afterShard is null || string.CompareOrdinal(s, afterShard) >= 0).Order(StringComparer.Ordinal);
            foreach (var shard in shards)
            {
                var rows = await HostedAsync(connection, [shard], shard == afterShard ? afterRow : 0L, limit - nodes.Count, null, null);
                nodes.AddRange(rows.Select(r => r.View.Node));
                if (rows.Count > 0)
                    (lastShard, lastRow) = (shard, rows[^1].Id);
                if (nodes.Count >= limit)
                    break;
            }
            return ((IReadOnlyList<Node>)nodes, lastShard, lastRow);
        });

    /// <summary>Up to <paramref name="limit"/> nodes of <paramref name="shardIds"/> after row <paramref name="afterRow"/>, filtered, in row order.</summary>
    private Task<List<(long Id, NodeReplies.NodeView View)>> HostedAsync(DbConnection connection, IReadOnlyCollection<string> shardIds,
        long afterRow, int limit, IReadOnlyCollection<string>? provisionStates, string? fault)
    {
        var sql = new ListSql(database.Dialect, NodeColumns.Table)
            .In("entity_shard", shardIds.Cast<object>().ToList())
            .In("provision_state", provisionStates?.Cast<object>().ToList())
            .Equal("fault", fault);
        if (fault is not null)
            sql.Equal("maintenance", Flag(true));
        sql.And($"id > {sql.Add(afterRow)}");
        return ReadViewsWithIdsAsync(connection, sql.Build("id, " + ViewColumns, "id", nullable: false, descending: false, Math.Max(1, limit)),
            sql.Parameters, ShardHosts.Unknown);
    }

    /// <summary>Nodes whose stored state shows work that only a running conductor can finish (see <see cref="NodeDecisions.NeedsResolution"/>).</summary>
    public Task<IReadOnlyList<NodeAt>> InterruptedAsync() => database.RunAsync(async connection =>
    {
        var sql = new ListSql(database.Dialect, NodeColumns.Table);
        var states = string.Join(", ", ProvisionStates.Stuck.Select(s => sql.Add(s)));
        sql.And($"target_power_state IS NOT NULL OR provision_state IN ({states})");
        var views = await ReadViewsAsync(connection, sql.BuildUnordered(ViewColumns), sql.Parameters, ShardHosts.Unknown);
        return (IReadOnlyList<NodeAt>)views.Where(v => NodeDecisions.NeedsResolution(v.Node))
            .Select(v => new NodeAt(v.Node.Uuid, NodePlacement.Of(v.Node))).ToList();
    });

    /// <summary>The placements (conductor group, hardware type) the stored nodes use.</summary>
    public Task<IReadOnlyList<NodePlacement>> PlacementsAsync() => database.RunAsync(async connection =>
    {
        await using var command = DbCommands.Create(connection, $"SELECT DISTINCT conductor_group, driver FROM {NodeColumns.Table}");
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<NodePlacement>();
        while (await reader.ReadAsync())
            found.Add(NodePlacement.Of(reader.GetString(0), reader.GetString(1)));
        return (IReadOnlyList<NodePlacement>)found;
    });

    /// <summary>
    /// The version each of <paramref name="nodeIds"/> is stored at: the row's, or the tombstone's for a deleted node;
    /// absent when neither exists.
    /// </summary>
    /// <remarks>
    /// Asked <see cref="VersionsPerStatement"/> nodes at a time: SQLite finds each named parameter it binds by walking the
    /// statement's list of names, so one statement of 2,000 parameters (a reconciler pass) cost ~2,000,000 name
    /// comparisons, several per cent of a core while nodes were created at full speed.
    /// </remarks>
    public Task<Dictionary<Guid, long>> VersionsAsync(IReadOnlyCollection<Guid> nodeIds) => database.RunAsync(async connection =>
    {
        var found = new Dictionary<Guid, long>();
        foreach (var table in new[] { NodeColumns.Table, NodeColumns.Tombstones })
        foreach (var chunk in nodeIds.Chunk(VersionsPerStatement))
        {
            var sql = new ListSql(database.Dialect, table).In("uuid", chunk.Select(id => (object)NodeRowWriter.Key(id)).ToList());
            await using var command = Command(connection, sql.BuildUnordered("uuid, version"), sql.Parameters);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = Guid.Parse(reader.GetString(0));
                var version = reader.GetInt64(1);
                if (!found.TryGetValue(id, out var known) || known < version)
                    found[id] = version;
            }
        }
        return found;
    });

    /// <summary>How many nodes one statement of <see cref="VersionsAsync"/> asks for.</summary>
    private const int VersionsPerStatement = 100;

    private static ListSql Filters(ListSql sql, NodeQueries.ListNodes q, ShardHosts hosts)
    {
        sql.Equal("provision_state", q.ProvisionState)
            .Equal("maintenance", Flag(q.Maintenance))
            .IsNull("instance_uuid", q.Associated is { } associated ? !associated : null)
            .Equal("driver", q.Driver)
            .Equal("instance_uuid", q.InstanceUuid?.ToLowerInvariant())
            .Equal("conductor_group", q.ConductorGroup?.ToLowerInvariant())
            .Equal("resource_class", q.ResourceClass)
            .Equal("owner", q.Owner)
            .Equal("lessee", q.Lessee)
            .Equal("fault", q.Fault)
            .Equal("chassis_uuid", q.ChassisUuid?.ToLowerInvariant())
            .Contains("description", q.DescriptionContains)
            .Equal("retired", Flag(q.Retired))
            .In("shard", q.Shards?.Cast<object>().ToList())
            .IsNull("shard", q.Sharded is { } sharded ? !sharded : null);
        if (q.Project is { } project)
        {
            var p = sql.Add(project);
            sql.And($"owner = {p} OR lessee = {p}");
        }
        if (q.Conductor is { } conductor)
            ConductorFilter(sql, conductor, hosts);
        return sql;
    }

    /// <summary>The nodes in the shards <paramref name="conductor"/> hosts, and those of unhosted shards it last wrote.</summary>
    private static void ConductorFilter(ListSql sql, string conductor, ShardHosts hosts)
    {
        var c = sql.Add(conductor);
        if (!hosts.IsKnown)
        {
            sql.And($"conductor = {c}");
            return;
        }
        string List(IEnumerable<string> shards) => string.Join(", ", shards.Select(s => sql.Add(s)).DefaultIfEmpty("''"));
        sql.And($"entity_shard IN ({List(hosts.ShardsOf(conductor))}) OR " +
                $"(entity_shard NOT IN ({List(hosts.HostOfShard.Keys)}) AND conductor = {c})");
    }

    private static long? Flag(bool? value) => value is { } b ? (b ? 1L : 0L) : null;

    /// <summary>The sort value and tie-breaker of the row with UUID <paramref name="uuid"/>, or null when there is none.</summary>
    internal static async Task<(object? Value, object Tie)?> MarkerAsync(DbConnection connection, string table, string column, string tieBreaker, string uuid)
    {
        await using var command = DbCommands.Create(connection, $"SELECT {column}, {tieBreaker} FROM {table} WHERE uuid = @uuid").With("@uuid", uuid);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        return (reader.IsDBNull(0) ? null : reader.GetValue(0), reader.GetValue(1));
    }

    private static async Task<List<NodeReplies.NodeView>> ReadViewsAsync(
        DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, ShardHosts hosts) =>
        (await ReadRowsAsync(connection, sql, parameters, hosts, first: 0)).Select(r => View(r.Row)).ToList();

    /// <summary>Like <see cref="ReadViewsAsync"/>, for statements that select the row id first.</summary>
    private static async Task<List<(long Id, NodeReplies.NodeView View)>> ReadViewsWithIdsAsync(
        DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, ShardHosts hosts) =>
        (await ReadRowsAsync(connection, sql, parameters, hosts, first: 1)).Select(r => (r.Id, View(r.Row))).ToList();

    /// <summary>The node of a stored row, decoded.</summary>
    private static NodeReplies.NodeView View(NodeQueries.StoredNode row) =>
        new(IronicSerializer.FromJson<Node>(row.Document), row.Reservation, row.Conductor, row.Version);

    /// <summary>Reads rows of <see cref="ViewColumns"/>, which start at column <paramref name="first"/> (after the id, when 1).</summary>
    private static async Task<List<(long Id, NodeQueries.StoredNode Row)>> ReadRowsAsync(
        DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, ShardHosts hosts, int first) =>
        (await ReadRawAsync(connection, sql, parameters, first, stamp: 0)).Select(r => (r.Id, r.Row.ToStored(hosts))).ToList();

    /// <summary>
    /// Reads rows of <see cref="ViewColumns"/> (from column <paramref name="first"/>: after the id, when 1) as stored, with
    /// the stamp of the read they belong to (<see cref="NodeRowCache.Begin"/>).
    /// </summary>
    private static async Task<List<(long Id, NodeRowCache.Row Row)>> ReadRawAsync(
        DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters, int first, long stamp)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, NodeRowCache.Row)>();
        while (await reader.ReadAsync())
        {
            var row = new NodeRowCache.Row(reader.GetString(first + 5), reader.Bytes(first), reader.NullableString(first + 3),
                reader.GetString(first + 1), reader.GetString(first + 4), reader.GetInt64(first + 2), stamp);
            rows.Add((first == 1 ? reader.GetInt64(0) : 0, row));
        }
        return rows;
    }

    internal static DbCommand Command(DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var command = DbCommands.Create(connection, sql);
        foreach (var (name, value) in parameters)
            command.With(name, value);
        return command;
    }
}
