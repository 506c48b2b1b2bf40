using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Driver-level sub-resources: /v1/drivers/{name}/vendor_passthru/methods and calls, and (1.12+)
/// /v1/drivers/{name}/raid/logical_disk_properties. No implemented vendor interface has driver-level methods, so
/// the list is empty and every call names an unknown method, as with Ironic's fake and no-op vendor interfaces.
/// </summary>
internal static class DriverVendorApi
{
    public static void MapDriverVendorApi(this IEndpointRouteBuilder v1)
    {
        v1.MapVendorPassthru("/drivers/{name}", "name", Methods, Call);
        v1.RefuseHead("/drivers/{name}/raid/logical_disk_properties").MapGet("/drivers/{name}/raid/logical_disk_properties", RaidProperties);
        v1.AllowOnly("/drivers/{name}/raid/logical_disk_properties", "GET");
    }

    private static async Task<IResult> Methods(string name, HttpContext http)
    {
        var (_, failure) = await DriversApi.FindKnownAsync(ApiRequest.From(http), name);
        return failure ?? IronicResults.Json(new JsonObject());
    }

    private static async Task<IResult> Call(string name, string? method, HttpContext http)
    {
        if (string.IsNullOrEmpty(method))
            return IronicResults.Error(StatusCodes.Status400BadRequest, "Missing mandatory parameter: method");
        var (_, failure) = await DriversApi.FindKnownAsync(ApiRequest.From(http), name);
        return failure ?? IronicResults.Error(StatusCodes.Status400BadRequest, $"No handler for method {method}");
    }

    private static async Task<IResult> RaidProperties(string name, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Versions.Raid))
            return IronicResults.Error(ApiError.NotAcceptable());
        var (_, failure) = await DriversApi.FindKnownAsync(api, name);
        if (failure is not null)
            return failure;
        // Every RAID interface answers, no-raid too: the keys come from the RAID configuration schema they share.
        return IronicResults.Json(DriverRenderer.RaidLogicalDiskProperties());
    }
}
