using System.Data.Common;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// The database that holds the read model (the journal's own database): where to connect, which SQL dialect it
/// speaks, and its tables, created once on first use. All work runs off the caller's thread, so that an actor
/// piping a result never executes SQL in its own receive (SQLite's ADO.NET calls complete synchronously).
/// </summary>
public sealed class ReadModelDatabase : IAsyncDisposable, IDisposable
{
    private readonly DbDataSource _source;
    private readonly Func<DbConnection, bool> _isNewSession;
    private readonly object _schemaLock = new();
    private Task? _schema;

    /// <param name="provider">Which SQL the database speaks.</param>
    /// <param name="source">Its connections (pooled).</param>
    /// <param name="isNewSession">
    /// True when an opened connection's native session has not been set up yet (SQLite's busy_timeout stays on a pooled
    /// native connection); by default every open is taken for a new session.
    /// </param>
    public ReadModelDatabase(SqlProvider provider, DbDataSource source, Func<DbConnection, bool>? isNewSession = null)
    {
        Dialect = SqlDialect.For(provider);
        _source = source;
        _isNewSession = isNewSession ?? (_ => true);
    }

    /// <summary>How long a SQLite connection waits for a lock (busy_timeout) before its statement fails.</summary>
    public const int BusyTimeoutMs = 30_000;

    public SqlDialect Dialect { get; }

    /// <summary>SQLite: the journal's writer leaves its checkpoints to a connection of their own (<c>WalCheckpoints</c>).</summary>
    public bool CheckpointsInBackground { get; init; }

    /// <summary>Closes the pooled connections (the member stopped).</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public void Dispose() => _source.Dispose();

    /// <summary>Runs <paramref name="work"/> on a pooled connection, on the thread pool, once the tables exist.</summary>
    public Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work) => Task.Run(async () =>
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        await using var connection = await OpenAsync().ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    });

    /// <summary>
    /// Whether the database answers: <c>SELECT 1</c> on a pooled connection within <paramref name="timeout"/> (tables
    /// not needed). Null when it does; else why not. For readiness probes.
    /// </summary>
    public async Task<string?> PingAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await Task.Run(async () =>
            {
                await using var connection = await _source.OpenConnectionAsync(cancel.Token).ConfigureAwait(false);
                await using var command = DbCommands.Create(connection, "SELECT 1");
                await command.ExecuteScalarAsync(cancel.Token).ConfigureAwait(false);
                return (string?)null;
            }, cancel.Token).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return $"no answer within {timeout.TotalMilliseconds:0} ms";
        }
        catch (Exception e)
        {
            return e.Message; // whatever the provider throws (refused, bad password, missing file): not reachable
        }
    }

    /// <summary>
    /// A pooled connection, its SQLite session set up (busy_timeout), for a caller that keeps it open across several
    /// units of work (the journal's writer). The caller disposes it.
    /// </summary>
    public Task<DbConnection> OpenConnectionAsync() => OpenAsync();

    private async Task<DbConnection> OpenAsync()
    {
        var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        if (Dialect.Provider == SqlProvider.Sqlite && _isNewSession(connection))
        {
            // The journal writes to the same file. Let SQLite itself wait for its lock, retrying within milliseconds;
            // Microsoft.Data.Sqlite's own retry sleeps 150 ms at a time. Commits are as durable as the journal's
            // (WAL, synchronous=NORMAL: a power loss may drop the last commits, never corrupts the file). WAL is a property
            // of the file, asked for here too: the journal's hot paths use these connections, and may be the first to open it.
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return connection;
    }

    /// <summary>Creates the tables and indexes that do not exist yet; once per process, again after a failure.</summary>
    public Task EnsureSchemaAsync()
    {
        lock (_schemaLock)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
                _schema = CreateSchemaAsync();
            return _schema;
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await ExecuteAsync(connection, ReadModelSchema.CreateMeta(Dialect));
        await ExecuteAsync(connection, ReadModelSchema.CreateConductors(Dialect));
        var version = await ReadMetaAsync(connection, "read_model_version");
        if (version != ReadModelSchema.Version)
        {
            // Another shape (or none recorded): drop it; the reconciler rebuilds every row from the journal.
            foreach (var table in ReadModelSchema.Tables)
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
        }
        foreach (var statement in ReadModelSchema.Statements(Dialect))
            await ExecuteAsync(connection, statement);
        if (version != ReadModelSchema.Version)
            await WriteMetaAsync(connection, "read_model_version", ReadModelSchema.Version);
    }

    /// <summary>The value of setting <paramref name="name"/> in the meta table, or null.</summary>
    public Task<string?> ReadMetaAsync(string name) => RunAsync(connection => ReadMetaAsync(connection, name));

    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> unless a value is there; answers the value stored.</summary>
    public Task<string> ClaimMetaAsync(string name, string value) => RunAsync(async connection =>
    {
        if (await ReadMetaAsync(connection, name) is { } stored)
            return stored;
        await WriteMetaAsync(connection, name, value, overwrite: false);
        return await ReadMetaAsync(connection, name) ?? value;
    });

    private static async Task<string?> ReadMetaAsync(DbConnection connection, string name)
    {
        await using var command = DbCommands.Create(connection, $"SELECT value FROM {ReadModelSchema.Meta} WHERE name = @name").With("@name", name);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as string;
    }

    private Task WriteMetaAsync(DbConnection connection, string name, string value, bool overwrite = true) =>
        ExecuteAsync(connection, Dialect.Upsert(ReadModelSchema.Meta, "name", ["name", "value"], "1 = 1", overwrite ? "1 = 1" : "1 = 0"),
            ("@name", name), ("@value", value));

    private async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = DbCommands.Create(connection, sql);
        foreach (var (name, value) in parameters)
            command.With(name, value);
        try
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (DbException) when (Dialect.Provider == SqlProvider.PostgreSql && sql.StartsWith("CREATE", StringComparison.Ordinal))
        {
            // Two members creating the same table at once: PostgreSQL's IF NOT EXISTS is not atomic. The other won.
        }
    }
}

