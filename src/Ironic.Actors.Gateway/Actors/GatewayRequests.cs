using Akka.Actor;
using Ironic.Actors.Protocol;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// What the HTTP endpoints ask the <see cref="GatewayActor"/>. These messages are strictly local: they go
/// from an ASP.NET request to the gateway actor of the same process and never cross the network (some
/// hold delegates), so they are marked <see cref="INoSerializationVerificationNeeded"/> and have no manifest.
/// </summary>
public static class GatewayRequests
{
    /// <summary>
    /// Resolve <paramref name="Ident"/> (UUID or name) to the node's UUID and send it the command
    /// <paramref name="MakeCommand"/> builds. Replies with the entity's answer, or
    /// <see cref="Replies.Rejected"/> (404) when no node has that name.
    /// </summary>
    public sealed record ForNode(string Ident, Func<Guid, IWithNodeId> MakeCommand) : INoSerializationVerificationNeeded;

    /// <summary>
    /// GET of one node (<paramref name="Ident"/>: UUID or name): from the read model when the node is at rest there,
    /// from its entity when it shows work in flight (or has no row yet). Replies as <see cref="ForNode"/> with GetNode.
    /// </summary>
    public sealed record GetNode(string Ident) : INoSerializationVerificationNeeded;

    /// <summary>Send a create command to the new node's entity (<see cref="NodeCommands.CreateNode.IdGenerated"/>: see also <see cref="FreshNodeIds"/>).</summary>
    public sealed record CreateNode(NodeCommands.CreateNode Command) : INoSerializationVerificationNeeded;

    /// <summary>Ask the query model for a page of nodes; replies <see cref="NodeQueries.NodePage"/>.</summary>
    public sealed record ListNodes(NodeQueries.ListNodes Query) : INoSerializationVerificationNeeded;

    /// <summary>GET /v1/shards: the node count per shard from the read model.</summary>
    public sealed record ListShards : INoSerializationVerificationNeeded
    {
        public static readonly ListShards Instance = new();
    }

    /// <summary>Ask every conductor member to describe itself; replies <see cref="GatewayReplies.Conductors"/>.</summary>
    public sealed record ListConductors : INoSerializationVerificationNeeded
    {
        public static readonly ListConductors Instance = new();
    }

    /// <summary>
    /// GET /v1/lookup: find the node by <paramref name="NodeUuid"/>, else by the first of <paramref name="Addresses"/>
    /// (normalized MACs) a port has, and ask it for the agent's view (<see cref="AgentCommands.AgentLookup"/>).
    /// </summary>
    public sealed record AgentLookup(IReadOnlyList<string> Addresses, Guid? NodeUuid, bool IssueToken, string NewToken)
        : INoSerializationVerificationNeeded;
}
