using Akka.Cluster.Hosting;
using Akka.Hosting;
using Ironic.Actors.Conductor.Templates;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Hosting;

/// <summary>Wires the deploy templates singleton (conductor members) and its proxy (gateway-only members).</summary>
public static class DeployTemplatesHostingExtensions
{
    /// <summary>
    /// Starts the <see cref="DeployTemplatesActor"/> as a persistent cluster singleton on conductor members and registers
    /// its proxy as <see cref="ActorKeys.DeployTemplates"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddIronicDeployTemplates(this AkkaConfigurationBuilder builder, TimeProvider time) =>
        builder.WithSingleton<ActorKeys.DeployTemplates>(
            DeployTemplatesActor.Name,
            DeployTemplatesActor.Props(time),
            new ClusterSingletonOptions { Role = ActorKeys.ConductorRole },
            createProxyToo: true);

    /// <summary>On members without the conductor role: a proxy to the deploy templates singleton, as <see cref="ActorKeys.DeployTemplates"/>.</summary>
    public static AkkaConfigurationBuilder AddIronicDeployTemplatesProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<ActorKeys.DeployTemplates>(DeployTemplatesActor.Name, new ClusterSingletonOptions { Role = ActorKeys.ConductorRole });
}
