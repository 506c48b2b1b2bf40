using Ironic.Actors.Protocol;
using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Conductor.Telemetry;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Periodic;

/// <summary>
/// A conductor's power-state sync and power-failure recovery (Ironic's <c>_sync_power_states</c> and
/// <c>_power_failure_recovery</c>). Every interval it lists the nodes of the shards this conductor hosts from the
/// query model (so no node entity is woken for it), reads their BMCs through the power driver actor with at most
/// <see cref="ConductorOptions.SyncPowerStateWorkers"/> reads at once, and messages a node only when its recorded
/// state must change or its failures ran out. The nodes come a page at a time (<see cref="PeriodicQueries.ListHosted.PageSize"/>),
/// the next page asked for while half of the last is still to be read, so a pass over 100,000 nodes holds a few hundred at
/// once. The count of consecutive failures per node is kept here, in memory, like Ironic's <c>power_state_sync_count</c>;
/// within a page, nodes failing most are read first.
/// </summary>
public sealed class PowerSyncActor : ReceiveActor, IWithTimers
{
    /// <summary>Pass names, for <see cref="PeriodicCommands.RunPass"/>.</summary>
    public const string SyncPass = "power-sync", RecoveryPass = "power-failure-recovery";

    private readonly ConductorOptions _options;
    private readonly IActorRef _region;
    private readonly IActorRef _queryModel;
    private readonly IActorRef _drivers;
    private readonly TimeProvider _time;
    private readonly NodeMessageExtractor _shards;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Guid, int> _failures = new();
    private readonly List<(string Pass, IActorRef? ReplyTo)> _pending = new();
    private Pass? _pass;

    public PowerSyncActor(ConductorOptions options, IActorRef region, IActorRef queryModel, IActorRef drivers, TimeProvider time)
    {
        _options = options;
        _region = region;
        _queryModel = queryModel;
        _drivers = drivers;
        _time = time;
        _shards = new NodeMessageExtractor(options.NumberOfShards);
        _cluster = Akka.Cluster.Cluster.Get(Context.System);

        Receive<PeriodicCommands.RunPass>(r => Request(r.Pass, Sender));
        Receive<Tick>(t => Request(t.Pass, null));
        Receive<ShardsFound>(OnShardsFound);
        Receive<Fetched>(OnFetched);
        Receive<ReadDone>(OnReadDone);
        Receive<NodeAnswered>(OnNodeAnswered);
    }

