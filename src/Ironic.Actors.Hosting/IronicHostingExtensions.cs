using Akka.Discovery.KubernetesApi;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Drivers;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Gateway;
using Ironic.Actors.Hosting.Management;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ironic.Actors.Hosting;

/// <summary>
/// The public entry points for hosting Ironic.Actors: <see cref="AddIronicActors"/> for a whole process
/// from configuration, or the <see cref="AkkaConfigurationBuilder"/> extensions to compose an actor system
/// of one's own (serialization, persistence, clustering, conductor, gateway).
/// </summary>
public static class IronicHostingExtensions
{
    /// <summary>
    /// Reads section "Ironic" of <paramref name="configuration"/>, builds the hardware-type registry (refusing
    /// to start on a bad driver configuration, as Ironic's conductor does), and adds the actor system with
    /// the roles configured. Gateway members also get the HTTP API's services (map them with <c>MapIronicApi</c>).
    /// </summary>
    public static IServiceCollection AddIronicActors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(IronicOptions.Section).Get<IronicOptions>() ?? new IronicOptions();
        // The URL the agent ramdisk calls back (ipa-api-url), when not configured: the API's public endpoint, else
        // where this process serves it.
        options.Hardware.Pxe.ApiUrl ??= configuration["Ironic:Gateway:PublicEndpoint"] is { Length: > 0 } endpoint
            ? endpoint
            : configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        options.Hardware.Validate();
        // Fail at start-up on a driver configuration no conductor could serve, as Ironic's conductor refuses to start.
        _ = DriverCatalog.CreateRegistry(options.Hardware, TimeProvider.System);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => DriverCatalog.CreateRegistry(options.Hardware, sp.GetRequiredService<TimeProvider>()));

        if (options.IsGateway)
            services.AddIronicGatewayServices(configuration);
        services.AddIronicManagement(configuration);

        // Before the actor system starts (hosted services start in order): a member that disagrees with its cluster never joins.
        var readModel = PersistenceHostingExtensions.CreateReadModel(options.Persistence);
        services.AddSingleton(_ => readModel); // made by a factory, so the container closes its connections at the end
        services.AddHostedService<ClusterSettingsCheck>();

        services.AddAkka(options.Cluster.SystemName, (builder, provider) =>
        {
            builder.AddIronic(options, provider.GetRequiredService<HardwareTypeRegistry>(), provider.GetRequiredService<TimeProvider>(), readModel);
        });
        // After the actor system; it reads once the web server listens, holding the API's requests meanwhile. Only where
        // the nodes it reads wake in this process: on a gateway-only member a warm-up (held or in the background) went with
        // a late gateway's first answer taking 12 s instead of 4.6 in two of four CI runs of the cluster tests.
        if (options.IsGateway && options.IsConductor)
        {
            services.AddIronicGatewayWarmUp();
            services.AddSingleton<IScratchApiFactory, ScratchApiFactory>(); // its rehearsal of writes, on an empty store
        }
        return services;
    }

    /// <summary>Everything a member needs, by its roles: serialization, persistence, clustering, then conductor and/or gateway.</summary>
    public static AkkaConfigurationBuilder AddIronic(
        this AkkaConfigurationBuilder builder, IronicOptions options, HardwareTypeRegistry hardware, TimeProvider time,
        ReadModelDatabase? readModel = null)
    {
        builder
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory(); // Akka's log goes where the host's ILogger goes
            })
            // The host's lifetime drives coordinated shutdown (Akka.Hosting runs it on StopAsync); a second
            // trigger from the CLR exit hook races with it and can hold the process up to the host's time-out.
            .AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend)
            .WithIronicSerialization()
            .WithIronicPersistence(options.Persistence)
            .WithIronicClustering(options.Cluster, options.MemberRoles);
        if (readModel is null)
        {
            // Made here, so owned here: its pooled connections close when the actor system ends.
            var owned = readModel = PersistenceHostingExtensions.CreateReadModel(options.Persistence);
            builder.AddStartup((system, _) => system.RegisterOnTermination(owned.Dispose));
        }
        // Agents' CAs are saved beside the database unless configured elsewhere.
        options.Hardware.Agent.CertificatesPath ??= Path.Combine(Path.GetFullPath(options.Persistence.DataDirectory), "certificates");
        if (options.IsConductor)
            builder.AddIronicConductor(options.Conductor, hardware, time, readModel, options.Hardware.Agent);
        if (options.IsGateway)
            builder.AddIronicGateway(options.Conductor, hostsConductor: options.IsConductor, readModel);
        return builder;
    }

    /// <summary>Binds every Ironic.Actors message and stored event to <see cref="IronicSerializer"/>.</summary>
    /// <remarks>
    /// Akka's <c>serialize-messages</c> check is not offered here: with the SQL journal it also round-trips the
    /// plugin's own internal messages (some carry Tasks) and breaks every write. Actor tests run it with the
    /// TestKit instead, and every stored event and snapshot goes through this serializer to the database and back.
    /// </remarks>
    public static AkkaConfigurationBuilder WithIronicSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("ironic", [typeof(IIronicMessage), typeof(INodeEvent)], system => new IronicSerializer(system));

    /// <summary>
    /// Remoting and clustering with the given roles. Without seed nodes the member joins itself and forms
    /// a cluster of one (the all-in-one default). The split-brain resolver keeps the side with the majority of
    /// conductor members (gateways do not count), and its timings (<see cref="ClusterNodeOptions"/>) decide how fast
    /// a dead conductor's nodes move: detection (failure detector pause) + stable-after + removal margin. The shard
    /// coordinator reads and writes its state to a plain majority of conductors (Akka's defaults ask a majority plus 3
    /// to 5 more, i.e. every member of a small cluster, so one dead conductor stalls shard allocation until it is gone
    /// and the coordinator has retried). Rebalance runs every 5 s (the node region's allocation strategy,
    /// <see cref="Conductor.Placement.PlacementAllocationStrategy"/>, moves up to a third of the shards a round). An address
    /// whose association failed is retried after at most a second (Akka's default gate is 5 s): a member that left and
    /// was started again on the same address within the gate could not reach a member that still gated it, longer than
    /// the failure detector's pause, and the split-brain resolver downed both (a gateway and the restarted conductor, in
    /// one CI run of the graceful-leave test). The singleton proxies do not log their "failed to find the singleton after
    /// 30 seconds" warning: Akka 1.5's proxy starts that timer with no initial delay, so it fired at every start and
    /// every hand-over, before any singleton could answer (5 to 13 such lines per start here); a singleton that really
    /// cannot be reached shows in the answers of the requests that need it.
    /// </summary>
    public static AkkaConfigurationBuilder WithIronicClustering(
        this AkkaConfigurationBuilder builder, ClusterNodeOptions options, IReadOnlyList<string> roles)
    {
        if (options.DownRemovalMargin <= 0)
            throw new InvalidOperationException(
                "Ironic:Cluster:DownRemovalMargin must be more than 0: without it a member cut off from the others could still run nodes the survivors take over.");
        var seconds = (double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
        builder
            .WithRemoting(options.Hostname, options.Port)
            .WithClustering(new ClusterOptions
            {
                Roles = roles.ToArray(),
                SeedNodes = options.SeedNodes.ToArray(),
                SplitBrainResolver = new Akka.Cluster.Hosting.SBR.KeepMajorityOption { Role = ActorKeys.ConductorRole },
            })
            .AddHocon(
                $"""
                 akka.cluster.failure-detector.acceptable-heartbeat-pause = {seconds(options.FailureDetectorPause)}
                 akka.remote.retry-gate-closed-for = {seconds(Math.Min(1, options.FailureDetectorPause / 2))}
                 akka.cluster.split-brain-resolver.stable-after = {seconds(options.StableAfter)}
                 akka.cluster.down-removal-margin = {seconds(options.DownRemovalMargin)}
                 akka.cluster.unreachable-nodes-reaper-interval = 500ms
                 akka.cluster.leader-actions-interval = 500ms
                 akka.cluster.sharding.retry-interval = 500ms
                 akka.cluster.sharding.coordinator-failure-backoff = 1s
                 akka.cluster.sharding.coordinator-state.write-majority-plus = 0
                 akka.cluster.sharding.coordinator-state.read-majority-plus = 0
                 akka.cluster.sharding.distributed-data.majority-min-cap = 1
                 akka.cluster.sharding.rebalance-interval = 5s
                 akka.cluster.singleton-proxy.log-singleton-identification-failure = off
                 """, HoconAddMode.Prepend);
        if (options.SeedNodes.Count == 0 && options.Discovery.Enabled)
            builder.WithIronicBootstrap(options.Discovery);
        else if (options.SeedNodes.Count == 0)
            builder.WithActors((system, _) =>
            {
                var cluster = Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        return builder;
    }

    /// <summary>
    /// Service discovery (<see cref="ClusterDiscoveryOptions.Method"/>) and the bootstrap that forms or joins the cluster
    /// through it (<see cref="Bootstrap.ClusterBootstrapActor"/>); the contact points are the members' management endpoints.
    /// </summary>
    public static AkkaConfigurationBuilder WithIronicBootstrap(this AkkaConfigurationBuilder builder, ClusterDiscoveryOptions discovery)
    {
        switch (discovery.Method)
        {
            case "config":
                var endpoints = string.Join(", ", discovery.Endpoints.Select(e => $"\"{e.Trim()}\""));
                builder.AddHocon(
                    $$"""
                      akka.discovery.method = config
                      akka.discovery.config.services."{{discovery.ServiceName}}".endpoints = [{{endpoints}}]
                      """, HoconAddMode.Prepend);
                break;
            case "kubernetes-api":
                builder.WithKubernetesDiscovery(new Akka.Discovery.KubernetesApi.KubernetesDiscoveryOptions
                {
                    PodNamespace = discovery.PodNamespace.Length > 0 ? discovery.PodNamespace : null,
                    PodLabelSelector = discovery.PodLabelSelector,
                });
                break;
            default:
                throw new InvalidOperationException(
                    $"Ironic:Cluster:Discovery:Method '{discovery.Method}' is not known: use \"config\" or \"kubernetes-api\" (or leave it empty for static seed nodes).");
        }
        return builder.WithActors((system, _) =>
            system.ActorOf(Bootstrap.ClusterBootstrapActor.Props(discovery, new HttpClient()), "cluster-bootstrap"));
    }
}
