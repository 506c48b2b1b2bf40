using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.Conductors;

/// <summary>
/// Ironic's takeover, the actor way: one per cluster (a singleton on conductors). When it starts (the cluster's first
/// conductor, or the one that took over after the previous host of this singleton died) and whenever a conductor member
/// is removed (it died and was downed, or it left), it wakes every node the read model shows with work that only a
/// running conductor can finish. The shard region starts each on a live conductor, where the entity finds no work
/// running and resolves it as Ironic's takeover does (<c>deploying</c> → <c>deploy failed</c>, a pending power change
/// cleared, each with <c>last_error</c>); nodes whose work is still running elsewhere just answer. Wait states are not
/// touched (their time-outs end them; an agent's next call reaches the new host), nor are stable nodes. It also releases
/// the locks (<c>reservation</c>) the removed conductor held in the read model.
/// </summary>
public sealed class TakeoverActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, string> _hosts = new();
    private readonly IActorRef _readModel;
    private readonly IActorRef _region;
    private readonly NodeRowWriter _rows;
    private readonly int _parallelism;
    private readonly Nodes.NodeMessageExtractor _shards;
    private bool _running;
    private bool _again;

    public TakeoverActor(IActorRef readModel, IActorRef region, NodeRowWriter rows, int parallelism, Nodes.NodeMessageExtractor shards)
    {
        _shards = shards;
        _readModel = readModel;
        _region = region;
        _rows = rows;
        _parallelism = parallelism;

        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.HasRole(ActorKeys.ConductorRole)))
                LearnHost(member);
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.HasRole(ActorKeys.ConductorRole))
                LearnHost(up.Member);
        });
        Receive<HostLearned>(learned =>
        {
            if (learned.Host is not null)
                _hosts[learned.Address] = learned.Host;
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (!removed.Member.HasRole(ActorKeys.ConductorRole))
                return;
            var host = _hosts.GetValueOrDefault(removed.Member.Address);
            _hosts.Remove(removed.Member.Address);
            _log.Warning("Conductor {0} ({1}) left the cluster; taking over its nodes", removed.Member.Address, host ?? "hostname unknown");
            if (host is not null)
                _rows.ClearReservationsAsync(host).PipeTo(Self, success: () => new LocksReleased(host), failure: e => new Status.Failure(e));
            // Let the shard regions learn that the member is gone before its nodes are addressed (until then a region
            // still forwards to the dead member's region).
            Timers.StartSingleTimer("after-removal", Retry.Instance, AfterRemoval);
        });
        Receive<LocksReleased>(released => _log.Info("Released the locks {0} held", released.Host));
        Receive<PassDone>(done =>
        {
            _running = false;
            if (done.Woken > 0)
                _log.Warning("Takeover: woke {0} nodes left with unfinished work", done.Woken);
            if (done.Unanswered > 0)
            {
                // Their shards are still moving: ask again shortly (waking a node is idempotent).
                _log.Info("Takeover: {0} nodes did not answer yet; asking again", done.Unanswered);
                Timers.StartSingleTimer("retry", Retry.Instance, TimeSpan.FromSeconds(1));
            }
            else if (_again)
                StartPass();
        });
        Receive<Status.Failure>(f =>
        {
            _running = false;
            _log.Warning(f.Cause, "Takeover pass failed; retrying");
            Timers.StartSingleTimer("retry", Retry.Instance, TimeSpan.FromSeconds(2));
        });
        Receive<Retry>(_ => StartPass());
        Receive<PeriodicCommands.ShardKept>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef readModel, IActorRef region, NodeRowWriter rows, int parallelism, Nodes.NodeMessageExtractor shards) =>
        Akka.Actor.Props.Create<TakeoverActor>(readModel, region, rows, parallelism, shards);

    protected override void PreStart()
    {
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));
        StartPass();
    }

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Asks the member's conductor actor for its hostname (what locks in the read model name).</summary>
    private void LearnHost(Member member)
    {
        var address = member.Address;
        Context.ActorSelection(new RootActorPath(address) / "user" / ActorKeys.ConductorActorName)
            .Ask<ConductorMessages.ConductorInfo>(ConductorMessages.GetConductorInfo.Instance, TimeSpan.FromSeconds(10))
            .PipeTo(Self, success: info => new HostLearned(address, info.Hostname), failure: _ => new HostLearned(address, null));
    }

    private void StartPass()
    {
        if (_running)
        {
            _again = true; // another conductor left while a pass runs: look again once it ends
            return;
        }
        _running = true;
        _again = false;
        // Every shard gets a live home now (a tiny keeper entity starts in each), so that the shards of a conductor that
        // left are hosted again at once, not when one of their nodes is next addressed: the conductor each node shows, and
        // the conductor filter, follow.
        PassAsync(_readModel, _region, _parallelism, _shards, Cluster.Get(Context.System), Self).PipeTo(Self);
    }

    private static async Task<PassDone> PassAsync(
        IActorRef readModel, IActorRef region, int parallelism, Nodes.NodeMessageExtractor shards, Cluster cluster, IActorRef self)
    {
        foreach (var shard in await Periodic.HostedNodes.ShardsInUseAsync(readModel, shards, cluster, TimeSpan.FromSeconds(30)))
            region.Tell(new PeriodicCommands.KeepShard(shard), self);

        var found = await readModel.Ask<object>(NodeQueries.ListInterrupted.Instance, TimeSpan.FromSeconds(30));
        if (found is not NodeQueries.InterruptedNodes interrupted)
            throw new InvalidOperationException($"The read model could not list interrupted nodes: {found}");
        var unanswered = 0;
        await Parallel.ForEachAsync(interrupted.Nodes, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (node, ct) =>
        {
            try
            {
                await region.Ask<NodeReplies.Awake>(node.Send(new NodeCommands.WakeNode(node.NodeId)), WakeTimeout, ct);
            }
            catch (AskTimeoutException)
            {
                Interlocked.Increment(ref unanswered);
            }
        });
        return new PassDone(interrupted.Nodes.Count - unanswered, unanswered);
    }

    /// <summary>How long one node is given to wake before the pass moves on (it is asked again in the next one).</summary>
    private static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Pause between a conductor's removal and the pass that wakes its nodes.</summary>
    private static readonly TimeSpan AfterRemoval = TimeSpan.FromMilliseconds(500);

    private sealed record HostLearned(Address Address, string? Host) : INoSerializationVerificationNeeded;

    private sealed record LocksReleased(string Host) : INoSerializationVerificationNeeded;

    private sealed record PassDone(int Woken, int Unanswered) : INoSerializationVerificationNeeded;

    private sealed class Retry : INoSerializationVerificationNeeded
    {
        public static readonly Retry Instance = new();
    }
}
