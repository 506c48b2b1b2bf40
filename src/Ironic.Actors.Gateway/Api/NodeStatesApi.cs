using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Protocol;
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
        v1.MapRead("/nodes/{ident}/states", States);
        v1.AllowOnly("/nodes/{ident}/states", "GET");
        v1.MapPut("/nodes/{ident}/states/provision", Provision);
        v1.AllowOnly("/nodes/{ident}/states/provision", "PUT");
        v1.MapPut("/nodes/{ident}/states/power", Power);
        v1.AllowOnly("/nodes/{ident}/states/power", "PUT");
        v1.MapPut("/nodes/{ident}/maintenance", SetMaintenance);
        v1.MapDelete("/nodes/{ident}/maintenance", ClearMaintenance);
        v1.AllowOnly("/nodes/{ident}/maintenance", "PUT", "DELETE");
    }

    private static async Task<IResult> States(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var reply = await api.AskAsync(new GatewayRequests.ForNode(ident, id => new NodeCommands.GetNode(id)));
        return ReplyResults.ViewOf(reply) is { } view
            ? IronicResults.Json(NodeRenderer.RenderStates(view, api.Version))
            : ReplyResults.Failure(reply);
    }

    private static async Task<IResult> Provision(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var (request, error) = NodeBodies.ParseProvision(body.Node, api.Version);
        if (error is not null)
            return IronicResults.Error(error);
        return await Accept(api, ident, id => new NodeCommands.ChangeProvisionState(id, request!), withLocation: true);
    }

    private static async Task<IResult> Power(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var (target, timeout, error) = NodeBodies.ParsePower(body.Node, api.Version);
        if (error is not null)
            return IronicResults.Error(error);
        return await Accept(api, ident, id => new NodeCommands.ChangePowerState(id, target!, timeout, ident), withLocation: true);
    }

    private static async Task<IResult> SetMaintenance(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var (reason, error) = NodeBodies.ParseMaintenance(body, QueryValues.Get(api.Query, "reason"));
        if (error is not null)
            return IronicResults.Error(error);
        return await Accept(api, ident, id => new NodeCommands.SetMaintenance(id, true, reason), withLocation: false);
    }

    private static async Task<IResult> ClearMaintenance(string ident, HttpContext http)
    {
        var api = ApiRequest.From(http);
        if (NodeIdent.Check(ident, api.Version) is { } identError)
            return IronicResults.Error(identError);
        return await Accept(api, ident, id => new NodeCommands.SetMaintenance(id, false, null), withLocation: false);
    }

    /// <summary>Sends a state change; 202 with no body (and the states URL as Location for power/provision).</summary>
    private static async Task<IResult> Accept(ApiRequest api, string ident, Func<Guid, IWithNodeId> command, bool withLocation)
    {
        var reply = await api.AskAsync(new GatewayRequests.ForNode(ident, command));
        if (ReplyResults.ViewOf(reply) is null)
            return ReplyResults.Failure(reply);
        return IronicResults.Empty(StatusCodes.Status202Accepted,
            withLocation ? $"{api.BaseUrl}/v1/nodes/{ident}/states" : null);
    }
}
