using Ironic.Actors.Conductor;
using Ironic.Actors.Drivers.Abstractions;

namespace Ironic.Actors.Hosting;

/// <summary>Everything Ironic.Actors reads from configuration section "Ironic" (appsettings, environment, command line).</summary>
public sealed class IronicOptions
{
    public const string Section = "Ironic";

    /// <summary>
    /// Cluster roles of this process: "gateway", "conductor", or both. Empty means both (all-in-one, the default).
    /// (Empty rather than pre-filled, because configuration binding appends to a list's defaults.)
    /// </summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The roles in effect.</summary>
    public IReadOnlyList<string> EffectiveRoles
    {
        get
        {
            var roles = Roles.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
            return roles.Count > 0 ? roles : [Protocol.ActorKeys.GatewayRole, Protocol.ActorKeys.ConductorRole];
        }
    }

    /// <summary>
    /// The cluster roles this member joins with: <see cref="EffectiveRoles"/>, and for a conductor one role for its
    /// conductor group and one per enabled hardware type, which decide which node shards it may host
    /// (<see cref="Protocol.Nodes.NodePlacement"/>).
    /// </summary>
    public IReadOnlyList<string> MemberRoles =>
        !IsConductor
            ? EffectiveRoles
            : EffectiveRoles.Append(Protocol.Nodes.NodePlacement.GroupRole(Conductor.ConductorGroup))
                .Concat(Hardware.GetEnabledHardwareTypes().Select(Protocol.Nodes.NodePlacement.HardwareTypeRole))
                .Distinct().ToList();

    public PersistenceOptions Persistence { get; set; } = new();

    public ClusterNodeOptions Cluster { get; set; } = new();

    public ConductorOptions Conductor { get; set; } = new();

    public HardwareOptions Hardware { get; set; } = new();

    public bool IsConductor => EffectiveRoles.Contains(Protocol.ActorKeys.ConductorRole, StringComparer.OrdinalIgnoreCase);

    public bool IsGateway => EffectiveRoles.Contains(Protocol.ActorKeys.GatewayRole, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where events and snapshots are stored.</summary>
public sealed class PersistenceOptions
{
    /// <summary>"sqlite" (embedded default), "postgresql" or "sqlserver".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Connection string; for SQLite it defaults to a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder of the SQLite database file.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seconds a starting member waits for its database (which may be starting too) before it gives up (exit code 69).</summary>
    public double StartupWait { get; set; } = 60;

    /// <summary>
    /// SQLite: checkpoints taken by a connection of their own instead of at the journal writer's commits
    /// (<see cref="Journal.WalCheckpoints"/>): creates and lifecycle walks ~10–30 % faster on a disk, the WAL held near
    /// 64 MiB (up to ~100 MB at full speed with list pages read beside). False: the writer checkpoints at its commits
    /// every 1,000 WAL pages, as SQLite does by default (a WAL of a few MB).
    /// </summary>
    public bool SqliteBackgroundCheckpoints { get; set; } = true;
}

/// <summary>This process as a cluster member.</summary>
public sealed class ClusterNodeOptions
{
    /// <summary>Actor system name; all members of one cluster must use the same.</summary>
    public string SystemName { get; set; } = "ironic";

    /// <summary>Address other members reach this one at (loopback by default).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one (fine for a single process).</summary>
    public int Port { get; set; }

    /// <summary>
    /// Seed node addresses (akka.tcp://ironic@host:port). Empty: the process forms a cluster of its own, unless
    /// <see cref="Discovery"/> names a method (then it bootstraps: <see cref="Bootstrap.ClusterBootstrapActor"/>).
    /// </summary>
    public List<string> SeedNodes { get; set; } = [];

    /// <summary>How members find each other when no seed nodes are given: service discovery and a bootstrap.</summary>
    public ClusterDiscoveryOptions Discovery { get; set; } = new();

    /// <summary>
    /// Seconds of missing heartbeats before a member is unreachable (Akka's failure detector
    /// <c>acceptable-heartbeat-pause</c>; heartbeats go every second).
    /// </summary>
    public double FailureDetectorPause { get; set; } = 2.5;

    /// <summary>
    /// Seconds the membership must stay unchanged while a member is unreachable before the split-brain resolver (keep
    /// majority, counted over conductor members) downs the unreachable side (Akka's default: 20).
    /// </summary>
    public double StableAfter { get; set; } = 2;

    /// <summary>
    /// Seconds between a member being downed and its shards being handed to the survivors, so that a member cut off by
    /// the network has stopped its entities before another member starts them (Akka's default: as
    /// <see cref="StableAfter"/>). Never 0: that risks two live incarnations of a node.
    /// </summary>
    public double DownRemovalMargin { get; set; } = 1;
}

/// <summary>
/// Cluster bootstrap through service discovery (what Akka.Management's Cluster Bootstrap does): the discovered contact
/// points are the members' management endpoints; a member joins the cluster a contact point already belongs to, and when
/// none does, the contact point with the lowest address forms it once the set of contact points has been stable.
/// </summary>
public sealed class ClusterDiscoveryOptions
{
    /// <summary>"" (static seed nodes), "config" (<see cref="Endpoints"/>) or "kubernetes-api" (pods by label).</summary>
    public string Method { get; set; } = "";

    /// <summary>The service looked up: the config method's service name; kubernetes-api fills it into <see cref="PodLabelSelector"/>.</summary>
    public string ServiceName { get; set; } = "ironic";

    /// <summary>The config method's contact points: the members' management endpoints, "host:port".</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Contact points that must be discovered (and answer) before a new cluster is formed.</summary>
    public int RequiredContactPoints { get; set; } = 2;

    /// <summary>Seconds the discovered contact points must stay the same before the lowest one forms a new cluster.</summary>
    public double StableMargin { get; set; } = 3;

    /// <summary>Seconds between discovery rounds.</summary>
    public double ProbeInterval { get; set; } = 1;

    /// <summary>kubernetes-api: the namespace of the pods (empty: the pod's own, from the service account).</summary>
    public string PodNamespace { get; set; } = "";

    /// <summary>kubernetes-api: the label selector; <c>{0}</c> is <see cref="ServiceName"/>.</summary>
    public string PodLabelSelector { get; set; } = "app={0}";

    /// <summary>kubernetes-api: the name of the container port of the management endpoint.</summary>
    public string PortName { get; set; } = "management";

    public bool Enabled => Method.Length > 0;
}
