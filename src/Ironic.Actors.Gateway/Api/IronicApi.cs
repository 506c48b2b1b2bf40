using Ironic.Actors.Gateway.Auth;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ironic.Actors.Gateway.Api;

/// <summary>Maps the Ironic REST API (root, /v1 discovery, nodes, drivers, conductors) onto any ASP.NET Core app.</summary>
public static class IronicApi
{
    /// <summary>The HTTP methods the API routes: those a vendor passthru call may use, and those AllowOnly refuses.</summary>
    internal static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The methods <c>/</c> answers with the version document: Ironic's root controller serves any of them.</summary>
    private static readonly string[] RootMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <summary>
    /// Maps the API. Needs <c>AddIronicGatewayServices</c> in the container and the gateway actor in
    /// Akka.Hosting's registry (<c>AddIronicGatewayActor</c>). Every v1 resource is served both under <c>/v1</c> and
    /// without the prefix (Ironic routes <c>/nodes/...</c> to v1; the <c>bookmark</c> links point there). Unknown
    /// paths get Ironic's 404 body: under /v1 with the version headers, elsewhere without.
    /// </summary>
    public static IEndpointRouteBuilder MapIronicApi(this IEndpointRouteBuilder app)
    {
        // The warm-up calls the mapped endpoints before the web server starts (the routing sees them only then).
        app.ServiceProvider.GetService<MappedApi>()?.Add(app.DataSources);
        var gate = app.ServiceProvider.GetService<WarmUpGate>(); // present when the host warms up (the API waits for it)

        app.MapMethods("/", RootMethods, (HttpContext http) =>
                IronicResults.Json(VersionRenderer.Root(ApiRequest.BaseUrlOf(http, ApiRequest.OptionsOf(http)))))
            .AddEndpointFilter(new IronicApiFilter(versioned: false, gate));

        var v1 = app.MapGroup("/v1").RequireIronicAuth().AddEndpointFilter(new IronicApiFilter(versioned: true, gate));
        v1.RefuseHead("/").MapGet("/", (HttpContext http) =>
        {
            var api = ApiRequest.From(http);
            return IronicResults.Json(VersionRenderer.V1(api.BaseUrl, api.Version));
        });
        v1.AllowOnly("/", "GET");
        v1.MapResources();
        v1.MapFallback("{*path}", () => IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));

        var unversioned = app.MapGroup("").RequireIronicAuth().AddEndpointFilter(new IronicApiFilter(versioned: true, gate));
        unversioned.MapResources();

        app.MapFallback("{*path:nonfile}", () => IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound))
            .AddEndpointFilter(new IronicApiFilter(versioned: false, gate));
        return app;
    }

    /// <summary>The v1 resources, relative to the group they are mapped in (<c>/v1</c> or the root).</summary>
    private static void MapResources(this IEndpointRouteBuilder group)
    {
        group.MapNodesApi();
        group.MapNodeStatesApi();
        group.MapNodeConsoleAndRaidApi();
        group.MapNodeTraitsApi();
        group.MapNodeVifsApi();
        group.MapNodeHistoryApi();
        group.MapNodeInventoryApi();
        group.MapNodeBiosApi();
        group.MapNodeManagementApi();
        group.MapNodeVendorPassthruApi();
        group.MapDriversApi();
        group.MapConductorsApi();
        group.MapShardsApi();
        group.MapPortsApi();
        group.MapPortgroupsApi();
        group.MapChassisApi();
        group.MapAllocationsApi();
        group.MapDeployTemplatesApi();
        group.MapVolumeApi();
        group.MapDriverVendorApi();
        group.MapAgentApi();
    }

    /// <summary>
    /// Refuses HEAD on <paramref name="pattern"/> with 405, as Ironic 21.4 does on every path but <c>/</c> (its web
    /// framework does not turn HEAD into GET); the caller maps the GET itself, right after: <c>MapGet</c> is called
    /// where its handler is written, so that the request delegate is generated at compile time.
    /// </summary>
    internal static IEndpointRouteBuilder RefuseHead(this IEndpointRouteBuilder group, string pattern)
    {
        group.MapMethods(pattern, ["HEAD"], (HttpContext http) => IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
        return group;
    }

    /// <summary>Answers 405 (Ironic's body, an <c>Allow</c> header) to the other methods on <paramref name="pattern"/>.</summary>
    internal static void AllowOnly(this IEndpointRouteBuilder group, string pattern, params string[] allowed)
    {
        var others = Methods.Except(allowed).ToArray();
        if (others.Length > 0)
            group.MapMethods(pattern, others, (HttpContext http) => IronicResults.MethodNotAllowed(http.Request.Method, allowed));
    }
}

/// <summary>The endpoint sources the API was mapped into (<see cref="IronicApi.MapIronicApi"/>), for <see cref="GatewayWarmUp"/>.</summary>
public sealed class MappedApi
{
    private readonly List<ICollection<EndpointDataSource>> _sources = [];

    /// <summary>A builder's sources, read when asked (they fill as the endpoints are mapped).</summary>
    internal void Add(ICollection<EndpointDataSource> sources)
    {
        lock (_sources)
            _sources.Add(sources);
    }

    /// <summary>Every endpoint mapped so far.</summary>
    public IReadOnlyList<Endpoint> Endpoints
    {
        get
        {
            lock (_sources)
                return _sources.SelectMany(s => s).Distinct().SelectMany(s => s.Endpoints).ToList();
        }
    }
}
