using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Ironic.Actors.Conductor;
using Ironic.Actors.Conductor.Conductors;
using Ironic.Actors.Conductor.Drivers;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.Registry;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Hosting;

/// <summary>Wires a conductor member, following Ironic's init_host: drivers, periodic work, then the node shard region.</summary>
public static class ConductorHostingExtensions
{
    /// <summary>
    /// Adds a conductor: the query model (if not there yet), the driver actors built from the hardware-type
    /// registry, the node registry singleton, the node shard region, and the conductor actor, in that order.
    /// Expects persistence, serialization and clustering to be configured (see <see cref="IronicHostingExtensions"/>).
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicConductor(
        this AkkaConfigurationBuilder builder, ConductorOptions options, HardwareTypeRegistry hardware, TimeProvider time)
    {
        builder.AddIronicQueryModel(options.Host);

        builder.WithActors((system, registry) =>
        {
            var drivers = system.ActorOf(DriversActor.Props(new DriverWorkRunner(hardware, options)), "ironic-drivers");
            registry.Register<DriversKey>(drivers);
        });

        builder.WithSingleton<ActorKeys.NodeRegistry>(
            NodeRegistryActor.Name, NodeRegistryActor.Props(),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole }, createProxyToo: true);
        builder.AddIronicChassis(time);

        builder.WithShardRegion<ActorKeys.NodeRegion>(
            ActorKeys.NodeRegionName,
            (_, registry, _) =>
            {
                var deps = new NodeActorDependencies(
                    options, hardware, time, registry.Get<DriversKey>(), registry.Get<ActorKeys.NodeRegistry>())
                {
                    Chassis = registry.Get<ActorKeys.Chassis>(),
                    QueryModel = registry.Get<ActorKeys.NodeQueryModel>(),
                };
                return entityId => NodeActor.Props(entityId, deps);
            },
            new NodeMessageExtractor(options.NumberOfShards),
            new ShardOptions
            {
                Role = ActorKeys.ConductorRole,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                HandOffStopMessage = StopNode.Instance,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(2),
            });

        builder.WithActors((system, registry) =>
        {
            var conductor = system.ActorOf(
                ConductorActor.Props(options, hardware, registry.Get<ActorKeys.NodeQueryModel>(), registry.Get<ActorKeys.NodeRegion>(), time),
                ActorKeys.ConductorActorName);
            registry.Register<ActorKeys.Conductor>(conductor);
        });
        return builder;
    }

    /// <summary>Adds this member's node query model, once, even when both roles ask for it.</summary>
    public static AkkaConfigurationBuilder AddIronicQueryModel(this AkkaConfigurationBuilder builder, string conductorHost)
    {
        return builder.WithActors((system, registry) =>
        {
            if (registry.TryGet<ActorKeys.NodeQueryModel>(out _))
                return;
            registry.Register<ActorKeys.NodeQueryModel>(system.ActorOf(
                NodeQueryModelActor.Props(PersistenceHostingExtensions.ReadJournalId, conductorHost), "node-query-model"));
        });
    }

    /// <summary>Registry key of the conductor's driver actors.</summary>
    public sealed class DriversKey;
}
