using Ironic.Actors.Conductor.ReadModel.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Refuses to start a member whose settings disagree with the cluster it would join, before it joins: the number of
/// shards (another count routes a node to another shard, so two members could each start it: two live writers of one
/// journal) and the actor system's name (another name is another cluster, which must not share the database). The first
/// member to use a database records both there; every later one compares. A database that does not answer yet is waited
/// for (<see cref="PersistenceOptions.StartupWait"/>), as a cluster's members and its database often start together.
/// </summary>
public sealed class ClusterSettingsCheck(IronicOptions options, ReadModelDatabase database, ILogger<ClusterSettingsCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WaitForDatabaseAsync(cancellationToken);
        await Check("number_of_shards", options.Conductor.NumberOfShards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Ironic:Conductor:NumberOfShards");
        await Check("cluster_system_name", options.Cluster.SystemName, "Ironic:Cluster:SystemName");
    }

    /// <summary>Waits, retrying with a growing pause, until the database answers; then its tables exist.</summary>
    private async Task WaitForDatabaseAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(options.Persistence.StartupWait);
        var deadline = DateTimeOffset.UtcNow + wait;
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await database.EnsureSchemaAsync();
                return;
            }
            catch (System.Data.Common.DbException e)
            {
                if (DateTimeOffset.UtcNow + pause > deadline)
                {
                    var message = $"The database (Ironic:Persistence) did not answer within {wait.TotalSeconds:0.#} s: {e.Message}";
                    log.LogCritical("{Message}", message);
                    throw new IronicStartupException(message, IronicStartupException.DatabaseUnavailable);
                }
                log.LogWarning("The database does not answer yet ({Error}); retrying in {Pause} ms", e.Message, (int)pause.TotalMilliseconds);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 5000));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task Check(string name, string mine, string setting)
    {
        var cluster = await database.ClaimMetaAsync(name, mine);
        if (cluster == mine)
            return;
        var message = $"{setting} is \"{mine}\" here, but this cluster's database says \"{cluster}\" (set by the first member that used it). " +
                      "Every member must use the same value; refusing to join.";
        log.LogCritical("{Message}", message);
        throw new IronicStartupException(message, IronicStartupException.ConfigurationError);
    }
}

/// <summary>A member cannot start (the message says why); the server exits with <see cref="ExitCode"/>.</summary>
public sealed class IronicStartupException(string message, int exitCode) : Exception(message)
{
    /// <summary>EX_CONFIG: this member's settings disagree with its cluster's.</summary>
    public const int ConfigurationError = 78;

    /// <summary>EX_UNAVAILABLE: the database did not answer in time.</summary>
    public const int DatabaseUnavailable = 69;

    public int ExitCode { get; } = exitCode;
}
