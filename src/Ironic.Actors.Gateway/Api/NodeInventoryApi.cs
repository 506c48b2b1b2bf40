using Ironic.Actors.Gateway.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// GET /v1/nodes/{ident}/inventory (API 1.81): the hardware inventory an inspection stored. Ironic 21.4 stores one only
/// when an in-band inspection (ironic-inspector or its agent) reports it; its fake and no-inspect interfaces report none,
/// and neither do ours, so every existing node answers Ironic's 404 "Node inventory record ... could not be found.".
/// Below 1.81 the node controller has no inventory (404 for any method); from 1.81 other methods are 405.
/// </summary>
internal static class NodeInventoryApi
{
    /// <summary>The microversion (minor) that added the node inventory.</summary>
    public const int Since = 81;

    public static void MapNodeInventoryApi(this IEndpointRouteBuilder v1)
    {
        v1.MapRead("/nodes/{ident}/inventory", Get);
        v1.MapMethods("/nodes/{ident}/inventory", [.. IronicApi.Methods.Except(["GET"])], (HttpContext http) => TooOld(http) ??
            IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
        // Ironic 21.4 answers 500 for a path below the inventory; nothing is there.
        v1.MapMethods("/nodes/{ident}/inventory/{*rest}", IronicApi.Methods, () =>
            IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
    }

    /// <summary>Ironic's 404 for a node no inspection stored an inventory for (Ironic names its database id; we, the UUID).</summary>
    public static string NotFound(Guid node) => $"Node inventory record for node {node} could not be found.";

    private static Task<IResult> Get(string ident, HttpContext http) => TooOld(http) is { } old
        ? Task.FromResult(old)
        : SubResourceResults.AskView(ident, http,
            (_, view) => IronicResults.Error(StatusCodes.Status404NotFound, NotFound(view.Node.Uuid)),
            api => CollectionQuery.CheckArguments(api.Query) is { } unexpected ? IronicResults.Error(unexpected) : null);

    /// <summary>Below 1.81: pecan's 404 before anything else; else null.</summary>
    private static IResult? TooOld(HttpContext http) => ApiRequest.From(http).Version.AtLeast(Since)
        ? null
        : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
}
