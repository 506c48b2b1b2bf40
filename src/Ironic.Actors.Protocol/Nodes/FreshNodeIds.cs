using System.Collections.Concurrent;
using Akka.Actor;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// The node UUIDs this member has just generated for a create (the client gave none): such a node has nothing stored
/// yet, anywhere — a random UUID has never been used — so its entity, if this member hosts it, skips the two reads of a
/// recovery (its read-model row, its highest journal sequence number). The gateway marks an id before it sends the
/// create; the snapshot store looks (<see cref="IsFresh"/>), the journal takes the mark (<see cref="Take"/>). An id the
/// client chose is never marked. A mark nobody takes (the entity lives on another member) is dropped after
/// <see cref="MaxAge"/>. It only saves work: without a mark, recovery reads as always.
/// </summary>
public sealed class FreshNodeIds : IExtension
{
    /// <summary>How long a mark waits for its entity to start here.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    private const int PurgeAbove = 4096;
    private readonly ConcurrentDictionary<Guid, long> _marked = new();

    public static FreshNodeIds For(ActorSystem system) => system.WithExtension<FreshNodeIds, Provider>();

    /// <summary>Marks <paramref name="nodeId"/>, generated here for a create that is about to be sent.</summary>
    public void Mark(Guid nodeId)
    {
        var now = Environment.TickCount64;
        if (_marked.Count >= PurgeAbove)
            foreach (var (id, at) in _marked)
                if (now - at > (long)MaxAge.TotalMilliseconds)
                    _marked.TryRemove(KeyValuePair.Create(id, at));
        _marked[nodeId] = now;
    }

    /// <summary>Whether <paramref name="nodeId"/> is marked (the mark stays).</summary>
    public bool IsFresh(Guid nodeId) => _marked.ContainsKey(nodeId);

    /// <summary>Whether <paramref name="nodeId"/> was marked; the mark is gone after (one recovery uses it).</summary>
    public bool Take(Guid nodeId) => _marked.TryRemove(nodeId, out _);

    /// <summary>How many marks wait.</summary>
    public int Count => _marked.Count;

    private sealed class Provider : ExtensionIdProvider<FreshNodeIds>
    {
        public override FreshNodeIds CreateExtension(ExtendedActorSystem system) => new();
    }
}
