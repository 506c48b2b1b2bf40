using System.Data.Common;

namespace Ironic.Actors.Conductor.ReadModel.Sql;

/// <summary>
/// The database that holds the read model (the journal's own database): where to connect, which SQL dialect it
/// speaks, and its tables, created once on first use. All work runs off the caller's thread, so that an actor
/// piping a result never executes SQL in its own receive (SQLite's ADO.NET calls complete synchronously).
/// </summary>
public sealed class ReadModelDatabase
{
    private readonly DbDataSource _source;
    private readonly object _schemaLock = new();
    private Task? _schema;

    public ReadModelDatabase(SqlProvider provider, DbDataSource source)
    {
        Dialect = SqlDialect.For(provider);
        _source = source;
    }

    public SqlDialect Dialect { get; }

    /// <summary>Runs <paramref name="work"/> on a pooled connection, on the thread pool, once the tables exist.</summary>
    public Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work) => Task.Run(async () =>
    {
        await EnsureSchemaAsync().ConfigureAwait(false);
        await using var connection = await OpenAsync().ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    });

    private async Task<DbConnection> OpenAsync()
    {
        var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        if (Dialect.Provider == SqlProvider.Sqlite)
        {
            // The journal writes to the same file. Let SQLite itself wait for its lock, retrying within milliseconds;
            // Microsoft.Data.Sqlite's own retry sleeps 150 ms at a time.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 30000";
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
        foreach (var statement in ReadModelSchema.Statements(Dialect))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            try
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (DbException) when (Dialect.Provider == SqlProvider.PostgreSql)
            {
                // Two members creating the same table at once: PostgreSQL's IF NOT EXISTS is not atomic. The other won.
            }
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
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value is null or TypedNull ? DBNull.Value : value;
        parameter.DbType = type ?? value switch
        {
            long or int => System.Data.DbType.Int64,
            byte[] => System.Data.DbType.Binary,
            TypedNull t => t.Type,
            _ => System.Data.DbType.String,
        };
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Sets the value of parameter <paramref name="index"/> of a reused command.</summary>
    public static void Set(this DbCommand command, int index, object? value) =>
        command.Parameters[index].Value = value is null or TypedNull ? DBNull.Value : value;

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[] Bytes(this DbDataReader reader, int ordinal) => (byte[])reader.GetValue(ordinal);
}
