using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Conductor.Telemetry;
using static Ironic.Actors.Conductor.ReadModel.ReadModelWrites;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// Writes the rows of this member's node entities into the read model, many nodes per transaction (group commit):
/// while one batch is being written, the next one gathers, so a burst of changes to different nodes costs a handful
/// of transactions, not one each. Each entity waits for its <see cref="NodeStored"/> before replying to its client,
/// so a client that hears of a change finds it in every list, on every gateway (read-your-writes).
/// </summary>
/// <remarks>
/// When the database fails, the batch is retried with a growing pause; waiting entities are released after
/// <c>ReleaseAfter</c> (their events are stored, so the journal reconciler brings the rows up later), and the rows are
/// still retried.
/// </remarks>
public sealed class ReadModelWriterActor : ReceiveActor, IWithTimers
{
    private const int MaxBatch = 512;

    private readonly NodeRowWriter _writer;
    private readonly TimeSpan _releaseAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Guid, StoreNode> _pending = new();
    private List<(IActorRef ReplyTo, NodeStored Ack)> _waiting = [];
    private List<(IActorRef ReplyTo, NodeStored Ack)>? _inFlight;
    private DateTimeOffset? _failingSince;
    private int _failures;
    private long _flushedAt;

    public ReadModelWriterActor(NodeRowWriter writer, string conductor, TimeSpan releaseAfter)
    {
        _writer = writer;
        _releaseAfter = releaseAfter;
        _writer.ClearReservationsAsync(conductor).PipeTo(Self, success: () => ReservationsCleared.Instance);
        Receive<ReservationsCleared>(_ => { });
        Receive<Status.Failure>(f => _log.Warning(f.Cause, "Could not release the locks {0} held before it started", conductor));

        Receive<StoreNode>(store =>
        {
            Merge(store);
            if (!Sender.Equals(Context.System.DeadLetters))
                _waiting.Add((Sender, new NodeStored(store.NodeId, store.Version, Written: true)));
            if (_inFlight is null)
                Flush();
        });
        Receive<BatchWritten>(_ =>
        {
            IronicMetrics.ReadModelWriteDuration.Record(Stopwatch.GetElapsedTime(_flushedAt).TotalSeconds);
            foreach (var (replyTo, ack) in _inFlight!)
                replyTo.Tell(ack);
            _inFlight = null;
            _failures = 0;
            _failingSince = null;
            if (_pending.Count > 0)
                Flush();
        });
        Receive<BatchFailed>(failed =>
        {
            _failures++;
            _failingSince ??= DateTimeOffset.UtcNow;
            _log.Warning(failed.Cause, "Read model write of {0} nodes failed ({1} in a row); retrying", failed.Batch.Count, _failures);
            foreach (var store in failed.Batch)
                Merge(store);
            _waiting.InsertRange(0, _inFlight!);
            _inFlight = null;
            if (DateTimeOffset.UtcNow - _failingSince >= _releaseAfter)
                ReleaseWaiting();
            Timers.StartSingleTimer("retry", Retry.Instance, TimeSpan.FromMilliseconds(Math.Min(2000, 50 * (1 << Math.Min(_failures, 6)))));
        });
        Receive<Retry>(_ =>
        {
            if (_inFlight is null && _pending.Count > 0)
                Flush();
        });
    }

    /// <summary>A writer for the entities of conductor <paramref name="conductor"/> (whose stale locks it releases first).</summary>
    public static Props Props(NodeRowWriter writer, string conductor, TimeSpan? releaseAfter = null) =>
        Akka.Actor.Props.Create<ReadModelWriterActor>(writer, conductor, releaseAfter ?? TimeSpan.FromSeconds(5));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Keeps one write per node: the newest one, with the newest port set of the two when it brings none.</summary>
    private void Merge(StoreNode store)
    {
        if (_pending.TryGetValue(store.NodeId, out var known))
        {
            var (newer, older) = store.Version >= known.Version ? (store, known) : (known, store);
            store = newer.View is null ? newer : newer with { Parts = newer.Parts ?? older.Parts };
        }
        _pending[store.NodeId] = store;
    }

    private void Flush()
    {
        var batch = _pending.Values.Take(MaxBatch).ToList();
        foreach (var store in batch)
            _pending.Remove(store.NodeId);
        var ids = batch.Select(b => b.NodeId).ToHashSet();
        _inFlight = _waiting.Where(w => ids.Contains(w.Ack.NodeId)).ToList();
        _waiting = _waiting.Where(w => !ids.Contains(w.Ack.NodeId)).ToList();
        IronicMetrics.ReadModelWriteBatchSize.Record(batch.Count);
        _flushedAt = Stopwatch.GetTimestamp();
        _writer.WriteAsync(batch).PipeTo(Self, success: () => BatchWritten.Instance, failure: e => new BatchFailed(batch, e));
    }

    /// <summary>The database has failed for too long: let the entities answer; their rows are still retried.</summary>
    private void ReleaseWaiting()
    {
        foreach (var (replyTo, ack) in _waiting)
            replyTo.Tell(ack with { Written = false });
        _waiting = [];
    }

    private sealed class ReservationsCleared : INoSerializationVerificationNeeded
    {
        public static readonly ReservationsCleared Instance = new();
    }

    private sealed class BatchWritten : INoSerializationVerificationNeeded
    {
        public static readonly BatchWritten Instance = new();
    }

    private sealed record BatchFailed(IReadOnlyList<StoreNode> Batch, Exception Cause) : INoSerializationVerificationNeeded;

    private sealed class Retry : INoSerializationVerificationNeeded
    {
        public static readonly Retry Instance = new();
    }
}
