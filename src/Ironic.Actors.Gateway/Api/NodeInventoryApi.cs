using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// GET /v1/nodes/{ident}/inventory (API 1.81): the hardware inventory an inspection stored, as
/// <c>{"inventory": …, "plugin_data": …}</c>. Our <c>redfish</c> inspect stores one (as Ironic's does from 2023.2; 21.4's
/// stores one only for in-band inspection); a node no inspection stored one for answers Ironic's 404
/// "Node inventory record ... could not be found.".
/// Below 1.81 the node controller has no inventory (404 for any method); from 1.81 other methods are 405.
/// </summary>
internal static class NodeInventoryApi
{
    /// <summary>The microversion (minor) that added the node inventory.</summary>
    public const int Since = Versions.Inventory;

    public static void MapNodeInventoryApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/inventory").MapGet("/nodes/{ident}/inventory", Get).Takes(TooOld);
        v1.MapMethods("/nodes/{ident}/inventory", [.. IronicApi.Methods.Except(["GET"])], (HttpContext http) => TooOld(http) ??
            IronicResults.MethodNotAllowed(http.Request.Method, ["GET"]));
        // Ironic 21.4 answers 500 for a path below the inventory; nothing is there.
        v1.MapMethods("/nodes/{ident}/inventory/{*rest}", IronicApi.Methods, () =>
            IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound));
    }

    /// <summary>Ironic's 404 for a node no inspection stored an inventory for (Ironic names its database id; we, the UUID).</summary>
    public static string NotFound(Guid node) => $"Node inventory record for node {node} could not be found.";

    private static Task<IResult> Get(string ident, HttpContext http)
    {
        return SubResourceResults.AskNode<NodeReplies.Inventory>(ident, http, id => new NodeSubResourceCommands.GetInventory(id),
            inventory => inventory.Data is { } data
                ? IronicResults.Json(new JsonObject
                {
                    ["inventory"] = data.DeepClone(),
                    ["plugin_data"] = inventory.PluginData?.DeepClone() ?? new JsonObject(),
                })
                : IronicResults.Error(StatusCodes.Status404NotFound, NotFound(inventory.NodeId)));
    }

    /// <summary>Below 1.81: pecan's 404 before anything else; else null.</summary>
    private static IResult? TooOld(HttpContext http) => ApiRequest.From(http).Version.AtLeast(Since)
        ? null
        : IronicResults.Error(StatusCodes.Status404NotFound, Messages.ResourceNotFound);
}
