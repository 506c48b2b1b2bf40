using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Ironic.Actors.Conductor;
using Ironic.Actors.Conductor.Agent;
using Ironic.Actors.Conductor.Conductors;
using Ironic.Actors.Conductor.Drivers;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.Periodic;
using Ironic.Actors.Conductor.Placement;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Registry;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Hosting;

/// <summary>Wires a conductor member, following Ironic's init_host: drivers, the node shard region, then its periodic work.</summary>
public static class ConductorHostingExtensions
{
    /// <summary>
    /// Adds a conductor: the read model's query actor (if not there yet) and this member's read-model writer, the
    /// driver actors built from the hardware-type registry, the node registry singleton, the node shard region, the
    /// conductor actor, periodic work, and the journal reconciler singleton, in that order.
    /// Expects persistence, serialization and clustering to be configured (see <see cref="IronicHostingExtensions"/>);
    /// <paramref name="readModel"/> is the journal's database (<see cref="PersistenceHostingExtensions.CreateReadModel"/>);
    /// <paramref name="agent"/> says where agents' CAs are saved and whether their heartbeats must be https.
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicConductor(
        this AkkaConfigurationBuilder builder, ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time,
        ReadModelDatabase readModel, AgentOptions? agent = null)
    {
        agent ??= new AgentOptions();
        builder.AddIronicReadModel(readModel);
        var extractor = new NodeMessageExtractor(options.NumberOfShards);
        // Node entities recover from their read-model rows: the plugin Akka creates finds the database through the system.
        builder.AddHocon(ReadModelSnapshotStore.Hocon, HoconAddMode.Prepend);
        builder.WithActors((system, registry) =>
        {
            ReadModelDatabases.Register(system, readModel);
            var writer = new NodeRowWriter(readModel, extractor.ShardOf, NodeViewCache.For(system).Invalidate, NodeRowCache.For(system));
            RowsWithEvents.For(system).UseWriter(writer); // node rows go into the journal's transaction of their events
            registry.Register<ReadModelWriterKey>(system.ActorOf(ReadModelWriterActor.Props(writer, options.Host), "node-read-model-writer"));
        });

        builder.WithActors((system, registry) =>
        {
            var drivers = system.ActorOf(DriversActor.Props(new DriverWorkRunner(hardware, options)), "ironic-drivers");
            registry.Register<DriversKey>(drivers);
        });

        builder.WithSingleton<ActorKeys.NodeRegistry>(
            NodeRegistryActor.Name, NodeRegistryActor.Props(),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole }, createProxyToo: true);
        builder.AddIronicChassis(time);
        builder.AddIronicAllocations(time);
        builder.AddIronicDeployTemplates(time);

        // The node region, started by hand: Akka.Hosting's WithShardRegion has no way to pass an allocation strategy.
        builder.WithActors((system, registry) =>
        {
            var deps = new NodeActorDependencies(
                options, hardware, time, registry.Get<DriversKey>(), registry.Get<ActorKeys.NodeRegistry>())
            {
                Chassis = registry.Get<ActorKeys.Chassis>(),
                Allocations = registry.Get<ActorKeys.Allocations>(),
                DeployTemplates = registry.Get<ActorKeys.DeployTemplates>(),
                ReadModel = registry.Get<ReadModelWriterKey>(),
                SnapshotsInReadModel = true,
                Shards = extractor,
                AgentCertificates = new AgentCertificateStore(agent.CertificatesPath ?? Path.Combine(Path.GetFullPath("data"), "certificates")),
                RequireAgentTls = agent.RequireTls,
            };
            var settings = ClusterShardingSettings.Create(system)
                .WithRole(ActorKeys.ConductorRole)
                .WithStateStoreMode(StateStoreMode.DData)
                .WithRememberEntities(false)
                // Node entities passivate themselves when idle (ConductorOptions.NodeIdleTimeout), never with work in flight.
                .WithPassivateIdleAfter(TimeSpan.Zero);
            var region = ClusterSharding.Get(system).Start(
                ActorKeys.NodeRegionName,
                entityId => NodeMessageExtractor.IsKeeper(entityId) ? ShardKeeperActor.Props() : NodeActor.Props(entityId, deps),
                settings,
                extractor,
                new PlacementAllocationStrategy(system, maxRebalancePerRound: Math.Max(1, options.NumberOfShards / 3)),
                StopNode.Instance);
            registry.Register<ActorKeys.NodeRegion>(region);
        });

