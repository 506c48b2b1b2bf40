using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Requests;
using Ironic.Actors.Protocol.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/history (API 1.78): the node's history entries, oldest first, with <c>detail</c>, <c>limit</c> and
/// <c>marker</c>; /history/{event}: one entry in full. Rendered as Ironic 21.4 does: a list shows uuid, created_at,
/// severity and the event cut to 255 characters; detail and the single entry add event_type, conductor and user (the
/// event whole); every entry links to itself only.
/// </summary>
internal static class NodeHistoryApi
{
    /// <summary>The microversion (minor) that added node history.</summary>
    public const int Since = Versions.History;

    private static readonly string[] StandardFields = ["uuid", "created_at", "severity", "event"];
    private static readonly string[] DetailFields = ["uuid", "created_at", "severity", "event_type", "event", "conductor", "user"];

    public static void MapNodeHistoryApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/history").MapGet("/nodes/{ident}/history", List).Takes(TooOld, "detail", "marker", "limit");
        v1.RefuseHead("/nodes/{ident}/history/{eventId}").MapGet("/nodes/{ident}/history/{eventId}", Get);
        foreach (var pattern in new[] { "/nodes/{ident}/history", "/nodes/{ident}/history/{eventId}" })
            v1.MapMethods(pattern, [.. IronicApi.Methods.Except(["GET"])],
                (HttpContext http) => TooOld(http) ?? IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
    }

    private static Task<IResult> List(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var detail = false;
        if (QueryValues.Get(api.Query, "detail") is { } detailText)
        {
            if (QueryValues.ParseBool(detailText) is not { } parsed)
                return Task.FromResult(IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidBool("detail", detailText)));
            detail = parsed;
        }
        Guid? marker = null;
        if (QueryValues.Get(api.Query, "marker") is { } markerText)
        {
            if (Identifiers.NormalizeUuid(markerText) is not { } m)
                return Task.FromResult(IronicResults.Error(StatusCodes.Status400BadRequest, Messages.InvalidUuid("marker", markerText)));
            marker = Guid.Parse(m);
        }
        var (limit, limitError) = NodeListQuery.ParseLimit(api.Query, api.Options.MaxLimit);
        if (limitError is not null)
            return Task.FromResult(IronicResults.Error(limitError));
        return SubResourceResults.AskNode<NodeReplies.History>(ident, http, id => new NodeSubResourceCommands.GetHistory(id), history =>
        {
            var entries = history.Fields;
            var start = 0;
            if (marker is { } after)
            {
                var index = entries.ToList().FindIndex(e => e.Uuid == after);
                if (index < 0)
                    return IronicResults.Error(StatusCodes.Status404NotFound, NotFound(after.ToString()));
                start = index + 1;
            }
            var page = entries.Skip(start).Take(limit).ToList();
            var body = new JsonObject
            {
                ["history"] = new JsonArray([.. page.Select(e => (JsonNode)Render(api.BaseUrl, e, history.NodeId, detail))]),
            };
            if (page.Count == limit && page.Count > 0)
                body["next"] = $"{api.BaseUrl}/v1/nodes/{ident}/history?marker=None&fields=" +
                               $"{string.Join(",", detail ? DetailFields : StandardFields)}&limit={limit}&marker={page[^1].Uuid}";
            return IronicResults.Json(body);
        });
    }

    private static Task<IResult> Get(string ident, string eventId, HttpContext http)
    {
        if (TooOld(http) is { } old)
            return Task.FromResult(old);
        if (PortBodies.UuidOrName("event", eventId) is { } invalid)
            return Task.FromResult(IronicResults.Error(invalid));
        return SubResourceResults.AskNode<NodeReplies.History>(ident, http, id => new NodeSubResourceCommands.GetHistory(id), history =>
            history.Fields.FirstOrDefault(e => e.Uuid.ToString() == Identifiers.NormalizeUuid(eventId)) is { } entry
                ? IronicResults.Json(Render(ApiRequest.From(http).BaseUrl, entry, history.NodeId, detail: true))
                : IronicResults.Error(StatusCodes.Status404NotFound, NotFound(eventId)));
    }

    private static string NotFound(string ident) => $"Node history record {ident} could not be found.";

    /// <summary>One entry: the list's fields (event cut to 251 characters and "..." past 255) or all of them.</summary>
    public static JsonObject Render(string baseUrl, HistoryEntryFields entry, Guid nodeUuid, bool detail)
    {
        var text = entry.Event;
        if (!detail && text.Length > 255)
            text = text[..251] + "...";
        var body = new JsonObject
        {
            ["uuid"] = entry.Uuid.ToString(),
            ["created_at"] = Timestamps.Format(entry.CreatedAt),
            ["severity"] = entry.Severity,
        };
        if (detail)
            body["event_type"] = entry.EventType;
        body["event"] = text;
        if (detail)
        {
            body["conductor"] = entry.Conductor;
            body["user"] = entry.User;
        }
        body["links"] = new JsonArray(Links.Link($"{baseUrl}/v1/nodes/{nodeUuid}/history/{entry.Uuid}", "self"));
        return body;
    }

    /// <summary>Below 1.78 the node controller has no history: pecan's 404, before anything else; else null.</summary>
    private static IResult? TooOld(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
}
