using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;
using Ironic.Actors.Protocol.Requests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>/v1/nodes: list, detail, create, show, update, delete.</summary>
internal static class NodesApi
{
    public static void MapNodesApi(this IEndpointRouteBuilder v1)
    {
        // Handlers taking only HttpContext are cast to Func so they bind as route handlers, not RequestDelegates.
        v1.RefuseHead("/nodes").MapGet("/nodes", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: false)))
            .Takes(NodeListQuery.Arguments(detailEndpoint: false));
        v1.MapPost("/nodes", (Func<HttpContext, Task<IResult>>)Create);
        v1.AllowOnly("/nodes", "GET", "POST");
        v1.RefuseHead("/nodes/detail").MapGet("/nodes/detail", (Func<HttpContext, Task<IResult>>)(http => List(http, detailEndpoint: true)))
            .Takes(NodeListQuery.Arguments(detailEndpoint: true));
        v1.AllowOnly("/nodes/detail", "GET");
        v1.RefuseHead("/nodes/{ident}").MapGet("/nodes/{ident}", Get).Takes("fields");
        v1.MapPatch("/nodes/{ident}", Patch);
        v1.MapDelete("/nodes/{ident}", Delete);
        v1.AllowOnly("/nodes/{ident}", "GET", "PATCH", "DELETE");
    }

    private static async Task<IResult> List(HttpContext http, bool detailEndpoint)
    {
        var api = ApiRequest.From(http);
        var (request, error) = NodeListQuery.Parse(api.Query, api.Version, api.Options.MaxLimit, detailEndpoint);
        if (error is not null)
            return IronicResults.Error(error);

        // The page comes as stored and is written straight from the documents (StoredNodeRenderer).
        var reply = await api.AskAsync(new GatewayRequests.ListNodes(request!.Query with { AsStored = true }));
        var path = detailEndpoint ? "nodes/detail" : "nodes";
        return reply switch
        {
            NodeQueries.StoredNodePage stored => NodeListQuery.Page(api, request, stored, path),
            NodeQueries.NodePage page => NodeListQuery.Page(api, request, page, path),
            _ => ReplyResults.Failure(reply),
        };
    }

    private static async Task<IResult> Get(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var (fields, fieldsError) = NodeListQuery.ParseFields(api.Query, api.Version, NodeFields.IsSelectable, NodeFields.Since);
        if (fieldsError is not null)
            return IronicResults.Error(fieldsError);

        // A node read lately and unchanged since is answered from memory; else the gateway reads it (and keeps it).
        var reply = (object?)api.Nodes.TryGet(ident) ?? await api.AskAsync(new GatewayRequests.GetNode(ident));
        return ReplyResults.ViewOf(reply) is { } view
            ? IronicResults.Rendered(sb => NodeRenderer.Write(sb, view, api.Version, api.BaseUrl, fields))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Create(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        // No body at all reads as an empty node, as in Ironic (whose schema then asks for the driver).
        var (creation, error) = NodeBodies.ParseCreate(body.IsEmpty ? new JsonObject() : body.Node, api.Version, Identifiers.NewUuid);
        if (error is not null)
            return IronicResults.Error(error);

        var command = new NodeCommands.CreateNode(creation!.NodeId, creation.Body, creation.InitialState) { IdGenerated = creation.IdGenerated };
        var reply = await api.AskAsync(new GatewayRequests.CreateNode(command));
        if (ReplyResults.ViewOf(reply) is not { } view)
            return ReplyResults.Failure(reply);
        return IronicResults.Rendered(sb => NodeRenderer.Write(sb, view, api.Version, api.BaseUrl), StatusCodes.Status201Created,
            location: $"{api.BaseUrl}/v1/nodes/{view.Node.Uuid}");
    }

    private static async Task<IResult> Patch(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var (reset, resetError) = QueryValues.VersionedBool(api.Query, "reset_interfaces", Versions.ResetInterfaces, api.Version);
        if (resetError is not null)
            return IronicResults.Error(resetError);
        var (patch, error) = NodeBodies.ParsePatch(await api.ReadBodyAsync(), api.Version);
        if (error is not null)
            return IronicResults.Error(error);

        var reply = await api.AskAsync(new GatewayRequests.ForNode(
            ident, id => new NodeCommands.PatchNode(id, patch!.Operations, reset ?? false)));
        return ReplyResults.ViewOf(reply) is { } view
            ? IronicResults.Rendered(sb => NodeRenderer.Write(sb, view, api.Version, api.BaseUrl))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Delete(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var reply = await api.AskAsync(new GatewayRequests.ForNode(ident, id => new NodeCommands.DeleteNode(id)));
        return reply is NodeReplies.Deleted
            ? IronicResults.Empty(StatusCodes.Status204NoContent)
            : ReplyResults.Failure(reply);
    }
}
