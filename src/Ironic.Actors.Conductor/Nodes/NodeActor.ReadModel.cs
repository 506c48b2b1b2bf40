using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Conductor.ReadModel;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// The node's row in the read model, and sleeping when idle. After every stored change the entity hands its state to
/// its member's <see cref="ReadModelWriterActor"/> and holds every other message back until the row is stored; only
/// then does it go on (reply, start work). So whoever hears of a change finds it in every list at once. An entity with
/// no work and no request for <see cref="ConductorOptions.NodeIdleTimeout"/> passivates: lists, periodic work and
/// takeover read the rows, and a node is woken only when something must happen to it.
/// </summary>
public sealed partial class NodeActor
{
    private bool _rowPending;
    private Action? _afterRow;
    private NodePorts? _portsInRow; // the parts the read model was last given; null: give them with the next write
    private string? _lockInRow; // the reservation the read model was last given
    private string? _lockOffered; // the reservation in the row offered with the events being persisted
    private RowsWithEvents _rowsWithEvents = null!; // this member's (PreStart)
    private long _lastMessageAt = Environment.TickCount64; // for the idle check (CheckIdle)

    protected override void PreStart()
    {
        base.PreStart();
        _rowsWithEvents = RowsWithEvents.For(Context.System);
        if (Options.NodeIdleTimeout > 0)
            Timers.StartSingleTimer(IdleCheck.Instance, IdleCheck.Instance, IdleTimeout);
    }

    private TimeSpan IdleTimeout => TimeSpan.FromSeconds(Options.NodeIdleTimeout);

