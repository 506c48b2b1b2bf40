using Npgsql;
using NUnit.Framework;

namespace Ironic.Actors.Cluster.Tests.Infrastructure;

/// <summary>
/// A fresh database on the PostgreSQL server that test.sh starts (IRONIC_TEST_POSTGRES), shared by every member of one
/// cluster under test and dropped at the end (its connections forced closed).
/// </summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private ClusterDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>What the members get as <c>Ironic:Persistence:ConnectionString</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>A relay to this database's server, for one member (see <see cref="BlackHoleProxy"/>).</summary>
    public BlackHoleProxy Proxy()
    {
        var server = new NpgsqlConnectionStringBuilder(ConnectionString);
        return new BlackHoleProxy(server.Host ?? "127.0.0.1", server.Port);
    }

    /// <summary>This database's connection string with the server's address replaced by <paramref name="proxy"/>'s.</summary>
    public string ConnectionStringThrough(BlackHoleProxy proxy) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ToString();

    public static async Task<ClusterDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("IRONIC_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new AssertionException("IRONIC_TEST_POSTGRES is not set: these tests need a PostgreSQL server. " +
                "Run the suite with `bash test.sh`, which starts one and sets it; a missing database must not pass them silently.");
        var name = "cluster_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new ClusterDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
