using System.Data.Common;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Tests.Journal;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>The read model's row writer on a real store, SQLite and PostgreSQL, without entities.</summary>
public sealed class NodeRowWriterTests : PersistenceFixture
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The row writer keeps its statements on a connection and runs them again (the journal's writer keeps its connection
    /// open, so a node's statements are parsed once, not once per node). A statement run again must bind each value as
    /// the first run would have: a value that was NULL the first time (no portgroup, never updated) and is set the next.
    /// </summary>
    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task A_statement_run_again_on_a_connection_binds_values_that_were_null_with_their_own_type(string provider)
    {
        await using var system = await JournalSystem.StartAsync(Options(provider), batching: true);
        var (database, writer) = await WriterAsync(system);
        var (nodeId, portId, groupId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var updated = Created.AddMinutes(5);

        await using var connection = await database.OpenConnectionAsync();
        // First: the port in no portgroup, never updated (both NULL). Then the same statements, the values set.
        await WriteAsync(connection, writer, [Store(nodeId, 1, null, new([Port(nodeId, portId, group: null, updatedAt: null)], []))]);
        await WriteAsync(connection, writer, [Store(nodeId, 2, null, new([Port(nodeId, portId, groupId, updated)],
            [new Portgroup { Uuid = groupId, NodeId = nodeId, Name = "bond0", CreatedAt = Created }]))]);

        await using var read = connection.CreateCommand();
        read.CommandText = provider == "sqlite"
            ? $"SELECT portgroup_uuid, updated_at, typeof(updated_at) FROM {ReadModelSchema.Ports} WHERE node_uuid = '{nodeId}'"
            : $"SELECT portgroup_uuid, updated_at, pg_typeof(updated_at)::text FROM {ReadModelSchema.Ports} WHERE node_uuid = '{nodeId}'";
        await using var reader = await read.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "the port is stored");
        Assert.That(reader.GetString(0), Is.EqualTo(groupId.ToString()));
        Assert.That(reader.GetInt64(1), Is.EqualTo(NodeColumns.Micros(updated)));
        Assert.That(reader.GetString(2), Is.EqualTo(provider == "sqlite" ? "integer" : "bigint"),
            "stored as a number, as the first write would have stored it had it been set");
        Assert.That(await reader.ReadAsync(), Is.False, "the second write replaced the first's port");
    }

    /// <summary>
    /// The rows of several nodes written in one transaction (the journal's group commit): on PostgreSQL they go to the
    /// server in one round trip, then the parts that changed. Each row must be stored as if written alone: with its own
    /// values and parts, a stale version never over a newer one.
    /// </summary>
    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task Rows_written_together_are_each_stored_as_if_alone(string provider)
    {
        await using var system = await JournalSystem.StartAsync(Options(provider), batching: true);
        var (database, writer) = await WriterAsync(system);
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var port = Guid.NewGuid();

        await using (var connection = await database.OpenConnectionAsync())
        {
            await WriteAsync(connection, writer, [Store(a, 5, "a-newer", parts: null)]);
            await WriteAsync(connection, writer,
            [
                Store(a, 4, "a-stale", parts: null),
                Store(b, 1, "b", parts: new([new Port { Uuid = port, NodeId = b, Address = "52:54:00:aa:bb:01", CreatedAt = Created }], [])),
                Store(c, 2, null, parts: null),
            ]);
        }

        var reader = new NodeRowReader(database);
        var (stateA, stateB, stateC) = (await reader.StateAsync(a, long.MaxValue), await reader.StateAsync(b, long.MaxValue), await reader.StateAsync(c, long.MaxValue));
        Assert.That((stateA!.Version, stateA.Node!.Name), Is.EqualTo((5L, "a-newer")), "a stale write leaves the newer row");
        Assert.That((stateB!.Version, stateB.Node!.Name), Is.EqualTo((1L, "b")));
        Assert.That(stateB.Ports.Select(p => p.Uuid), Is.EqualTo(new[] { port }), "its parts stored with it");
        Assert.That((stateC!.Version, stateC.Node!.Name, stateC.Ports.Count), Is.EqualTo((2L, (string?)null, 0)), "a NULL name stored as NULL");
    }

    /// <summary>The system's read-model database, its tables made, and a writer of its rows (every node in shard "0").</summary>
    private static async Task<(ReadModelDatabase Database, NodeRowWriter Writer)> WriterAsync(JournalSystem system)
    {
        var database = system.Database!;
        await database.EnsureSchemaAsync();
        return (database, new NodeRowWriter(database, (_, _) => "0"));
    }

    /// <summary>Writes <paramref name="writes"/> in one transaction on <paramref name="connection"/>.</summary>
    private static async Task WriteAsync(DbConnection connection, NodeRowWriter writer, IReadOnlyList<ReadModelWrites.StoreNode> writes)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await writer.WriteAsync(connection, tx, writes);
        await tx.CommitAsync();
    }

    private static ReadModelWrites.StoreNode Store(Guid id, long version, string? name, ReadModelWrites.NodeParts? parts) =>
        RowWrites.Store(RowWrites.Node(id, Created, name), version, parts);

    private static Port Port(Guid nodeId, Guid portId, Guid? group, DateTimeOffset? updatedAt) => new()
    {
        Uuid = portId,
        NodeId = nodeId,
        Address = "52:54:00:12:34:56",
        PortgroupId = group,
        CreatedAt = Created,
        UpdatedAt = updatedAt,
    };
}
