using System.Data;
using System.Data.Common;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Protocol.Serialization;
using static Ironic.Actors.Conductor.ReadModel.ReadModelWrites;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Writes a batch of node rows in one transaction. Every write carries the node's journal sequence number, and a
/// row only ever moves forward: an older write (late, or from a member the node has left) never overwrites a newer
/// one, and a deleted node's tombstone keeps older writes from bringing it back. A node's ports and portgroups are
/// replaced as a set, guarded by the node row's <c>ports_version</c> the same way.
/// </summary>
/// <param name="committed">
/// Called once a transaction of this writer's own has committed (this member's cache of nodes read,
/// <see cref="Protocol.Nodes.NodeViewCache.Invalidate"/>); rows written in the journal's transaction are the journal's to
/// announce.
/// </param>
/// <param name="rows">Told which nodes' rows each of this writer's own transactions changed (<see cref="NodeRowCache"/>).</param>
public sealed class NodeRowWriter(
    ReadModelDatabase database, Func<Guid, Protocol.Nodes.NodePlacement, string> entityShardOf, Action? committed = null,
    NodeRowCache? rows = null)
{
    private static readonly string[] BookkeepingColumns = ["uuid", "version", "entity_shard", "conductor", "doc", "reservation"];

    /// <summary>The tables of a node's parts (stored with it as a set, keyed by <c>node_uuid</c>).</summary>
    private static readonly string[] PartTables =
    [
        ReadModelSchema.Ports, ReadModelSchema.Portgroups, ReadModelSchema.History, ReadModelSchema.VolumeConnectors,
        ReadModelSchema.VolumeTargets, ReadModelSchema.Documents,
    ];

    private readonly SqlDialect _d = database.Dialect;
    private string? _upsertNode;

    /// <summary>Stores <paramref name="writes"/> (at most one per node: the caller merges them) in one transaction.</summary>
    public Task WriteAsync(IReadOnlyList<StoreNode> writes) => database.RunAsync(async connection =>
    {
        await using var tx = await connection.BeginTransactionAsync();
        await WriteAsync(connection, tx, writes);
        await tx.CommitAsync();
        rows?.Changed(writes.Select(w => w.NodeId));
        committed?.Invoke();
        return true;
    });

    /// <summary>
    /// Stores <paramref name="writes"/> (at most one per node) in the caller's transaction <paramref name="tx"/>: the
    /// journal's, for rows that go with their events (<see cref="RowsWithEvents"/>).
    /// </summary>
    /// <remarks>
    /// Nodes are written in the order of their keys. Two transactions write rows at once (the journal's, this member's
    /// writer's; on PostgreSQL also other members'), and a node's row stays locked until its transaction commits:
    /// taken in any order, two of them waited on each other (PostgreSQL found deadlocks and failed one every second).
    /// </remarks>
    public async Task WriteAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<StoreNode> writes)
    {
        var ordered = writes.OrderBy(w => Key(w.NodeId), StringComparer.Ordinal).ToList();
        if (connection.CanCreateBatch && ordered.Count > 1 && ordered.TrueForAll(w => w.View is not null))
        {
            // PostgreSQL: every row in one round trip, in the same order, then the parts that changed (their claims touch
            // rows this transaction holds already). SQLite runs its kept statement row by row, in process.
            await ExecAllAsync(connection, tx, ordered.Select(UpsertStatement).ToList());
            foreach (var write in ordered)
                if (write.Parts is { } batchedParts)
                    await ReplacePartsAsync(connection, tx, write.NodeId, write.Version, batchedParts);
            return;
        }
        var upsert = NodeUpsert(connection, tx);
        foreach (var write in ordered)
        {
            if (write.View is { } view)
                await StoreNodeAsync(upsert, write, view);
            else
                await DeleteNodeAsync(connection, tx, write);
            if (write.Parts is { } parts && write.View is not null)
                await ReplacePartsAsync(connection, tx, write.NodeId, write.Version, parts);
        }
    }

    /// <summary>The node upsert's parameters, in order, each with its type (which a NULL value needs on PostgreSQL).</summary>
    private static readonly (string Name, DbType Type)[] UpsertParameters =
    [
        ("@uuid", DbType.String), ("@version", DbType.Int64), ("@entity_shard", DbType.String), ("@conductor", DbType.String),
        ("@doc", DbType.Binary), ("@reservation", DbType.String),
        .. NodeColumns.Indexed.Select(c => ("@" + c.Name, c.Kind == NodeColumns.ColumnKind.Number ? DbType.Int64 : DbType.String)),
    ];

    private string UpsertSql => _upsertNode ??= _d.Upsert(NodeColumns.Table, "uuid",
        BookkeepingColumns.Concat(NodeColumns.Indexed.Select(c => c.Name)).ToList(),
        insertGuard: $"NOT EXISTS (SELECT 1 FROM {NodeColumns.Tombstones} WHERE uuid = @uuid AND version >= @version)",
        // The same version again only changes the lock (reservation): the node itself is the same.
        updateGuard: "{new}.version >= {old}.version");

    private DbCommand NodeUpsert(DbConnection connection, DbTransaction tx)
    {
        var command = DbCommands.Kept(connection, UpsertSql, tx);
        if (command.Parameters.Count > 0)
            return command;
        foreach (var (name, type) in UpsertParameters)
            command.With(name, null, type);
        return command;
    }

    /// <summary>The upsert's values for <paramref name="write"/>, in the order of <see cref="UpsertParameters"/>.</summary>
    private object?[] UpsertValues(StoreNode write, Protocol.Nodes.NodeReplies.NodeView view)
    {
        var values = new object?[UpsertParameters.Length];
        values[0] = Key(write.NodeId);
        values[1] = write.Version;
        values[2] = entityShardOf(write.NodeId, Protocol.Nodes.NodePlacement.Of(view.Node));
        values[3] = view.Conductor;
        values[4] = write.Doc ?? IronicSerializer.ToJson(view.Node);
        values[5] = view.Reservation;
        for (var i = 0; i < NodeColumns.Indexed.Count; i++)
            values[BookkeepingColumns.Length + i] = NodeColumns.Indexed[i].Value(view.Node);
        return values;
    }

    private async Task StoreNodeAsync(DbCommand upsert, StoreNode write, Protocol.Nodes.NodeReplies.NodeView view)
    {
        var values = UpsertValues(write, view);
        for (var i = 0; i < values.Length; i++)
            upsert.Set(i, values[i]);
        await upsert.ExecuteNonQueryAsync();
    }

    /// <summary>The upsert of <paramref name="write"/> as a statement of a batch (a NULL keeps its column's type).</summary>
    private Statement UpsertStatement(StoreNode write)
    {
        var values = UpsertValues(write, write.View!);
        return new(UpsertSql, UpsertParameters.Select((p, i) => (p.Name, (object?)(values[i] ?? new TypedNull(p.Type)))).ToArray());
    }

    private Task DeleteNodeAsync(DbConnection connection, DbTransaction tx, StoreNode write)
    {
        var key = Key(write.NodeId);
        List<Statement> statements =
        [
            new($"DELETE FROM {NodeColumns.Table} WHERE uuid = @uuid AND version < @version", [("@uuid", key), ("@version", write.Version)]),
            new(_d.Upsert(NodeColumns.Tombstones, "uuid", ["uuid", "version"], "1 = 1", "{new}.version > {old}.version"),
                [("@uuid", key), ("@version", write.Version)]),
            .. PartTables.Select(table => new Statement(
                $"DELETE FROM {table} WHERE node_uuid = @uuid AND NOT EXISTS (SELECT 1 FROM {NodeColumns.Table} WHERE uuid = @uuid)",
                [("@uuid", key)])),
        ];
        return ExecAllAsync(connection, tx, statements);
    }

    private async Task ReplacePartsAsync(DbConnection connection, DbTransaction tx, Guid nodeId, long version, NodeParts parts)
    {
        var key = Key(nodeId);
        var claimed = await Exec(connection, tx,
            $"UPDATE {NodeColumns.Table} SET ports_version = @version WHERE uuid = @uuid AND ports_version < @version",
            ("@uuid", key), ("@version", version));
        if (claimed == 0)
            return; // a newer set is already stored, or the node row is not (deleted since)

        var statements = new List<Statement>();
        if (version > 1) // at its first event (its creation) a node has none stored yet
            statements.AddRange(PartTables.Select(table => new Statement($"DELETE FROM {table} WHERE node_uuid = @uuid", [("@uuid", key)])));
        if (parts.Bios.Count > 0)
            statements.Add(Document(key, ReadModelSchema.DocumentKinds.Bios, IronicSerializer.ToJson(parts.Bios)));
        if (parts.Inventory is { } inventory)
            statements.Add(Document(key, ReadModelSchema.DocumentKinds.Inventory, IronicSerializer.ToJson(inventory)));
        for (var i = 0; i < parts.History.Count; i++)
            statements.Add(new($"INSERT INTO {ReadModelSchema.History} (node_uuid, seq, uuid, doc) VALUES (@node, @seq, @uuid, @doc)",
                [("@node", key), ("@seq", (long)i), ("@uuid", Key(parts.History[i].Uuid)), ("@doc", IronicSerializer.ToJson(parts.History[i]))]));
        statements.AddRange(parts.Ports.Select(port => PortInsert(key, version, port)));
        statements.AddRange(parts.Portgroups.Select(group => PortgroupInsert(key, version, group)));
        statements.AddRange(parts.Connectors.Select(connector => new Statement(
            $"INSERT INTO {ReadModelSchema.VolumeConnectors} (node_uuid, uuid, type, connector_id, created_at, updated_at, version, doc) " +
            "VALUES (@node, @uuid, @type, @connector, @created, @updated, @version, @doc)",
            [
                ("@node", key), ("@uuid", Key(connector.Uuid)), ("@type", connector.Type), ("@connector", connector.ConnectorId),
                ("@created", NodeColumns.Micros(connector.CreatedAt)), ("@updated", MicrosOrNull(connector.UpdatedAt)),
                ("@version", version), ("@doc", IronicSerializer.ToJson(connector)),
            ])));
        statements.AddRange(parts.Targets.Select(target => new Statement(
            $"INSERT INTO {ReadModelSchema.VolumeTargets} (node_uuid, uuid, volume_type, boot_index, volume_id, created_at, updated_at, version, doc) " +
            "VALUES (@node, @uuid, @type, @boot, @volume, @created, @updated, @version, @doc)",
            [
                ("@node", key), ("@uuid", Key(target.Uuid)), ("@type", target.VolumeType), ("@boot", target.BootIndex),
                ("@volume", target.VolumeId), ("@created", NodeColumns.Micros(target.CreatedAt)), ("@updated", MicrosOrNull(target.UpdatedAt)),
                ("@version", version), ("@doc", IronicSerializer.ToJson(target)),
            ])));
        await ExecAllAsync(connection, tx, statements);
    }

    private static Statement Document(string node, string kind, byte[] doc) =>
        new($"INSERT INTO {ReadModelSchema.Documents} (node_uuid, kind, doc) VALUES (@node, @kind, @doc)", [("@node", node), ("@kind", kind), ("@doc", doc)]);

    private static Statement PortInsert(string node, long version, Port port) => new(
        $"INSERT INTO {ReadModelSchema.Ports} (node_uuid, uuid, address, portgroup_uuid, pxe_enabled, physical_network, is_smartnic, " +
        "created_at, updated_at, version, doc) VALUES (@node, @uuid, @address, @portgroup, @pxe, @physnet, @smartnic, @created, @updated, @version, @doc)",
        [
            ("@node", node), ("@uuid", Key(port.Uuid)), ("@address", port.Address), ("@portgroup", port.PortgroupId is { } g ? Key(g) : null),
            ("@pxe", port.PxeEnabled ? 1L : 0L), ("@physnet", port.PhysicalNetwork), ("@smartnic", port.IsSmartnic ? 1L : 0L),
            ("@created", NodeColumns.Micros(port.CreatedAt)), ("@updated", MicrosOrNull(port.UpdatedAt)),
            ("@version", version), ("@doc", IronicSerializer.ToJson(port)),
        ]);

    private static Statement PortgroupInsert(string node, long version, Portgroup group) => new(
        $"INSERT INTO {ReadModelSchema.Portgroups} (node_uuid, uuid, name, address, mode, standalone_ports_supported, created_at, " +
        "updated_at, version, doc) VALUES (@node, @uuid, @name, @address, @mode, @standalone, @created, @updated, @version, @doc)",
        [
            ("@node", node), ("@uuid", Key(group.Uuid)), ("@name", group.Name), ("@address", group.Address), ("@mode", group.Mode),
            ("@standalone", group.StandalonePortsSupported ? 1L : 0L), ("@created", NodeColumns.Micros(group.CreatedAt)),
            ("@updated", MicrosOrNull(group.UpdatedAt)), ("@version", version), ("@doc", IronicSerializer.ToJson(group)),
        ]);

    /// <summary>One statement and its parameters, to run with others (<see cref="ExecAllAsync"/>).</summary>
    private readonly record struct Statement(string Sql, (string Name, object? Value)[] Parameters);

    /// <summary>
    /// Runs <paramref name="statements"/> in order: on PostgreSQL as one batch (one round trip: a node's deletion was
    /// eight, its parts one per table and row), on SQLite each through its kept command.
    /// </summary>
    private static async Task ExecAllAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Statement> statements)
    {
        if (!connection.CanCreateBatch || statements.Count < 2)
        {
            foreach (var statement in statements)
                await Exec(connection, tx, statement.Sql, statement.Parameters);
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = tx;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
                command.Parameters.Add(command.CreateParameter().Filled(name, value));
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    private static object MicrosOrNull(DateTimeOffset? time) => time is { } t ? NodeColumns.Micros(t) : TypedNull.Int64;

    /// <summary>
    /// Releases every lock <paramref name="conductor"/> holds in the rows: at its start nothing runs there, as Ironic's
    /// conductor releases its reservations when it starts.
    /// </summary>
    public Task ClearReservationsAsync(string conductor) => database.RunAsync(async connection =>
    {
        var cleared = await Exec(connection, null, $"UPDATE {NodeColumns.Table} SET reservation = NULL WHERE reservation = @conductor", ("@conductor", conductor));
        rows?.ChangedAll();
        committed?.Invoke();
        return cleared;
    });

    /// <summary>The text form UUIDs are stored in.</summary>
    public static string Key(Guid id) => id.ToString();

    private static async Task<int> Exec(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        // Kept on the connection: the same statement, with the same parameters in the same order, runs again for every node.
        var command = DbCommands.Kept(connection, sql, tx);
        if (command.Parameters.Count == 0)
            foreach (var (name, value) in parameters)
                command.With(name, value);
        else
            for (var i = 0; i < parameters.Length; i++)
                command.Reset(i, parameters[i].Value);
        return await command.ExecuteNonQueryAsync();
    }
}
