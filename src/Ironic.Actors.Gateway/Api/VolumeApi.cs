using System.Globalization;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Ports;
using Ironic.Actors.Protocol.Requests;
using Ironic.Actors.Protocol.Volumes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// <c>/v1/volume</c> (API 1.32): the link document, <c>/v1/volume/connectors</c> and <c>/v1/volume/targets</c> (list with
/// <c>node</c>, <c>detail</c>, <c>fields</c>, paging; create, show, update, delete), and the read-only lists under a node
/// (<c>/v1/nodes/{ident}/volume/...</c>; writes and single objects there are 403). Ironic has no <c>/detail</c> path here:
/// "detail" is taken for a UUID. Below 1.32 every route answers webob's bare 404 (the link documents Ironic's NotFound).
/// Bodies are checked once, by the node's decision; this layer checks paths, arguments and versions.
/// </summary>
internal static class VolumeApi
{
    private static readonly string[] ListArguments = ["node", "marker", "limit", "sort_key", "sort_dir", "fields", "detail"];

    /// <summary>One of the two resources: its names, fields, sort keys and how its messages are built.</summary>
    private sealed record Kind(
        string Path, string Singular, string Title, ResourceFields Fields, IReadOnlySet<string> SortKeys, IReadOnlySet<string> RefusedSortKeys,
        Func<Guid, Guid, JsonObject, INodePartCommand> Create,
        Func<Guid, Func<Guid, INodePartCommand>, object> ForId,
        Func<Guid, Guid, INodePartCommand> Get,
        Func<Guid, Guid, INodePartCommand> Delete,
        Func<string?, string, string, int, Guid?, object> List);

    private static readonly Kind Connectors = new(
        "connectors", "connector", "Volume connector", VolumeRenderer.Connector,
        new HashSet<string> { "id", "uuid", "node_id", "type", "connector_id", "created_at", "updated_at" },
        new HashSet<string> { "extra" },
        (node, id, body) => new VolumeCommands.CreateConnector(node, id, body),
        (id, make) => new VolumeGatewayRequests.ForConnector(id, make),
        (node, id) => new VolumeCommands.GetConnector(node, id),
        (node, id) => new VolumeCommands.DeleteConnector(node, id),
        (nodeIdent, key, dir, limit, marker) => new VolumeGatewayRequests.ListConnectors(
            new VolumeQueries.ListConnectors(null, key, dir, limit, marker), nodeIdent));

    private static readonly Kind Targets = new(
        "targets", "target", "Volume target", VolumeRenderer.Target,
        new HashSet<string> { "id", "uuid", "node_id", "volume_type", "boot_index", "volume_id", "created_at", "updated_at" },
        new HashSet<string> { "extra", "properties" },
        (node, id, body) => new VolumeCommands.CreateTarget(node, id, body),
        (id, make) => new VolumeGatewayRequests.ForTarget(id, make),
        (node, id) => new VolumeCommands.GetTarget(node, id),
        (node, id) => new VolumeCommands.DeleteTarget(node, id),
        (nodeIdent, key, dir, limit, marker) => new VolumeGatewayRequests.ListTargets(
            new VolumeQueries.ListTargets(null, key, dir, limit, marker), nodeIdent));

