using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Ironic.Actors.Conductor.Nodes;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Hosting.Management;

/// <summary>A request the endpoint answers with an error status (400, 404, 503, 504) and message.</summary>
public sealed class ManagementProblem(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// What the management endpoint reads from and does to the cluster. Plain async code over Asks (never inside an
/// actor): cluster state from <see cref="Cluster"/>, conductor names from each member's conductor actor, shards from
/// the node shard region (or proxy), node idents through the node registry (the read model when it does not answer).
/// </summary>
public sealed class ClusterInspector(IServiceProvider services, IOptions<ManagementOptions> options, IronicOptions ironic)
{
    private ManagementOptions Options => options.Value;

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.#} s";

    /// <summary>The actor system, once Akka.Hosting has started it and registered the node region.</summary>
    private async Task<(ActorSystem System, ActorRegistry Registry)> StartedAsync(CancellationToken cancel)
    {
        var registry = services.GetRequiredService<ActorRegistry>();
        await registry.GetAsync<ActorKeys.NodeRegion>(cancel);
        return (services.GetRequiredService<ActorSystem>(), registry);
    }

    public async Task<MembersView> MembersAsync(CancellationToken cancel)
    {
        var (system, _) = await StartedAsync(cancel);
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        var conductors = await Task.WhenAll(members.Select(m =>
            m.HasRole(ActorKeys.ConductorRole) && !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving
                ? ConductorOfAsync(system, m.Address, cancel)
                : Task.FromResult<ConductorMessages.ConductorInfo?>(null)));
        var views = members.Select((m, i) => new MemberView(
            m.Address.ToString(),
            m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(),
            m.Status.ToString(),
            Reachable: !state.Unreachable.Contains(m),
            Leader: m.Address.Equals(state.Leader),
            Self: m.Address.Equals(cluster.SelfAddress),
            conductors[i]?.Hostname,
            conductors[i]?.ConductorGroup)).ToList();
        return new MembersView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), views);
    }

    /// <summary>A conductor's hostname and group; null when it does not answer in time (it shows without them).</summary>
    private async Task<ConductorMessages.ConductorInfo?> ConductorOfAsync(ActorSystem system, Address member, CancellationToken cancel)
    {
        try
        {
            var selection = system.ActorSelection(member + "/user/" + ActorKeys.ConductorActorName);
            return await selection.Ask<object>(ConductorMessages.GetConductorInfo.Instance, Options.ConductorTimeout, cancel)
                as ConductorMessages.ConductorInfo;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    public async Task<RegionsView> RegionsAsync(CancellationToken cancel)
    {
        var (_, registry) = await StartedAsync(cancel);
        var region = await registry.GetAsync<ActorKeys.NodeRegion>(cancel);
        var current = await AskAsync<CurrentRegions>(region, GetCurrentRegions.Instance, "the node shard region", cancel);
        var members = current.Regions.Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        return new RegionsView([new RegionView(ActorKeys.NodeRegionName, ironic.IsConductor ? "region" : "proxy", members)]);
    }

    public async Task<RegionStatsView> RegionStatsAsync(CancellationToken cancel)
    {
        var stats = await ShardingStatsAsync(cancel);
        var members = stats.Regions
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .Select(r => new MemberShardsView(
                r.Key.ToString(),
                r.Value.Stats.Count,
                r.Value.Stats.Values.Sum(),
                r.Value.Stats.ToImmutableSortedDictionary(s => s.Key, s => s.Value, ShardIdOrder.Instance),
                (r.Value.Failed ?? ImmutableHashSet<string>.Empty).Order(ShardIdOrder.Instance).ToList()))
            .ToList();
        return new RegionStatsView(ActorKeys.NodeRegionName, members, members.Sum(m => m.ShardCount), members.Sum(m => m.Entities));
    }

    /// <summary>
    /// Statistics of every region. The coordinator answers none at all when one region does not answer in time (a member
    /// just lost, say) or while it has not been found; that is reported as such rather than as a cluster without shards.
    /// </summary>
    private async Task<ClusterShardingStats> ShardingStatsAsync(CancellationToken cancel)
    {
        var (_, registry) = await StartedAsync(cancel);
        var region = await registry.GetAsync<ActorKeys.NodeRegion>(cancel);
        var stats = await AskAsync<ClusterShardingStats>(region, new GetClusterShardingStats(Options.Timeout), "the shard coordinator", cancel,
            Options.Timeout + TimeSpan.FromSeconds(1));
        if (stats.Regions.Count == 0 &&
            (await AskAsync<CurrentRegions>(region, GetCurrentRegions.Instance, "the node shard region", cancel)).Regions.Count > 0)
            throw new ManagementProblem(503,
                "The shard coordinator gave no statistics although regions exist: a region did not answer in time " +
                "(a member may have just left or become unreachable); please retry.");
        return stats;
    }

    public async Task<NodeLocation> LocateAsync(string ident, CancellationToken cancel)
    {
        var nodeId = await ResolveAsync(ident, cancel);
        var (_, registry) = await StartedAsync(cancel);
        var queryModel = await registry.GetAsync<ActorKeys.NodeQueryModel>(cancel);
        // The shard follows from the UUID and the node's placement (its conductor group and hardware type).
        var found = await AskAsync<object>(queryModel, new NodeQueries.FindNode(nodeId.ToString()), "the read model", cancel);
        if (found is not NodeReplies.NodeView view)
            throw new ManagementProblem(404, $"Node {ident} could not be found.");
        var shard = new NodeMessageExtractor(ironic.Conductor.NumberOfShards)
            .ShardOf(nodeId, Protocol.Nodes.NodePlacement.Of(view.Node));
        var stats = await ShardingStatsAsync(cancel);
        var member = stats.Regions.FirstOrDefault(r => r.Value.Stats.ContainsKey(shard)).Key;
        return new NodeLocation(nodeId.ToString(), shard, member?.ToString());
    }

    /// <summary>
    /// A node's UUID from its UUID or name. A UUID is checked against the read model (the registry keeps names only); a
    /// name is resolved by the registry, or by the read model when the registry does not answer in time.
    /// </summary>
    private async Task<Guid> ResolveAsync(string ident, CancellationToken cancel)
    {
        var (_, registry) = await StartedAsync(cancel);
        var queryModel = await registry.GetAsync<ActorKeys.NodeQueryModel>(cancel);
        object answer;
        if (Guid.TryParse(ident, out var uuid))
        {
            try
            {
                answer = await queryModel.Ask<object>(new NodeQueries.FindNode(uuid.ToString()), Options.Timeout, cancel);
            }
            catch (AskTimeoutException)
            {
                return uuid; // the shard follows from the UUID alone
            }
        }
        else
        {
            try
            {
                var nodeRegistry = await registry.GetAsync<ActorKeys.NodeRegistry>(cancel);
                answer = await nodeRegistry.Ask<object>(new RegistryMessages.Resolve(ident), Options.Timeout, cancel);
            }
            catch (AskTimeoutException)
            {
                answer = await AskAsync<object>(queryModel, new NodeQueries.FindNode(ident), "the node registry and the read model", cancel);
            }
        }
        return answer switch
        {
            RegistryMessages.Resolved { NodeId: { } id } => id,
            NodeReplies.NodeView view => view.Node.Uuid,
            RegistryMessages.Resolved or Replies.Rejected { Kind: Domain.Decisions.RejectionKind.NotFound } =>
                throw new ManagementProblem(404, $"Node {ident} could not be found."),
            Replies.Rejected rejected => throw new ManagementProblem(400, rejected.Message),
            _ => throw new InvalidOperationException($"Unexpected answer to a node look-up: {answer.GetType().Name}"),
        };
    }

    /// <summary>Asks a member to leave (<paramref name="down"/> false) or marks it down. Unknown address: 404.</summary>
    public async Task<MembershipChange> ChangeMembershipAsync(string? addressText, bool down, CancellationToken cancel)
    {
        var (system, _) = await StartedAsync(cancel);
        Address address;
        try
        {
            address = Address.Parse(addressText ?? throw new UriFormatException());
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw new ManagementProblem(400, $"'{addressText}' is not a member address (akka.tcp://SYSTEM@HOST:PORT).");
        }

        var cluster = Cluster.Get(system);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address))
                     ?? throw new ManagementProblem(404, $"{address} is not a member of this cluster.");
        if (down)
            cluster.Down(member.Address);
        else
            cluster.Leave(member.Address);
        return new MembershipChange(member.Address.ToString(), down ? "down" : "leave",
            down ? $"{member.Address} is marked down (it was {member.Status})." : $"{member.Address} was asked to leave (it was {member.Status}).");
    }

    private async Task<T> AskAsync<T>(IActorRef target, object message, string what, CancellationToken cancel, TimeSpan? timeout = null)
    {
        var wait = timeout ?? Options.Timeout;
        try
        {
            return await target.Ask<T>(message, wait, cancel);
        }
        catch (AskTimeoutException)
        {
            throw new ManagementProblem(504, $"{what} did not answer within {Seconds(wait)}; please retry.");
        }
    }

    /// <summary>Numeric shard ids in numeric order (the node region's are 0..N-1), others after them in ordinal order.</summary>
    private sealed class ShardIdOrder : IComparer<string>
    {
        public static readonly ShardIdOrder Instance = new();

        public int Compare(string? x, string? y) =>
            (int.TryParse(x, out var a), int.TryParse(y, out var b)) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
    }
}
