using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Tells a pooled SQLite connection's first use from its later ones. Microsoft.Data.Sqlite hands out a new
/// <see cref="SqliteConnection"/> for every open but keeps the native connection underneath (its <c>Handle</c>), and
/// per-connection settings (busy_timeout, synchronous) stay on that native connection: they need setting once, not on
/// every open (the journal opens one per operation; repeating them cost a few percent of the server's CPU).
/// </summary>
internal static class SqliteSessions
{
    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Seen = new();

    /// <summary>True the first time the native connection under <paramref name="connection"/> is seen (and for anything else).</summary>
    public static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Seen);
}
