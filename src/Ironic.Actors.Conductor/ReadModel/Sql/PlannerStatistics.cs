namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// Keeps PostgreSQL's statistics of the node table from lagging far behind it. The planner chooses how to read a page
/// from them, and autovacuum gathers them only a while after many rows came (its pass every <c>autovacuum_naptime</c>,
/// a minute by default): a table filled since looks empty, and a page filtered and sorted by name among 100,000 new
/// nodes sorted every row the filter kept (151–168 ms) where walking the name index reads one page's worth (24 ms).
/// So before a page, at most every <see cref="CheckEvery"/>, the table's live row count (the server's own, kept as rows
/// are written) is compared with the count its statistics were made from, and the table is analyzed in the background
/// when it holds more than twice as many (one at a time; the page itself does not wait). SQLite keeps no statistics
/// unless asked and gets its pages' plans from <c>NodeRowReader</c> instead.
/// </summary>
internal sealed class PlannerStatistics(ReadModelDatabase database, string table)
{
    /// <summary>How often a page looks at the counts (a catalog read).</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>Below this many rows any plan reads the table quickly: not analyzed for their sake.</summary>
    private const long SmallTable = 1000;

    private long _nextCheck;
    private int _analyzing;
    private bool _refused;

    /// <summary>Looks at the counts when due, and starts an ANALYZE when they drifted apart; PostgreSQL only.</summary>
    public async Task CheckAsync(System.Data.Common.DbConnection connection)
    {
        if (database.Dialect.Provider != SqlProvider.PostgreSql || _refused || Volatile.Read(ref _analyzing) == 1)
            return;
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextCheck);
        if (now < due || Interlocked.CompareExchange(ref _nextCheck, now + (long)CheckEvery.TotalMilliseconds, due) != due)
            return;
        float counted; // -1: never analyzed
        long live;
        try
        {
            await using var command = DbCommands.Create(connection,
                "SELECT c.reltuples, s.n_live_tup FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid " +
                "WHERE c.oid = to_regclass(@table)").With("@table", table);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
                return;
            (counted, live) = (reader.GetFloat(0), reader.GetInt64(1));
        }
        catch (System.Data.Common.DbException)
        {
            return; // the page matters, not this look
        }
        if (live > SmallTable && live > 2 * Math.Max(counted, 0) && Interlocked.CompareExchange(ref _analyzing, 1, 0) == 0)
            _ = AnalyzeAsync();
    }

    private async Task AnalyzeAsync()
    {
        try
        {
            await database.RunAsync(async connection =>
            {
                await using var analyze = DbCommands.Create(connection, $"ANALYZE {table}");
                await analyze.ExecuteNonQueryAsync();
                return true;
            });
        }
        catch (Exception)
        {
            _refused = true; // not the table's owner, say: autovacuum keeps doing it, and this stops trying
        }
        finally
        {
            Volatile.Write(ref _analyzing, 0);
        }
    }
}
