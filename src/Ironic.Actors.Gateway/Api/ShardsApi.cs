using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// GET /v1/shards (API 1.82): how many nodes each shard holds, nodes in no shard counted under the name "None", as
/// Ironic 21.4 lists them (most nodes first). Below 1.82 a GET is 404 and any other method 405, both "The API version
/// does not allow shards"; from 1.82 a single shard is 404 and other methods are 405.
/// </summary>
internal static class ShardsApi
{
    /// <summary>The microversion (minor) that added shards.</summary>
    public const int Since = Versions.Shards;

    public const string NotAllowed = "The API version does not allow shards";

    public static void MapShardsApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/shards").MapGet("/shards", (Func<HttpContext, Task<IResult>>)List).Takes(TooOld);
        v1.RefuseHead("/shards/{name}").MapGet("/shards/{name}", (string name, HttpContext http) => TooOld(http) ??
            IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
        foreach (var pattern in new[] { "/shards", "/shards/{name}" })
            v1.MapMethods(pattern, [.. IronicApi.Methods.Except(["GET"])], (HttpContext http) => TooOld(http) ??
                IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
    }

    private static async Task<IResult> List(HttpContext http)
    {
        var api = ApiRequest.From(http);
        var reply = await api.AskAsync(GatewayRequests.ListShards.Instance);
        return reply is NodeQueries.Shards shards
            ? IronicResults.Json(ShardRenderer.Render(shards.Counts))
            : ReplyResults.Failure(reply);
    }

    /// <summary>Below 1.82: 404 for a GET, 405 for anything else, before anything is looked at; else null.</summary>
    private static IResult? TooOld(HttpContext http) => ApiRequest.From(http).Version.AtLeast(Since)
        ? null
        : http.Request.Method == "GET"
            ? IronicResults.Error(StatusCodes.Status404NotFound, NotAllowed)
            : IronicResults.Error(StatusCodes.Status405MethodNotAllowed, NotAllowed);
}
