using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// The routes of a vendor passthru, shared by drivers and nodes: <c>{owner}/vendor_passthru/methods</c> lists the
/// methods, and any HTTP method on <c>{owner}/vendor_passthru?method=X</c> or on <c>{owner}/vendor_passthru/X</c>
/// (what the <c>baremetal</c> CLI sends) calls one.
/// </summary>
internal static class VendorPassthruRoutes
{
    /// <summary>
    /// Maps the passthru under <paramref name="owner"/> (a pattern such as <c>/nodes/{ident}</c>), whose route value
    /// <paramref name="key"/> names the owner; <paramref name="methods"/> (GET <c>vendor_passthru/methods</c>) gets that
    /// value and the request, <paramref name="call"/> that value, the method (null when the query has none) and the request.
    /// </summary>
    public static void MapVendorPassthru(this IEndpointRouteBuilder v1, string owner, string key, Func<string, HttpContext, Task<IResult>> methods,
        Func<string, string?, HttpContext, Task<IResult>> call)
    {
        v1.RefuseHead($"{owner}/vendor_passthru/methods").MapGet($"{owner}/vendor_passthru/methods",
            (Func<HttpContext, Task<IResult>>)(http => methods(OwnerOf(http, key), http)));
        v1.MapMethods($"{owner}/vendor_passthru", IronicApi.Methods,
            (Func<HttpContext, Task<IResult>>)(http => call(OwnerOf(http, key), QueryValues.Get(http.Request.Query, "method"), http)));
        v1.MapMethods($"{owner}/vendor_passthru/{{method}}", IronicApi.Methods,
            (string method, HttpContext http) => call(OwnerOf(http, key), method, http));
    }

    private static string OwnerOf(HttpContext http, string key) => (string)http.Request.RouteValues[key]!;
}
