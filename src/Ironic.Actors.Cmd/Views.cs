namespace Ironic.Actors.Cmd;

// The management endpoint's answers (snake_case JSON), as the tool reads them.

/// <summary><c>GET /cluster/members</c>: the answering member, the leader, and every member.</summary>
public sealed record MembersView(string Self, string? Leader, IReadOnlyList<MemberView>? Members);

/// <summary>One member; <see cref="Hostname"/> and <see cref="ConductorGroup"/> only for a conductor that answered.</summary>
public sealed record MemberView(
    string Address, IReadOnlyList<string>? Roles, string Status, bool Reachable, bool Leader, bool Self,
    string? Hostname, string? ConductorGroup);

/// <summary><c>GET /cluster-sharding/regions</c>.</summary>
public sealed record RegionsView(IReadOnlyList<RegionView>? Regions);

/// <summary>A shard region type and the members hosting a region of it.</summary>
public sealed record RegionView(string Name, string Local, IReadOnlyList<string>? Members);

/// <summary><c>GET /cluster-sharding/region-stats</c>.</summary>
public sealed record RegionStatsView(string Region, IReadOnlyList<MemberShardsView>? Members, int TotalShards, int TotalEntities);

/// <summary>One member's shards (id → awake entities) and the shards that did not answer.</summary>
public sealed record MemberShardsView(
    string Member, int ShardCount, int Entities, IReadOnlyDictionary<string, int>? Shards, IReadOnlyList<string>? FailedShards);

/// <summary><c>GET /nodes/{ident}/locate</c>; <see cref="Member"/> is null when the shard is not allocated.</summary>
public sealed record NodeLocation(string Node, string Shard, string? Member);

/// <summary>The answer to leave or down.</summary>
public sealed record MembershipChange(string Address, string Action, string Message);

/// <summary>An error answer.</summary>
public sealed record ErrorView(string? Error);
