using Akka.Actor;
using Ironic.Actors.Protocol.Conductors;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Messages in flight when a conductor dies. The entity's own asks of the cluster singletons (the registry of unique
/// values, the chassis, the deploy templates) are sent again when a conductor is removed while they wait
/// (<see cref="AskSingleton"/>). A gateway does the same with its writes (<see cref="ResendableNodeMessage"/>), so a
/// copy may reach an entity that already acted on the first: the entity remembers the request ids of the writes it
/// acted on for <see cref="RequestMemory"/> (longer than a gateway waits for a write, within which it sends its copies)
/// and drops a copy it has seen; the first copy's answer is the one the gateway returns. Memory only: an incarnation
/// that never saw the first copy acts on a later one, which is what a first copy lost with its conductor needs — and
/// what a first copy stored by a conductor that died before answering does not: a create then finds its node, and is
/// answered with it when the gateway generated its UUID (<see cref="NodeCommands.CreateNode.IdGenerated"/>); other
/// writes are acted on again.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>How long a request id is remembered: above the gateway's ask time-out (<c>Ironic:Gateway:AskTimeout</c>, 30 s).</summary>
    private static readonly long RequestMemory = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;

    /// <summary>At most this many request ids are remembered (the oldest go first): a node seldom takes more writes in <see cref="RequestMemory"/>.</summary>
    private const int MaxRememberedRequests = 64;

    private Queue<(Guid Id, long At)>? _recentRequests;

    /// <summary>The write inside <paramref name="copy"/> when this is the first copy to arrive here; null for a copy already acted on.</summary>
    private object? FirstCopy(ResendableNodeMessage copy)
    {
        var now = Environment.TickCount64;
        _recentRequests ??= new Queue<(Guid, long)>();
        while (_recentRequests.TryPeek(out var oldest) && (now - oldest.At > RequestMemory || _recentRequests.Count >= MaxRememberedRequests))
            _recentRequests.Dequeue();
        foreach (var (id, _) in _recentRequests)
            if (id == copy.RequestId)
                return null;
        _recentRequests.Enqueue((copy.RequestId, now));
        return copy.Message;
    }

    private ConductorLosses? _losses;

    private ConductorLosses Losses => _losses ??= ConductorLosses.For(Context.System);

    /// <summary>
    /// Asks a cluster singleton: when the oldest conductor is removed meanwhile (the singleton lived there, and the
    /// message died with it), asked again once the singleton's new home can be found, each copy with the whole
    /// <see cref="NodeActorDependencies.RegistryTimeout"/> (a singleton restarts only after the removal). Every such
    /// message is safe to repeat: a claim its holder repeats is granted again, a release or a look-up changes nothing more.
    /// </summary>
    private Task<object> AskSingleton(IActorRef singleton, object message) =>
        singleton.AskAcrossLossesAsync(message, _deps.RegistryTimeout, Losses, renewOnLoss: true, singleton: true);
}
