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

    /// <summary>How long the gateway waits for the registry, a node entity or the query model.</summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the gateway waits for conductors to describe themselves (conductor and driver lists).</summary>
    public TimeSpan ConductorQueryTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
