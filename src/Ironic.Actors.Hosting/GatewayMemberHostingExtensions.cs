using Akka.Cluster.Hosting;
using Akka.Hosting;
using Ironic.Actors.Conductor;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Registry;
using Ironic.Actors.Gateway;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Hosting;

/// <summary>Wires a gateway member: the read model's query actor, proxies to the node region and registry when no conductor runs here, and the gateway actor.</summary>
public static class GatewayMemberHostingExtensions
{
    public static AkkaConfigurationBuilder AddIronicGateway(
        this AkkaConfigurationBuilder builder, ConductorOptions conductor, bool hostsConductor, ReadModelDatabase readModel)
    {
        builder.AddIronicReadModel(readModel);
        if (!hostsConductor)
        {
            builder.WithShardRegionProxy<ActorKeys.NodeRegion>(
                ActorKeys.NodeRegionName, ActorKeys.ConductorRole, new NodeMessageExtractor(conductor.NumberOfShards));
            builder.WithSingletonProxy<ActorKeys.NodeRegistry>(
                NodeRegistryActor.Name, new ClusterSingletonOptions { Role = ActorKeys.ConductorRole });
            builder.AddIronicChassisProxy();
            builder.AddIronicAllocationsProxy();
            builder.AddIronicDeployTemplatesProxy();
        }
        return builder.AddIronicGatewayActor();
    }
}
