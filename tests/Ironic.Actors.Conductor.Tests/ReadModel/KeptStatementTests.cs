using System.Data.Common;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Tests.Journal;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// The row writer keeps its statements on a connection and runs them again (the journal's writer keeps its connection
/// open, so a node's statements are parsed once, not once per node). A statement run again must bind each value as
/// the first run would have: a value that was NULL the first time (no portgroup, never updated) and is set the next.
/// </summary>
public sealed class KeptStatementTests : PersistenceFixture
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task A_statement_run_again_on_a_connection_binds_values_that_were_null_with_their_own_type(string provider)
    {
        await using var system = await JournalSystem.StartAsync(Options(provider), batching: true);
        var database = system.Database!;
        await database.EnsureSchemaAsync();
        var writer = new NodeRowWriter(database, (_, _) => "0");
        var (nodeId, portId, groupId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var updated = Created.AddMinutes(5);

        await using var connection = await database.OpenConnectionAsync();
        // First: the port in no portgroup, never updated (both NULL). Then the same statements, the values set.
        await WriteAsync(connection, writer, nodeId, 1, Port(nodeId, portId, group: null, updatedAt: null), groups: []);
        await WriteAsync(connection, writer, nodeId, 2, Port(nodeId, portId, groupId, updated),
            groups: [new Portgroup { Uuid = groupId, NodeId = nodeId, Name = "bond0", CreatedAt = Created }]);

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

    private static async Task WriteAsync(
        DbConnection connection, NodeRowWriter writer, Guid nodeId, long version, Port port, IReadOnlyList<Portgroup> groups)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await writer.WriteAsync(connection, tx, [RowWrites.Store(RowWrites.Node(nodeId, Created), version, new ReadModelWrites.NodeParts([port], groups))]);
        await tx.CommitAsync();
    }

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
