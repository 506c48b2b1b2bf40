using Akka.Cluster.Sharding;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>Routes <see cref="IWithNodeId"/> messages to the node entity named by the node's UUID.</summary>
public sealed class NodeMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithNodeId m => EntityIdOf(m.NodeId),
        _ => null,
    };

    /// <summary>The entity id of a node: its UUID in canonical text form.</summary>
    public static string EntityIdOf(Guid nodeId) => nodeId.ToString();
}
