using Akka.Cluster.Sharding;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Routes <see cref="IWithNodeId"/> messages to the node entity named by the node's UUID, and
/// <see cref="PeriodicCommands.KeepShard"/> to the keeper entity of the shard it names.
/// </summary>
public sealed class NodeMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    private const string KeeperPrefix = "shard-keeper-";

    public override string? EntityId(object message) => message switch
    {
        IWithNodeId m => EntityIdOf(m.NodeId),
        PeriodicCommands.KeepShard k => KeeperPrefix + k.ShardId,
        _ => null,
    };

    public override string ShardId(string entityId, object? messageHint = null) =>
        messageHint is PeriodicCommands.KeepShard k ? k.ShardId : base.ShardId(entityId, messageHint);

    /// <summary>The shard a node lives in.</summary>
    public string ShardOf(Guid nodeId) => ShardId(EntityIdOf(nodeId));

    /// <summary>The shard a node lives in, as a number (how the read model stores it).</summary>
    public int ShardNumberOf(Guid nodeId) => int.Parse(ShardOf(nodeId), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every shard id there is.</summary>
    public IEnumerable<string> AllShards => Enumerable.Range(0, MaxNumberOfShards).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The entity id of a node: its UUID in canonical text form.</summary>
    public static string EntityIdOf(Guid nodeId) => nodeId.ToString();

    /// <summary>True for the entity ids of shard keepers (not nodes).</summary>
    public static bool IsKeeper(string entityId) => entityId.StartsWith(KeeperPrefix, StringComparison.Ordinal);
}
