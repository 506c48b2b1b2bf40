using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ironic.Actors.Gateway.Api;

/// <summary>What an endpoint needs about its request: the negotiated version, the link base, settings, the gateway.</summary>
public sealed class ApiRequest
{
    private static readonly object VersionKey = new();

    private ApiRequest(HttpContext http, ApiVersion version, GatewayOptions options)
    {
        Http = http;
        Version = version;
        Options = options;
        BaseUrl = BaseUrlOf(http, options);
    }

    public HttpContext Http { get; }
    public ApiVersion Version { get; }
    public GatewayOptions Options { get; }

    /// <summary><see cref="GatewayOptions.PublicEndpoint"/>, else the request's scheme://host (plus any path base).</summary>
    public string BaseUrl { get; }

    public IQueryCollection Query => Http.Request.Query;

    public static ApiRequest From(HttpContext http) =>
        new(http, http.Items.TryGetValue(VersionKey, out var v) && v is ApiVersion version ? version : ApiVersions.Minimum,
            OptionsOf(http));

    /// <summary>Called by the version filter once it has negotiated the request's version.</summary>
    internal static void SetVersion(HttpContext http, ApiVersion version) => http.Items[VersionKey] = version;

    internal static GatewayOptions OptionsOf(HttpContext http) =>
        http.RequestServices.GetService<IOptions<GatewayOptions>>()?.Value ?? new GatewayOptions();

    public static string BaseUrlOf(HttpContext http, GatewayOptions options) =>
        !string.IsNullOrWhiteSpace(options.PublicEndpoint)
            ? options.PublicEndpoint.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}".TrimEnd('/');

    /// <summary>Asks the gateway actor, cancelled if the client goes away.</summary>
    public Task<object> AskAsync(object request) => Client.AskAsync(request, Http.RequestAborted);

    /// <summary>The nodes at rest this member read lately (<see cref="Protocol.Nodes.NodeViewCache"/>).</summary>
    public Protocol.Nodes.NodeViewCache Nodes => Client.Nodes;

    /// <summary>
    /// This gateway's JSON of nodes that list pages wrote (<see cref="Rendering.RenderedNodeCache"/>); none for the
    /// start-up warm-up's own requests, which are there to run the rendering (copies of its text would stop that from its
    /// second round on) and whose links a client never sees.
    /// </summary>
    public Rendering.RenderedNodeCache Rendered =>
        Http.RequestServices.GetService<WarmUpGate>() is { } gate && gate.IsWarmUp(Http)
            ? Rendering.RenderedNodeCache.None
            : Http.RequestServices.GetService<Rendering.RenderedNodeCache>() ?? Rendering.RenderedNodeCache.None;

    private IronicGatewayClient Client => Http.RequestServices.GetRequiredService<IronicGatewayClient>();

    /// <summary>Reads the JSON body within <see cref="GatewayOptions.MaxBodyBytes"/>.</summary>
    public Task<BodyRead> ReadBodyAsync() => JsonBody.ReadAsync(Http.Request, Options.MaxBodyBytes, Http.RequestAborted);
}