    /// <summary>
    /// The idle check's timer fired: sleep when no message has come for <see cref="ConductorOptions.NodeIdleTimeout"/> and
    /// nothing is in flight, else look again when it will have been that long (or, with work in flight, a whole timeout
    /// later). One timer at a time, set again only when it fires: Akka's receive timeout, which this replaces, cancelled
    /// and scheduled a timer anew on every message (a twentieth of what a create allocated).
    /// </summary>
    private void CheckIdle()
    {
        var left = IdleTimeout - TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastMessageAt);
        if (left <= TimeSpan.Zero)
        {
            PassivateIfIdle();
            left = IdleTimeout;
        }
        Timers.StartSingleTimer(IdleCheck.Instance, IdleCheck.Instance, left);
    }

    /// <summary>The idle check's tick; strictly local.</summary>
    private sealed class IdleCheck : INoSerializationVerificationNeeded
    {
        public static readonly IdleCheck Instance = new();
    }

    /// <summary>Writes the row as of now, holding other messages back, then runs <paramref name="then"/>.</summary>
    private void StoreRowThen(Action then)
    {
        if (_deps.ReadModel.IsNobody())
        {
            then(); // no read model: an entity tested on its own
            return;
        }
        _rowPending = true;
        _afterRow = then;
        var parts = PartsIfChanged(_ports);
        _portsInRow = _ports;
        _deps.ReadModel.Tell(new ReadModelWrites.StoreNode(_nodeId, LastSequenceNr, RowView(), parts));
    }

    /// <summary>The row as of now: the node, and the lock its work or call holds (null once deleted).</summary>
    private NodeView? RowView()
    {
        _lockInRow = LockHolder;
        return ViewAt(_node, LastSequenceNr);
    }

    /// <summary>The row's view of <paramref name="node"/> at <paramref name="version"/>, with the lock held now (null once deleted).</summary>
    private NodeView? ViewAt(Node? node, long version) => node is null ? null : new NodeView(node, LockHolder, Options.Host, version);

    /// <summary>
    /// A snapshot from the read model (<see cref="NodeActorDependencies.SnapshotsInReadModel"/>) is the node's row read with
    /// its parts: the read model holds these parts, and the first write after the wake leaves them out unless they changed
    /// (before, every woken node's first write stored its parts again: their version claimed, each table's rows deleted and
    /// written back). A snapshot of the snapshot store says nothing of the row.
    /// </summary>
    private void PartsInRowFromSnapshot()
    {
        if (_deps.SnapshotsInReadModel)
            _portsInRow = _ports;
    }

    /// <summary>
    /// Nothing stored for this node: its row, once written, holds no parts either (a row's parts are empty until claimed),
    /// so a create leaves them out: one statement less per create, one round trip less on PostgreSQL.
    /// </summary>
    private void NothingInRow() => _portsInRow = _ports;

    /// <summary>The node's parts for its row when they differ from those the read model was last given; else null.</summary>
    private ReadModelWrites.NodeParts? PartsIfChanged(NodePorts ports) =>
        ReferenceEquals(ports, _portsInRow) ? null : ReadModelWrites.NodeParts.Of(ports);

    /// <summary>
    /// Runs <paramref name="then"/> once the read model shows the node's lock as it is now (at once when it already does),
    /// so that a client told a call has ended finds the node unlocked in every read.
    /// </summary>
    private void AfterLockInRow(Action then)
    {
        if (_node is null || LastSequenceNr == 0 || LockHolder == _lockInRow)
            then();
        else
            StoreRowThen(then);
    }

    /// <summary>
    /// Work or a driver call took or gave back the node's lock without a stored change: tell the read model, so that
    /// reads and lists show the reservation as Ironic's do. Nothing waits for this write.
    /// </summary>
    private void SyncLockToRow()
    {
        if (_rowPending || _node is null || LastSequenceNr == 0 || LockHolder == _lockInRow || _deps.ReadModel.IsNobody())
            return;
        // Sent without a sender: nothing waits for it, and its acknowledgement must not be taken for that of a row write
        // the entity does wait for (both carry the same version).
        _deps.ReadModel.Tell(new ReadModelWrites.StoreNode(_nodeId, LastSequenceNr, RowView(), null), ActorRefs.NoSender);
    }

    private void HandleRowStored(ReadModelWrites.NodeStored stored)
    {
        if (!_rowPending || stored.Version != LastSequenceNr)
            return;
        if (!stored.Written)
            _log.Warning("Node {0}: its read-model row at version {1} is not stored yet (database failing); the reconciler will bring it up",
                _nodeId, stored.Version);
        _rowPending = false;
        var then = _afterRow!;
        _afterRow = null;
        then();
        SyncLockToRow();
        if (!_rowPending && !_busy)
            Stash.UnstashAll();
    }

    /// <summary>
    /// The row went with the events (<see cref="RowStoredWithEvents"/>): go on as when the writer answers, in a message of
    /// its own and holding others back until then, so that <paramref name="then"/> never runs inside the persist handler.
    /// </summary>
    private void ThenAsAfterRow(Action then)
    {
        _rowPending = true;
        _afterRow = then;
        Self.Tell(new ReadModelWrites.NodeStored(_nodeId, LastSequenceNr, Written: true));
    }

    /// <summary>
    /// Offers the journal the row this node will have once <paramref name="events"/> are applied, to be stored in the
    /// same transaction as they are (<see cref="RowsWithEvents"/>); false when no journal takes rows (then the row is
    /// written after the events, through the writer).
    /// </summary>
    private bool OfferRowWithEvents(IReadOnlyList<INodeEvent> events)
    {
        if (_deps.ReadModel.IsNobody() || !_rowsWithEvents.Active)
            return false;
        var node = _node;
        var ports = _ports;
        foreach (var e in events)
        {
            node = node.Apply(e);
            ports = ports.Apply(e);
        }
        var version = LastSequenceNr + events.Count;
        // The document is made here, in parallel with other entities, not in the journal's one writer.
        _rowsWithEvents.Offer(PersistenceId, new ReadModelWrites.StoreNode(_nodeId, version, ViewAt(node, version), PartsIfChanged(ports))
        {
            Doc = node is null ? null : Protocol.Serialization.IronicSerializer.ToJson(node),
        });
        _lockOffered = LockHolder;
        return true;
    }

    /// <summary>Whether the row offered with the events just stored went into their transaction (the row is then current).</summary>
    private bool RowStoredWithEvents()
    {
        if (!_rowsWithEvents.TakeStored(PersistenceId, LastSequenceNr))
            return false;
        _portsInRow = _ports;
        _lockInRow = _lockOffered;
        return true;
    }

    /// <summary>The journal reconciler found this node's row behind its journal: write it again, whole.</summary>
    private void RefreshRow(IActorRef replyTo)
    {
        if (LastSequenceNr == 0)
        {
            replyTo.Tell(new Awake(_nodeId));
            PassivateIfAbsent();
            return;
        }
        _portsInRow = null;
        StoreRowThen(() =>
        {
            replyTo.Tell(new Awake(_nodeId));
            PassivateIfAbsent();
        });
    }

    /// <summary>
    /// Its create answered, a new node sleeps (<see cref="ConductorOptions.SleepAfterCreate"/>, unless entities stay awake:
    /// <see cref="ConductorOptions.NodeIdleTimeout"/> 0): messages already here are handled first, and the shard wakes the
    /// node again for any sent after. A node created outside its placement's shard leaves it without waking in its own
    /// (the next message sent to it wakes it there).
    /// </summary>
    private void SleepAfterCreate()
    {
        if (!Options.SleepAfterCreate || Options.NodeIdleTimeout <= 0)
            return;
        if (!LeaveIfMoved(wakeThere: false))
            PassivateIfIdle();
    }

    /// <summary>Idle for a while: sleep, unless work or a request is in flight (then the next idle period decides).</summary>
    private void PassivateIfIdle()
    {
        if (_work is null && _call is null && !_busy && !_rowPending && !_stopWhenIdle)
            Context.Parent.Tell(new Passivate(StopNode.Instance));
    }
}
