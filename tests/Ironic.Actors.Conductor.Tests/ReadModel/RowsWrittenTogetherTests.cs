using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Tests.Journal;
using Ironic.Actors.Domain.Ports;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// The rows of several nodes written in one transaction (the journal's group commit): on PostgreSQL they go to the
/// server in one round trip, then the parts that changed. Each row must be stored as if written alone: with its own
/// values and parts, a stale version never over a newer one.
/// </summary>
public sealed class RowsWrittenTogetherTests : PersistenceFixture
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task Rows_written_together_are_each_stored_as_if_alone(string provider)
    {
        await using var system = await JournalSystem.StartAsync(Options(provider), batching: true);
        var database = system.Database!;
        await database.EnsureSchemaAsync();
        var writer = new NodeRowWriter(database, (_, _) => "0");
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var port = Guid.NewGuid();
        await WriteAsync(database, writer, [Store(a, 5, "a-newer", parts: null)]);

        await WriteAsync(database, writer,
        [
            Store(a, 4, "a-stale", parts: null),
            Store(b, 1, "b", parts: new ReadModelWrites.NodeParts([new Port { Uuid = port, NodeId = b, Address = "52:54:00:aa:bb:01", CreatedAt = Created }], [])),
            Store(c, 2, null, parts: null),
        ]);

        var reader = new NodeRowReader(database);
        var (stateA, stateB, stateC) = (await reader.StateAsync(a, long.MaxValue), await reader.StateAsync(b, long.MaxValue), await reader.StateAsync(c, long.MaxValue));
        Assert.That((stateA!.Version, stateA.Node!.Name), Is.EqualTo((5L, "a-newer")), "a stale write leaves the newer row");
        Assert.That((stateB!.Version, stateB.Node!.Name), Is.EqualTo((1L, "b")));
        Assert.That(stateB.Ports.Select(p => p.Uuid), Is.EqualTo(new[] { port }), "its parts stored with it");
        Assert.That((stateC!.Version, stateC.Node!.Name, stateC.Ports.Count), Is.EqualTo((2L, (string?)null, 0)), "a NULL name stored as NULL");
    }

    private static async Task WriteAsync(ReadModelDatabase database, NodeRowWriter writer, IReadOnlyList<ReadModelWrites.StoreNode> writes)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await writer.WriteAsync(connection, tx, writes);
        await tx.CommitAsync();
    }

    private static ReadModelWrites.StoreNode Store(Guid id, long version, string? name, ReadModelWrites.NodeParts? parts) =>
        RowWrites.Store(RowWrites.Node(id, Created, name), version, parts);
}
