using System.Collections.Concurrent;
using Akka.Actor;
using Ironic.Actors.Protocol.Conductors;

namespace Ironic.Actors.Protocol.Nodes;

/// <summary>
/// The node UUIDs this member has just generated for a create (the client gave none): such a node has nothing stored
/// yet, anywhere — a random UUID has never been used — so its entity, if this member hosts it, skips the two reads of a
/// recovery (its read-model row, its highest journal sequence number). The gateway marks an id while it sends the
/// create (<see cref="WhileCreating{T}"/>); the snapshot store looks (<see cref="IsFresh"/>), the journal takes the mark
/// (<see cref="Take"/>). An id the client chose is never marked. The mark goes when the create is answered (the node is
/// stored then: any later start must recover it) and when a conductor is removed first: the create may have been
/// stored there, and its copy, sent again, may start the entity on this member. A mark left behind is dropped after
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

    /// <summary>
    /// Marks <paramref name="nodeId"/> for as long as the create <paramref name="send"/> sends is unanswered and no
    /// conductor has been removed (<paramref name="losses"/>); returns the create's answer.
    /// </summary>
    public async Task<T> WhileCreating<T>(Guid nodeId, ConductorLosses losses, Func<Task<T>> send)
    {
        var lost = losses.Next; // read first: a removal while the create is on its way counts
        Mark(nodeId);
        Task<T> answer;
        try
        {
            answer = send();
            await Task.WhenAny(answer, lost).ConfigureAwait(false);
        }
        finally
        {
            Forget(nodeId);
        }
        return await answer.ConfigureAwait(false);
    }

    /// <summary>Drops the mark of <paramref name="nodeId"/>, if any.</summary>
    public void Forget(Guid nodeId) => _marked.TryRemove(nodeId, out _);

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
