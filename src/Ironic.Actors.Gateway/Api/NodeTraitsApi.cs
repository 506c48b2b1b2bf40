using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
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

    private static Task<IResult> List(string ident, HttpContext http) =>
        SubResourceResults.AskView(ident, http, (_, view) => IronicResults.Json(SubResourceRenderer.Traits(view.Node.Traits)), Refuse);

    private static Task<IResult> Replace(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (_, body) =>
        {
            var (traits, error) = SubResourceBodies.ParseTraits(body);
            return ParsedCommand.Unless(error, id => new NodeSubResourceCommands.SetTraits(id, traits!));
        }, (_, reply) => Changed(reply, location: null), Refuse);

    private static Task<IResult> Add(string ident, string trait, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http,
            (_, body) => ParsedCommand.Unless(SubResourceBodies.CheckSingleTraitBody(body), id => new NodeSubResourceCommands.AddTrait(id, trait)),
            (api, reply) => Changed(reply, location: $"{api.BaseUrl}/v1/nodes/{ident}/traits/{trait}"),
            api => Refuse(api) ?? (SubResourceBodies.CheckTrait(trait) is { } invalid ? IronicResults.Error(invalid) : null));

    private static Task<IResult> RemoveAll(string ident, HttpContext http) =>
        SubResourceResults.AskNode(ident, http, id => new NodeSubResourceCommands.RemoveTraits(id),
            (_, reply) => Changed(reply, location: null), Refuse);

    private static Task<IResult> Remove(string ident, string trait, HttpContext http) =>
        SubResourceResults.AskNode(ident, http, id => new NodeSubResourceCommands.RemoveTrait(id, trait),
            (_, reply) => Changed(reply, location: null), Refuse);

    /// <summary>The answer to a trait change: 204 once it is stored.</summary>
    private static IResult Changed(object reply, string? location) =>
        SubResourceResults.Changed(reply, StatusCodes.Status204NoContent, location);

    /// <summary>A version without traits (404); else null. The ident is checked before.</summary>
    private static IResult? Refuse(ApiRequest api) =>
        api.Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);

    /// <summary>405 for the other methods from 1.37; 404 below it, where the resource does not exist.</summary>
    private static void AllowOnlySince(this IEndpointRouteBuilder v1, string pattern, params string[] allowed) =>
        v1.MapMethods(pattern, [.. IronicApi.Methods.Except(allowed)], (HttpContext http) =>
            ApiRequest.From(http).Version.AtLeast(Since)
                ? IronicResults.MethodNotAllowed(http.Request.Method, allowed)
                : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
}