/// <summary>A NULL parameter value of a known type (PostgreSQL cannot infer a type from a bare NULL).</summary>
internal sealed record TypedNull(System.Data.DbType Type)
{
    public static readonly TypedNull Int64 = new(System.Data.DbType.Int64);
}

/// <summary>Small helpers to build parameterized commands.</summary>
internal static class DbCommands
{
    public static DbCommand Create(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter; <paramref name="type"/> matters for NULLs (PostgreSQL infers nothing from them).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value, System.Data.DbType? type = null)
    {
        command.Parameters.Add(command.CreateParameter().Filled(name, value, type));
        return command;
    }

    /// <summary>Fills a parameter made by a batch command as <see cref="With"/> fills one: its type given, or from its value.</summary>
    public static DbParameter Filled(this DbParameter parameter, string name, object? value, System.Data.DbType? type = null)
    {
        parameter.ParameterName = name;
        parameter.Value = Stored(value);
        parameter.DbType = type ?? TypeOf(value);
        return parameter;
    }

    /// <summary>Sets parameter <paramref name="index"/> of a reused command as <see cref="With"/> adds it (value and type).</summary>
    public static void Reset(this DbCommand command, int index, object? value)
    {
        var parameter = command.Parameters[index];
        parameter.Value = Stored(value);
        parameter.DbType = TypeOf(value);
    }

    private static object Stored(object? value) => value is null or TypedNull ? DBNull.Value : value;

    private static System.Data.DbType TypeOf(object? value) => value switch
    {
        long or int => System.Data.DbType.Int64,
        byte[] => System.Data.DbType.Binary,
        TypedNull t => t.Type,
        _ => System.Data.DbType.String,
    };

    /// <summary>
    /// The command for <paramref name="sql"/> kept on <paramref name="connection"/>, in transaction
    /// <paramref name="transaction"/>; made on first use without parameters (a caller adds its own when it finds none,
    /// else sets their values). A command run again keeps its prepared statement:
    /// SQLite parses and plans a statement each time a new command runs it (the node row's upsert took ~3 % of the
    /// server's CPU while nodes were created, parsed once per transaction, the creates' other statements once per node).
    /// The commands live as long as the connection object (closing a connection disposes its commands); use one
    /// connection from one flow at a time, as ADO.NET asks anyway, and never dispose the command.
    /// </summary>
    public static DbCommand Kept(DbConnection connection, string sql, DbTransaction? transaction)
    {
        var commands = KeptCommands.GetOrCreateValue(connection);
        if (commands.TryGetValue(sql, out var command))
            command.Transaction = transaction;
        else
            commands[sql] = command = Create(connection, sql, transaction);
        return command;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> KeptCommands = new();

    /// <summary>Sets the value of parameter <paramref name="index"/> of a reused command.</summary>
    public static void Set(this DbCommand command, int index, object? value) => command.Parameters[index].Value = Stored(value);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] Bytes(this DbDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);
}
