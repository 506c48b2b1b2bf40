using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>/v1/drivers: the hardware types the alive conductors offer.</summary>
internal static class DriversApi
{
    public static void MapDriversApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/drivers").MapGet("/drivers", (Func<HttpContext, Task<IResult>>)List).Takes("type", "detail", "fields");
        v1.AllowOnly("/drivers", "GET");
        v1.RefuseHead("/drivers/{name}").MapGet("/drivers/{name}", Get).Takes("fields");
        v1.AllowOnly("/drivers/{name}", "GET");
        v1.RefuseHead("/drivers/{name}/properties").MapGet("/drivers/{name}/properties", Properties).Takes();
        v1.AllowOnly("/drivers/{name}/properties", "GET");
    }

    private static async Task<IResult> List(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (type, typeError) = QueryValues.Versioned(api.Query, "type", Versions.DynamicDrivers, api.Version);
        if (typeError is not null)
            return IronicResults.Error(typeError);
        if (type is not null and not ("classic" or "dynamic"))
            return IronicResults.Error(StatusCodes.Status400BadRequest,
                $"Invalid type {type}. Valid values are 'classic' and 'dynamic'.");
        var (detail, detailError) = QueryValues.VersionedBool(api.Query, "detail", Versions.DynamicDrivers, api.Version);
        if (detailError is not null)
            return IronicResults.Error(detailError);
        var (fields, fieldsError) = ParseFields(api);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        if (fields is not null && detail is not null)
            return IronicResults.Error(StatusCodes.Status400BadRequest, Messages.FieldsWithDetail);

        var (drivers, failure) = await Catalog(api);
        if (failure is not null)
            return failure;
        var list = new JsonArray();
        if (type != "classic") // classic drivers no longer exist
            foreach (var driver in drivers!)
                list.Add(DriverRenderer.Render(driver, api.Version, api.BaseUrl, detail ?? false, fields));
        return IronicResults.Json(new JsonObject { ["drivers"] = list });
    }

    private static async Task<IResult> Get(string name, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (fields, fieldsError) = ParseFields(api);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var (driver, failure) = await Find(api, name);
        return failure ?? IronicResults.Json(DriverRenderer.Render(driver!, api.Version, api.BaseUrl, detail: true, fields));
    }

    /// <summary>
    /// GET /v1/drivers/{name}/properties: the driver_info keys the hardware type's default interfaces read (Ironic's union
    /// over the defaults, since the answer cannot know a node's own interfaces); an unknown driver is Ironic's DriverNotFound.
    /// </summary>
    private static async Task<IResult> Properties(string name, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (driver, failure) = await FindKnownAsync(api, name);
        return failure ?? IronicResults.Json(DriverRenderer.RenderProperties(driver!));
    }

    private static (List<string>? Fields, ApiError? Error) ParseFields(ApiRequest api) =>
        NodeListQuery.ParseFields(api.Query, api.Version, DriverRenderer.AllFields.Contains, _ => null, minVersion: Versions.DriverFields);

    private static async Task<(DriverEntry? Driver, IResult? Failure)> Find(ApiRequest api, string name)
    {
        var (drivers, failure) = await Catalog(api);
        if (failure is not null)
            return (null, failure);
        return drivers!.FirstOrDefault(d => d.Name == name) is { } driver
            ? (driver, null)
            : (null, IronicResults.Error(StatusCodes.Status404NotFound, $"Could not find the following driver(s) or hardware type(s): {name}."));
    }

    /// <summary>The driver <paramref name="name"/>, or Ironic's DriverNotFound (404) as driver sub-resources word it.</summary>
    internal static async Task<(DriverEntry? Driver, IResult? Failure)> FindKnownAsync(ApiRequest api, string name)
    {
        var (drivers, failure) = await Catalog(api);
        if (failure is not null)
            return (null, failure);
        return drivers!.FirstOrDefault(d => d.Name == name) is { } driver
            ? (driver, null)
            : (null, IronicResults.Error(StatusCodes.Status404NotFound, $"The driver '{name}' is unknown."));
    }

    private static async Task<(IReadOnlyList<DriverEntry>? Drivers, IResult? Failure)> Catalog(ApiRequest api)
    {
        var reply = await api.AskAsync(GatewayRequests.ListConductors.Instance);
        return reply is GatewayReplies.Conductors conductors
            ? (DriverCatalog.FromConductors(conductors.List), null)
            : (null, ReplyResults.Failure(reply));
    }
}
