using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// The read model's safety net. Node entities write their rows themselves after each stored change; a member that
/// dies between storing an event and writing the row leaves that row behind its journal. This actor (one per
/// cluster, a singleton on conductors) follows the journal in its global order from an offset kept in the read
/// model's database, compares each node's newest stored sequence number with its row's version, and has every node
/// found behind rewrite its row (<see cref="NodeCommands.RefreshReadModel"/>: the entity recovers and writes what it
/// is). It only reads entries older than <see cref="ReconcilerOptions.Settle"/>, so that it does not race the
/// entities' own writes, and waits up to <see cref="ReconcilerOptions.GapTimeout"/> for a hole in the ordering to fill
/// (a transaction that committed late), then passes it.
/// </summary>
public sealed class JournalReconcilerActor : ReceiveActor, IWithTimers
{
    public const string OffsetName = "node-read-model";

    private readonly JournalScan _journal;
    private readonly NodeRowReader _rows;
    private readonly IActorRef _region;
    private readonly ReconcilerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long? _offset;
    private bool _running;
    private int _failures;
    private long _refreshed;

    public JournalReconcilerActor(ReadModelDatabase database, IActorRef region, ReconcilerOptions options)
    {
        _journal = new JournalScan(database);
        _rows = new NodeRowReader(database);
        _region = region;
        _options = options;

        Receive<Tick>(_ => Start());
        Receive<PassDone>(done =>
        {
            _running = false;
            _failures = 0;
            _offset = done.Offset;
            _refreshed += done.Refreshed;
            if (done.Refreshed > 0)
                _log.Info("Read model reconciler: {0} node rows were behind the journal and were rewritten", done.Refreshed);
            if (done.More)
                Start();
        });
        Receive<Status.Failure>(f =>
        {
            _running = false;
            // The first passes of a new database find no journal table yet: only a failure that lasts is worth a warning.
            if (++_failures >= 3)
                _log.Warning(f.Cause, "Read model reconciler pass failed {0} times in a row; retrying at the next tick", _failures);
            else
                _log.Debug("Read model reconciler pass failed ({0}); retrying at the next tick", f.Cause.GetBaseException().Message);
        });
        Receive<ReconcilerCommands.GetProgress>(_ => Sender.Tell(new ReconcilerCommands.Progress(_offset ?? 0, _running, _refreshed)));
    }

    public static Props Props(ReadModelDatabase database, IActorRef region, ReconcilerOptions options) =>
        Akka.Actor.Props.Create<JournalReconcilerActor>(database, region, options);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, _options.Interval);

    private void Start()
    {
        if (_running)
            return;
        _running = true;
        PassAsync(_offset).PipeTo(Self);
    }

    private async Task<PassDone> PassAsync(long? known)
    {
        var offset = known ?? await _journal.LoadOffsetAsync(OffsetName);
        var entries = await _journal.ReadAsync(offset, _options.BatchSize);
        var now = DateTimeOffset.UtcNow; // the journal stamps its rows with the wall clock
        var (reached, nodes) = Settled(entries, offset, now);
        var refreshed = 0;
        if (nodes.Count > 0)
        {
            var stored = await _rows.VersionsAsync(nodes.Keys);
            var behind = nodes.Where(n => stored.GetValueOrDefault(n.Key) < n.Value).Select(n => n.Key).ToList();
            await Parallel.ForEachAsync(behind, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism }, async (id, _) =>
                await _region.Ask<NodeReplies.Awake>(new NodeCommands.RefreshReadModel(id), _options.RefreshTimeout));
            refreshed = behind.Count;
        }
        if (reached > offset)
            await _journal.SaveOffsetAsync(OffsetName, reached);
        return new PassDone(reached, refreshed, More: entries.Count == _options.BatchSize && reached > offset);
    }

    /// <summary>
    /// How far the entries can be taken (contiguous from <paramref name="offset"/>, settled, holes passed once they are
    /// old), and the newest sequence number each node reached in that stretch.
    /// </summary>
    private (long Reached, Dictionary<Guid, long> Nodes) Settled(IReadOnlyList<JournalScan.Entry> entries, long offset, DateTimeOffset now)
    {
        var nodes = new Dictionary<Guid, long>();
        var reached = offset;
        foreach (var entry in entries)
        {
            var age = now - entry.Created;
            if (age < _options.Settle)
                break;
            if (entry.Ordering != reached + 1 && age < _options.GapTimeout)
                break; // a hole that may still fill
            reached = entry.Ordering;
            if (Nodes.NodeActor.TryParsePersistenceId(entry.PersistenceId, out var id))
                nodes[id] = Math.Max(nodes.GetValueOrDefault(id), entry.SequenceNr);
        }
        return (reached, nodes);
    }

    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record PassDone(long Offset, int Refreshed, bool More) : INoSerializationVerificationNeeded;
}

/// <summary>How the journal reconciler paces itself.</summary>
public sealed record ReconcilerOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan GapTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public int BatchSize { get; init; } = 2000;
    public int Parallelism { get; init; } = 16;
    public TimeSpan RefreshTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>What tests and tools may ask the reconciler (local messages).</summary>
public static class ReconcilerCommands
{
    public sealed class GetProgress : INoSerializationVerificationNeeded
    {
        public static readonly GetProgress Instance = new();
    }

    /// <summary>
    /// The journal ordering reconciled so far (0 before the first pass ends), whether a pass is running, and how many node
    /// rows this incarnation found behind and had rewritten.
    /// </summary>
    public sealed record Progress(long Offset, bool Running, long Refreshed) : INoSerializationVerificationNeeded;
}
