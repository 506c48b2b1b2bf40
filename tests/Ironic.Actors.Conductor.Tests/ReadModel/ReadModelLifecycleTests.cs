using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Ports.PortCommands;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// The read model through a node's life, on SQLite and PostgreSQL: a change is listed as soon as it is answered, deleted
/// nodes and their ports leave the lists, a restart serves lists at once and resumes the reconciler from its stored
/// offset, and rows left behind the journal (a member that died between storing an event and writing the row) are found
/// and rewritten.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgresql")]
public sealed class ReadModelLifecycleTests(string provider)
{
    private TestStore _store = null!;

    [SetUp]
    public async Task CreateStore() => _store = await TestStore.CreateAsync(provider);

    [TearDown]
    public async Task DropStore()
    {
        if (_store is not null) // null when set-up skipped the test (no PostgreSQL named)
            await _store.DisposeAsync();
    }

    private Task<ConductorHost> StartAsync() => ConductorHost.StartAsync(_store.Directory, o =>
    {
        _store.Apply(o);
        o.Conductor.ReadModelReconcileAfter = 0.2;
    });

    [Test]
    public async Task A_change_is_listed_as_soon_as_it_is_answered()
    {
        await using var host = await StartAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var id = Guid.NewGuid();
            await host.AskAsync<NodeView>(new CreateNode(id, Fake($"ryw-{i}"), ProvisionStates.Enroll));
            Assert.That((await ListAsync(host, new NodeQueries.ListNodes())).Nodes.Select(v => v.Node.Uuid), Does.Contain(id), "created");
            Assert.That(await host.AskAsync<object>(new SetMaintenance(id, true, "checking")), Is.TypeOf<Accepted>());
            var inMaintenance = await ListAsync(host, new NodeQueries.ListNodes(Maintenance: true));
            Assert.That(inMaintenance.Nodes.Single(v => v.Node.Uuid == id).Node.MaintenanceReason, Is.EqualTo("checking"), "changed");
            ids.Add(id);
        }
        Assert.That(await host.AskAsync<object>(new DeleteNode(ids[3])), Is.TypeOf<Deleted>());
        Assert.That((await ListAsync(host, new NodeQueries.ListNodes())).Nodes.Select(v => v.Node.Uuid), Does.Not.Contain(ids[3]), "deleted");
    }

    [Test]
    public async Task Ports_are_listed_with_their_node_and_leave_with_it()
    {
        await using var host = await StartAsync();
        var node = Guid.NewGuid();
        var other = Guid.NewGuid();
        await host.AskAsync<NodeView>(new CreateNode(node, Fake("with-ports"), ProvisionStates.Enroll));
        await host.AskAsync<NodeView>(new CreateNode(other, Fake("other"), ProvisionStates.Enroll));
        var ports = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = Guid.NewGuid();
            var owner = i == 4 ? other : node;
            var reply = await host.AskAsync<object>(PortCreates.Port(owner, id,
                new JsonObject { ["address"] = $"52:54:00:00:00:0{i}", ["node_uuid"] = owner.ToString() }));
            Assert.That(reply, Is.TypeOf<PortReplies.PortView>(), $"{reply}");
            ports.Add(id);
        }

        var first = await PortsAsync(host, new PortQueries.ListPorts(NodeId: node, Limit: 3));
        var second = await PortsAsync(host, new PortQueries.ListPorts(NodeId: node, Limit: 3, Marker: first.Ports[^1].Port.Uuid));
        Assert.That(first.Ports.Concat(second.Ports).Select(p => p.Port.Uuid), Is.EqualTo(ports.Take(4)));
        Assert.That((await PortsAsync(host, new PortQueries.ListPorts(Address: "52:54:00:00:00:04"))).Ports.Single().Port.Uuid, Is.EqualTo(ports[4]));

        Assert.That(await host.AskAsync<object>(new DeletePort(node, ports[1])), Is.TypeOf<PortReplies.PortRemoved>());
        Assert.That((await PortsAsync(host, new PortQueries.ListPorts(NodeId: node))).Ports.Select(p => p.Port.Uuid),
            Is.EqualTo(new[] { ports[0], ports[2], ports[3] }));

        Assert.That(await host.AskAsync<object>(new DeleteNode(node)), Is.TypeOf<Deleted>());
        Assert.That((await PortsAsync(host, new PortQueries.ListPorts())).Ports.Select(p => p.Port.Uuid), Is.EqualTo(new[] { ports[4] }));
    }

    /// <summary>
    /// A node's parts (ports, history, volumes…) are stored with its row only when they change: a create stores none (a new
    /// row holds none), and a node woken from its row, whose parts it read with it, leaves them as they are when a change
    /// does not touch them. Seen in the row's claim of its parts' version, which every store of the parts raises.
    /// </summary>
    [Test]
    public async Task A_node_stores_its_parts_only_when_they_change()
    {
        var node = Guid.NewGuid();
        var port = Guid.NewGuid();
        long withPort;
        await using (var host = await StartAsync())
        {
            await host.AskAsync<NodeView>(new CreateNode(node, Fake("parts"), ProvisionStates.Enroll));
            Assert.That(await PartsVersionAsync(node), Is.EqualTo(0), "a create stores no parts");
            Assert.That(await host.AskAsync<object>(PortCreates.Port(node, port,
                new JsonObject { ["address"] = "52:54:00:00:01:01", ["node_uuid"] = node.ToString() })), Is.TypeOf<PortReplies.PortView>());
            withPort = await PartsVersionAsync(node);
            Assert.That(withPort, Is.GreaterThan(0), "a new port stores the parts");
        }

        // A new incarnation wakes the node from its row, then changes the node alone.
        await using (var host = await StartAsync())
        {
            Assert.That(await host.AskAsync<object>(new SetMaintenance(node, true, "parts stay")), Is.TypeOf<Accepted>());
            Assert.That(await PartsVersionAsync(node), Is.EqualTo(withPort), "the parts were left as stored");
            Assert.That((await PortsAsync(host, new PortQueries.ListPorts(NodeId: node))).Ports.Select(p => p.Port.Uuid), Is.EqualTo(new[] { port }));
            Assert.That(await host.AskAsync<object>(new DeletePort(node, port)), Is.TypeOf<PortReplies.PortRemoved>());
            Assert.That(await PartsVersionAsync(node), Is.GreaterThan(withPort), "a change of the parts stores them");
            Assert.That((await PortsAsync(host, new PortQueries.ListPorts(NodeId: node))).Ports, Is.Empty);
        }
    }

    private Task<long> PartsVersionAsync(Guid node) => ReadModelOf().Database.RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT ports_version FROM ironic_nodes WHERE uuid = '{Conductor.ReadModel.Sql.NodeRowWriter.Key(node)}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    });

    [Test]
    public async Task After_a_restart_lists_answer_at_once_and_the_reconciler_resumes_from_its_offset()
    {
        var ids = new List<Guid>();
        long offset;
        await using (var host = await StartAsync())
        {
            for (var i = 0; i < 30; i++)
            {
                var id = Guid.NewGuid();
                await host.AskAsync<NodeView>(new CreateNode(id, Fake($"restart-{i}"), ProvisionStates.Enroll));
                ids.Add(id);
            }
            var progress = await ReconciledAsync(host, p => p.Offset >= 30);
            Assert.That(progress.Refreshed, Is.Zero, "every row was written by its entity");
            offset = progress.Offset;
        }

        await using (var host = await StartAsync())
        {
            var page = await ListAsync(host, new NodeQueries.ListNodes());
            Assert.That(page.Nodes.Select(v => v.Node.Uuid), Is.EqualTo(ids), "the first list after the restart has every node");
            var stored = await ReadModelOf().Journal.LoadOffsetAsync(JournalReconcilerActor.OffsetName);
            Assert.That(stored, Is.GreaterThanOrEqualTo(offset));
            var progress = await ReconciledAsync(host, p => p.Offset >= stored && !p.Running);
            Assert.That(progress.Refreshed, Is.Zero, "nothing was read again and found behind");
        }
    }

    [Test]
    public async Task Rows_left_behind_the_journal_are_found_and_rewritten()
    {
        Guid staleId = Guid.NewGuid(), missingId = Guid.NewGuid(), deletedId = Guid.NewGuid();
        await using (var host = await StartAsync())
        {
            await host.AskAsync<NodeView>(new CreateNode(staleId, Fake("stale"), ProvisionStates.Enroll));
            await host.ProvisionAsync(staleId, "manage", ProvisionStates.Manageable);
            await host.AskAsync<NodeView>(new CreateNode(missingId, Fake("missing"), ProvisionStates.Enroll));
            await host.AskAsync<NodeView>(new CreateNode(deletedId, Fake("deleted"), ProvisionStates.Enroll));
            await host.AskAsync<Deleted>(new DeleteNode(deletedId));
            await ReconciledAsync(host, p => p.Offset > 0 && !p.Running);
        }

        // As if the conductor had died after storing events but before writing their rows: one row is an old version,
        // one is missing, the deleted one is back, and the reconciler must read the journal again from the start.
        var (database, _) = ReadModelOf();
        await database.RunAsync(async connection =>
        {
            foreach (var sql in new[]
                     {
                         $"UPDATE ironic_nodes SET version = 1, provision_state = 'enroll' WHERE uuid = '{staleId}'",
                         $"DELETE FROM ironic_nodes WHERE uuid = '{missingId}'",
                         $"DELETE FROM ironic_node_tombstones WHERE uuid = '{deletedId}'",
                         $"UPDATE ironic_read_offsets SET ordering = 0",
                     })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
            return 0;
        });

        await using (var host = await StartAsync())
        {
            var progress = await ReconciledAsync(host, p => p.Refreshed >= 3 && !p.Running);
            Assert.That(progress.Refreshed, Is.EqualTo(3));
            var all = (await ListAsync(host, new NodeQueries.ListNodes())).Nodes.ToDictionary(v => v.Node.Uuid, v => v.Node);
            Assert.That(all.Keys, Is.EquivalentTo(new[] { staleId, missingId }));
            Assert.That(all[staleId].ProvisionState, Is.EqualTo(ProvisionStates.Manageable));
            var enrolled = await ListAsync(host, new NodeQueries.ListNodes(ProvisionState: ProvisionStates.Enroll));
            Assert.That(enrolled.Nodes.Select(v => v.Node.Uuid), Is.EqualTo(new[] { missingId }), "the stale row's columns were rewritten too");
        }
    }

    [Test]
    public async Task Stored_versions_are_found_among_many_nodes_asked_at_once()
    {
        Guid first = Guid.NewGuid(), middle = Guid.NewGuid(), deleted = Guid.NewGuid();
        await using (var host = await StartAsync())
        {
            await host.AskAsync<NodeView>(new CreateNode(first, Fake("first"), ProvisionStates.Enroll));
            await host.AskAsync<NodeView>(new CreateNode(middle, Fake("middle"), ProvisionStates.Enroll));
            await host.ProvisionAsync(middle, "manage", ProvisionStates.Manageable);
            await host.AskAsync<NodeView>(new CreateNode(deleted, Fake("deleted"), ProvisionStates.Enroll));
            await host.AskAsync<Deleted>(new DeleteNode(deleted));
        }

        // 250 nodes asked (the reconciler asks up to 2,000), the stored ones at the start, the middle and the end, so that
        // they fall into different statements; the others are absent from the answer.
        var asked = Enumerable.Range(0, 250).Select(_ => Guid.NewGuid()).ToList();
        (asked[0], asked[150], asked[249]) = (first, middle, deleted);
        var (database, _) = ReadModelOf();
        var versions = await new Conductor.ReadModel.Sql.NodeRowReader(database).VersionsAsync(asked);

        Assert.That(versions.Keys, Is.EquivalentTo(new[] { first, middle, deleted }));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(versions[first], Is.EqualTo(1), "created");
            Assert.That(versions[middle], Is.GreaterThan(1), "created, then managed");
            Assert.That(versions[deleted], Is.EqualTo(2), "the tombstone's: created, then deleted");
        }
    }

    [Test]
    public async Task A_database_of_the_former_shape_gets_the_new_index_and_loses_the_old_one()
    {
        var (database, _) = ReadModelOf();
        await database.EnsureSchemaAsync();
        // As a database written before the periodic passes walked one shard at a time left it.
        await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE INDEX ironic_nodes_entity_shard ON ironic_nodes (entity_shard); " +
                // and as one written before PostgreSQL's sorted pages walked their index (2026-12-07)
                "CREATE INDEX IF NOT EXISTS ironic_nodes_name_id ON ironic_nodes (name, id); CREATE INDEX IF NOT EXISTS ironic_nodes_owner ON ironic_nodes (owner)";
            return await command.ExecuteNonQueryAsync();
        });
        Assert.That(await IndexesAsync(database), Does.Contain("ironic_nodes_entity_shard").And.Contain("ironic_nodes_name_id").And.Contain("ironic_nodes_owner"));

        await using (var host = await StartAsync())
            await host.AskAsync<NodeView>(new CreateNode(Guid.NewGuid(), Fake("after-upgrade"), ProvisionStates.Enroll));

        var indexes = await IndexesAsync(ReadModelOf().Database);
        Assert.That(indexes, Does.Not.Contain("ironic_nodes_entity_shard"));
        Assert.That(indexes, Does.Contain("ironic_nodes_entity_shard_id").And.Contain("ironic_nodes_fault"));
        if (provider == "postgresql")
        {
            // NULL first in a sort column's index, id after a filter's column: under new names, the former ones dropped.
            Assert.That(indexes, Does.Not.Contain("ironic_nodes_name_id").And.Not.Contain("ironic_nodes_owner"));
            Assert.That(indexes, Does.Contain("ironic_nodes_name_nulls_first").And.Contain("ironic_nodes_owner_id"));
        }
        else
            Assert.That(indexes, Does.Contain("ironic_nodes_name_id").And.Contain("ironic_nodes_owner"), "SQLite's as they were");
    }

    private static Task<List<string>> IndexesAsync(Conductor.ReadModel.Sql.ReadModelDatabase database) => database.RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = database.Dialect.Provider == Conductor.ReadModel.Sql.SqlProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ironic_nodes'"
            : "SELECT indexname FROM pg_indexes WHERE tablename = 'ironic_nodes'";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    });

    private (Conductor.ReadModel.Sql.ReadModelDatabase Database, Conductor.ReadModel.Sql.JournalScan Journal) ReadModelOf()
    {
        var options = new IronicOptions();
        _store.Apply(options);
        var database = PersistenceHostingExtensions.CreateReadModel(options.Persistence);
        return (database, new Conductor.ReadModel.Sql.JournalScan(database));
    }

    private static JsonObject Fake(string name) => new() { ["driver"] = "fake-hardware", ["name"] = name };

    private static Task<NodeQueries.NodePage> ListAsync(ConductorHost host, NodeQueries.ListNodes query) =>
        host.QueryModel.Ask<NodeQueries.NodePage>(query, TimeSpan.FromSeconds(15));

    private static Task<PortQueries.PortPage> PortsAsync(ConductorHost host, PortQueries.ListPorts query) =>
        host.QueryModel.Ask<PortQueries.PortPage>(query, TimeSpan.FromSeconds(15));

    /// <summary>Asks the reconciler for its progress until <paramref name="condition"/> holds.</summary>
    private static async Task<ReconcilerCommands.Progress> ReconciledAsync(ConductorHost host, Func<ReconcilerCommands.Progress, bool> condition)
    {
        var reconciler = host.Reconciler;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var progress = await reconciler.Ask<ReconcilerCommands.Progress>(ReconcilerCommands.GetProgress.Instance, TimeSpan.FromSeconds(5));
            if (condition(progress))
                return progress;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"the reconciler did not get there: {progress}");
            await Task.Delay(50);
        }
    }
}