    public static Props Props(ConductorOptions options, IActorRef region, IActorRef queryModel, IActorRef drivers, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new PowerSyncActor(options, region, queryModel, drivers, time));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Schedule(SyncPass, _options.SyncPowerStateInterval);
        Schedule(RecoveryPass, _options.PowerFailureRecoveryInterval);
    }

    private void Schedule(string pass, int seconds)
    {
        if (seconds <= 0)
            return;
        var interval = TimeSpan.FromSeconds(seconds);
        Timers.StartPeriodicTimer(pass, new Tick(pass), HostedNodes.AlignedDelay(_time, interval), interval);
    }

    /// <summary>Runs <paramref name="pass"/> now, or after the running pass; a timer tick is dropped when that pass is already due.</summary>
    private void Request(string pass, IActorRef? replyTo)
    {
        if (pass is not (SyncPass or RecoveryPass))
        {
            replyTo?.Tell(new Status.Failure(new ArgumentException($"unknown pass '{pass}'")));
            return;
        }
        if (replyTo is null && (_pass?.Name == pass || _pending.Any(p => p.Pass == pass)))
            return;
        _pending.Add((pass, replyTo));
        StartNext();
    }

    private void StartNext()
    {
        if (_pass is not null || _pending.Count == 0)
            return;
        var name = _pending[0].Pass;
        var waiters = _pending.Where(p => p.Pass == name).Select(p => p.ReplyTo).OfType<IActorRef>().ToList();
        _pending.RemoveAll(p => p.Pass == name);
        _pass = new Pass(name, _time.GetTimestamp(), waiters);
        HostedNodes.ShardsAsync(_region, _queryModel, _shards, _cluster, AskTimeout)
            .PipeTo(Self, success: shards => new ShardsFound(shards), failure: e => new Fetched([], default) { Error = e });
    }

    private void OnShardsFound(ShardsFound found)
    {
        _pass!.Shards = found.Shards;
        FetchPage();
    }

    private void FetchPage()
    {
        var pass = _pass!;
        pass.Fetching = true;
        // The recovery pass lists only the nodes the sync put into maintenance (a few, where the sync lists them all).
        var fault = pass.Name == RecoveryPass ? PowerSync.PowerFailureFault : null;
        HostedNodes.PageAsync(_queryModel, pass.Shards, _shards.MaxNumberOfShards, pass.After, AskTimeout, fault: fault)
            .PipeTo(Self, success: page => new Fetched(page.Nodes, (page.LastShard, page.LastRow)), failure: e => new Fetched([], default) { Error = e });
    }

    private TimeSpan AskTimeout => TimeSpan.FromSeconds(_options.PowerStateChangeTimeout + 10);

    private void OnFetched(Fetched fetched)
    {
        var pass = _pass!;
        pass.Fetching = false;
        if (fetched.Error is not null)
        {
            _log.Warning(fetched.Error, "{0}: could not list the nodes this conductor hosts; {1}", pass.Name,
                pass.After == default ? "skipping this pass" : "ending this pass early");
            pass.LastPage = true;
            pass.Interrupted = true;
            ReadMore();
            return;
        }
        pass.Nodes += fetched.Nodes.Count;
        pass.After = fetched.Last;
        pass.LastPage = fetched.Nodes.Count < PeriodicQueries.ListHosted.PageSize;
        IEnumerable<Node> candidates;
        if (pass.Name == SyncPass)
        {
            foreach (var node in fetched.Nodes)
                pass.Seen.Add(node.Uuid);
            candidates = fetched.Nodes.Where(n => !PowerSync.Skips(n)).OrderByDescending(n => _failures.GetValueOrDefault(n.Uuid));
        }
        else
        {
            candidates = fetched.Nodes.Where(PowerSync.NeedsRecovery);
        }
        foreach (var node in candidates)
            pass.Queue.Enqueue(node);
        ReadMore();
    }

    private void ReadMore()
    {
        var pass = _pass!;
        while (pass.InFlight < Math.Max(1, _options.SyncPowerStateWorkers) && pass.Queue.TryDequeue(out var node))
        {
            pass.InFlight++;
            pass.Checked++;
            var read = new DriverCalls.ReadPowerState(node.Uuid, node, AlwaysValidate: pass.Name == RecoveryPass);
            _drivers.Ask<DriverCallReplies.PowerRead>(read, AskTimeout)
                .PipeTo(Self, success: r => new ReadDone(node, r.Reading), failure: e => new ReadDone(node, PowerReading.Failed(e.Message)));
        }
        // The next page is asked for while half of this one is still queued, so the reads do not wait for it.
        if (!pass.Fetching && !pass.LastPage && pass.Queue.Count < PeriodicQueries.ListHosted.PageSize / 2)
            FetchPage();
        else if (!pass.Fetching && pass.LastPage && pass.Queue.Count == 0 && pass.InFlight == 0)
            Complete();
    }

    private void OnReadDone(ReadDone done)
    {
        var pass = _pass!;
        var id = done.Node.Uuid;
        if (!done.Reading.Succeeded)
            pass.FailedReads++;
        if (pass.Name == RecoveryPass)
        {
            if (done.Reading.Succeeded && done.Reading.PowerState != Domain.States.PowerStates.Error)
                AskNode(new PeriodicCommands.RecoverPowerFailure(id, done.Reading), done.Node);
            else
                Finish();
            return;
        }

        var previous = _failures.GetValueOrDefault(id);
        var (step, count) = PowerSync.Assess(done.Node, done.Reading, previous, _options.PowerSync);
        switch (step)
        {
            case PowerSyncStep.InSync:
                _failures.Remove(id);
                Finish();
                break;
            case PowerSyncStep.CountFailure:
                _failures[id] = count;
                _log.Warning("During sync_power_state, could not get power state for node {0}, attempt {1} of {2}. Error: {3}.",
                    id, count, _options.PowerStateSyncMaxRetries, done.Reading.Error);
                Finish();
                break;
            default:
                AskNode(new PeriodicCommands.SyncPowerState(id, done.Reading, previous), done.Node);
                break;
        }
    }

    private void AskNode(IWithNodeId command, Node node) =>
        _region.Ask<PeriodicCommands.PowerSynced>(new PlacedNodeMessage(NodePlacement.Of(node), command), AskTimeout)
            .PipeTo(Self, success: r => new NodeAnswered(node.Uuid, r), failure: _ => new NodeAnswered(node.Uuid, null));

    private void OnNodeAnswered(NodeAnswered answer)
    {
        var pass = _pass!;
        if (answer.Reply is { } reply)
        {
            if (pass.Name == SyncPass)
            {
                if (reply.Failures == 0)
                    _failures.Remove(answer.NodeId);
                else
                    _failures[answer.NodeId] = reply.Failures;
            }
            if (reply.Outcome is PowerSyncOutcome.Recorded or PowerSyncOutcome.Forced or PowerSyncOutcome.Maintenance or PowerSyncOutcome.Recovered)
                pass.Changed++;
        }
        else
        {
            _log.Info("{0}: node {1} did not answer in time; it is left for the next pass", pass.Name, answer.NodeId);
        }
        Finish();
    }

    private void Finish()
    {
        _pass!.InFlight--;
        ReadMore();
    }

    private void Complete()
    {
        var pass = _pass!;
        if (pass.Name == SyncPass && !pass.Interrupted)
        {
            // Forget counts of nodes no longer here (moved to another conductor, or deleted).
            foreach (var gone in _failures.Keys.Where(id => !pass.Seen.Contains(id)).ToList())
                _failures.Remove(gone);
        }
        var took = _time.GetElapsedTime(pass.StartedAt);
        IronicMetrics.PowerSyncDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("pass", pass.Name));
        var result = new PeriodicCommands.PassCompleted(pass.Name, pass.Nodes, pass.Checked, pass.Changed, pass.FailedReads, took);
        if (pass.Checked > 0 || pass.Waiters.Count > 0)
            _log.Info("{0}: {1} hosted nodes, {2} read, {3} changed, {4} failed reads, in {5:0} ms",
                pass.Name, pass.Nodes, pass.Checked, pass.Changed, pass.FailedReads, took.TotalMilliseconds);
        foreach (var waiter in pass.Waiters)
            waiter.Tell(result);
        _pass = null;
        StartNext();
    }

    private sealed class Pass(string name, long startedAt, List<IActorRef> waiters)
    {
        public string Name { get; } = name;
        public long StartedAt { get; } = startedAt;
        public List<IActorRef> Waiters { get; } = waiters;
        public Queue<Node> Queue { get; } = new();
        public IReadOnlyList<string> Shards { get; set; } = [];
        public HashSet<Guid> Seen { get; } = new();
        public (string? Shard, long Row) After { get; set; } // where the next page starts (HostedNodes.PageAsync)
        public bool Fetching { get; set; }
        public bool LastPage { get; set; }
        public bool Interrupted { get; set; }
        public int Nodes { get; set; }
        public int InFlight { get; set; }
        public int Checked { get; set; }
        public int Changed { get; set; }
        public int FailedReads { get; set; }
    }

    // Strictly local messages between this actor, its timers and its own asks.
    private sealed record Tick(string Pass) : INoSerializationVerificationNeeded;

    private sealed record ShardsFound(IReadOnlyList<string> Shards) : INoSerializationVerificationNeeded;

    private sealed record Fetched(IReadOnlyList<Node> Nodes, (string? Shard, long Row) Last) : INoSerializationVerificationNeeded
    {
        public Exception? Error { get; init; }
    }

    private sealed record ReadDone(Node Node, PowerReading Reading) : INoSerializationVerificationNeeded;

    private sealed record NodeAnswered(Guid NodeId, PeriodicCommands.PowerSynced? Reply) : INoSerializationVerificationNeeded;
}
