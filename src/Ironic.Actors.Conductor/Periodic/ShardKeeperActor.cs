using Akka.Actor;
using Akka.Cluster.Sharding;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Periodic;

/// <summary>
/// The entity that a <see cref="PeriodicCommands.KeepShard"/> message starts in its shard: its only use is that
/// the message made the shard be allocated to some conductor. It answers and passivates at once; the shard
/// stays allocated without entities, so its nodes have a conductor to sync them.
/// </summary>
public sealed class ShardKeeperActor : ReceiveActor
{
    public ShardKeeperActor()
    {
        Receive<PeriodicCommands.KeepShard>(k =>
        {
            Sender.Tell(new PeriodicCommands.ShardKept(k.ShardId));
            Context.Parent.Tell(new Passivate(StopNode.Instance));
        });
        Receive<StopNode>(_ => Context.Stop(Self));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ShardKeeperActor());
}
