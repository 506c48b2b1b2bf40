using Akka.Actor;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Journal;

/// <summary>
/// The snapshot store of every persistent actor but the node entities (<c>PlainSqlSnapshotStore</c>: Akka.Persistence.Sql
/// with loading, saving and deleting in plain ADO.NET), on a real SQLite file and a real PostgreSQL: a recovery starts
/// from the newest snapshot, a snapshot saved again at the same sequence number replaces the first, deleting up to a
/// sequence number leaves nothing to start from; the stock plugin and this store read each other's snapshots.
/// </summary>
public sealed class PlainSqlSnapshotStoreTests : PersistenceFixture
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    [TestCase("sqlite")]
    [TestCase("postgresql")]
    public async Task A_recovery_starts_from_the_newest_snapshot_and_none_is_left_after_deleting_them(string provider)
    {
        var options = Options(provider);
        var id = "snapshot-test-" + Guid.NewGuid().ToString("N");
        await using (var system = await JournalSystem.StartAsync(options, batching: true))
        {
            var entity = system.Entity(id);
            await entity.Ask<Recorder.Stored>(new Recorder.Store(["a", "b"]), Wait);
            Assert.That((await entity.Ask<Recorder.Snapped>(new Recorder.Snap(), Wait)).SequenceNr, Is.EqualTo(2));
            Assert.That((await entity.Ask<Recorder.Snapped>(new Recorder.Snap(), Wait)).SequenceNr, Is.EqualTo(2), "saved again: replaced");
            await entity.Ask<Recorder.Stored>(new Recorder.Store(["c"]), Wait);
            await entity.Ask<Recorder.Snapped>(new Recorder.Snap(), Wait);
            await entity.Ask<Recorder.Stored>(new Recorder.Store(["d"]), Wait);
            Assert.That(await SnapshotsOf(system, id), Is.EqualTo(2));
        }

        await using (var system = await JournalSystem.StartAsync(options, batching: true))
        {
            var entity = system.Entity(id);
            var recovered = await entity.Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, Wait);
            Assert.That(recovered, Is.EqualTo(new Recorder.Recovered(["a", "b", "c", "d"], 4, 3)).Using<Recorder.Recovered>(SameRecovery));
            await entity.Ask<Recorder.SnapsDeleted>(new Recorder.DeleteSnaps(2), Wait);
            Assert.That(await SnapshotsOf(system, id), Is.EqualTo(1), "the one at 3 is kept");
            await entity.Ask<Recorder.SnapsDeleted>(new Recorder.DeleteSnaps(long.MaxValue), Wait);
            Assert.That(await SnapshotsOf(system, id), Is.EqualTo(0));
        }

        await using (var system = await JournalSystem.StartAsync(options, batching: true))
        {
            var recovered = await system.Entity(id).Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, Wait);
            Assert.That(recovered, Is.EqualTo(new Recorder.Recovered(["a", "b", "c", "d"], 4)).Using<Recorder.Recovered>(SameRecovery),
                "replayed from the journal alone");
        }
    }

    [Test]
    public async Task The_stock_plugin_and_this_store_read_the_snapshots_the_other_saved()
    {
        var id = "snapshot-compat-" + Guid.NewGuid().ToString("N");
        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: true))
        {
            await system.Entity(id).Ask<Recorder.Stored>(new Recorder.Store(["a", "b"]), Wait);
            await system.Entity(id).Ask<Recorder.Snapped>(new Recorder.Snap(), Wait);
        }

        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: false))
        {
            var entity = system.Entity(id);
            var recovered = await entity.Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, Wait);
            Assert.That(recovered, Is.EqualTo(new Recorder.Recovered(["a", "b"], 2, 2)).Using<Recorder.Recovered>(SameRecovery),
                "the plugin loads this store's snapshot");
            await entity.Ask<Recorder.Stored>(new Recorder.Store(["c"]), Wait);
            await entity.Ask<Recorder.Snapped>(new Recorder.Snap(), Wait);
        }

        await using (var system = await JournalSystem.StartAsync(Sqlite(), batching: true))
        {
            var recovered = await system.Entity(id).Ask<Recorder.Recovered>(Recorder.GetRecovered.Instance, Wait);
            Assert.That(recovered, Is.EqualTo(new Recorder.Recovered(["a", "b", "c"], 3, 3)).Using<Recorder.Recovered>(SameRecovery),
                "this store loads the plugin's");
        }
    }

    private static bool SameRecovery(Recorder.Recovered x, Recorder.Recovered y) =>
        x.Events.SequenceEqual(y.Events) && x.LastSequenceNr == y.LastSequenceNr && x.FromSnapshot == y.FromSnapshot;

    private static Task<long> SnapshotsOf(JournalSystem system, string persistenceId) =>
        (system.Database ?? throw new AssertionException("no read-model database registered")).RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM snapshot WHERE persistence_id = @pid";
            var pid = command.CreateParameter();
            pid.ParameterName = "@pid";
            pid.Value = persistenceId;
            command.Parameters.Add(pid);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        });
}
