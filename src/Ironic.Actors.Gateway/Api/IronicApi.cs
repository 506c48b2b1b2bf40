using Ironic.Actors.Gateway.Auth;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>Maps the Ironic REST API (root, /v1 discovery, nodes, drivers, conductors) onto any ASP.NET Core app.</summary>
public static class IronicApi
{
    /// <summary>The HTTP methods the API routes: those a vendor passthru call may use, and those AllowOnly refuses.</summary>
    internal static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>
    /// Maps the API. Needs <c>AddIronicGatewayServices</c> in the container and the gateway actor in
    /// Akka.Hosting's registry (<c>AddIronicGatewayActor</c>). Unknown paths under /v1 get Ironic's 404 body.
    /// </summary>
    public static IEndpointRouteBuilder MapIronicApi(this IEndpointRouteBuilder app)
    {
        app.MapRead("/", (HttpContext http) =>
                IronicResults.Json(VersionRenderer.Root(ApiRequest.BaseUrlOf(http, ApiRequest.OptionsOf(http)))))
            .AddEndpointFilter(new IronicApiFilter(versioned: false));

        var v1 = app.MapGroup("/v1").RequireIronicAuth().AddEndpointFilter(new IronicApiFilter(versioned: true));
        v1.MapRead("/", (HttpContext http) =>
        {
            var api = ApiRequest.From(http);
            return IronicResults.Json(VersionRenderer.V1(api.BaseUrl, api.Version));
        });
        v1.AllowOnly("/", "GET");
        v1.MapNodesApi();
        v1.MapNodeStatesApi();
        v1.MapNodeConsoleAndRaidApi();
        v1.MapNodeTraitsApi();
        v1.MapNodeManagementApi();
        v1.MapNodeVendorPassthruApi();
        v1.MapDriversApi();
        v1.MapConductorsApi();
        v1.MapPortsApi();
        v1.MapPortgroupsApi();
        v1.MapChassisApi();
        v1.MapDriverVendorApi();
        v1.MapFallback("{*path}", () => IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
        return app;
    }

    /// <summary>Maps a read: GET, and HEAD (the same answer without its body, as Ironic's web framework does).</summary>
    internal static RouteHandlerBuilder MapRead(this IEndpointRouteBuilder group, string pattern, Delegate handler) =>
        group.MapMethods(pattern, ["GET", "HEAD"], handler);

    /// <summary>Answers 405 (Ironic's body, an <c>Allow</c> header) to the other methods on <paramref name="pattern"/>.</summary>
    internal static void AllowOnly(this IEndpointRouteBuilder group, string pattern, params string[] allowed)
    {
        var others = Methods.Except(allowed).ToArray();
        if (others.Length > 0)
            group.MapMethods(pattern, others, (HttpContext http) => IronicResults.MethodNotAllowed(http.Request.Method, allowed));
    }
}
