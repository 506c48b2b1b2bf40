using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Chassis;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/chassis: list, detail, create, show, update, delete, and the read-only node list of a chassis
/// (<c>/v1/chassis/{uuid}/nodes</c>, rendered as the node list is); writes through it are 403.
/// </summary>
internal static class ChassisApi
{
    private static readonly string[] ListArguments = ["marker", "limit", "sort_key", "sort_dir", "fields", "detail"];
    private static readonly string[] DetailArguments = ["marker", "limit", "sort_key", "sort_dir"];

    public static void MapChassisApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/chassis").MapGet("/chassis", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: false))).Takes(ListArguments);
        v1.MapPost("/chassis", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/chassis", "GET", "POST");
        v1.RefuseHead("/chassis/detail").MapGet("/chassis/detail", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: true))).Takes(DetailArguments);
        v1.AllowOnly("/chassis/detail", "GET");
        v1.RefuseHead("/chassis/{uuid}").MapGet("/chassis/{uuid}", Get);
        v1.MapPatch("/chassis/{uuid}", Patch);
        v1.MapDelete("/chassis/{uuid}", Delete);
        v1.AllowOnly("/chassis/{uuid}", "GET", "PATCH", "DELETE");

        v1.RefuseHead("/chassis/{uuid}/nodes").MapGet("/chassis/{uuid}/nodes", (string uuid, HttpContext http) => Nodes(uuid, http, detailEndpoint: false));
        v1.RefuseHead("/chassis/{uuid}/nodes/detail").MapGet("/chassis/{uuid}/nodes/detail", (string uuid, HttpContext http) => Nodes(uuid, http, detailEndpoint: true));
        v1.MapMethods("/chassis/{uuid}/nodes", ["POST", "PATCH", "DELETE"], PortsApi.Forbidden);
        v1.AllowOnly("/chassis/{uuid}/nodes", "GET", "POST", "PATCH", "DELETE");
        v1.AllowOnly("/chassis/{uuid}/nodes/detail", "GET");
        v1.MapMethods("/chassis/{uuid}/nodes/{ident}", ["GET", "HEAD", "PATCH", "DELETE"], PortsApi.Forbidden);
        v1.AllowOnly("/chassis/{uuid}/nodes/{ident}", "GET", "PATCH", "DELETE");
    }

    private static async Task<IResult> List(HttpContext http, bool detailEndpoint)
    {
        var api = ApiRequest.From(http);
        var (request, error) = CollectionQuery.Parse(api.Query, api.Version, api.Options.MaxLimit, detailEndpoint, CollectionSpec.Chassis);
        if (error is not null)
            return IronicResults.Error(error);

        var reply = await api.AskAsync(new PortGatewayRequests.ToChassis(
            new ChassisCommands.ListChassis(request!.SortKey, request.SortDir, request.Limit, request.Marker)));
        if (reply is not ChassisReplies.ChassisPage page)
            return ReplyResults.Failure(reply);
        if (!page.MarkerFound && request.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, ChassisReplies.ChassisNotFound(marker.ToString()).Message);

        var items = new JsonArray();
        foreach (var chassis in page.Fields)
            items.Add(PortRenderer.Render(chassis, api.Version, api.BaseUrl, request.Fields));
        var body = new JsonObject { ["chassis"] = items };
        if (CollectionQuery.NextLink(api.BaseUrl, detailEndpoint ? "chassis/detail" : "chassis", [], request, page.Chassis.Count,
                page.Chassis.LastOrDefault()?.Uuid) is { } next)
            body["next"] = next;
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (id, idError) = PortBodies.Uuid("chassis_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, CollectionSpec.Chassis);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToChassis(new ChassisCommands.GetChassis(id!.Value)));
        return reply is ChassisReplies.ChassisView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), "chassis");
        if (bodyError is not null)
            return IronicResults.Error(bodyError);

        var reply = await api.AskAsync(new PortGatewayRequests.ToChassis(new ChassisCommands.CreateChassis(Identifiers.NewUuid(), body!)));
        return reply is ChassisReplies.ChassisView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl), StatusCodes.Status201Created,
                location: $"{api.BaseUrl}/v1/chassis/{view.Fields.Uuid}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (ops, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), ChassisCommands.PatchChassis.PatchableFields);
        if (error is not null)
            return IronicResults.Error(error);
        // Ironic takes any string here and looks it up: a non-UUID names no chassis (404).
        if (PortBodies.Uuid("chassis_uuid", uuid).Id is not { } id)
            return IronicResults.Error(StatusCodes.Status404NotFound, ChassisReplies.ChassisNotFound(uuid).Message);
        var reply = await api.AskAsync(new PortGatewayRequests.ToChassis(new ChassisCommands.PatchChassis(id, ops!.Operations)));
        return reply is ChassisReplies.ChassisView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (id, idError) = PortBodies.Uuid("chassis_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToChassis(new ChassisCommands.DeleteChassis(id!.Value)));
        return reply is ChassisReplies.ChassisRemoved
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : ReplyResults.Failure(reply);
    }

    /// <summary>GET /v1/chassis/{uuid}/nodes[/detail]: the node list (its filters, fields and paging) of one chassis.</summary>
    private static async Task<IResult> Nodes(string uuid, HttpContext http, bool detailEndpoint)
    {
        var api = ApiRequest.From(http);
        var (id, idError) = PortBodies.Uuid("chassis_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var (request, error) = NodeListQuery.Parse(api.Query, api.Version, api.Options.MaxLimit, detailEndpoint);
        if (error is not null)
            return IronicResults.Error(error);

        var reply = await api.AskAsync(new PortGatewayRequests.ListChassisNodes(id!.Value, request!.Query));
        return reply is NodeQueries.NodePage page
            ? NodeListQuery.Page(api, request, page, $"chassis/{id}/nodes" + (detailEndpoint ? "/detail" : ""))
            : ReplyResults.Failure(reply);
    }
}