    public static void MapVolumeApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/volume").MapGet("/volume", (HttpContext http) => Root(http, null));
        v1.RefuseHead("/nodes/{ident}/volume").MapGet("/nodes/{ident}/volume", (string ident, HttpContext http) => Root(http, ident));
        foreach (var kind in new[] { Connectors, Targets })
        {
            var path = "/volume/" + kind.Path;
            v1.RefuseHead(path).MapGet(path, (Func<HttpContext, Task<IResult>>)(http => List(http, kind, null))).Takes(TooOld, ListArguments);
            v1.MapPost(path, (Func<HttpContext, Task<IResult>>)(http => Create(http, kind, underNode: false)));
            v1.AllowOnly(path, "GET", "POST");
            v1.RefuseHead(path + "/{uuid}").MapGet(path + "/{uuid}", (string uuid, HttpContext http) => Get(http, kind, uuid));
            v1.MapPatch(path + "/{uuid}", (string uuid, HttpContext http) => Patch(http, kind, uuid));
            v1.MapDelete(path + "/{uuid}", (string uuid, HttpContext http) => Delete(http, kind, uuid));
            v1.AllowOnly(path + "/{uuid}", "GET", "PATCH", "DELETE");

            // Under a node, writes and single objects are refused (403) once Ironic's checks before that pass.
            var nested = "/nodes/{ident}/volume/" + kind.Path;
            v1.RefuseHead(nested).MapGet(nested, (string ident, HttpContext http) => List(http, kind, ident)).Takes(TooOld, ListArguments);
            v1.MapPost(nested, (Func<HttpContext, Task<IResult>>)(http => Create(http, kind, underNode: true)));
            v1.AllowOnly(nested, "GET", "POST");
            v1.MapMethods(nested + "/{uuid}", ["GET", "PATCH", "DELETE"], (string uuid, HttpContext http) => UnderNode(http, kind, uuid));
            v1.AllowOnly(nested + "/{uuid}", "GET", "PATCH", "DELETE");
        }
    }

    /// <summary>Below 1.32 Ironic's volume controller is not routed: webob's bare 404, whatever the method.</summary>
    private static IResult? TooOld(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Versions.VolumeResources)
            ? null
            : IronicResults.WebobError(StatusCodes.Status404NotFound, "Not Found", "");

    private static IResult Root(HttpContext http, string? node)
    {
        var api = ApiRequest.From(http);
        if (!api.Version.AtLeast(Versions.VolumeResources))
            return IronicResults.Error(StatusCodes.Status404NotFound, Messages.VersionedResourceNotFound);
        return IronicResults.Json(VolumeRenderer.Root(api.BaseUrl, node));
    }

    private static async Task<IResult> List(HttpContext http, Kind kind, string? parentNode)
    {
        var api = ApiRequest.From(http);
        var node = QueryValues.Get(api.Query, "node");
        if (node is not null && PortBodies.UuidOrName("node", node) is { } nodeError)
            return IronicResults.Error(nodeError);
        var (request, error) = ListRequest.Parse(api, kind);
        if (error is not null)
            return IronicResults.Error(error);

        var reply = await api.AskAsync(kind.List(parentNode ?? node, request!.SortKey, request.SortDir, request.Limit, request.Marker));
        var (items, last, markerFound) = reply switch
        {
            VolumeQueries.ConnectorPage page => (page.Connectors.Select(c => VolumeRenderer.Render(c, api.BaseUrl, request.Fields)).ToList(),
                page.Connectors.LastOrDefault()?.Uuid, page.MarkerFound),
            VolumeQueries.TargetPage page => (page.Targets.Select(t => VolumeRenderer.Render(t, api.BaseUrl, request.Fields)).ToList(),
                page.Targets.LastOrDefault()?.Uuid, page.MarkerFound),
            _ => (null, null, false),
        };
        if (items is null)
            return ReplyResults.Failure(reply);
        if (!markerFound && request.Marker is { } marker)
            return IronicResults.Error(StatusCodes.Status404NotFound, $"{kind.Title} {marker} could not be found.");

        var body = new JsonObject { [kind.Path] = new JsonArray([.. items]) };
        // Ironic's next link repeats sorting, detail and fields, never the node filter.
        if (items.Count > 0 && items.Count == request.Limit && last is { } lastId)
            body["next"] = NodeListQuery.NextLink(api.BaseUrl, "volume/" + kind.Path, request.Paging, request.Limit, lastId.ToString());
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(HttpContext http, Kind kind, string uuid)
    {
        var (api, id, refused) = OneObject(http, kind, uuid);
        if (refused is not null)
            return refused;
        List<string>? fields = null;
        if (QueryValues.Get(api.Query, "fields") is { } fieldsText)
        {
            fields = CollectionQuery.StringList(fieldsText);
            if (fields.Where(f => !kind.Fields.IsField(f)).ToList() is { Count: > 0 } unknown)
                return IronicResults.Error(ApiError.BadRequest(Messages.InvalidFields(unknown)));
        }
        var reply = await api.AskAsync(kind.ForId(id!.Value, node => kind.Get(node, id.Value)));
        return Shown(reply, api.BaseUrl, fields) is { } shown ? IronicResults.Json(shown) : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http, Kind kind, bool underNode)
    {
        if (TooOld(http) is { } tooOld)
            return tooOld;
        var api = ApiRequest.From(http);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), kind.Singular);
        if (bodyError is not null)
            return IronicResults.Error(bodyError);
        // Routed to the node the body names; a body that names none goes to the empty UUID, whose decision refuses it.
        var node = PortBodies.Text(body!["node_uuid"]) is { } text && Guid.TryParseExact(text, "D", out var parsed) ? parsed : Guid.Empty;
        var id = PortBodies.Text(body!["uuid"]) is { } uuidText && Guid.TryParse(uuidText, out var given) ? given : Identifiers.NewUuid();
        var command = kind.Create(node, id, body!);
        if (underNode)
            command = command switch
            {
                VolumeCommands.CreateConnector c => c with { UnderNode = true },
                VolumeCommands.CreateTarget t => t with { UnderNode = true },
                _ => command,
            };
        var reply = await api.AskAsync(new VolumeGatewayRequests.Create(command));
        return Shown(reply, api.BaseUrl, null) is { } shown
            ? IronicResults.Json(shown, StatusCodes.Status201Created, location: $"{api.BaseUrl}/v1/volume/{kind.Path}/{shown["uuid"]}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(HttpContext http, Kind kind, string uuid)
    {
        var (api, id, refused) = OneObject(http, kind, uuid);
        if (refused is not null)
            return refused;
        // The patch's shape here; its fields are checked by the node's decision once the object is found, as in Ironic.
        var (ops, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), null);
        if (error is not null)
            return IronicResults.Error(error);
        var reply = await api.AskAsync(kind.ForId(id!.Value, node => kind == Connectors
            ? new VolumeCommands.PatchConnector(node, id.Value, ops!.Operations)
            : new VolumeCommands.PatchTarget(node, id.Value, ops!.Operations)));
        return Shown(reply, api.BaseUrl, null) is { } shown ? IronicResults.Json(shown) : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(HttpContext http, Kind kind, string uuid)
    {
        var (api, id, refused) = OneObject(http, kind, uuid);
        if (refused is not null)
            return refused;
        var reply = await api.AskAsync(kind.ForId(id!.Value, node => kind.Delete(node, id.Value)));
        return reply is VolumeReplies.ConnectorRemoved or VolumeReplies.TargetRemoved
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : ReplyResults.Failure(reply);
    }

    /// <summary>
    /// GET, PATCH or DELETE of one object through a node's sub-collection: Ironic checks the UUID (and a PATCH's shape)
    /// and looks the object up (404) before refusing with 403.
    /// </summary>
    private static async Task<IResult> UnderNode(HttpContext http, Kind kind, string uuid)
    {
        var (api, id, refused) = OneObject(http, kind, uuid);
        if (refused is not null)
            return refused;
        if (HttpMethods.IsPatch(http.Request.Method) && PortBodies.ParsePatch(await api.ReadBodyAsync(), null).Error is { } patchError)
            return IronicResults.Error(patchError);
        var reply = await api.AskAsync(kind.ForId(id!.Value, node => kind.Get(node, id.Value)));
        return Shown(reply, api.BaseUrl, null) is not null ? PortsApi.Forbidden() : ReplyResults.Failure(reply);
    }

    /// <summary>What every request about one object checks first: the version (webob's 404 below 1.32), then the UUID.</summary>
    private static (ApiRequest Api, Guid? Id, IResult? Refused) OneObject(HttpContext http, Kind kind, string uuid)
    {
        var api = ApiRequest.From(http);
        if (TooOld(http) is { } tooOld)
            return (api, null, tooOld);
        var (id, idError) = PortBodies.Uuid(kind.Singular + "_uuid", uuid);
        return idError is not null ? (api, null, IronicResults.Error(idError)) : (api, id, null);
    }

    private static JsonObject? Shown(object reply, string baseUrl, IReadOnlyCollection<string>? fields) => reply switch
    {
        VolumeReplies.ConnectorShown c => VolumeRenderer.Render(c.Connector, baseUrl, fields),
        VolumeReplies.TargetShown t => VolumeRenderer.Render(t.Target, baseUrl, fields),
        _ => null,
    };

    /// <summary>A volume list's paging, sorting and projection, checked in Ironic's order with its words.</summary>
    private sealed record ListRequest(
        IReadOnlyList<string>? Fields, string SortKey, string SortDir, int Limit, Guid? Marker, IReadOnlyList<KeyValuePair<string, string>> Paging)
    {
        public static (ListRequest?, ApiError?) Parse(ApiRequest api, Kind kind)
        {
            var query = api.Query;
            Guid? marker = null;
            if (QueryValues.Get(query, "marker") is { } markerText)
            {
                if (!Guid.TryParse(markerText, out var m))
                    return Fail($"Expected UUID for marker: {markerText}");
                marker = m;
            }
            long? limit = null;
            if (QueryValues.Get(query, "limit") is { } limitText)
            {
                if (!long.TryParse(limitText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                    return Fail(Messages.InvalidInt("limit", limitText));
                limit = l;
            }
            var fields = QueryValues.Get(query, "fields") is { } fieldsText ? CollectionQuery.StringList(fieldsText) : null;
            bool? detail = null;
            if (QueryValues.Get(query, "detail") is { } detailText)
            {
                var word = detailText.Trim().ToLowerInvariant();
                detail = word switch
                {
                    "1" or "t" or "true" or "on" or "y" or "yes" => true,
                    "0" or "f" or "false" or "off" or "n" or "no" => false,
                    _ => null,
                };
                if (detail is null)
                    return Fail(Messages.InvalidBool("detail", detailText));
            }
            if (fields is null && detail != true)
                fields = [.. kind.Fields.ListDefault];
            if (fields is { Count: > 0 } && detail == true)
                return Fail("Can't fetch a subset of fields with 'detail' set");
            if (limit is <= 0)
                return Fail(Messages.LimitNotPositive);
            var sortDir = QueryValues.Get(query, "sort_dir") ?? "asc";
            if (sortDir is not ("asc" or "desc"))
                return Fail(Messages.InvalidSortDir(sortDir));
            var sortKey = QueryValues.Get(query, "sort_key") ?? "id";
            if (kind.RefusedSortKeys.Contains(sortKey))
                return Fail($"The sort_key value {sortKey} is an invalid field for sorting");
            if (!kind.SortKeys.Contains(sortKey))
                return Fail(Messages.InvalidSortKey(sortKey));
            if (fields is not null && fields.Where(f => !kind.Fields.IsField(f)).ToList() is { Count: > 0 } unknown)
                return Fail(Messages.InvalidFields(unknown));

            var paging = new List<KeyValuePair<string, string>> { new("sort_key", sortKey), new("sort_dir", sortDir) };
            if (detail == true)
                paging.Add(new("detail", "True"));
            if (fields is not null)
                paging.Add(new("fields", string.Join(",", fields)));
            var max = api.Options.MaxLimit;
            return (new ListRequest(fields, sortKey, sortDir, (int)Math.Min(limit ?? max, max), marker, paging), null);
        }

        private static (ListRequest?, ApiError?) Fail(string message) => (null, ApiError.BadRequest(message));
    }
}
