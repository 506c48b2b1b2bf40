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
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
