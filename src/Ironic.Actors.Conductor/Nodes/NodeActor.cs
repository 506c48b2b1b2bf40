using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Conductor.Telemetry;
using Ironic.Actors.Protocol.Registry;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;
using static Ironic.Actors.Protocol.Replies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// One bare-metal node: a sharded, event-sourced entity. Its mailbox is the node's lock. Decisions are
/// made by the pure <see cref="NodeDecisions"/>; this actor persists their events, replies once they are
/// stored, and hands driver work to the conductor's driver actors, whose results come back as messages.
/// </summary>
public sealed partial class NodeActor : UntypedPersistentActor, IWithTimers
{
    private readonly Guid _nodeId;
    private readonly NodeActorDependencies _deps;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private Node? _node;
    private RunningWork? _work;
    private long _workSeq;
    private bool _stopWhenIdle;
    private bool _busy; // resolving interrupted work, or waiting for the registry: stash everything else

    public NodeActor(Guid nodeId, NodeActorDependencies deps)
    {
        _nodeId = nodeId;
        _deps = deps;
        if (deps.SnapshotsInReadModel)
            SnapshotPluginId = ReadModel.ReadModelSnapshotStore.PluginId;
    }

    /// <summary>
    /// Props for one node entity. The shard calls this every time an entity starts (each create, each wake of a
    /// stored node), so it must be cheap: Akka's expression form (<c>Props.Create(() => new NodeActor(...))</c>)
    /// compiles a delegate for every constructor argument on every call, ~2 ms of CPU per entity start, which was
    /// half of what a node creation cost. The argument-array form only looks the constructor up by reflection;
    /// the actor built is the same.
    /// </summary>
    public static Props Props(string entityId, NodeActorDependencies deps) =>
        Akka.Actor.Props.Create<NodeActor>(Guid.Parse(entityId), deps);

    /// <summary>What every node entity's persistence id starts with (followed by its UUID).</summary>
    public const string PersistenceIdPrefix = "node-";

    public static string PersistenceIdOf(Guid nodeId) => PersistenceIdPrefix + nodeId;

