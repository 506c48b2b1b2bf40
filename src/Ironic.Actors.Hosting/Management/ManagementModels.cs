namespace Ironic.Actors.Hosting.Management;

// What the management endpoint answers, written as snake_case JSON (see ManagementEndpoints.Json).

/// <summary><c>GET /cluster/members</c>: the cluster as the answering member sees it.</summary>
public sealed record MembersView(string Self, string? Leader, IReadOnlyList<MemberView> Members);

/// <summary>
/// One member: its roles, Akka status, whether the failure detector of the answering member reaches it, whether it is the
/// leader, and for a conductor that answered in time its hostname and conductor group (else null).
/// </summary>
public sealed record MemberView(
    string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool Leader, bool Self,
    string? Hostname, string? ConductorGroup);

/// <summary><c>GET /cluster-sharding/regions</c>: each shard region type and the members that host a region of it.</summary>
public sealed record RegionsView(IReadOnlyList<RegionView> Regions);

/// <summary>A shard region type; <paramref name="Local"/> is "region" or "proxy" on the answering member.</summary>
public sealed record RegionView(string Name, string Local, IReadOnlyList<string> Members);

/// <summary><c>GET /cluster-sharding/region-stats</c>: shards and awake entities per member, and totals.</summary>
public sealed record RegionStatsView(string Region, IReadOnlyList<MemberShardsView> Members, int TotalShards, int TotalEntities);

/// <summary>
/// One member's region: entities per shard id (sleeping nodes are not counted), and the shards that did not answer in time.
/// </summary>
public sealed record MemberShardsView(
    string Member, int ShardCount, int Entities, IReadOnlyDictionary<string, int> Shards, IReadOnlyList<string> FailedShards);

/// <summary><c>GET /nodes/{ident}/locate</c>: the node's UUID, its shard, and the member hosting that shard (null: not allocated).</summary>
public sealed record NodeLocation(string Node, string Shard, string? Member);

/// <summary><c>POST /cluster/leave</c> or <c>/cluster/down</c> accepted (202).</summary>
public sealed record MembershipChange(string Address, string Action, string Message);

/// <summary>Any refusal or failure: 400, 403, 404, 503, 504.</summary>
public sealed record ManagementError(string Error);

/// <summary>Body of <c>POST /cluster/leave</c> and <c>/cluster/down</c>.</summary>
public sealed record MembershipRequest(string? Address);
