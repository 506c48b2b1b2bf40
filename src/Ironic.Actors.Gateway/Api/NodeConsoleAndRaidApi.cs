using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// /v1/nodes/{ident}/states/console (GET: is it enabled and how to reach it; PUT <c>{"enabled": bool}</c>: 202) and
/// /v1/nodes/{ident}/states/raid (PUT the target RAID configuration: 204, 1.12+). The node answers once its console
/// interface has switched the console, or its RAID interface has accepted the configuration, and the change is stored.
/// </summary>
internal static class NodeConsoleAndRaidApi
{
    /// <summary>PUT /states/raid needs 1.12; an older request for an existing node is answered 406.</summary>
    private const int RaidSince = Versions.Raid;

    public static void MapNodeConsoleAndRaidApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/states/console").MapGet("/nodes/{ident}/states/console", GetConsole).Takes();
        v1.MapPut("/nodes/{ident}/states/console", SetConsole);
        v1.AllowOnly("/nodes/{ident}/states/console", "GET", "PUT");
        v1.MapPut("/nodes/{ident}/states/raid", SetRaid);
        v1.AllowOnly("/nodes/{ident}/states/raid", "PUT");
    }

    private static Task<IResult> GetConsole(string ident, HttpContext http) =>
        SubResourceResults.AskNode<DriverCallReplies.ConsoleState>(ident, http, id => new NodeSubResourceCommands.GetConsole(id),
            state => IronicResults.Json(SubResourceRenderer.Console(state)));

    private static Task<IResult> SetConsole(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (_, body) =>
        {
            var (enabled, error) = SubResourceBodies.ParseConsole(body);
            return ParsedCommand.Unless(error, id => new NodeSubResourceCommands.SetConsoleMode(id, enabled));
        }, (api, reply) => reply is NodeReplies.Accepted
            ? IronicResults.Empty(StatusCodes.Status202Accepted, $"{api.BaseUrl}/v1/nodes/{ident}/states/console")
            : SubResourceResults.Failure(reply));

    /// <summary>
    /// Ironic checks the body, then finds the node, then the version: below 1.12 the node is only looked up, so that a
    /// missing node is still 404 and an existing one 406.
    /// </summary>
    private static Task<IResult> SetRaid(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (api, body) =>
        {
            var (config, error) = SubResourceBodies.ParseTargetRaidConfig(body);
            return api.Version.AtLeast(RaidSince)
                ? ParsedCommand.Unless(error, id => new NodeSubResourceCommands.SetTargetRaidConfig(id, config!))
                : ParsedCommand.Unless(error, id => new NodeCommands.GetNode(id));
        }, (api, reply) => reply switch
        {
            NodeReplies.Accepted => IronicResults.Empty(StatusCodes.Status204NoContent),
            NodeReplies.NodeView when !api.Version.AtLeast(RaidSince) => IronicResults.Error(ApiError.NotAcceptable()),
            _ => SubResourceResults.Failure(reply),
        });
}
