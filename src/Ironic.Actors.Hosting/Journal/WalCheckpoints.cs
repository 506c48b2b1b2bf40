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
/// writer begins at a moment everything in it has been copied and no reader still reads a snapshot that needs it, which
/// a writer that never pauses seldom finds; so once the WAL holds <see cref="RestartFrames"/>, the writer checkpoints
/// itself between two transactions, in RESTART mode: after the background checkpoint running (never beside it: SQLite
/// refuses a second checkpointer), it copies the pages left (few) and waits up to <see cref="RestartWait"/> for the
/// readers of older snapshots to finish, while new readers read the database file alone; its next transaction then
/// starts the WAL over.
/// </summary>
/// <remarks>
/// Durability is SQLite's synchronous=NORMAL as before: a commit is not fsynced, a checkpoint is (the WAL before, the
/// database after). Measured on this box's disk, 60,000 creates: checkpoints every 16,000 pages instead of 1,000 made
/// 2,825-2,868 creates/s against 2,416-2,566, with a p99 of 69-73 ms (the writer stopped for each large checkpoint);
/// synchronous=OFF (not durable across a power loss) 2,811-3,060. The first version's writer checkpointed PASSIVE,
/// beside the background one: while list pages were read at full speed it often collided with it or with a reader, and
/// the WAL reached 72-490 MB; with RESTART after the background checkpoint it stays under ~100 MB.
/// </remarks>
internal sealed class WalCheckpoints : IAsyncDisposable
{
    /// <summary>How often the background connection checkpoints.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>WAL pages (of 4 KiB) past which the writer checkpoints itself so that the WAL starts over: 64 MiB.</summary>
    public const long RestartFrames = 16_000;

    /// <summary>How long the writer's restarting checkpoint waits for the readers of older snapshots to finish.</summary>
    public static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(100);

    private readonly ReadModelDatabase _database;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly long _restartFrames;
    private readonly SemaphoreSlim _turn = new(1, 1); // one checkpoint at a time: SQLite refuses a second one
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
    public static Task TakeOverAsync(DbConnection connection) => ExecuteAsync(connection, "PRAGMA wal_autocheckpoint = 0");

    /// <summary>
    /// Checkpoints on the writer's <paramref name="connection"/>, between its transactions, so that its next one starts
    /// the WAL over: after the background checkpoint running (if any), in RESTART mode, which copies the pages left and
    /// then waits (at most <see cref="RestartWait"/>) for the readers still on a snapshot that needs the WAL; readers that
    /// begin meanwhile read the database file alone. Returns whether it succeeded; if not, it is asked again after the
    /// next background checkpoint.
    /// </summary>
    public async Task<bool> CheckpointAsync(DbConnection connection)
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {(int)RestartWait.TotalMilliseconds}").ConfigureAwait(false);
            try
            {
                var (busy, frames, _) = await RunAsync(connection, "RESTART").ConfigureAwait(false);
                Interlocked.Exchange(ref _walFrames, 0); // asked again at the next background checkpoint
                if (frames < 0)
                    _log.Warning("The journal's database is not in WAL mode: no checkpoints to take");
                return !busy;
            }
            finally
            {
                await ExecuteAsync(connection, $"PRAGMA busy_timeout = {ReadModelDatabase.BusyTimeoutMs}").ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
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
                    _turn.Wait(stop);
                    try
                    {
                        var (_, frames, _) = RunAsync(connection, "PASSIVE").GetAwaiter().GetResult();
                        Interlocked.Exchange(ref _walFrames, frames);
                    }
                    finally
                    {
                        _turn.Release();
                    }
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

    /// <summary>A checkpoint in <paramref name="mode"/>: (whether it was kept from finishing, the WAL's pages, the pages copied).</summary>
    private static async Task<(bool Busy, long Frames, long Copied)> RunAsync(DbConnection connection, string mode)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
            return (false, -1, -1);
        return (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        _stop.Dispose();
        _turn.Dispose();
    }
}
