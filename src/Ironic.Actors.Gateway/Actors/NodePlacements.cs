using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Queries;

namespace Ironic.Actors.Gateway.Actors;

/// <summary>
/// Where the gateway sends each node's messages: the node's placement (conductor group and hardware type), which picks
/// its shard. Learnt from every node the gateway sees (answers and read-model rows), else read from the read model. A
/// placement that is out of date (the node moved through another gateway) still arrives: the entity woken at the old
/// placement forwards to the new one. Thread-safe: the gateway's request flows run outside the actor.
/// </summary>
public sealed class NodePlacements(int capacity = 200_000)
{
    private readonly ConcurrentDictionary<Guid, NodePlacement> _known = new();
    private int _count; // ConcurrentDictionary.Count takes every one of its locks: ~2 % of the CPU of a create, asked each time

    /// <summary>Remembers the placement of the node in <paramref name="answer"/>, if it shows one.</summary>
    public void Learn(object answer)
    {
        if (answer is NodeReplies.NodeView view)
            Learn(view.Node.Uuid, NodePlacement.Of(view.Node));
        else if (answer is NodeReplies.Accepted accepted)
            Learn(accepted.View.Node.Uuid, NodePlacement.Of(accepted.View.Node));
    }

    public void Learn(Guid nodeId, NodePlacement placement)
    {
        if (_known.TryGetValue(nodeId, out var known))
        {
            if (known != placement)
                _known[nodeId] = placement;
            return;
        }
        if (!_known.TryAdd(nodeId, placement))
            return;
        if (Interlocked.Increment(ref _count) > capacity)
        {
            // A bound, not a policy: the read model answers for what is forgotten.
            _known.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }

    /// <summary>The node's placement as learnt, or null when it is not known here (any more).</summary>
    public NodePlacement? Known(Guid nodeId) => _known.TryGetValue(nodeId, out var placement) ? placement : null;

    /// <summary>The node's placement, or null when the read model does not know the node.</summary>
    public async Task<NodePlacement?> FindAsync(Guid nodeId, IActorRef queryModel, TimeSpan timeout)
    {
        if (Known(nodeId) is { } placement)
            return placement;
        try
        {
            var found = await queryModel.Ask<object>(new NodeQueries.FindNode(nodeId.ToString()), timeout);
            Learn(found);
            return found is NodeReplies.NodeView view ? NodePlacement.Of(view.Node) : null;
        }
        catch (AskTimeoutException)
        {
            return null; // sent without placement: the woken entity forwards it
        }
    }

    /// <summary>The placement a create body asks for (its checks are the node's: a bad value is refused there).</summary>
    public static NodePlacement OfCreateBody(JsonObject body) => NodePlacement.Of(Text(body, "conductor_group"), Text(body, "driver"));

    private static string? Text(JsonObject body, string key) =>
        body.TryGetPropertyValue(key, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
