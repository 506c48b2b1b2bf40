using System.Data.Common;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;

namespace Ironic.Actors.Hosting.Journal;

/// <summary>
/// SQLite's checkpoints (the WAL's pages copied back into the database file, each copy ended by an fsync of both files)
/// taken off the journal writer's commits. By default the connection that commits past 1,000 WAL pages checkpoints
/// before its commit returns: the journal's writer, every ~75 nodes created, waiting for two or three fsyncs while the
/// next writes queue. Here the writer's connection checkpoints never by itself; a connection of its own checkpoints
/// every <see cref="Every"/> without waiting for anyone (PASSIVE). The WAL starts over from its beginning only when a
/// writer begins at a moment everything in it has been copied, which a writer that never pauses seldom finds; so once
/// the WAL holds <see cref="RestartFrames"/>, the writer checkpoints itself between two transactions (the pages left
/// since the last background checkpoint: few) and its next transaction starts the WAL over.
/// </summary>
/// <remarks>
/// Durability is SQLite's synchronous=NORMAL as before: a commit is not fsynced, a checkpoint is (the WAL before, the
/// database after). Measured on this box's disk, 60,000 creates: checkpoints every 16,000 pages instead of 1,000 made
/// 2,825-2,868 creates/s against 2,416-2,566, with a p99 of 69-73 ms (the writer stopped for each large checkpoint);
/// synchronous=OFF (not durable across a power loss) 2,811-3,060. Known limit, why it is off by default
/// (<see cref="PersistenceOptions.SqliteBackgroundCheckpoints"/>): while list pages are read at full speed beside the
/// creates, the writer's checkpoint often collides with the background one or with a reader on an older snapshot, the
/// WAL does not start over, and the writer tries again only after the next background checkpoint: the WAL reached
/// 72-190 MB at 100,000 nodes, 490 MB in a slow hour.
/// </remarks>
internal sealed class WalCheckpoints : IAsyncDisposable
{
    /// <summary>How often the background connection checkpoints.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>WAL pages (of 4 KiB) past which the writer checkpoints itself so that the WAL starts over: 64 MiB.</summary>
    public const long RestartFrames = 16_000;

    private readonly ReadModelDatabase _database;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly long _restartFrames;
    private long _walFrames;

    /// <param name="restartFrames">WAL pages past which the writer is asked to checkpoint (<see cref="RestartFrames"/>; tests ask for fewer).</param>
    public WalCheckpoints(ReadModelDatabase database, ILoggingAdapter log, long restartFrames = RestartFrames)
    {
        _database = database;
        _log = log;
        _restartFrames = restartFrames;
        // A thread of its own: a checkpoint blocks its thread for its copies and fsyncs (SQLite's calls are synchronous),
        // which on the thread pool (two threads at first on two cores) held up the requests queued behind it.
        _thread = new Thread(Loop) { IsBackground = true, Name = "sqlite-checkpoints" };
        _thread.Start();
    }

    /// <summary>Whether the WAL has grown past <see cref="RestartFrames"/> (as the last background checkpoint found it).</summary>
    public bool RestartWanted => Interlocked.Read(ref _walFrames) >= _restartFrames;

    /// <summary>Turns the automatic checkpoints of the writer's <paramref name="connection"/> off (done in the background).</summary>
    public static async Task TakeOverAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Checkpoints on the writer's <paramref name="connection"/>, between its transactions: when it copied every page
    /// (no other checkpoint running, no reader on an older snapshot), the writer's next transaction starts the WAL over.
    /// </summary>
    public async Task CheckpointAsync(DbConnection connection)
    {
        var (_, frames, _) = await RunAsync(connection, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Exchange(ref _walFrames, 0); // asked again at the next background checkpoint, after the restart
        if (frames < 0)
            _log.Warning("The journal's database is not in WAL mode: no checkpoints to take");
    }

    private void Loop()
    {
        var stop = _stop.Token;
        DbConnection? connection = null;
        try
        {
            while (!stop.WaitHandle.WaitOne(Every))
            {
                try
                {
                    connection ??= _database.OpenConnectionAsync().GetAwaiter().GetResult();
                    var (_, frames, _) = RunAsync(connection, CancellationToken.None).GetAwaiter().GetResult();
                    Interlocked.Exchange(ref _walFrames, frames);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    _log.Warning("Background checkpoint failed ({0}); trying again in {1} ms", e.Message, Every.TotalMilliseconds);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested)
        {
            _log.Debug("Background checkpoints stopped ({0})", e.Message);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>A PASSIVE checkpoint: (whether it was kept from copying everything, the WAL's pages, the pages copied).</summary>
    private static async Task<(bool Busy, long Frames, long Copied)> RunAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            return (false, -1, -1);
        return (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        _stop.Dispose();
    }
}
