using System.Data.Common;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Hosting;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Hosting.Journal;
using Microsoft.Data.Sqlite;
using Npgsql;
using Ironic.Actors.Domain.Events;
using LinqToDB;

namespace Ironic.Actors.Hosting;

/// <summary>Akka.Persistence.Sql as the journal and snapshot store, on SQLite, PostgreSQL or SQL Server.</summary>
public static class PersistenceHostingExtensions
{
    public static AkkaConfigurationBuilder WithIronicPersistence(this AkkaConfigurationBuilder builder, PersistenceOptions options)
    {
        var (provider, connectionString) = Resolve(options);
        var isSqlite = provider == ProviderName.SQLiteMS;

        var journal = new Akka.Persistence.Sql.Hosting.SqlJournalOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            AutoInitialize = true,
            QueryRefreshInterval = TimeSpan.FromMilliseconds(500),
        };
        var snapshots = new Akka.Persistence.Sql.Hosting.SqlSnapshotOptions(isDefaultPlugin: true)
        {
            ConnectionString = connectionString,
            ProviderName = provider,
            AutoInitialize = true,
        };
        if (isSqlite)
        {
            var data = new DataOptions().UseConnectionString(provider, connectionString).UseInterceptor(new SqliteTuning());
            journal.DataOptions = data;
            snapshots.DataOptions = data;
        }

        builder.WithSqlPersistence(journal, snapshots,
            // No event adapters: the read model follows the journal by its ordering (JournalScan), not by tags.
            _ => { },
            _ => { });
        // The same plugin with its hot paths in plain ADO.NET and writes group-committed across entities.
        builder.AddHocon($"akka.persistence.journal.sql.class = \"{typeof(BatchingSqlJournal).FullName}, {typeof(BatchingSqlJournal).Assembly.GetName().Name}\"",
            HoconAddMode.Prepend);
        // The same for the singletons' snapshots: load, save and delete in plain ADO.NET.
        builder.AddHocon($"akka.persistence.snapshot-store.sql.class = \"{typeof(PlainSqlSnapshotStore).FullName}, {typeof(PlainSqlSnapshotStore).Assembly.GetName().Name}\"",
            HoconAddMode.Prepend);
        // No replay filter: Akka's journal starts one child actor per recovery to drop events an old writer interleaved
        // with a new one's under the same sequence numbers. The journal table's key (persistence_id, sequence_number)
        // already refuses a second writer's event at a taken number (the write fails; BatchingSqlJournalTests), so the
        // filter never had anything to drop, and its actor cost 10-20 % of the CPU of a create (every new node recovers).
        builder.AddHocon("akka.persistence.journal.sql.replay-filter.mode = off", HoconAddMode.Prepend);
        if (isSqlite)
        {
            // SQLite takes one writer at a time: parallel journal writers only contend for its lock.
            // Reads (a recovery's highest sequence number and replay, queries, snapshot loads) run in transactions, and
            // Microsoft.Data.Sqlite begins every transaction but a read-uncommitted one with BEGIN IMMEDIATE, which takes
            // the write lock: each recovery waited for the writer and held writers off in turn. read-uncommitted begins
            // a deferred transaction instead; without a shared cache SQLite still reads a committed WAL snapshot (the
            // level only matters between connections sharing a cache), so nothing uncommitted is ever read.
            builder.AddHocon(
                """
                akka.persistence.journal.sql.parallelism = 1
                akka.persistence.journal.sql.read-isolation-level = read-uncommitted
                akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted
                akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted
                """, HoconAddMode.Prepend);
        }
        return builder;
    }

    /// <summary>
    /// The read model's database: the journal's own (same connection string), reached with plain ADO.NET. Creating it
    /// connects to nothing; its tables are created on first use.
    /// </summary>
    public static ReadModelDatabase CreateReadModel(PersistenceOptions options)
    {
        var (provider, connectionString) = Resolve(options);
        return provider switch
        {
            ProviderName.SQLiteMS => new ReadModelDatabase(SqlProvider.Sqlite, SqliteFactory.Instance.CreateDataSource(
                new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 }.ToString()), SqliteSessions.IsNew)
            {
                CheckpointsInBackground = options.SqliteBackgroundCheckpoints,
            },
            ProviderName.PostgreSQL => new ReadModelDatabase(SqlProvider.PostgreSql, PostgresDataSource(connectionString)),
            _ => new ReadModelDatabase(SqlProvider.SqlServer, SqlServerDataSource(connectionString)),
        };
    }

    /// <summary>Connections cap of the read model's pool unless the connection string sets one (Npgsql's default is 100).</summary>
    public const int ReadModelMaxPoolSize = 20;

    /// <summary>
    /// Statements each PostgreSQL connection keeps prepared (Npgsql's automatic preparation) unless the connection string
    /// sets <c>Max Auto Prepare</c>: the journal's insert, the node rows' upsert and the list queries are the same few
    /// statements over and over, and a prepared one is not parsed and planned again by the server.
    /// </summary>
    public const int ReadModelMaxAutoPrepare = 64;

    /// <summary>
    /// The read model's (and the journal's hot paths') PostgreSQL pool. Recoveries, list queries and the journal's writer
    /// share it; capped (<see cref="ReadModelMaxPoolSize"/>) so that a burst of recoveries queues for connections rather
    /// than opening one each: ten members at Npgsql's default of 100 would exceed PostgreSQL's own default limit.
    /// </summary>
    private static NpgsqlDataSource PostgresDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!new[] { "Maximum Pool Size", "Max Pool Size", "MaxPoolSize" }.Any(given.ContainsKey))
            builder.ConnectionStringBuilder.MaxPoolSize = ReadModelMaxPoolSize;
        if (!new[] { "Max Auto Prepare", "MaxAutoPrepare" }.Any(given.ContainsKey))
            builder.ConnectionStringBuilder.MaxAutoPrepare = ReadModelMaxAutoPrepare;
        return builder.Build();
    }

    private static DbDataSource SqlServerDataSource(string connectionString)
    {
        var factory = DbProviderFactories.TryGetFactory("Microsoft.Data.SqlClient", out var registered)
            ? registered
            : Type.GetType("Microsoft.Data.SqlClient.SqlClientFactory, Microsoft.Data.SqlClient")?.GetField("Instance")?.GetValue(null) as DbProviderFactory;
        return (factory ?? throw new InvalidOperationException(
                "Ironic:Persistence:Provider sqlserver needs the Microsoft.Data.SqlClient assembly beside the server."))
            .CreateDataSource(connectionString);
    }

    /// <summary>The LinqToDB provider name and the connection string for the configured store.</summary>
    public static (string Provider, string ConnectionString) Resolve(PersistenceOptions options)
    {
        switch (options.Provider.ToLowerInvariant())
        {
            case "sqlite":
                var dir = Path.GetFullPath(options.DataDirectory);
                Directory.CreateDirectory(dir);
                return (ProviderName.SQLiteMS, options.ConnectionString ?? $"Data Source={Path.Combine(dir, "ironic.db")}");
            case "postgresql" or "postgres":
                return (ProviderName.PostgreSQL, options.ConnectionString
                    ?? throw new InvalidOperationException("Ironic:Persistence:ConnectionString is required for PostgreSQL."));
            case "sqlserver":
                return (ProviderName.SqlServer2019, options.ConnectionString
                    ?? throw new InvalidOperationException("Ironic:Persistence:ConnectionString is required for SQL Server."));
            default:
                throw new InvalidOperationException(
                    $"Unknown Ironic:Persistence:Provider \"{options.Provider}\": use sqlite, postgresql or sqlserver.");
        }
    }
}
