using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/portgroups (API 1.23+; older versions do not have it: 404), portgroups by UUID or name, and the
/// read-only list under a node (<c>/v1/nodes/{ident}/portgroups</c>, 1.24).
/// </summary>
internal static class PortgroupsApi
{
    private const int Since = Versions.Portgroups;
    private const int SubResourcesSince = Versions.PortgroupSubResources;
    private const int ModeSince = Versions.PortgroupMode;
    private const string NotFoundText = "Resource could not be found.";

    private static readonly string[] ListArguments = ["node", "address", "marker", "limit", "sort_key", "sort_dir", "fields", "detail"];
    private static readonly string[] DetailArguments = ["node", "address", "marker", "limit", "sort_key", "sort_dir"];

    public static void MapPortgroupsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/portgroups").MapGet("/portgroups", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: false, null))).Takes(ListFirst, ListArguments);
        v1.MapPost("/portgroups", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/portgroups", "GET", "POST");
        v1.RefuseHead("/portgroups/detail").MapGet("/portgroups/detail", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: true, null))).Takes(ListFirst, DetailArguments);
        v1.AllowOnly("/portgroups/detail", "GET");
        v1.RefuseHead("/portgroups/{ident}").MapGet("/portgroups/{ident}", Get);
        v1.MapPatch("/portgroups/{ident}", Patch);
        v1.MapDelete("/portgroups/{ident}", Delete);
        v1.AllowOnly("/portgroups/{ident}", "GET", "PATCH", "DELETE");

        v1.RefuseHead("/nodes/{ident}/portgroups").MapGet("/nodes/{ident}/portgroups", (string ident, HttpContext http) => List(http, detailEndpoint: false, ident)).Takes(ListFirst, ListArguments);
        v1.RefuseHead("/nodes/{ident}/portgroups/detail").MapGet("/nodes/{ident}/portgroups/detail", (string ident, HttpContext http) => List(http, detailEndpoint: true, ident)).Takes(ListFirst, DetailArguments);
        v1.MapPost("/nodes/{ident}/portgroups", (string ident, HttpContext http) => ForbiddenUnderNode(http));
        v1.AllowOnly("/nodes/{ident}/portgroups", "GET", "POST");
        v1.AllowOnly("/nodes/{ident}/portgroups/detail", "GET");
        v1.MapMethods("/nodes/{ident}/portgroups/{group}", ["GET", "HEAD", "PATCH", "DELETE"], (string ident, string group, HttpContext http) => ForbiddenUnderNode(http));
        v1.AllowOnly("/nodes/{ident}/portgroups/{group}", "GET", "PATCH", "DELETE");
    }

    /// <summary>The portgroup of <c>/v1/portgroups/{ident}/ports</c>: 404 before 1.24, 400 for an invalid ident.</summary>
    internal static ApiError? Parent(string ident, ApiVersion version)
    {
        if (!version.AtLeast(Since))
            return ApiError.NotFound(Messages.ResourceNotFound);
        if (PortBodies.UuidOrName("portgroup", ident) is { } error)
            return error;
        return version.AtLeast(SubResourcesSince) ? null : ApiError.NotFound(Messages.ResourceNotFound);
    }

    private static IResult ForbiddenUnderNode(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(SubResourcesSince)
            ? PortsApi.Forbidden()
            : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);

    /// <summary>What Ironic checks before a list's arguments: the version (1.24 under a node), then the node's ident.</summary>
    private static IResult? ListFirst(HttpContext http)
    {
        var parentNode = http.GetRouteValue("ident") as string;
        if (!ApiRequest.From(http).Version.AtLeast(parentNode is null ? Since : SubResourcesSince))
            return IronicResults.Error(StatusCodes.Status404NotFound, parentNode is null ? NotFoundText : Messages.ResourceNotFound);
        if (parentNode is not null && PortBodies.UuidOrName("node", parentNode) is { } parentError)
            return IronicResults.Error(parentError);
        return null;
    }

    private static async Task<IResult> List(HttpContext http, bool detailEndpoint, string? parentNode)
    {
        var api = ApiRequest.From(http);
        var version = api.Version;

        var filters = new List<KeyValuePair<string, string>>();
        var node = QueryValues.Get(api.Query, "node");
        if (node is not null && PortBodies.UuidOrName("node", node) is { } nodeError)
            return IronicResults.Error(nodeError);
        string? address = null;
        if (QueryValues.Get(api.Query, "address") is { } addressText && (address = Identifiers.NormalizeMac(addressText)) is null)
            return IronicResults.Error(ApiError.BadRequest(Identifiers.InvalidMac("address", addressText)));
        foreach (var (name, value) in new[] { ("node", node), ("address", address) })
            if (value is not null)
                filters.Add(new(name, value));

        var (request, error) = CollectionQuery.Parse(api.Query, version, api.Options.MaxLimit, detailEndpoint, CollectionSpec.Portgroups);
        if (error is not null)
            return IronicResults.Error(error);

        var nodeIdent = parentNode ?? node;
        var query = new PortQueries.ListPortgroups(
            Address: nodeIdent is null ? address : null,
            SortKey: request!.SortKey, SortDir: request.SortDir, Limit: request.Limit, Marker: request.Marker);
        var reply = await api.AskAsync(new PortGatewayRequests.ListPortgroups(query, nodeIdent));
        if (reply is not PortQueries.PortgroupPage page)
            return ReplyResults.Failure(reply);
        if (!page.MarkerFound && request.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, $"Portgroup {marker} could not be found.");

        var items = new JsonArray();
        foreach (var view in page.Portgroups)
            items.Add(PortRenderer.Render(view.Fields, version, api.BaseUrl, request.Fields));
        var body = new JsonObject { ["portgroups"] = items };
        var path = (parentNode is null ? "portgroups" : $"nodes/{parentNode}/portgroups") + (detailEndpoint ? "/detail" : "");
        if (CollectionQuery.NextLink(api.BaseUrl, path, filters, request, page.Portgroups.Count, page.Portgroups.LastOrDefault()?.Fields.Uuid) is { } next)
            body["next"] = next;
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (IdentError(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, CollectionSpec.Portgroups);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPortgroup(ident, (node, group) => new PortCommands.GetPortgroup(node, group)));
        return reply is PortReplies.PortgroupView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return IronicResults.Error(StatusCodes.Status404NotFound, NotFoundText);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), "portgroup");
        if (bodyError is not null)
            return IronicResults.Error(bodyError);
        var (command, error) = PortRequests.ReadCreatePortgroup(body!, Identifiers.NewUuid());
        if (command is null)
            return IronicResults.Error(ApiError.BadRequest(error!));
        if (!api.Version.AtLeast(ModeSince) && (IsTruthy(body!["mode"]) || IsTruthy(body!["properties"])))
            return IronicResults.Error(ApiError.NotAcceptable());
        if (command.Name is { Length: > 0 } name && !PortBodies.IsValidPortgroupName(name, api.Version))
            return IronicResults.Error(ApiError.BadRequest($"Cannot create portgroup with invalid name '{name}'"));

        var reply = await api.AskAsync(new PortGatewayRequests.CreatePortgroup(command));
        return reply is PortReplies.PortgroupView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl), StatusCodes.Status201Created,
                location: $"{api.BaseUrl}/v1/portgroups/{view.Fields.Uuid}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (IdentError(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var (patch, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), PortRequests.PortgroupPatchableFields);
        if (error is not null)
            return IronicResults.Error(error);
        if (!api.Version.AtLeast(ModeSince) && patch!.Touched().Any(f => f is "mode" or "properties"))
            return IronicResults.Error(ApiError.NotAcceptable());
        foreach (var name in patch!.ValuesOf("/name").Select(PortBodies.Text))
            if (name is { Length: > 0 } && !PortBodies.IsValidPortgroupName(name, api.Version))
                return IronicResults.Error(ApiError.BadRequest($"Portgroup {ident}: Cannot change name to invalid name '{name}'"));
        if (patch.Operations.Any(o => o is { Op: "remove", Path: "/mode" }))
            return IronicResults.Error(ApiError.BadRequest("'mode' is a mandatory attribute and can not be removed"));

        var refuseWhileInspecting = api.Version.AtLeast(Versions.InspectWait);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPortgroup(
            ident, (node, group) => new PortCommands.PatchPortgroup(node, group, patch.Operations, refuseWhileInspecting)));
        return reply is PortReplies.PortgroupView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (IdentError(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPortgroup(
            ident, (node, group) => new PortCommands.DeletePortgroup(node, group)));
        return reply is PortReplies.PortgroupRemoved
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : ReplyResults.Failure(reply);
    }

    private static ApiError? IdentError(string ident, ApiVersion version) =>
        !version.AtLeast(Since)
            ? ApiError.NotFound(NotFoundText)
            : PortBodies.UuidOrName("portgroup_ident", ident);

    private static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length > 0,
            System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Null => false,
            System.Text.Json.JsonValueKind.Number => v.ToJsonString() is not ("0" or "0.0"),
            _ => true,
        },
        _ => true,
    };
}
