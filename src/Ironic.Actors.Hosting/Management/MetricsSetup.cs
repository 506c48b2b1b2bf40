using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Telemetry;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ironic.Actors.Hosting.Management;

/// <summary>
/// OpenTelemetry metrics for the management endpoint's <c>GET /metrics</c> (Prometheus text): ASP.NET Core's HTTP server
/// metrics (requests by route and status, with latency), the .NET runtime's, and meter
/// <see cref="IronicMetrics.MeterName"/>, whose gauges <see cref="MetricsSampler"/> keeps fresh.
/// </summary>
internal static class MetricsSetup
{
    public static IServiceCollection AddIronicMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ironic-actors"))
            .WithMetrics(metrics => metrics
                .AddMeter(IronicMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // Our instrument names are unique without the scope labels; they only make every line longer.
                .AddPrometheusExporter(prometheus => prometheus.ScopeInfoEnabled = false));
        services.AddHostedService<MetricsSampler>();
        return services;
    }
}

/// <summary>
/// Refreshes the gauges that need a query, every <see cref="ManagementOptions.MetricsInterval"/>, so that a scrape only
/// reads what is cached: nodes by provision state (one GROUP BY over the read model; every state is reported, 0 included,
/// so an emptied state drops to 0 rather than vanishing) and, on conductor members, the shards and awake node entities
/// of the local shard region.
/// </summary>
internal sealed class MetricsSampler(
    IServiceProvider services, IronicOptions ironic, IOptions<ManagementOptions> options, ILogger<MetricsSampler> log) : BackgroundService
{
    private bool _nodesFailing, _shardsFailing;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            var region = await services.GetRequiredService<ActorRegistry>().GetAsync<ActorKeys.NodeRegion>(stop);
            var counts = new NodeCountReader(services.GetRequiredService<ReadModelDatabase>());
            using var timer = new PeriodicTimer(options.Value.MetricsInterval);
            do
            {
                await SampleNodesAsync(counts, stop);
                if (ironic.IsConductor)
                    await SampleShardsAsync(region, stop);
            } while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task SampleNodesAsync(NodeCountReader counts, CancellationToken stop)
    {
        try
        {
            // Abandoned when the host stops: a database that no longer answers must not hold the process up.
            var found = await counts.ByProvisionStateAsync().WaitAsync(stop);
            var all = ProvisionStates.All.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
            foreach (var (state, count) in found)
                all[state] = count;
            IronicMetrics.ReportNodes(all);
            _nodesFailing = false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Keep the last counts; say so once per failing spell, not every interval.
            if (!_nodesFailing)
                log.LogWarning(e, "Could not count nodes by provision state for the metrics; keeping the last counts");
            _nodesFailing = true;
        }
    }

    private async Task SampleShardsAsync(IActorRef region, CancellationToken stop)
    {
        try
        {
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, options.Value.Timeout, stop);
            IronicMetrics.ReportShards(state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count));
            _shardsFailing = false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            if (!_shardsFailing)
                log.LogWarning(e, "The node shard region did not give its state for the metrics; keeping the last counts");
            _shardsFailing = true;
        }
    }
}
