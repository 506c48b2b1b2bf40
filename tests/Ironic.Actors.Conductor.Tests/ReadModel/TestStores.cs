using Ironic.Actors.Hosting;
using Npgsql;
using NUnit.Framework;

namespace Ironic.Actors.Conductor.Tests.ReadModel;

/// <summary>
/// A store of its own for one test fixture: a SQLite folder, or a fresh database on the PostgreSQL server that test.sh
/// starts (IRONIC_TEST_POSTGRES), dropped at the end.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly string? _postgresDatabase;
    private readonly string? _adminConnection;

    private TestStore(string provider, string directory, string? connectionString, string? database, string? admin)
    {
        Provider = provider;
        Directory = directory;
        ConnectionString = connectionString;
        _postgresDatabase = database;
        _adminConnection = admin;
    }

    public string Provider { get; }

    /// <summary>The data folder (SQLite's file lives here; unused by PostgreSQL).</summary>
    public string Directory { get; }

    public string? ConnectionString { get; }

    public static async Task<TestStore> CreateAsync(string provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ironic-read-model-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (provider == "sqlite")
            return new TestStore(provider, directory, null, null, null);

        var admin = Environment.GetEnvironmentVariable("IRONIC_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new AssertionException("IRONIC_TEST_POSTGRES is not set: these tests need a PostgreSQL server. " +
                "Run the suite with `bash test.sh`, which starts one and sets it; a missing database must not pass them silently.");
        var database = "rm_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var own = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ToString();
        return new TestStore(provider, directory, own, database, admin);
    }

    /// <summary>Points <paramref name="options"/> at this store.</summary>
    public void Apply(IronicOptions options)
    {
        options.Persistence.Provider = Provider;
        options.Persistence.DataDirectory = Directory;
        options.Persistence.ConnectionString = ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
