using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/traits[/{trait}] (API 1.37): list, replace all, add one, remove all, remove one. Below 1.37
/// the endpoints do not exist (404), whatever the method.
/// </summary>
internal static class NodeTraitsApi
{
    /// <summary>The microversion (minor) that added node traits.</summary>
    public const int Since = 37;

    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static void MapNodeTraitsApi(this IEndpointRouteBuilder v1)
    {
        v1.MapRead("/nodes/{ident}/traits", List);
        v1.MapPut("/nodes/{ident}/traits", Replace);
        v1.MapDelete("/nodes/{ident}/traits", RemoveAll);
        v1.AllowOnlySince("/nodes/{ident}/traits", "GET", "PUT", "DELETE");
        v1.MapPut("/nodes/{ident}/traits/{trait}", Add);
        v1.MapDelete("/nodes/{ident}/traits/{trait}", Remove);
        v1.AllowOnlySince("/nodes/{ident}/traits/{trait}", "PUT", "DELETE");
    }

    private static async Task<IResult> List(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident) is { } refused)
            return refused;
        var reply = await api.AskAsync(new GatewayRequests.ForNode(ident, id => new NodeCommands.GetNode(id)));
        return ReplyResults.ViewOf(reply) is { } view
            ? IronicResults.Json(SubResourceRenderer.Traits(view.Node.Traits))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Replace(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident) is { } refused)
            return refused;
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var (traits, error) = SubResourceBodies.ParseTraits(body);
        if (error is not null)
            return IronicResults.Error(error);
        return await Change(api, ident, id => new NodeSubResourceCommands.SetTraits(id, traits!), location: null);
    }

    private static async Task<IResult> Add(string ident, string trait, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident) is { } refused)
            return refused;
        if (SubResourceBodies.CheckTrait(trait) is { } invalid)
            return IronicResults.Error(invalid);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        if (SubResourceBodies.CheckSingleTraitBody(body) is { } misuse)
            return IronicResults.Error(misuse);
        return await Change(api, ident, id => new NodeSubResourceCommands.AddTrait(id, trait),
            location: $"{api.BaseUrl}/v1/nodes/{ident}/traits/{trait}");
    }

    private static async Task<IResult> RemoveAll(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident) is { } refused)
            return refused;
        return await Change(api, ident, id => new NodeSubResourceCommands.RemoveTraits(id), location: null);
    }

    private static async Task<IResult> Remove(string ident, string trait, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident) is { } refused)
            return refused;
        return await Change(api, ident, id => new NodeSubResourceCommands.RemoveTrait(id, trait), location: null);
    }

    /// <summary>Sends a trait change; 204 once it is stored.</summary>
    private static async Task<IResult> Change(ApiRequest api, string ident, Func<Guid, IWithNodeId> command, string? location)
    {
        var reply = await api.AskAsync(new GatewayRequests.ForNode(ident, command));
        return ReplyResults.ViewOf(reply) is null
            ? ReplyResults.Failure(reply)
            : IronicResults.Empty(StatusCodes.Status204NoContent, location);
    }

    /// <summary>An ident Ironic would not look up (400/404), or a version without traits (404); else null.</summary>
    private static IResult? Refuse(ApiRequest api, string ident)
    {
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        return api.Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
    }

    /// <summary>405 for the other methods from 1.37; 404 below it, where the resource does not exist.</summary>
    private static void AllowOnlySince(this IEndpointRouteBuilder v1, string pattern, params string[] allowed) =>
        v1.MapMethods(pattern, [.. AllMethods.Except(allowed)], (HttpContext http) =>
            ApiRequest.From(http).Version.AtLeast(Since)
                ? IronicResults.MethodNotAllowed(http.Request.Method, allowed)
                : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
}
