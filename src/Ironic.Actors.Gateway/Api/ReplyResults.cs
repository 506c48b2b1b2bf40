using Ironic.Actors.Gateway.Actors;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol;
using Microsoft.AspNetCore.Http;

namespace Ironic.Actors.Gateway.Api;

/// <summary>Turns the answers endpoints did not expect into Ironic errors.</summary>
public static class ReplyResults
{
    /// <summary>The node view a reply carries (a read, or the node right after a write), if any.</summary>
    public static NodeReplies.NodeView? ViewOf(object reply) => reply switch
    {
        NodeReplies.NodeView view => view,
        NodeReplies.Accepted accepted => accepted.View,
        _ => null,
    };

    /// <summary>A refusal (4xx), a timeout (503), or an answer no endpoint should get (500).</summary>
    public static IResult Failure(object reply) => reply switch
    {
        Replies.Rejected rejected => IronicResults.Error(rejected.Code, rejected.Message),
        GatewayReplies.TimedOut timedOut => IronicResults.Error(StatusCodes.Status503ServiceUnavailable, timedOut.Message),
        Protocol.Queries.NodeQueries.Unavailable unavailable => IronicResults.Error(StatusCodes.Status503ServiceUnavailable, unavailable.Message),
        _ => throw new InvalidOperationException($"Unexpected answer from the cluster: {reply.GetType().Name}"),
    };
}
