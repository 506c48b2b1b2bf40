using Ironic.Actors.Protocol.Nodes;
using Akka.Actor;
using Akka.Event;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Protocol.Periodic;

namespace Ironic.Actors.Conductor.Periodic;

/// <summary>
/// A conductor's provisioning time-out checks (Ironic's <c>_check_deploy_timeouts</c>, <c>_check_cleanwait_timeouts</c>,
/// <c>_check_inspect_wait_timeouts</c>, <c>_check_rescuewait_timeouts</c>). Every
/// <see cref="ConductorOptions.CheckProvisionStateInterval"/> it finds, in the query model (hosted nodes in a wait
/// state, a page at a time), those that have waited too long for their agent and asks each to fail itself; the node re-checks against its own state
/// and clock. At most <see cref="ConductorOptions.PeriodicMaxWorkers"/> nodes per wait state per pass, oldest first.
/// </summary>
public sealed class ProvisionTimeoutActor : ReceiveActor, IWithTimers
{
    /// <summary>The pass name, for <see cref="PeriodicCommands.RunPass"/>.</summary>
    public const string PassName = "provision-timeouts";

    private readonly ConductorOptions _options;
    private readonly IActorRef _region;
    private readonly IActorRef _queryModel;
    private readonly TimeProvider _time;
    private readonly NodeMessageExtractor _shards;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiting = new();
    private List<IActorRef>? _running;
    private long _startedAt;

    public ProvisionTimeoutActor(ConductorOptions options, IActorRef region, IActorRef queryModel, TimeProvider time)
    {
        _options = options;
        _region = region;
        _queryModel = queryModel;
        _time = time;
        _shards = new NodeMessageExtractor(options.NumberOfShards);
        _cluster = Akka.Cluster.Cluster.Get(Context.System);

        Receive<PeriodicCommands.RunPass>(r =>
        {
            if (r.Pass != PassName)
            {
                Sender.Tell(new Status.Failure(new ArgumentException($"unknown pass '{r.Pass}'")));
                return;
            }
            _waiting.Add(Sender);
            StartIfIdle();
        });
        Receive<Tick>(_ => StartIfIdle());
        Receive<Checked>(OnChecked);
    }

    public static Props Props(ConductorOptions options, IActorRef region, IActorRef queryModel, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new ProvisionTimeoutActor(options, region, queryModel, time));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_options.CheckProvisionStateInterval <= 0)
            return;
        var interval = TimeSpan.FromSeconds(_options.CheckProvisionStateInterval);
        Timers.StartPeriodicTimer("check", Tick.Instance, HostedNodes.AlignedDelay(_time, interval), interval);
    }

    private void StartIfIdle()
    {
        if (_running is not null)
            return;
        _running = [.. _waiting];
        _waiting.Clear();
        _startedAt = _time.GetTimestamp();
        RunAsync().PipeTo(Self, failure: e => new Checked(0, 0, 0) { Error = e });
    }

    private async Task<Checked> RunAsync()
    {
        var timeout = TimeSpan.FromSeconds(30);
        // Only nodes in a wait state are listed; of each page only the expired ones are kept.
        var now = _time.GetUtcNow();
        var waiting = 0;
        var candidates = new List<Node>();
        await foreach (var page in HostedNodes.PagesAsync(_region, _queryModel, _shards, _cluster, timeout, ProvisionTimeouts.WaitStates))
        {
            waiting += page.Count;
            candidates.AddRange(page.Where(n => ProvisionTimeouts.IsExpired(n, now, _options.ProvisionTimeouts)));
        }
        var expired = ProvisionTimeouts.Expired(candidates, now, _options.ProvisionTimeouts, Math.Max(1, _options.PeriodicMaxWorkers));
        var answers = await Task.WhenAll(expired.Select(n => AskAsync(n, timeout)));
        return new Checked(waiting, expired.Count, answers.Count(failed => failed));
    }

    private async Task<bool> AskAsync(Node node, TimeSpan timeout)
    {
        try
        {
            var answer = await _region.Ask<PeriodicCommands.TimeoutChecked>(
                new PlacedNodeMessage(NodePlacement.Of(node), new PeriodicCommands.CheckProvisionTimeout(node.Uuid)), timeout);
            return answer.Failed;
        }
        catch (AskTimeoutException)
        {
            return false; // busy or moving: the next pass looks again
        }
    }

    private void OnChecked(Checked done)
    {
        if (done.Error is not null)
            _log.Warning(done.Error, "Provisioning time-out check failed; trying again next interval");
        var took = _time.GetElapsedTime(_startedAt);
        if (done.Failed > 0)
            _log.Warning("Provisioning time-outs: failed {0} of {1} expired nodes ({2} hosted nodes waiting) in {3:0} ms",
                done.Failed, done.Expired, done.Nodes, took.TotalMilliseconds);
        var result = new PeriodicCommands.PassCompleted(PassName, done.Nodes, done.Expired, done.Failed, 0, took);
        foreach (var waiter in _running!)
            waiter.Tell(result);
        _running = null;
        if (_waiting.Count > 0)
            StartIfIdle();
    }

    // Strictly local messages between this actor, its timer and its own task.
    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Checked(int Nodes, int Expired, int Failed) : INoSerializationVerificationNeeded
    {
        public Exception? Error { get; init; }
    }
}