    /// <summary>The node UUID of a node entity's persistence id; false for any other persistent actor's.</summary>
    public static bool TryParsePersistenceId(string persistenceId, out Guid nodeId)
    {
        nodeId = Guid.Empty;
        return persistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal) &&
               Guid.TryParse(persistenceId.AsSpan(PersistenceIdPrefix.Length), out nodeId);
    }

    public override string PersistenceId => PersistenceIdOf(_nodeId);

    public ITimerScheduler Timers { get; set; } = null!;

    private ConductorOptions Options => _deps.Options;

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: NodeSnapshot snapshot }:
                Restore(snapshot);
                PartsInRowFromSnapshot();
                break;
            case INodeEvent e:
                Fold(e);
                break;
            case RecoveryCompleted:
                if (LastSequenceNr == 0)
                    NothingInRow();
                if (!MisplacedAfterRecovery() && _node is not null && NodeDecisions.NeedsResolution(_node))
                {
                    // Work shown in the journal is not running here: resolve it before serving anything.
                    _busy = true;
                    Self.Tell(ResolveInterrupted.Instance);
                }
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        if (message is IdleCheck)
        {
            CheckIdle();
            return;
        }
        _lastMessageAt = Environment.TickCount64;
        if (ForwardIfMisplaced(message))
            return;
        if ((_busy && message is not (ResolveInterrupted or ClaimAnswered or ReleaseAnswered or IAwaitedAnswer or ReadModelWrites.NodeStored)) ||
            (_rowPending && message is not ReadModelWrites.NodeStored))
        {
            Stash.Stash();
            return;
        }
        if (message is ResendableNodeMessage copy)
        {
            if (FirstCopy(copy) is not { } write)
                return; // sent again after a conductor was lost, and the first copy reached this entity
            message = write;
        }

        switch (message)
        {
            case ResolveInterrupted:
                _log.Warning("Node {0} recovered in {1} with no work running; resolving as a takeover", _nodeId, _node?.ProvisionState);
                PersistEvents(NodeDecisions.ResolveInterrupted(_node!, Now()).Events, Unblock, NodeHistoryRules.Transition);
                break;
            case GetNode:
                Reply(_node is null ? NotFound() : View());
                PassivateIfAbsent();
                break;
            case WakeNode:
                Sender.Tell(new Awake(_nodeId));
                PassivateIfAbsent();
                break;
            case RefreshReadModel:
                RefreshRow(Sender);
                break;
            case ReadModelWrites.NodeStored stored:
                HandleRowStored(stored);
                break;
            case CreateNode c:
                var enroll = NodeDecisions.Enroll(_node, _nodeId, c.Body, c.InitialState, _deps.Resolver, Now(), c.IdGenerated);
                AttachChassisThenClaim(enroll, isNew: true);
                break;
            case PatchNode p when _node is not null:
                AttachChassisThenClaim(NodeDecisions.Patch(_node, p.Operations, p.ResetInterfaces, _deps.Resolver, Now()), isNew: false);
                break;
            case ChangeProvisionState c when _node is not null:
                ChangeProvisionStateWithTemplates(c);
                break;
            case TemplatesAnswered answer:
                HandleTemplatesAnswered(answer);
                break;
            case ChangePowerState c when _node is not null:
                Execute(NodeDecisions.RequestPower(_node, c.Target, c.TimeoutSeconds, Now(), c.Ident));
                break;
            case SetMaintenance c when _node is not null:
                Execute(NodeDecisions.SetMaintenance(_node, c.Maintenance, c.Reason, Now()));
                break;
            case DeleteNode when _node is not null:
                HandleDelete(NodeDecisions.Delete(_node, Now()));
                break;
            case PatchNode or ChangeProvisionState or ChangePowerState or SetMaintenance or DeleteNode:
                Reply(NotFound());
                PassivateIfAbsent();
                break;
            case DriverWork.Completed done:
                HandleWorkCompleted(done);
                break;
            case var inspected when HandleInspectionMessage(inspected):
                break;
            case ClaimAnswered answer:
                HandleClaimAnswered(answer);
                break;
            case ReleaseAnswered answer:
                Unblock();
                answer.ReplyTo.Tell(answer.Reply);
                PassivateIfAbsent();
                break;
            case StopNode or ForceStop:
                if ((_work is null && _call is null) || message is ForceStop)
                    Context.Stop(Self);
                else
                {
                    _stopWhenIdle = true;
                    Timers.StartSingleTimer("force-stop", ForceStop.Instance, TimeSpan.FromSeconds(Options.HandOffGracePeriod));
                }
                break;
            case SaveSnapshotSuccess saved:
                DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failed:
                _log.Warning(failed.Cause, "Node {0}: snapshot at {1} failed; events are kept, recovery stays correct", _nodeId, failed.Metadata.SequenceNr);
                break;
            case DeleteSnapshotsSuccess or DeleteSnapshotsFailure:
                break;
            case var periodic when HandlePeriodicMessage(periodic):
                break;
            case var volume when HandleVolumeMessage(volume):
                break;
            case var part when HandlePortMessage(part):
                break;
            case var states when HandleConsoleAndRaidMessage(states):
                break;
            case var allocation when HandleAllocationMessage(allocation):
            case var vifs when HandleVifMessage(vifs):
                break;
            case var other when HandleSubResourceMessage(other):
                break;
            case var agent when HandleAgentMessage(agent):
                break;
            default:
                Unhandled(message);
                break;
        }
        SyncLockToRow();
        LeaveIfMoved();
    }

    /// <summary>Persist an accepted decision's events, reply Accepted with the node after them, start its work.</summary>
    private void Execute(Decision decision)
    {
        if (decision.Rejection is { } rejection)
        {
            Reply(Rejected.From(rejection));
            return;
        }
        var replyTo = Sender;
        PersistEvents(decision.Events, () =>
        {
            StartWork(decision.Work);
            replyTo.Tell(new Accepted(View()));
        });
    }

    private void HandleWorkCompleted(DriverWork.Completed done)
    {
        if (_work is null || _work.Id != done.WorkId || _node is null)
            return; // a late answer for work this incarnation no longer waits for
        if (ClaimInspectedPortsFirst(done))
            return;
        FinishWork(done, null);
    }

    /// <summary>Records finished work (with the inspected ports whose MACs the registry granted) and starts what follows.</summary>
    private void FinishWork(DriverWork.Completed done, IReadOnlyList<(Guid PortId, string Address)>? newPorts)
    {
        _work = null;
        var decision = NodeDecisions.CompleteWork(_node!, done.Work, done.Outcome, Now(), newPorts);
        PersistEvents(decision.Events, () =>
        {
            StartWork(decision.Work);
            if (_work is null && _stopWhenIdle)
                Context.Stop(Self);
        });
    }

    private void StartWork(NodeWork? work)
    {
        if (work is null || _node is null)
            return;
        _work = new RunningWork(++_workSeq, work);
        _deps.Drivers.Tell(new DriverWork.Run(_nodeId, _work.Id, work, _node, _ports.PortList()), Self);
    }

    /// <summary>
    /// Persists <paramref name="events"/> in one write, with the history entries Ironic would record for them
    /// (<see cref="NodeHistoryRules"/>), folding each in, then runs <paramref name="then"/>.
    /// </summary>
    private void PersistEvents(IReadOnlyList<INodeEvent> events, Action then, string? historyEventType = null)
    {
        events = NodeHistoryRules.WithHistory(_node, events, Options.Host, NewUuids.Next, historyEventType);
        if (events.Count == 0)
        {
            then();
            return;
        }
        var remaining = events.Count;
        var started = Stopwatch.GetTimestamp();
        var rowOffered = OfferRowWithEvents(events);
        PersistAll(events, e =>
        {
            Fold(e);
            if (!_deps.SnapshotsInReadModel && LastSequenceNr % Options.SnapshotEvery == 0)
                SaveSnapshot(Snapshot());
            if (--remaining == 0)
            {
                IronicMetrics.JournalWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                if (rowOffered && RowStoredWithEvents())
                    ThenAsAfterRow(then);
                else
                    StoreRowThen(then);
            }
        });
    }

    private void Unblock()
    {
        _busy = false;
        Stash.UnstashAll();
    }

    private NodeContext Now() => new(
        _deps.Time.GetUtcNow(),
        LockHolder,
        Options.AllowDeletingAvailableNodes,
        CanHost: _canHost ??= HostableCheck());

    private Func<string, string, bool>? _canHost;

    /// <summary>
    /// In a cluster, whether some live conductor serves a group and hardware type (its roles); without one (actor tests),
    /// this member's own group.
    /// </summary>
    private Func<string, string, bool> HostableCheck()
    {
        if (_deps.Shards is null)
        {
            var own = Options.ConductorGroup.ToLowerInvariant();
            return (group, _) => group == own;
        }
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        return (group, driver) => LivePlacements.IsHostable(cluster, NodePlacement.Of(group, driver));
    }

    private NodeView View() => new(_node!, LockHolder, Options.Host, LastSequenceNr);

    private Rejected NotFound() => Rejected.From(Rejection.NodeNotFound(_nodeId.ToString()));

    private void Reply(object message) => Sender.Tell(message);

    /// <summary>An entity for a node that does not exist only answers "not found": do not keep it in memory.</summary>
    private void PassivateIfAbsent()
    {
        if (_node is null && _work is null)
            Context.Parent.Tell(new Passivate(StopNode.Instance));
    }

    private sealed record RunningWork(long Id, NodeWork Work);

    /// <summary>Self-message after recovery; strictly local.</summary>
    private sealed class ResolveInterrupted : INoSerializationVerificationNeeded
    {
        public static readonly ResolveInterrupted Instance = new();
    }

    /// <summary>Timer message: hand-off grace period ran out.</summary>
    private sealed class ForceStop : INoSerializationVerificationNeeded
    {
        public static readonly ForceStop Instance = new();
    }
}
