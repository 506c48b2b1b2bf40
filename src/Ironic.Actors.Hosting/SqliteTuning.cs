using System.Data.Common;
using LinqToDB.Interceptors;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Puts every SQLite connection of the journal in WAL mode with synchronous=NORMAL: commits no longer
/// wait for a full fsync of the database file, which more than doubles the write rate on one box.
/// A power loss may drop the last commits but never corrupts the file.
/// </summary>
internal sealed class SqliteTuning : ConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite completes its "async" calls synchronously, so without this every journal read and write
        // would run to its end on the thread that asked: recoveries one after another, and no write batching across
        // entities (the journal's write queue never sees a second write while one is running). Yielding here makes each
        // database round trip a real asynchronous one: the journal's queue fills while a write runs and takes the next
        // writes as one batch (one transaction for many entities), and recoveries run side by side.
        await Task.Yield();
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
