using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/traits[/{trait}] (API 1.37): list, replace all, add one, remove all, remove one. Below 1.37
/// Ironic 21.4 answers as its node controller does without the traits controller: a GET finds the node and
/// refuses the version (406), a PUT is a method the node does not have (405), a DELETE is an unknown resource
/// (404, before the node is looked up); other methods are 405 at any version.
/// </summary>
internal static class NodeTraitsApi
{
    /// <summary>The microversion (minor) that added node traits.</summary>
    public const int Since = Versions.Traits;

    public static void MapNodeTraitsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/traits").MapGet("/nodes/{ident}/traits", List);
        v1.MapPut("/nodes/{ident}/traits", Replace);
        v1.MapDelete("/nodes/{ident}/traits", RemoveAll);
        v1.AllowOnlySince("/nodes/{ident}/traits", "GET", "PUT", "DELETE");
        v1.MapPut("/nodes/{ident}/traits/{trait}", Add);
        v1.MapDelete("/nodes/{ident}/traits/{trait}", Remove);
        v1.AllowOnlySince("/nodes/{ident}/traits/{trait}", "PUT", "DELETE");
    }

    /// <summary>The methods Ironic's node controller answers, named in a 405 below 1.37.</summary>
    private static readonly string[] NodeMethods = ["DELETE", "GET", "PATCH", "POST"];

    private static Task<IResult> List(string ident, HttpContext http) =>
        SubResourceResults.AskView(ident, http, (api, view) => api.Version.AtLeast(Since)
            ? IronicResults.Json(SubResourceRenderer.Traits(view.Node.Traits))
            : IronicResults.Error(ApiError.NotAcceptable()));

    private static Task<IResult> Replace(string ident, HttpContext http) =>
        RefusePut(http) is { } refused
            ? Task.FromResult(refused)
            : SubResourceResults.SendToNode(ident, http, (_, body) =>
            {
                var (traits, error) = SubResourceBodies.ParseTraits(body);
                return ParsedCommand.Unless(error, id => new NodeSubResourceCommands.SetTraits(id, traits!));
            }, (_, reply) => Changed(reply, location: null));

    private static Task<IResult> Add(string ident, string trait, HttpContext http) =>
        RefusePut(http) is { } refused
            ? Task.FromResult(refused)
            : SubResourceResults.SendToNode(ident, http,
                (_, body) => ParsedCommand.Unless(SubResourceBodies.CheckSingleTraitBody(body), id => new NodeSubResourceCommands.AddTrait(id, trait)),
                (api, reply) => Changed(reply, location: $"{api.BaseUrl}/v1/nodes/{ident}/traits/{trait}"),
                _ => SubResourceBodies.CheckTrait(trait) is { } invalid ? IronicResults.Error(invalid) : null);

    private static Task<IResult> RemoveAll(string ident, HttpContext http) =>
        RefuseDelete(http) is { } refused
            ? Task.FromResult(refused)
            : SubResourceResults.AskNode(ident, http, id => new NodeSubResourceCommands.RemoveTraits(id),
                (_, reply) => Changed(reply, location: null));

    private static Task<IResult> Remove(string ident, string trait, HttpContext http) =>
        RefuseDelete(http) is { } refused
            ? Task.FromResult(refused)
            : SubResourceResults.AskNode(ident, http, id => new NodeSubResourceCommands.RemoveTrait(id, trait),
                (_, reply) => Changed(reply, location: null));

    /// <summary>The answer to a trait change: 204 once it is stored.</summary>
    private static IResult Changed(object reply, string? location) =>
        SubResourceResults.Changed(reply, StatusCodes.Status204NoContent, location);

    /// <summary>A PUT below 1.37: 405 before anything else is checked (the node controller has no PUT); else null.</summary>
    private static IResult? RefusePut(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Since) ? null : IronicResults.MethodNotAllowed(http.Request.Method, NodeMethods);

    /// <summary>A DELETE below 1.37: 404 before anything else is checked; else null.</summary>
    private static IResult? RefuseDelete(HttpContext http) =>
        ApiRequest.From(http).Version.AtLeast(Since) ? null : IronicResults.Error(StatusCodes.Status404NotFound, Messages.VersionedResourceNotFound);

    /// <summary>405 for the other methods, at any version (below 1.37 naming the node controller's methods).</summary>
    private static void AllowOnlySince(this IEndpointRouteBuilder v1, string pattern, params string[] allowed) =>
        v1.MapMethods(pattern, [.. IronicApi.Methods.Except(allowed)], (HttpContext http) =>
            IronicResults.MethodNotAllowed(http.Request.Method, ApiRequest.From(http).Version.AtLeast(Since) ? allowed : NodeMethods));
}
