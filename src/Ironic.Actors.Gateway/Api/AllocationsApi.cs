using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Allocations;
using Ironic.Actors.Protocol.Requests;
using Ironic.Actors.Protocol.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/allocations (1.52; PATCH 1.57, backfill with <c>node</c> 1.58, <c>owner</c> 1.60) and
/// /v1/nodes/{node}/allocation. Below 1.52 the controller answers in webob's words: 404 for GET, 405 otherwise.
/// </summary>
internal static class AllocationsApi
{
    private const int Since = Versions.Allocations;
    private static readonly string[] ListArguments = ["node", "resource_class", "state", "owner", "marker", "limit", "sort_key", "sort_dir", "fields"];

    public static readonly ResourceFields Fields = new(
        "allocation",
        [
            ("uuid", 1), ("created_at", 1), ("updated_at", 1), ("candidate_nodes", 1), ("extra", 1), ("last_error", 1),
            ("name", 1), ("owner", 60), ("resource_class", 1), ("state", 1), ("traits", 1), ("links", 1), ("node_uuid", 1),
        ],
        [],
        new Dictionary<string, int> { ["owner"] = 60 });

    private static readonly CollectionSpec Spec = new(
        Fields,
        new HashSet<string>
        {
            "id", "uuid", "name", "node_id", "state", "last_error", "resource_class", "owner", "conductor_affinity", "created_at", "updated_at",
        },
        new HashSet<string> { "extra", "candidate_nodes", "traits" },
        FieldsSince: 1);

    public static void MapAllocationsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/allocations").MapGet("/allocations", (Func<HttpContext, Task<IResult>>)List).Takes(ListFirst, ListArguments);
        v1.MapPost("/allocations", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/allocations", "GET", "POST");
        v1.RefuseHead("/allocations/{ident}").MapGet("/allocations/{ident}", Get);
        v1.MapPatch("/allocations/{ident}", Patch);
        v1.MapDelete("/allocations/{ident}", Delete);
        v1.AllowOnly("/allocations/{ident}", "GET", "PATCH", "DELETE");
        v1.RefuseHead("/nodes/{node}/allocation").MapGet("/nodes/{node}/allocation", GetOfNode);
        v1.MapDelete("/nodes/{node}/allocation", DeleteOfNode);
        v1.AllowOnly("/nodes/{node}/allocation", "GET", "DELETE");
    }

    /// <summary>The allocation's JSON for the request's version (owner from 1.60), or only <paramref name="fields"/> plus links.</summary>
    public static JsonObject Render(AllocationFields a, ApiVersion version, string baseUrl, IReadOnlyCollection<string>? fields = null, bool created = false)
    {
        var result = new JsonObject();
        foreach (var (name, since) in Fields.All)
        {
            if (!version.AtLeast(since) || (fields is not null && name != "links" && !fields.Contains(name)))
                continue;
            result[name] = name switch
            {
                "uuid" => a.Uuid.ToString(),
                // The object Ironic answers a POST with has not been read back: its created_at has no microseconds.
                "created_at" => Timestamps.ToJson(created ? a.CreatedAt.AddTicks(-(a.CreatedAt.Ticks % TimeSpan.TicksPerSecond)) : a.CreatedAt),
                "updated_at" => Timestamps.ToJson(a.UpdatedAt),
                "candidate_nodes" => new JsonArray([.. a.CandidateNodes.Select(c => (JsonNode?)JsonValue.Create(c))]),
                "extra" => a.Extra.DeepClone(),
                "last_error" => a.LastError,
                "name" => a.Name,
                "owner" => a.Owner,
                "resource_class" => a.ResourceClass,
                "state" => a.State,
                "traits" => new JsonArray([.. a.Traits.Select(t => (JsonNode?)JsonValue.Create(t))]),
                "links" => Links.SelfAndBookmark(baseUrl, $"allocations/{a.Uuid}"),
                "node_uuid" => a.NodeUuid?.ToString(),
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an allocation field"),
            };
        }
        return result;
    }

    /// <summary>webob's error for a version without allocations: 404 for GET, 405 for the rest.</summary>
    private static IResult TooOld(HttpContext http) => IronicResults.VersionDoesNotAllow(http, "allocations");

    /// <summary>What Ironic checks before a list's arguments: the version.</summary>
    private static IResult? ListFirst(HttpContext http) => ApiRequest.From(http).Version.AtLeast(Since) ? null : TooOld(http);

