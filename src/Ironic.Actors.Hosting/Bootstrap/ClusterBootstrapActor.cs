using System.Net.Http.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Discovery;
using Akka.Event;

namespace Ironic.Actors.Hosting.Bootstrap;

/// <summary>
/// Forms or joins the cluster through service discovery when no seed nodes are configured (Akka.Management's Cluster
/// Bootstrap, which this package source cannot run, done here with our own management endpoint): every round it looks
/// the service up (<see cref="ClusterDiscoveryOptions.Method"/>: config or kubernetes-api), asks each contact point's
/// <c>GET /bootstrap/seed-nodes</c> which cluster it sees, and follows <see cref="BootstrapDecision"/>. It stops once
/// this member has joined or formed; Akka retries the join itself.
/// </summary>
public sealed class ClusterBootstrapActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClusterDiscoveryOptions _options;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ServiceDiscovery _discovery;
    private readonly HttpClient _http;
    private IReadOnlySet<string> _contacts = new HashSet<string>();
    private DateTime _contactsSince = DateTime.UtcNow;
    private string? _lastWait;

    public ClusterBootstrapActor(ClusterDiscoveryOptions options, HttpClient http)
    {
        _options = options;
        _http = http;
        _discovery = Discovery.Get(Context.System).Default;

        Receive<Tick>(_ =>
        {
            if (_cluster.SelfMember.Status != MemberStatus.Removed && _cluster.State.Members.Any(m => m.Address == _cluster.SelfAddress))
            {
                Context.Stop(Self); // joined (or joining): nothing left to do
                return;
            }
            RoundAsync(_discovery, _http, Lookup, Timeout).PipeTo(Self, failure: e => new Round([], [], e.Message));
        });
        Receive<Round>(OnRound);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterDiscoveryOptions options, HttpClient http) =>
        Akka.Actor.Props.Create(() => new ClusterBootstrapActor(options, http));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("round", Tick.Instance, TimeSpan.Zero, TimeSpan.FromSeconds(Math.Max(0.1, _options.ProbeInterval)));

    private Lookup Lookup => _options.Method == "kubernetes-api"
        ? new Lookup(_options.ServiceName).WithPortName(_options.PortName)
        : new Lookup(_options.ServiceName);

    private TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, _options.ProbeInterval * 2));

    private void OnRound(Round round)
    {
        if (round.Error is not null)
            _log.Warning("Cluster bootstrap: discovery of '{0}' failed: {1}", _options.ServiceName, round.Error);
        var contacts = round.Discovered.ToHashSet(StringComparer.Ordinal);
        if (!contacts.SetEquals(_contacts))
        {
            _contacts = contacts;
            _contactsSince = DateTime.UtcNow;
            _log.Info("Cluster bootstrap: contact points of '{0}': [{1}]", _options.ServiceName, string.Join(", ", contacts.Order(StringComparer.Ordinal)));
        }
        var step = BootstrapDecision.Decide(_cluster.SelfAddress.ToString(), round.Probes, contacts.Count, _options.RequiredContactPoints,
            DateTime.UtcNow - _contactsSince, TimeSpan.FromSeconds(_options.StableMargin));
        switch (step)
        {
            case BootstrapStep.Join join:
                _log.Info("Cluster bootstrap: joining the cluster of [{0}]", string.Join(", ", join.SeedNodes));
                _cluster.JoinSeedNodes(join.SeedNodes.Select(Address.Parse));
                Timers.CancelAll();
                Context.Stop(Self);
                break;
            case BootstrapStep.Form:
                _log.Info("Cluster bootstrap: no contact point is in a cluster and this member's address is the lowest; forming a new cluster");
                _cluster.Join(_cluster.SelfAddress);
                Timers.CancelAll();
                Context.Stop(Self);
                break;
            case BootstrapStep.Wait wait when wait.Reason != _lastWait:
                _lastWait = wait.Reason;
                _log.Info("Cluster bootstrap: waiting: {0}", wait.Reason);
                break;
        }
    }

    /// <summary>One round: discovery, then every contact point probed at once (one that does not answer in time is left out).</summary>
    private static async Task<Round> RoundAsync(ServiceDiscovery discovery, HttpClient http, Lookup lookup, TimeSpan timeout)
    {
        var resolved = await discovery.Lookup(lookup, timeout);
        var contacts = resolved.Addresses
            .Where(a => a.Port is not null)
            .Select(a => $"{a.Host}:{a.Port}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var probes = await Task.WhenAll(contacts.Select(async contact =>
        {
            try
            {
                using var cancel = new CancellationTokenSource(timeout);
                var seen = await http.GetFromJsonAsync<SeedNodesView>($"http://{contact}/bootstrap/seed-nodes", cancel.Token);
                return seen is null ? null : new ContactProbe(contact, seen.Self, seen.Members ?? []);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
            {
                return null;
            }
        }));
        return new Round(contacts, probes.OfType<ContactProbe>().ToList(), null);
    }

    private sealed record Round(IReadOnlyList<string> Discovered, IReadOnlyList<ContactProbe> Probes, string? Error)
        : INoSerializationVerificationNeeded;

    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
}

/// <summary><c>GET /bootstrap/seed-nodes</c>: this member's address and the members it sees up (none before it has joined).</summary>
public sealed record SeedNodesView(
    [property: System.Text.Json.Serialization.JsonPropertyName("self")] string Self,
    [property: System.Text.Json.Serialization.JsonPropertyName("members")] IReadOnlyList<string>? Members);
