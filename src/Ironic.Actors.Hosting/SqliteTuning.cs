using System.Data.Common;
using LinqToDB.Interceptors;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Puts the journal's SQLite database in WAL mode and every connection to it at synchronous=NORMAL: commits no longer
/// wait for a full fsync of the database file, which more than doubles the write rate on one box. A power loss may drop
/// the last commits but never corrupts the file. SQLite itself waits for its lock (busy_timeout, set first), retrying
/// within milliseconds, where Microsoft.Data.Sqlite's own retry sleeps 150 ms at a time.
/// </summary>
/// <remarks>
/// WAL mode is a property of the file: it is set by the first connection of the process only. Asking for it on every
/// connection open (the plugin opens one per operation) opened a read transaction each time and cost about a tenth of
/// the server's CPU while nodes were created. The other two are set once per native connection (<see cref="SqliteSessions"/>).
/// Since <see cref="Journal.BatchingSqlJournal"/> and <see cref="Journal.PlainSqlSnapshotStore"/> store and load on the read
/// model's connections, these connections serve the plugin's remaining work: creating its tables, deleting events.
/// </remarks>
internal sealed class SqliteTuning : ConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;";
    private const string FirstPragmas = "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;";

    private volatile bool _walSet;

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        if (!SqliteSessions.IsNew(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = _walSet ? Pragmas : FirstPragmas;
        command.ExecuteNonQuery();
        _walSet = true;
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite completes its "async" calls synchronously, so without this every journal read and write
        // would run to its end on the thread that asked: recoveries one after another, and no write batching across
        // entities (the journal's write queue never sees a second write while one is running). Yielding here makes each
        // database round trip a real asynchronous one: the journal's queue fills while a write runs and takes the next
        // writes as one batch (one transaction for many entities), and recoveries run side by side.
        await Task.Yield();
        if (!SqliteSessions.IsNew(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = _walSet ? Pragmas : FirstPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        _walSet = true;
    }
}
