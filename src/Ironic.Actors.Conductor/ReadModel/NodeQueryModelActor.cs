using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The read side for node lists. It follows every node event in the journal by tag (first the stored
/// ones, then live), so lists never wake node entities; gateways also feed it the views their own writes
/// returned, so a client sees its write in the next list (read-your-writes). List requests wait until
/// the stored events have been read once.
/// </summary>
public sealed partial class NodeQueryModelActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private readonly string _readJournalId;
    private readonly NodeIndex _index;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private Offset _offset = Offset.NoOffset();
    private bool _caughtUp;

    public NodeQueryModelActor(string readJournalId, string conductorHost)
    {
        _readJournalId = readJournalId;
        _index = new NodeIndex(conductorHost);

        Receive<StreamStarted>(_ => Sender.Tell(Ack.Instance));
        Receive<Projected>(p =>
        {
            _index.Project(p.NodeId, p.SequenceNr, p.Event);
            _ports.Project(p.NodeId, p.SequenceNr, p.Event);
            _offset = p.Offset;
            Sender.Tell(Ack.Instance);
        });
        Receive<StreamCompleted>(_ =>
        {
            if (!_caughtUp)
                _log.Info("Node query model caught up with the journal: {0} nodes", _index.Count);
            _caughtUp = true;
            Stash.UnstashAll();
            Follow(live: true);
        });
        Receive<StreamFailed>(f =>
        {
            _log.Warning(f.Cause, "Node projection stream failed; restarting from offset {0}", _offset);
            Timers.StartSingleTimer("restart", RestartStream.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<RestartStream>(_ => Follow(live: _caughtUp));

        Receive<NodeQueries.Observe>(o => _index.Observe(o.View));
        Receive<NodeQueries.ObserveDeleted>(d =>
        {
            _index.Delete(d.NodeId, d.Version);
            _ports.DeleteNode(d.NodeId, d.Version);
        });
        ReceivePortQueries();
        Receive<NodeQueries.IsReady>(_ => Sender.Tell(new NodeQueries.Ready(_caughtUp)));
        Receive<NodeQueries.ListNodes>(q =>
        {
            if (!_caughtUp) { Stash.Stash(); return; }
            Sender.Tell(NodeListing.Page(_index.All, q));
        });
        Receive<PeriodicQueries.ListHosted>(q =>
        {
            if (!_caughtUp) { Stash.Stash(); return; }
            Sender.Tell(new PeriodicQueries.HostedNodes(_index.InShards(q.ShardIds, new NodeMessageExtractor(q.NumberOfShards))));
        });
        Receive<NodeQueries.ListInterrupted>(_ =>
        {
            if (!_caughtUp) { Stash.Stash(); return; }
            Sender.Tell(new NodeQueries.InterruptedNodes(_index.Interrupted()));
        });
    }

    public static Props Props(string readJournalId, string conductorHost) =>
        Akka.Actor.Props.Create(() => new NodeQueryModelActor(readJournalId, conductorHost));

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Follow(live: false);

    /// <summary>Reads node events from the last offset: the stored ones to their end, or live from then on.</summary>
    private void Follow(bool live)
    {
        try
        {
            Run(live);
        }
        catch (Exception e)
        {
            // A read journal that cannot start now (database not reachable yet) must not kill the query model.
            Self.Tell(new StreamFailed(e));
        }
    }

    private void Run(bool live)
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<IReadJournal>(_readJournalId);
        var source = live
            ? ((IEventsByTagQuery)journal).EventsByTag(ActorKeys.NodeEventTag, _offset)
            : ((ICurrentEventsByTagQuery)journal).CurrentEventsByTag(ActorKeys.NodeEventTag, _offset);
        source
            .Where(e => e.Event is INodeEvent && e.PersistenceId.StartsWith("node-", StringComparison.Ordinal))
            .Select(e => new Projected(Guid.Parse(e.PersistenceId["node-".Length..]), e.SequenceNr, (INodeEvent)e.Event, e.Offset))
            .RunWith(Sink.ActorRefWithAck<Projected>(Self, StreamStarted.Instance, Ack.Instance, StreamCompleted.Instance,
                ex => new StreamFailed(ex)), Context.Materializer());
    }

    // Stream protocol: strictly local messages between this actor and its own stream.
    private sealed record Projected(Guid NodeId, long SequenceNr, INodeEvent Event, Offset Offset) : INoSerializationVerificationNeeded;

    private sealed class StreamStarted : INoSerializationVerificationNeeded { public static readonly StreamStarted Instance = new(); }

    private sealed class Ack : INoSerializationVerificationNeeded { public static readonly Ack Instance = new(); }

    private sealed class StreamCompleted : INoSerializationVerificationNeeded { public static readonly StreamCompleted Instance = new(); }

    private sealed record StreamFailed(Exception Cause) : INoSerializationVerificationNeeded;

    private sealed class RestartStream : INoSerializationVerificationNeeded { public static readonly RestartStream Instance = new(); }
}
