using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Ironic.Actors.Conductor.Chassis;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Hosting;

/// <summary>Wires the chassis singleton (conductor members) and its proxy (gateway-only members).</summary>
public static class ChassisHostingExtensions
{
    /// <summary>
    /// Starts the <see cref="ChassisActor"/> as a persistent cluster singleton on conductor members and
    /// registers its proxy as <see cref="ActorKeys.Chassis"/>. It finds the node region (registered later
    /// by the conductor) when it first needs to ask nodes.
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicChassis(this AkkaConfigurationBuilder builder, TimeProvider time) =>
        builder.WithSingleton<ActorKeys.Chassis>(
            ChassisActor.Name,
            (_, registry, _) => ChassisActor.Props(() => registry.TryGet<ActorKeys.NodeRegion>(out var region) ? region : null, time),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole },
            createProxyToo: true);

    /// <summary>On members without the conductor role: a proxy to the chassis singleton, as <see cref="ActorKeys.Chassis"/>.</summary>
    public static AkkaConfigurationBuilder AddIronicChassisProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<ActorKeys.Chassis>(ChassisActor.Name, new ClusterSingletonOptions { Role = ActorKeys.ConductorRole });
}
