using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// The shared steps of a request on one node: check the ident (and whatever else the endpoint refuses before reading
/// the body), read and parse the JSON body, ask the node, and map its answer. Driver failures carry their own status.
/// </summary>
internal static class SubResourceResults
{
    /// <summary>
    /// A read through the node's conductor: checks the ident, sends the node the command <paramref name="command"/>
    /// builds, and renders a <typeparamref name="TReply"/> answer, or turns any other answer into Ironic's error.
    /// </summary>
    public static Task<IResult> AskNode<TReply>(
        string ident, HttpContext http, Func<Guid, IWithNodeId> command, Func<TReply, IResult> render) =>
        AskNode(ident, http, command, (_, reply) => reply is TReply typed ? render(typed) : Failure(reply));

    /// <summary>A read of the node itself: checks the ident, then <paramref name="refuse"/>, and renders the node's view.</summary>
    public static async Task<IResult> AskView(string ident, HttpContext http, Func<ApiRequest, NodeReplies.NodeView, IResult> render,
        Func<ApiRequest, IResult?>? refuse = null)
    {
        // As GET /v1/nodes/{id}: a node at rest is read from the read model, one with work in flight from its entity.
        var api = ApiRequest.From(http);
        if (Refuse(api, ident, refuse) is { } refused)
            return refused;
        var reply = await api.AskAsync(new GatewayRequests.GetNode(ident));
        return ReplyResults.ViewOf(reply) is { } view ? render(api, view) : ReplyResults.Failure(reply);
    }

    /// <summary>
    /// A request without a body: checks the ident, then <paramref name="refuse"/> (an error, or null to go on), sends
    /// the node the command <paramref name="command"/> builds and lets <paramref name="answer"/> map the reply.
    /// </summary>
    public static async Task<IResult> AskNode(string ident, HttpContext http, Func<Guid, IWithNodeId> command,
        Func<ApiRequest, object, IResult> answer, Func<ApiRequest, IResult?>? refuse = null)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident, refuse) is { } refused)
            return refused;
        return answer(api, await api.AskAsync(new GatewayRequests.ForNode(ident, command)));
    }

    /// <summary>
    /// A request with a JSON body: checks the ident, then <paramref name="refuse"/>, reads the body, lets
    /// <paramref name="parse"/> turn it into the node's command (or an error), sends it and lets
    /// <paramref name="answer"/> map the reply.
    /// </summary>
    public static async Task<IResult> SendToNode(string ident, HttpContext http, Func<ApiRequest, BodyRead, ParsedCommand> parse,
        Func<ApiRequest, object, IResult> answer, Func<ApiRequest, IResult?>? refuse = null)
    {
        var api = ApiRequest.From(http);
        if (Refuse(api, ident, refuse) is { } refused)
            return refused;
        var body = await api.ReadBodyAsync();
        if (body.Error is not null)
            return IronicResults.Error(body.Error);
        var parsed = parse(api, body);
        if (parsed.Error is not null)
            return IronicResults.Error(parsed.Error);
        return answer(api, await api.AskAsync(new GatewayRequests.ForNode(ident, parsed.Command!)));
    }

    /// <summary>
    /// The answer to a change of the node: once the node has stored it, <paramref name="status"/> with no body (and
    /// <paramref name="location"/> as Location when given); else Ironic's error.
    /// </summary>
    public static IResult Changed(object reply, int status, string? location) =>
        ReplyResults.ViewOf(reply) is null ? ReplyResults.Failure(reply) : IronicResults.Empty(status, location);

    /// <summary>A driver failure with its own status; any other reply as <see cref="ReplyResults.Failure"/>.</summary>
    public static IResult Failure(object reply) => reply is DriverCallReplies.Failed failed
        ? IronicResults.Error(failed.Status, failed.Message)
        : ReplyResults.Failure(reply);

    private static IResult? Refuse(ApiRequest api, string ident, Func<ApiRequest, IResult?>? refuse) =>
        NodeIdent.Check(ident, api.Version) is { } identError ? IronicResults.Error(identError) : refuse?.Invoke(api);
}
