using Akka.Actor;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Journal;

/// <summary>
/// The journal every persistent actor uses (<c>BatchingSqlJournal</c>: Akka.Persistence.Sql with its write, highest
/// sequence number and replay paths in plain ADO.NET, writes of all entities group-committed), on a real SQLite file and
/// a real PostgreSQL: what many entities store at once is all there after a restart, in order; the stock plugin and this
/// journal read each other's rows; one entity's failed write fails that entity alone; a node row offered with a write
/// (<see cref="RowsWithEvents"/>) is committed with its events.
/// </summary>
public sealed class BatchingSqlJournalTests : PersistenceFixture
{
    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task What_many_entities_store_at_once_is_all_replayed_in_order_after_a_restart(string provider)
    {
        var options = Options(provider);
        var ids = Enumerable.Range(0, 60).Select(i => $"journal-test-{Guid.NewGuid():N}-{i}").ToList();
        await using (var system = await JournalSystem.StartAsync(options, batching: true))
        {
            // Every entity persists five events at once: the journal sees them all together.
            var stored = ids.Select(id => system.Entity(id).Ask<Recorder.Stored>(new Recorder.Store(Events(id)), TimeSpan.FromSeconds(20)));
            Assert.That((await Task.WhenAll(stored)).Select(s => s.LastSequenceNr), Is.All.EqualTo(5L));
        }

        await using (var system = await JournalSystem.StartAsync(options, batching: true))
        {
            foreach (var id in ids)
            {
                var recovered = await system.Entity(id).Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20));
                Assert.That(recovered.Events, Is.EqualTo(Events(id)));
                Assert.That(recovered.LastSequenceNr, Is.EqualTo(5L));
            }
        }
    }

    [Test]
    public async Task The_stock_plugin_and_this_journal_read_what_the_other_wrote()
    {
        var id = "journal-compat-" + Guid.NewGuid().ToString("N");
        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: true))
            await system.Entity(id).Ask<Recorder.Stored>(new Recorder.Store(["a", "b"]), TimeSpan.FromSeconds(20));

        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: false))
        {
            var entity = system.Entity(id);
            var recovered = await entity.Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20));
            Assert.That((recovered.Events, recovered.LastSequenceNr), Is.EqualTo((new[] { "a", "b" }, 2L)), "the plugin replays this journal's rows");
            await entity.Ask<Recorder.Stored>(new Recorder.Store(["c"]), TimeSpan.FromSeconds(20));
        }

        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: true))
        {
            var recovered = await system.Entity(id).Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20));
            Assert.That((recovered.Events, recovered.LastSequenceNr), Is.EqualTo((new[] { "a", "b", "c" }, 3L)), "this journal replays the plugin's rows");
        }
    }

    [Test]
    public async Task A_write_that_fails_fails_only_its_own_entity()
    {
        var victim = "journal-victim-" + Guid.NewGuid().ToString("N");
        var others = Enumerable.Range(0, 20).Select(i => $"journal-other-{Guid.NewGuid():N}-{i}").ToList();
        await using var system = await JournalSystem.StartAsync(Sqlite(), batching: true);
        var entity = system.Entity(victim);
        await entity.Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20)); // recovered: next is 1

        // Another writer takes the victim's sequence number 1 behind its back, and holds the database's write lock while
        // everybody asks to store, so that the victim's write waits in the same queue as the others'.
        await using var intruder = new SqliteConnection($"Data Source={Path.Combine(Dir, "ironic.db")}");
        await intruder.OpenAsync();
        await using (var insert = intruder.CreateCommand())
        {
            insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid) " +
                                 "VALUES (0, 0, $pid, 1, x'00', '', 1, 'intruder')";
            insert.Parameters.AddWithValue("$pid", victim);
            await insert.ExecuteNonQueryAsync();
        }
        var hold = (SqliteTransaction)await intruder.BeginTransactionAsync(); // BEGIN IMMEDIATE: the write lock
        var watcher = system.Watch(entity);
        var othersStored = others.Take(10).Select(id => system.Entity(id).Ask<Recorder.Stored>(new Recorder.Store(["x"]), TimeSpan.FromSeconds(30))).ToList();
        entity.Tell(new Recorder.Store(["lost"]));
        othersStored.AddRange(others.Skip(10).Select(id => system.Entity(id).Ask<Recorder.Stored>(new Recorder.Store(["x"]), TimeSpan.FromSeconds(30))));
        await hold.RollbackAsync();

        Assert.That((await Task.WhenAll(othersStored)).Select(s => s.LastSequenceNr), Is.All.EqualTo(1L), "every other entity's write is stored");
        Assert.That(await watcher, Is.True, "the entity whose write failed stops (Akka's answer to a persist failure)");
    }

    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task A_node_row_offered_with_a_write_is_committed_with_its_events(string provider)
    {
        var options = Options(provider);
        await using var system = await JournalSystem.StartAsync(options, batching: true);
        await system.Database!.EnsureSchemaAsync();
        var rows = RowsWithEvents.For(system.System);
        rows.UseWriter(new NodeRowWriter(system.Database, (_, _) => "0"));
        var (withRow, wrongVersion) = (Guid.NewGuid(), Guid.NewGuid());
        string Pid(Guid node) => "journal-row-" + node.ToString("N");
        foreach (var node in new[] { withRow, wrongVersion }) // recovered: the journal has started
            await system.Entity(Pid(node)).Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20));
        Assert.That(rows.Active, Is.True, "the journal takes rows once a writer is registered");

        // Two entities store two events each; each offered a row (a deleted node's: its tombstone is easy to find). The
        // first offers it for the sequence number its write ends at, the second for one it never reaches.
        rows.Offer(Pid(withRow), new ReadModelWrites.StoreNode(withRow, 2, View: null, Parts: null));
        rows.Offer(Pid(wrongVersion), new ReadModelWrites.StoreNode(wrongVersion, 3, View: null, Parts: null));
        await Task.WhenAll(new[] { withRow, wrongVersion }.Select(
            node => system.Entity(Pid(node)).Ask<Recorder.Stored>(new Recorder.Store(["a", "b"]), TimeSpan.FromSeconds(20))));

        Assert.That(rows.TakeStored(Pid(withRow), 2), Is.True, "stored with the events");
        Assert.That(await TombstoneVersion(system.Database, withRow), Is.EqualTo(2L));
        Assert.That(rows.TakeStored(Pid(wrongVersion), 2), Is.False, "an offer for another sequence number is not stored");
        Assert.That(await TombstoneVersion(system.Database, wrongVersion), Is.Null);
        Assert.That(rows.Count, Is.Zero, "taking an offer removes it, stored or not");
    }

    [Test]
    public async Task Recoveries_run_without_a_replay_filter_the_table_key_already_guards()
    {
        // The filter's job (dropping an old writer's events interleaved with a new one's) cannot arise: a taken sequence
        // number refuses the second write (A_write_that_fails_fails_only_its_own_entity). Its per-recovery actor is off.
        await using var system = await JournalSystem.StartAsync(Sqlite(), batching: true);
        Assert.That(system.System.Settings.Config.GetString("akka.persistence.journal.sql.replay-filter.mode"), Is.EqualTo("off"));
    }

    [Test]
    public async Task A_node_row_that_cannot_be_written_does_not_fail_its_events()
    {
        await using var system = await JournalSystem.StartAsync(Sqlite(), batching: true);
        await system.Database!.EnsureSchemaAsync();
        var rows = RowsWithEvents.For(system.System);
        rows.UseWriter(new NodeRowWriter(system.Database, (_, _) => "0"));
        var node = Guid.NewGuid();
        var pid = "journal-row-fails-" + node.ToString("N");
        var entity = system.Entity(pid);
        await entity.Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, TimeSpan.FromSeconds(20));
        // The row (a deleted node's) goes to the tombstone table, which is no longer there: its write fails.
        await system.Database.RunAsync(async connection =>
        {
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE {NodeColumns.Tombstones}";
            return await drop.ExecuteNonQueryAsync();
        });

        rows.Offer(pid, new ReadModelWrites.StoreNode(node, 2, View: null, Parts: null));
        var stored = await entity.Ask<Recorder.Stored>(new Recorder.Store(["a", "b"]), TimeSpan.FromSeconds(20));

        Assert.That(stored.LastSequenceNr, Is.EqualTo(2L), "the events are stored, retried without the row");
        Assert.That(rows.TakeStored(pid, 2), Is.False, "the entity is told its row did not go with them (it writes it itself)");
    }

    [Test]
    public async Task SQLite_sessions_commit_at_synchronous_normal_and_keep_statement_journals_in_memory()
    {
        // A batch's statements each keep a statement journal (a copy of every page they change, for a partial rollback);
        // in a temporary file that was more bytes written than the WAL itself. temp_store=MEMORY (2) keeps them in memory.
        await using var system = await JournalSystem.StartAsync(Sqlite(), batching: true);
        var pragmas = await system.Database!.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA temp_store; PRAGMA synchronous; PRAGMA journal_mode";
            await using var reader = await command.ExecuteReaderAsync();
            var values = new List<string>();
            do
            {
                while (await reader.ReadAsync())
                    values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
            } while (await reader.NextResultAsync());
            return values;
        });
        Assert.That(pragmas, Is.EqualTo(new[] { "2", "1", "wal" }));
    }

    private static Task<long?> TombstoneVersion(ReadModelDatabase database, Guid node) => database.RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM {NodeColumns.Tombstones} WHERE uuid = '{node}'";
        return await command.ExecuteScalarAsync() is { } version and not DBNull ? Convert.ToInt64(version) : (long?)null;
    });

    private static string[] Events(string id) => Enumerable.Range(1, 5).Select(n => $"{id}/{n}").ToArray();
}
