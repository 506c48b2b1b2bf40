using Akka.Cluster.Hosting;
using Akka.Hosting;
using Ironic.Actors.Conductor.Allocations;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Hosting;

/// <summary>Wires the allocations singleton (conductor members) and its proxy (gateway-only members).</summary>
public static class AllocationsHostingExtensions
{
    /// <summary>
    /// Starts the <see cref="AllocationsActor"/> as a persistent cluster singleton on conductor members and registers its
    /// proxy as <see cref="ActorKeys.Allocations"/>. It finds the node region and this member's query model when it first
    /// needs them.
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicAllocations(this AkkaConfigurationBuilder builder, TimeProvider time) =>
        builder.WithSingleton<ActorKeys.Allocations>(
            AllocationsActor.Name,
            (_, registry, _) => AllocationsActor.Props(
                () => registry.TryGet<ActorKeys.NodeRegion>(out var region) ? region : null,
                () => registry.TryGet<ActorKeys.NodeQueryModel>(out var queryModel) ? queryModel : null,
                time),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole },
            createProxyToo: true);

    /// <summary>On members without the conductor role: a proxy to the allocations singleton, as <see cref="ActorKeys.Allocations"/>.</summary>
    public static AkkaConfigurationBuilder AddIronicAllocationsProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<ActorKeys.Allocations>(AllocationsActor.Name, new ClusterSingletonOptions { Role = ActorKeys.ConductorRole });
}
