namespace Ironic.Actors.Gateway;

/// <summary>Settings of the HTTP gateway, bound from the <c>Ironic:Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Ironic:Gateway";

    /// <summary>Base URL for links (Ironic's <c>[api]public_endpoint</c>); null means the request's scheme://host.</summary>
    public string? PublicEndpoint { get; set; }

    /// <summary>Largest page a list returns (Ironic's <c>[api]max_limit</c>); also the default page size.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>Largest request body accepted; bigger bodies get 413.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Seconds the agent ramdisk is told to expect between its heartbeats (<c>[api]ramdisk_heartbeat_timeout</c>, handed
    /// out by /v1/lookup; the agent heartbeats every 0.3 to 0.6 of it).
    /// </summary>
    public int RamdiskHeartbeatTimeout { get; set; } = 300;

    /// <summary>How long the gateway waits for the registry, a node entity or the query model.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Nodes read through the API when the process starts, its clients' requests held meanwhile
    /// (<see cref="GatewayWarmUp"/>), so that the first clients do not pay for the code's first runs; at most
    /// <see cref="MaxLimit"/>. Zero turns the warm-up off.
    /// </summary>
    public int WarmUpNodes { get; set; } = 200;

    /// <summary>
    /// How long the warm-up starts new rounds of reads at most (it stops sooner once a round compiles next to nothing):
    /// at 100,000 nodes on SQLite the read path was compiled after 17–20 rounds, 4.3–5.3 s.
    /// </summary>
    public TimeSpan WarmUpTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When the store holds fewer nodes than <see cref="WarmUpNodes"/> (it is about to be filled, not read), the warm-up
    /// first rehearses clients' writes on a scratch store of its own (<see cref="WriteRehearsal"/>): rounds of this many
    /// nodes created, read, listed, updated and deleted, for at most <see cref="WarmUpTime"/>. Zero turns it off.
    /// </summary>
    public int WarmUpRehearsalNodes { get; set; } = 200;

    /// <summary>
    /// How long a node at rest read by <c>GET /v1/nodes/{ident}</c> is answered again from memory (<see
    /// cref="Protocol.Nodes.NodeViewCache"/>): until a node changes on this member or a write passes its API, and for
    /// at most this long (so a change stored by another member of a cluster shows within it). Zero reads every time.
    /// </summary>
    public TimeSpan NodeReadCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// MiB of memory for the JSON of nodes that list pages wrote more than once (<see cref="Rendering.RenderedNodeCache"/>),
    /// so that pages read again copy it instead of writing it anew. Zero turns it off.
    /// </summary>
    public int RenderedNodeCacheMiB { get; set; } = 64;

    /// <summary>How long the gateway waits for conductors to describe themselves (conductor and driver lists).</summary>
    public TimeSpan ConductorQueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How API callers authenticate (Ironic's <c>[DEFAULT]auth_strategy</c>): <c>noauth</c> (the default; anyone who
    /// can reach the port may use the API, so keep it on loopback or a trusted network) or <c>http_basic</c>
    /// (HTTP Basic against <see cref="HttpBasicAuthUserFile"/>). Anything else stops the process at start-up.
    /// Either way <c>/</c>, <c>/v1</c>, <c>/v1/lookup</c> and <c>/v1/heartbeat/...</c> stay public, as in Ironic.
    /// </summary>
    public string AuthStrategy { get; set; } = Auth.AuthStrategies.NoAuth;

    /// <summary>
    /// For <c>http_basic</c>: an Apache htpasswd file whose hashes are all bcrypt (<c>$2y$</c>, <c>$2b$</c>, <c>$2a$</c>;
    /// <c>htpasswd -B</c>), Ironic's <c>[DEFAULT]http_basic_auth_user_file</c>. A missing or unreadable file, or one
    /// with any other kind of hash, stops the process at start-up. Edits are picked up while running; a user whose
    /// line is then not bcrypt cannot log in (logged as an error), and while the file is missing or unreadable every
    /// authenticated request fails with 500.
    /// </summary>
    public string HttpBasicAuthUserFile { get; set; } = "/etc/ironic/htpasswd";

    /// <summary>
    /// For <c>http_basic</c>: how long a successfully checked user and password are remembered (in memory, as a salted
    /// SHA-256), so that a client's many requests do not each pay for a bcrypt check. Zero turns the cache off.
    /// </summary>
    public TimeSpan HttpBasicAuthCacheTime { get; set; } = TimeSpan.FromMinutes(1);
}
