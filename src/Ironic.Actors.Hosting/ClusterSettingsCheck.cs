using Ironic.Actors.Conductor.ReadModel.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ironic.Actors.Hosting;

/// <summary>
/// Refuses to start a member whose settings disagree with the cluster it would join, before it joins: the number of
/// shards (another count routes a node to another shard, so two members could each start it: two live writers of one
/// journal) and the actor system's name (another name is another cluster, which must not share the database). The first
/// member to use a database records both there; every later one compares.
/// </summary>
public sealed class ClusterSettingsCheck(IronicOptions options, ReadModelDatabase database, ILogger<ClusterSettingsCheck> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Check("number_of_shards", options.Conductor.NumberOfShards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Ironic:Conductor:NumberOfShards");
        await Check("cluster_system_name", options.Cluster.SystemName, "Ironic:Cluster:SystemName");
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
        throw new IronicStartupException(message);
    }
}

/// <summary>A member cannot start with its configuration (the message says why); the server exits with code 78.</summary>
public sealed class IronicStartupException(string message) : Exception(message);