        builder.WithActors((system, registry) =>
        {
            var conductor = system.ActorOf(
                ConductorActor.Props(options, hardware, time, new ConductorRows(readModel)),
                ActorKeys.ConductorActorName);
            registry.Register<ActorKeys.Conductor>(conductor);

            // Periodic work over the nodes this member hosts: power-state sync and recovery, provisioning time-outs.
            var region = registry.Get<ActorKeys.NodeRegion>();
            var queryModel = registry.Get<ActorKeys.NodeQueryModel>();
            registry.Register<PowerSyncKey>(system.ActorOf(
                PowerSyncActor.Props(options, region, queryModel, registry.Get<DriversKey>(), time), "ironic-power-sync"));
            registry.Register<ProvisionTimeoutsKey>(system.ActorOf(
                ProvisionTimeoutActor.Props(options, region, queryModel, time), "ironic-provision-timeouts"));
        });

        // Ironic's takeover: wakes the nodes a stopped conductor left with unfinished work (at start, and whenever a
        // conductor member is removed), so that their new hosts resolve them without waiting for a request.
        builder.WithSingleton<TakeoverKey>(
            "node-takeover",
            (system, registry, _) => TakeoverActor.Props(registry.Get<ActorKeys.NodeQueryModel>(), registry.Get<ActorKeys.NodeRegion>(),
                new NodeRowWriter(readModel, extractor.ShardOf, NodeViewCache.For(system).Invalidate, NodeRowCache.For(system)), options.WakeParallelism, extractor),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole }, createProxyToo: false);

        builder.WithSingleton<ReconcilerKey>(
            "node-read-model-reconciler",
            (_, registry, _) => JournalReconcilerActor.Props(readModel, registry.Get<ActorKeys.NodeRegion>(), new ReconcilerOptions
            {
                Settle = TimeSpan.FromSeconds(options.ReadModelReconcileAfter),
                Interval = TimeSpan.FromSeconds(Math.Clamp(options.ReadModelReconcileAfter / 2, 0.1, 2)),
            }),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole }, createProxyToo: true);
        return builder;
    }

    /// <summary>Adds this member's read-model query actor (lists, hosted and interrupted nodes), once, even when both roles ask for it.</summary>
    public static AkkaConfigurationBuilder AddIronicReadModel(this AkkaConfigurationBuilder builder, ReadModelDatabase readModel)
    {
        return builder.WithActors((system, registry) =>
        {
            if (registry.TryGet<ActorKeys.NodeQueryModel>(out _))
                return;
            registry.Register<ActorKeys.NodeQueryModel>(system.ActorOf(NodeReadModelActor.Props(readModel), "node-read-model"));
        });
    }

    /// <summary>Registry key of this member's read-model writer (node entities hand it their rows).</summary>
    public sealed class ReadModelWriterKey;

    /// <summary>Registry key of the takeover singleton's manager.</summary>
    public sealed class TakeoverKey;

    /// <summary>Registry key of the journal reconciler singleton's proxy.</summary>
    public sealed class ReconcilerKey;

    /// <summary>Registry key of the conductor's driver actors.</summary>
    public sealed class DriversKey;

    /// <summary>Registry key of the conductor's power-state sync actor (send it <c>PeriodicCommands.RunPass</c> to sync now).</summary>
    public sealed class PowerSyncKey;

    /// <summary>Registry key of the conductor's provisioning time-out actor.</summary>
    public sealed class ProvisionTimeoutsKey;
}
