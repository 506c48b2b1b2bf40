using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Ironic.Actors.Conductor.ReadModel.Sql;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Periodic;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol;

namespace Ironic.Actors.Conductor.ReadModel;

/// <summary>
/// This member's door to the read model: answers list queries (nodes, ports, portgroups) and the node sets periodic work
/// and takeover need, each with indexed SQL against the tables the node entities keep current. Nothing is held in
/// memory, so a member that just started answers at once, whatever the number of nodes. Each query runs off the
/// actor's thread and is piped back; a database that cannot answer gives <see cref="NodeQueries.Unavailable"/>.
/// It also keeps, refreshed every couple of seconds, which conductor hosts each shard (<see cref="ShardHosts"/>): a node's
/// <c>conductor</c> is the conductor hosting its shard, as Ironic's is the one its hash ring maps it to. And it follows
/// the cluster's members to tell its pages' row cache (<see cref="NodeRowCache"/>) whether this member is the only
/// conductor, the only writer of node rows.
/// </summary>
public sealed class NodeReadModelActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan HostsRefresh = TimeSpan.FromSeconds(2);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, string> _hostOfAddress = new();
    private ShardHosts _hosts = ShardHosts.Unknown;
    private bool _refreshing;
    private readonly NodeRowCache _rows = NodeRowCache.For(Context.System);
    private readonly Dictionary<UniqueAddress, Member> _members = new();
    private readonly Cluster? _cluster = ((ExtendedActorSystem)Context.System).Provider is ClusterActorRefProvider ? Cluster.Get(Context.System) : null;

    public NodeReadModelActor(ReadModelDatabase database)
    {
        var nodes = new NodeRowReader(database, _rows);
        var ports = new PortRowReader(database);
        var conductors = new ConductorRows(database);

        Receive<NodeQueries.ListNodes>(q =>
        {
            if (q.AsStored)
                Answer(nodes.StoredPageAsync(q, _hosts));
            else
                Answer(nodes.PageAsync(q, _hosts));
        });
        Receive<NodeQueries.FindNode>(q => Answer(Find(nodes, q.Ident, _hosts)));
        var counts = new NodeCountReader(database);
        Receive<NodeQueries.ListShards>(_ => Answer(Shards(counts)));
        Receive<PortQueries.ListPorts>(q => Answer(ports.PageAsync(q)));
        Receive<PortQueries.ListPortgroups>(q => Answer(ports.PageAsync(q)));
        var volumes = new VolumeRowReader(database);
        Receive<Protocol.Volumes.VolumeQueries.ListConnectors>(q => Answer(volumes.PageAsync(q)));
        Receive<Protocol.Volumes.VolumeQueries.ListTargets>(q => Answer(volumes.PageAsync(q)));
        Receive<PeriodicQueries.ListHosted>(q => Answer(Hosted(nodes, q)));
        Receive<NodeQueries.ListPlacements>(_ => Answer(Placements(nodes)));
        Receive<NodeQueries.ListInterrupted>(_ => Answer(Interrupted(nodes)));
        Receive<Protocol.Conductors.ConductorMessages.ListRegistered>(_ => Answer(Registered(conductors)));
        Receive<NodeQueries.IsReady>(_ =>
        {
            var replyTo = Sender;
            database.EnsureSchemaAsync().PipeTo(replyTo, success: () => new NodeQueries.Ready(true), failure: _ => new NodeQueries.Ready(false));
        });
        Receive<RefreshHosts>(_ => StartRefresh());
        Receive<HostsFound>(found =>
        {
            _refreshing = false;
            foreach (var (address, host) in found.NewHosts)
                _hostOfAddress[address] = host;
            var hosts = ShardHosts.From(found.Regions, _hostOfAddress);
            if (!hosts.SameAs(_hosts))
                NodeViewCache.For(Context.System).Invalidate(); // a node read before shows the conductor its shard had then
            _hosts = hosts;
        });
        Receive<Status.Failure>(_ => _refreshing = false); // no regions yet, or a member slow to answer: next time
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            _members.Clear();
            foreach (var member in state.Members)
                _members[member.UniqueAddress] = member;
            UpdateRowCache();
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _members.Remove(removed.Member.UniqueAddress);
            UpdateRowCache();
        });
        Receive<ClusterEvent.IMemberEvent>(changed =>
        {
            _members[changed.Member.UniqueAddress] = changed.Member;
            UpdateRowCache();
        });
    }

    /// <summary>
    /// The row cache is used while this member is a conductor, a member itself (it then knows the others), and no other
    /// member is a conductor (whatever its state, down or unreachable included: it may still write). Without a cluster it
    /// is not used.
    /// </summary>
    private void UpdateRowCache()
    {
        var self = _cluster!;
        _rows.Active = self.SelfRoles.Contains(ActorKeys.ConductorRole) && _members.ContainsKey(self.SelfUniqueAddress) && _members.Values.All(
            m => m.UniqueAddress.Equals(self.SelfUniqueAddress) || !m.HasRole(ActorKeys.ConductorRole));
    }

    public static Props Props(ReadModelDatabase database) => Akka.Actor.Props.Create<NodeReadModelActor>(database);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("hosts", RefreshHosts.Instance, TimeSpan.Zero, HostsRefresh);
        _cluster?.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
    }

    protected override void PostStop()
    {
        _rows.Active = false;
        _cluster?.Unsubscribe(Self);
    }

    /// <summary>Asks the shard regions which member hosts which shard, and new members' conductors their hostnames.</summary>
    private void StartRefresh()
    {
        if (_refreshing)
            return;
        IActorRef region;
        try
        {
            region = Akka.Cluster.Sharding.ClusterSharding.Get(Context.System).ShardRegion(Protocol.ActorKeys.NodeRegionName);
        }
        catch (ArgumentException)
        {
            return; // the region (or its proxy) has not started yet
        }
        _refreshing = true;
        FindHostsAsync(region, Context.System, _hostOfAddress.Keys.ToHashSet()).PipeTo(Self);
    }

    private static async Task<HostsFound> FindHostsAsync(IActorRef region, ActorSystem system, IReadOnlySet<string> known)
    {
        var stats = await region.Ask<Akka.Cluster.Sharding.ClusterShardingStats>(
            new Akka.Cluster.Sharding.GetClusterShardingStats(HostsRefresh), HostsRefresh * 2);
        var regions = stats.Regions.Select(r => (r.Key.ToString(), r.Value.Stats.Keys.AsEnumerable())).ToList();
        var newHosts = new List<(string, string)>();
        foreach (var (address, _) in regions.Where(r => !known.Contains(r.Item1)))
        {
            var info = await system.ActorSelection($"{address}/user/{Protocol.ActorKeys.ConductorActorName}")
                .Ask<Protocol.Conductors.ConductorMessages.ConductorInfo>(Protocol.Conductors.ConductorMessages.GetConductorInfo.Instance, HostsRefresh);
            newHosts.Add((address, info.Hostname));
        }
        return new HostsFound(regions, newHosts);
    }

    private sealed class RefreshHosts : INoSerializationVerificationNeeded
    {
        public static readonly RefreshHosts Instance = new();
    }

    private sealed record HostsFound(IReadOnlyList<(string Address, IEnumerable<string> ShardIds)> Regions, IReadOnlyList<(string Address, string Host)> NewHosts)
        : INoSerializationVerificationNeeded;

    private static async Task<object> Find(NodeRowReader nodes, string ident, ShardHosts hosts) =>
        await nodes.FindAsync(ident, hosts) is { } view
            ? view
            : new Replies.Rejected(RejectionKind.NotFound, Rejection.NodeNotFound(ident).Message);

    private static async Task<PeriodicQueries.HostedNodes> Hosted(NodeRowReader nodes, PeriodicQueries.ListHosted q)
    {
        var (found, lastShard, lastRow) = await nodes.InShardsAsync(q.ShardIds, q.AfterShard, q.AfterRow, q.Limit, q.ProvisionStates, q.Fault);
        return new(found, lastRow, lastShard);
    }

    private static async Task<Protocol.Conductors.ConductorMessages.Registered> Registered(ConductorRows conductors) =>
        new(await conductors.AllAsync());

    private static async Task<NodeQueries.InterruptedNodes> Interrupted(NodeRowReader nodes) => new(await nodes.InterruptedAsync());

    private static async Task<NodeQueries.Placements> Placements(NodeRowReader nodes) => new(await nodes.PlacementsAsync());

    private static async Task<NodeQueries.Shards> Shards(NodeCountReader counts) => new(await counts.ByShardAsync());

    /// <summary>Pipes the query's answer to the sender, or <see cref="NodeQueries.Unavailable"/> when it failed.</summary>
    private void Answer<T>(Task<T> query) where T : notnull
    {
        var log = _log;
        query.PipeTo(Sender, success: result => result, failure: e =>
        {
            log.Warning(e, "Read model query failed");
            return new NodeQueries.Unavailable($"The node list is unavailable: its database did not answer ({e.GetBaseException().Message}). Please retry.");
        });
    }
}
