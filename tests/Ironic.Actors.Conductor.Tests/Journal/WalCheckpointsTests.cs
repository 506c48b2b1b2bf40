using System.Data.Common;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Hosting;
using Ironic.Actors.Hosting.Journal;
using Microsoft.Data.Sqlite;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.Journal;

/// <summary>
/// The journal writer's checkpoints on SQLite (<see cref="WalCheckpoints"/>), on a real file: the writer's commits never
/// checkpoint; the background connection copies the WAL back while the writer goes on; once the WAL passed its limit, a
/// checkpoint on the writer between two transactions makes the next one start the WAL over; nothing written is lost.
/// </summary>
public sealed class WalCheckpointsTests : PersistenceFixture
{
    [Test]
    public async Task The_writer_checkpoints_only_when_asked_and_its_checkpoint_starts_the_wal_over()
    {
        await using var database = await DatabaseAsync();
        await using var writer = await WriterAsync(database);

        await WriteAsync(writer, 1_500); // ~1,500 pages: past SQLite's automatic checkpoint at 1,000
        await using (var other = await database.OpenConnectionAsync())
            Assert.That(await WalPagesAsync(other), Is.GreaterThanOrEqualTo(1_500), "the writer's commits did not checkpoint (nor start the WAL over)");

        await using (var checkpoints = new WalCheckpoints(database, NoLogger.Instance, restartFrames: 2_000))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!checkpoints.RestartWanted)
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the background checkpoints never found the WAL past its limit");
                await WriteAsync(writer, 100);
            }
            Assert.That(await checkpoints.CheckpointAsync(writer), Is.True, "no reader kept the WAL");
            await WriteAsync(writer, 1);
        }

        await using var reader = await database.OpenConnectionAsync();
        Assert.That(await WalPagesAsync(reader), Is.LessThan(50), "the write after the writer's checkpoint started the WAL over");
        await using var count = reader.CreateCommand();
        count.CommandText = "SELECT count(*) FROM filler";
        Assert.That((long)(await count.ExecuteScalarAsync())!, Is.GreaterThanOrEqualTo(2_001), "every row written is there");
    }

    [Test]
    public async Task A_reader_on_an_older_snapshot_holds_the_restart_back_until_it_ends()
    {
        await using var database = await DatabaseAsync();
        await using var writer = await WriterAsync(database);
        await WriteAsync(writer, 200);

        await using var checkpoints = new WalCheckpoints(database, NoLogger.Instance, restartFrames: 100);
        await using var reader = await database.OpenConnectionAsync();
        await using (var tx = ((SqliteConnection)reader).BeginTransaction(deferred: true)) // a read transaction: no write lock
        {
            await using (var read = reader.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT count(*) FROM filler"; // a snapshot that needs the WAL's pages
                Assert.That((long)(await read.ExecuteScalarAsync())!, Is.EqualTo(200));
            }
            var waited = System.Diagnostics.Stopwatch.StartNew();
            Assert.That(await checkpoints.CheckpointAsync(writer), Is.False, "the reader still needs the WAL");
            Assert.That(waited.Elapsed, Is.GreaterThanOrEqualTo(WalCheckpoints.RestartWait * 0.9), "it waited for the reader first");
            await WriteAsync(writer, 1);
            Assert.That(await WalPagesAsync(writer), Is.GreaterThan(200), "the WAL did not start over under the reader");
        }

        Assert.That(await checkpoints.CheckpointAsync(writer), Is.True, "the reader is gone");
        await WriteAsync(writer, 1);
        Assert.That(await WalPagesAsync(writer), Is.LessThan(10), "the next write started the WAL over");
        await ExecuteAsync(writer, "INSERT INTO filler (page) VALUES (zeroblob(10))"); // the writer's busy timeout is back to normal
    }

    /// <summary>The read model's SQLite database in the test's folder, its tables created.</summary>
    private async Task<ReadModelDatabase> DatabaseAsync()
    {
        var database = PersistenceHostingExtensions.CreateReadModel(Sqlite());
        await database.EnsureSchemaAsync();
        return database;
    }

    /// <summary>A connection that writes as the journal's writer does (its automatic checkpoints off), with a table to fill.</summary>
    private static async Task<DbConnection> WriterAsync(ReadModelDatabase database)
    {
        var writer = await database.OpenConnectionAsync();
        await WalCheckpoints.TakeOverAsync(writer);
        await ExecuteAsync(writer, "CREATE TABLE filler (page BLOB NOT NULL)");
        return writer;
    }

    /// <summary>Writes <paramref name="rows"/> rows of ~4 KB, one transaction each.</summary>
    private static async Task WriteAsync(DbConnection connection, int rows)
    {
        for (var i = 0; i < rows; i++)
            await ExecuteAsync(connection, "INSERT INTO filler (page) VALUES (randomblob(3900))");
    }

    private static async Task<long> WalPagesAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var result = await command.ExecuteReaderAsync();
        await result.ReadAsync();
        return result.GetInt64(1);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