    private static async Task<IResult> List(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var node = QueryValues.Get(api.Query, "node");
        if (node is not null && PortBodies.UuidOrName("node", node) is { } nodeError)
            return IronicResults.Error(nodeError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, Spec);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var owner = QueryValues.Get(api.Query, "owner");
        if (owner is not null && !api.Version.AtLeast(Versions.AllocationOwner))
            return IronicResults.Error(ApiError.NotAcceptable());
        var (request, error) = CollectionQuery.Parse(api.Query, api.Version, api.Options.MaxLimit, detailEndpoint: true, Spec);
        if (error is not null)
            return IronicResults.Error(error);
        var resourceClass = QueryValues.Get(api.Query, "resource_class");
        var state = QueryValues.Get(api.Query, "state");

        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.ListAllocations(
            node, resourceClass, state, owner, request!.SortKey, request.SortDir, request.Limit, request.Marker)));
        if (reply is not AllocationReplies.AllocationPage page)
            return ReplyResults.Failure(reply);
        if (!page.MarkerFound && request.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, AllocationReplies.NotFound(marker.ToString()).Message);

        var items = new JsonArray();
        foreach (var allocation in page.Fields)
            items.Add(Render(allocation, api.Version, api.BaseUrl, fields));
        var body = new JsonObject { ["allocations"] = items };
        var filters = new List<KeyValuePair<string, string>>();
        if (fields is not null)
            filters.Add(new("fields", string.Join(",", fields)));
        if (CollectionQuery.NextLink(api.BaseUrl, "allocations", filters, request, page.Allocations.Count, page.Allocations.LastOrDefault()?.Uuid) is { } next)
            body["next"] = next;
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (PortBodies.UuidOrName("allocation_ident", ident) is { } identError)
            return IronicResults.Error(identError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, Spec);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.GetAllocation(ident)));
        return reply is AllocationReplies.AllocationView view
            ? IronicResults.Json(Render(view.Fields, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), "allocation");
        if (bodyError is not null)
            return IronicResults.Error(bodyError);
        if (AllocationRequests.CheckBody(body!) is { } schemaError)
            return IronicResults.Error(ApiError.BadRequest(schemaError));
        var (uuid, uuidError) = AllocationRequests.ReadUuid(body!);
        if (uuidError is not null)
            return IronicResults.Error(ApiError.BadRequest(uuidError));
        if (body!.ContainsKey("owner") && !api.Version.AtLeast(Versions.AllocationOwner))
            return IronicResults.Error(ApiError.NotAcceptable());
        if (AllocationRequests.CheckName(PortBodies.Text(body["name"]), creating: true) is { } nameError)
            return IronicResults.Error(ApiError.BadRequest(nameError));
        var node = PortBodies.Text(body["node"]);
        if (!string.IsNullOrEmpty(node) && !api.Version.AtLeast(Versions.AllocationBackfill))
            return IronicResults.Error(ApiError.BadRequest("Cannot set node when creating an allocation in this API version"));
        if (string.IsNullOrEmpty(node))
            body.Remove("node");
        if (string.IsNullOrEmpty(PortBodies.Text(body["resource_class"])) && string.IsNullOrEmpty(node))
            return IronicResults.Error(ApiError.BadRequest("The resource_class field is mandatory when not backfilling"));

        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(
            new AllocationCommands.CreateAllocation(uuid ?? Identifiers.NewUuid(), uuid is not null, body)));
        return reply is AllocationReplies.AllocationView view
            ? IronicResults.Json(Render(view.Fields, api.Version, api.BaseUrl, created: true), StatusCodes.Status201Created,
                location: $"{api.BaseUrl}/v1/allocations/{view.Fields.Uuid}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (!api.Version.AtLeast(Versions.AllocationUpdate))
            return IronicResults.WebobError(StatusCodes.Status405MethodNotAllowed, "Method Not Allowed", "The API version does not allow updating allocations");
        var (ops, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), AllocationCommands.PatchAllocation.PatchableFields);
        if (error is not null)
            return IronicResults.Error(error);
        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.PatchAllocation(ident, ops!.Operations)));
        return reply is AllocationReplies.AllocationView view
            ? IronicResults.Json(Render(view.Fields, api.Version, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return TooOld(http);
        if (PortBodies.UuidOrName("allocation_ident", ident) is { } identError)
            return IronicResults.Error(identError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.DeleteAllocation(ident)));
        return reply is AllocationReplies.AllocationRemoved ? IronicResults.Empty(StatusCodes.Status204NoContent) : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> GetOfNode(string node, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return IronicResults.WebobError(StatusCodes.Status404NotFound, "Not Found", "The API version does not allow allocations");
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, Spec);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.GetNodeAllocation(node)));
        return reply is AllocationReplies.AllocationView view
            ? IronicResults.Json(Render(view.Fields, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> DeleteOfNode(string node, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Since))
            return IronicResults.WebobError(StatusCodes.Status404NotFound, "Not Found", "The API version does not allow allocations");
        var reply = await api.AskAsync(new PortGatewayRequests.ToAllocations(new AllocationCommands.DeleteNodeAllocation(node)));
        return reply is AllocationReplies.AllocationRemoved ? IronicResults.Empty(StatusCodes.Status204NoContent) : ReplyResults.Failure(reply);
    }
}
