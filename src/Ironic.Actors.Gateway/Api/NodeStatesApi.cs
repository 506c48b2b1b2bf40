using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ironic.Actors.Gateway.Api;

/// <summary>/v1/nodes/{ident}/states[/provision|/power] and /v1/nodes/{ident}/maintenance.</summary>
internal static class NodeStatesApi
{
    public static void MapNodeStatesApi(this IEndpointRouteBuilder v1)
    {
        v1.RefuseHead("/nodes/{ident}/states").MapGet("/nodes/{ident}/states", States).Takes();
        v1.AllowOnly("/nodes/{ident}/states", "GET");
        v1.MapPut("/nodes/{ident}/states/provision", Provision);
        v1.AllowOnly("/nodes/{ident}/states/provision", "PUT");
        v1.MapPut("/nodes/{ident}/states/power", Power);
        v1.AllowOnly("/nodes/{ident}/states/power", "PUT");
        v1.MapPut("/nodes/{ident}/maintenance", SetMaintenance);
        v1.MapDelete("/nodes/{ident}/maintenance", ClearMaintenance);
        v1.AllowOnly("/nodes/{ident}/maintenance", "PUT", "DELETE");
    }

    private static Task<IResult> States(string ident, HttpContext http) =>
        SubResourceResults.AskView(ident, http, (api, view) => IronicResults.Json(NodeRenderer.RenderStates(view, api.Version)));

    private static Task<IResult> Provision(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (api, body) =>
        {
            var (command, error) = NodeBodies.ParseProvision(body.Node, api.Version);
            return ParsedCommand.Unless(error, id => command!(id));
        }, (api, reply) => Accepted(api, reply, ident, withLocation: true));

    private static Task<IResult> Power(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (api, body) =>
        {
            var (target, timeout, error) = NodeBodies.ParsePower(body.Node, api.Version);
            return ParsedCommand.Unless(error, id => new NodeCommands.ChangePowerState(id, target!, timeout, ident));
        }, (api, reply) => Accepted(api, reply, ident, withLocation: true));

    private static Task<IResult> SetMaintenance(string ident, HttpContext http) =>
        SubResourceResults.SendToNode(ident, http, (api, body) =>
        {
            var (reason, error) = NodeBodies.ParseMaintenance(body, QueryValues.Get(api.Query, "reason"));
            return ParsedCommand.Unless(error, id => new NodeCommands.SetMaintenance(id, true, reason));
        }, (api, reply) => Accepted(api, reply, ident, withLocation: false));

    private static Task<IResult> ClearMaintenance(string ident, HttpContext http) =>
        SubResourceResults.AskNode(ident, http, id => new NodeCommands.SetMaintenance(id, false, null),
            (api, reply) => Accepted(api, reply, ident, withLocation: false));

    /// <summary>The answer to a state change: 202 with no body (and the states URL as Location for power/provision).</summary>
    private static IResult Accepted(ApiRequest api, object reply, string ident, bool withLocation) =>
        SubResourceResults.Changed(reply, StatusCodes.Status202Accepted, withLocation ? $"{api.BaseUrl}/v1/nodes/{ident}/states" : null);
}
