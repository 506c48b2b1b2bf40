using System.Globalization;
using Akka.Cluster.Sharding;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Routes node messages to the node entity named by the node's UUID, and <see cref="PeriodicCommands.KeepShard"/> to
/// the keeper entity of the shard it names.
/// <para>
/// A node lives in a <em>placed</em> shard, <c>{n}/{hardware type}/{conductor group}</c> (<c>n</c> from the hash of its
/// UUID), which only conductors of that group enabling that hardware type host (<see cref="PlacementAllocationStrategy"/>):
/// Ironic's hash ring per group and hardware type. A <see cref="PlacedNodeMessage"/> names the placement. A bare node
/// message goes to the <em>unplaced</em> shard <c>{n}</c>, where the woken entity forwards it to its placed shard.
/// </para>
/// </summary>
public sealed class NodeMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    private const string KeeperPrefix = "shard-keeper-";
    private const char Separator = '/';

    public override string? EntityId(object message) => message switch
    {
        IWithNodeId m => EntityIdOf(m.NodeId),
        PeriodicCommands.KeepShard k => KeeperPrefix + k.ShardId,
        _ => null,
    };

    public override object EntityMessage(object message) => message is PlacedNodeMessage placed ? placed.Message : message;

    public override string ShardId(string entityId, object? messageHint = null) => messageHint switch
    {
        PeriodicCommands.KeepShard k => k.ShardId,
        PlacedNodeMessage placed => PlacedShard(base.ShardId(entityId, messageHint), placed.Placement),
        _ => base.ShardId(entityId, messageHint),
    };

    /// <summary>The shard a node placed at <paramref name="placement"/> lives in.</summary>
    public string ShardOf(Guid nodeId, NodePlacement placement) => PlacedShard(base.ShardId(EntityIdOf(nodeId)), placement);

    /// <summary>Every shard of <paramref name="placement"/>.</summary>
    public IEnumerable<string> ShardsOf(NodePlacement placement) =>
        Enumerable.Range(0, MaxNumberOfShards).Select(i => PlacedShard(i.ToString(CultureInfo.InvariantCulture), placement));

    /// <summary>The placement a shard serves, or null for an unplaced shard (and a keeper-less oddity).</summary>
    public static NodePlacement? PlacementOf(string shardId)
    {
        var parts = shardId.Split(Separator, 3);
        return parts.Length == 3 ? new NodePlacement(parts[2], parts[1]) : null;
    }

    /// <summary>The entity id of a node: its UUID in canonical text form.</summary>
    public static string EntityIdOf(Guid nodeId) => nodeId.ToString();

    /// <summary>True for the entity ids of shard keepers (not nodes).</summary>
    public static bool IsKeeper(string entityId) => entityId.StartsWith(KeeperPrefix, StringComparison.Ordinal);

    private static string PlacedShard(string number, NodePlacement placement) =>
        string.Concat(number, Separator.ToString(), placement.Driver, Separator.ToString(), placement.Group);
}
