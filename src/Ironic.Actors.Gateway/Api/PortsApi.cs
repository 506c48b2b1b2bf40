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
/// /v1/ports (list, detail, create, show, update, delete) and the read-only port lists under a node
/// (<c>/v1/nodes/{ident}/ports</c>) and a portgroup (<c>/v1/portgroups/{ident}/ports</c>, 1.24); writes through
/// those sub-collections are 403, as in Ironic.
/// </summary>
internal static class PortsApi
{
    /// <summary>Ironic's answer to <c>?shard=</c> below 1.82 (nodes and ports alike).</summary>
    public const string ShardFilterNotAcceptable = "Request not acceptable. The minimal required API version should be 1.82";

    private static readonly string[] ListArguments = ["node", "node_uuid", "address", "marker", "limit", "sort_key", "sort_dir", "fields", "portgroup", "detail", "shard"];
    private static readonly string[] DetailArguments = ["node", "node_uuid", "address", "marker", "limit", "sort_key", "sort_dir", "portgroup", "shard"];

    public static void MapPortsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/ports").MapGet("/ports", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: false, null, null))).Takes(ListArguments);
        v1.MapPost("/ports", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/ports", "GET", "POST");
        v1.RefuseHead("/ports/detail").MapGet("/ports/detail", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: true, null, null))).Takes(DetailArguments);
        v1.AllowOnly("/ports/detail", "GET");
        v1.RefuseHead("/ports/{uuid}").MapGet("/ports/{uuid}", Get);
        v1.MapPatch("/ports/{uuid}", Patch);
        v1.MapDelete("/ports/{uuid}", Delete);
        v1.AllowOnly("/ports/{uuid}", "GET", "PATCH", "DELETE");

        v1.RefuseHead("/nodes/{ident}/ports").MapGet("/nodes/{ident}/ports", (string ident, HttpContext http) => List(http, detailEndpoint: false, ident, null)).Takes(UnderNode, ListArguments);
        v1.RefuseHead("/nodes/{ident}/ports/detail").MapGet("/nodes/{ident}/ports/detail", (string ident, HttpContext http) => List(http, detailEndpoint: true, ident, null)).Takes(UnderNode, DetailArguments);
        v1.RefuseHead("/portgroups/{ident}/ports").MapGet("/portgroups/{ident}/ports", (string ident, HttpContext http) => List(http, detailEndpoint: false, null, ident)).Takes(UnderPortgroup, ListArguments);
        v1.RefuseHead("/portgroups/{ident}/ports/detail").MapGet("/portgroups/{ident}/ports/detail", (string ident, HttpContext http) => List(http, detailEndpoint: true, null, ident)).Takes(UnderPortgroup, DetailArguments);
        foreach (var parent in new[] { "/nodes/{ident}/ports", "/portgroups/{ident}/ports" })
        {
            v1.MapPost(parent, Forbidden);
            v1.AllowOnly(parent, "GET", "POST");
            v1.AllowOnly(parent + "/detail", "GET");
            v1.MapMethods(parent + "/{uuid}", ["GET", "HEAD", "PATCH", "DELETE"], Forbidden);
            v1.AllowOnly(parent + "/{uuid}", "GET", "PATCH", "DELETE");
        }
    }

    /// <summary>Writes and single ports through a node's or portgroup's sub-collection: Ironic's OperationNotPermitted.</summary>
    internal static IResult Forbidden() => IronicResults.Error(StatusCodes.Status403Forbidden, "Operation not permitted.");

    private static async Task<IResult> List(HttpContext http, bool detailEndpoint, string? parentNode, string? parentPortgroup)
    {
        var api = ApiRequest.From(http);
        var version = api.Version;

        var filters = new List<KeyValuePair<string, string>>();
        var node = QueryValues.Get(api.Query, "node");
        if (node is not null && PortBodies.UuidOrName("node", node) is { } nodeError)
            return IronicResults.Error(nodeError);
        var nodeUuid = QueryValues.Get(api.Query, "node_uuid");
        if (nodeUuid is not null && PortBodies.Uuid("node_uuid", nodeUuid).Error is { } nodeUuidError)
            return IronicResults.Error(nodeUuidError);
        string? address = null;
        if (QueryValues.Get(api.Query, "address") is { } addressText && (address = Identifiers.NormalizeMac(addressText)) is null)
            return IronicResults.Error(ApiError.BadRequest(Identifiers.InvalidMac("address", addressText)));
        var portgroup = QueryValues.Get(api.Query, "portgroup");
        if (portgroup is not null && PortBodies.UuidOrName("portgroup", portgroup) is { } portgroupError)
            return IronicResults.Error(portgroupError);
        foreach (var (name, value) in new[] { ("node", node), ("node_uuid", nodeUuid), ("address", address), ("portgroup", portgroup) })
            if (value is not null)
                filters.Add(new(name, value));

        var (request, error) = CollectionQuery.Parse(api.Query, version, api.Options.MaxLimit, detailEndpoint, CollectionSpec.Ports);
        if (error is not null)
            return IronicResults.Error(error);
        if (portgroup is not null && !version.AtLeast(Versions.PortgroupSubResources))
            return IronicResults.Error(ApiError.NotAcceptable());
        var shard = QueryValues.Get(api.Query, "shard");
        if (shard is not null && !version.AtLeast(Versions.Shards))
            return IronicResults.Error(StatusCodes.Status406NotAcceptable, ShardFilterNotAcceptable);
        // Ironic's string_list: an empty list is no filter at all.
        var shards = shard is null ? null : CollectionQuery.StringList(shard) is { Count: > 0 } list ? list : null;
        var nodeIdent = parentNode ?? nodeUuid ?? node;
        if (nodeUuid is null && nodeIdent is not null && !version.AtLeast(Versions.NodeNames) && !Identifiers.IsUuidLike(nodeIdent))
            return IronicResults.Error(ApiError.NotAcceptable());
        var portgroupIdent = parentPortgroup ?? portgroup;
        if (new object?[] { nodeIdent, portgroupIdent, shards }.Count(f => f is not null) > 1)
            return Forbidden();

        // As Ironic chooses: a node or portgroup, else an address, else shards.
        var byAddress = nodeIdent is null && portgroupIdent is null ? address : null;
        var query = new PortQueries.ListPorts(
            Address: byAddress,
            SortKey: request!.SortKey, SortDir: request.SortDir, Limit: request.Limit, Marker: request.Marker)
        {
            Shards = byAddress is null ? shards : null,
        };
        var reply = await api.AskAsync(new PortGatewayRequests.ListPorts(query, portgroupIdent is null ? nodeIdent : null, portgroupIdent));
        if (reply is not PortQueries.PortPage page)
            return ReplyResults.Failure(reply);
        if (!page.MarkerFound && request.Marker is { } marker)
            return IronicResults.Error(PortDecisionsNotFound(marker));

        var items = new JsonArray();
        foreach (var view in page.Ports)
            items.Add(PortRenderer.Render(view.Fields, version, api.BaseUrl, request.Fields));
        var body = new JsonObject { ["ports"] = items };
        var path = (parentNode, parentPortgroup) switch
        {
            ({ } n, _) => $"nodes/{n}/ports",
            (_, { } g) => $"portgroups/{g}/ports",
            _ => "ports",
        } + (detailEndpoint ? "/detail" : "");
        if (CollectionQuery.NextLink(api.BaseUrl, path, filters, request, page.Ports.Count, page.Ports.LastOrDefault()?.Fields.Uuid) is { } next)
            body["next"] = next;
        return IronicResults.Json(body);
    }

    private static async Task<IResult> Get(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (portId, idError) = PortBodies.Uuid("port_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var (fields, fieldsError) = CollectionQuery.ParseFields(api.Query, api.Version, CollectionSpec.Ports);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPort(portId!.Value, node => new PortCommands.GetPort(node, portId.Value)));
        return reply is PortReplies.PortView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (body, bodyError) = PortBodies.Object(await api.ReadBodyAsync(), "port");
        if (bodyError is not null)
            return IronicResults.Error(bodyError);
        var (command, error) = PortRequests.ReadCreatePort(body!, Identifiers.NewUuid());
        if (command is null)
            return IronicResults.Error(ApiError.BadRequest(error!));
        if (PortBodies.PortFieldsTooNew(body!.Select(kv => kv.Key), PortBodies.NamesNetworkType(body!["local_link_connection"]), api.Version))
            return IronicResults.Error(ApiError.NotAcceptable());

        var reply = await api.AskAsync(new PortGatewayRequests.CreatePort(command, command.PortgroupId));
        return reply is PortReplies.PortView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl), StatusCodes.Status201Created,
                location: $"{api.BaseUrl}/v1/ports/{view.Fields.Uuid}")
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Patch(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (portId, idError) = PortBodies.Uuid("port_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var (patch, error) = PortBodies.ParsePatch(await api.ReadBodyAsync(), PortRequests.PortPatchableFields);
        if (error is not null)
            return IronicResults.Error(error);
        var networkType = patch!.Operations.Any(o => o.Path.StartsWith("/local_link_connection/network_type", StringComparison.Ordinal)) ||
                          patch.ValuesOf("/local_link_connection").Any(PortBodies.NamesNetworkType);
        if (PortBodies.PortFieldsTooNew(patch.Touched(), networkType, api.Version))
            return IronicResults.Error(ApiError.NotAcceptable());
        var portgroups = patch.ValuesOf("/portgroup_uuid")
            .Select(v => PortBodies.Text(v) is { } text ? Identifiers.NormalizeUuid(text) : null)
            .OfType<string>().Select(Guid.Parse).Distinct().ToList();

        var refuseWhileInspecting = api.Version.AtLeast(Versions.InspectWait);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPort(
            portId!.Value, node => new PortCommands.PatchPort(node, portId.Value, patch.Operations, refuseWhileInspecting), portgroups));
        return reply is PortReplies.PortView view
            ? IronicResults.Json(PortRenderer.Render(view.Fields, api.Version, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string uuid, HttpContext http)
    {
        var api = ApiRequest.From(http);
        var (portId, idError) = PortBodies.Uuid("port_uuid", uuid);
        if (idError is not null)
            return IronicResults.Error(idError);
        var reply = await api.AskAsync(new PortGatewayRequests.ForPort(portId!.Value, node => new PortCommands.DeletePort(node, portId.Value)));
        return reply is PortReplies.PortRemoved
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : ReplyResults.Failure(reply);
    }

    /// <summary>What Ironic checks before the arguments of <c>/v1/nodes/{ident}/ports</c>: the node's ident.</summary>
    private static IResult? UnderNode(HttpContext http) =>
        NodeParent((string)http.GetRouteValue("ident")!, ApiRequest.From(http).Version) is { } error ? IronicResults.Error(error) : null;

    /// <summary>What Ironic checks before the arguments of <c>/v1/portgroups/{ident}/ports</c>: the version, the portgroup's ident.</summary>
    private static IResult? UnderPortgroup(HttpContext http) =>
        PortgroupsApi.Parent((string)http.GetRouteValue("ident")!, ApiRequest.From(http).Version) is { } error ? IronicResults.Error(error) : null;

    /// <summary>The node of <c>/v1/nodes/{ident}/ports</c>: Ironic's node lookup rules for a sub-resource path.</summary>
    private static ApiError? NodeParent(string ident, Versioning.ApiVersion version)
    {
        if (ident is "ports" or "portgroups" or "vifs" or "volume" or "traits" or "bios" or "allocation" or "history" or "inventory")
            return ApiError.NotFound(Messages.ResourceNotFound);
        if (PortBodies.UuidOrName("node", ident) is { } error)
            return error;
        return !version.AtLeast(Versions.NodeNames) && !Identifiers.IsUuidLike(ident) ? ApiError.NotAcceptable() : null;
    }

    private static ApiError PortDecisionsNotFound(Guid port) => ApiError.NotFound($"Port {port} could not be found.");
}
