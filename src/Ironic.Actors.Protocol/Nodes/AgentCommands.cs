namespace Ironic.Actors.Protocol.Nodes;

/// <summary>What the agent ramdisk on a machine asks its node (GET /v1/lookup, POST /v1/heartbeat/{node}).</summary>
public static class AgentCommands
{
    /// <summary>
    /// GET /v1/lookup found this node. With <paramref name="IssueToken"/> (1.62+) the node stores
    /// <paramref name="NewToken"/> if it has no token yet. Reply <see cref="AgentLookedUp"/>, or
    /// <see cref="Replies.Rejected"/> (404) when the node is not in a state that expects an agent.
    /// </summary>
    public sealed record AgentLookup(Guid NodeId, bool IssueToken, string NewToken) : IWithNodeId, IIronicMessage;

    /// <summary>
    /// The node as an agent sees it, and the token to hand it (in clear the first time, "******" afterwards, null
    /// without one).
    /// </summary>
    public sealed record AgentLookedUp(NodeReplies.NodeView View, string? Token) : IIronicMessage;

    /// <summary>
    /// POST /v1/heartbeat/{node} with its body checked. Reply <see cref="NodeReplies.Accepted"/> once the heartbeat is
    /// stored (the node then goes on with its work), or <see cref="Replies.Rejected"/> (400) with Ironic's text.
    /// <paramref name="AgentVerifyCa"/> (1.68+): the PEM of the CA the agent's https listener is signed by.
    /// </summary>
    public sealed record AgentHeartbeat(Guid NodeId, string CallbackUrl, string? AgentVersion, string AgentToken, string? AgentVerifyCa = null)
        : IWithNodeId, IIronicMessage;
}
