using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Conductor.Nodes;

/// <summary>
/// Writes a gateway may send twice (<see cref="ResendableNodeMessage"/>): when a conductor is lost while a write is on
/// its way, the gateway sends it again, and the copy may reach an entity that already acted on the first. The entity
/// remembers the request ids of its last few such writes and drops a copy it has seen (the first copy's answer is the
/// one the gateway returns). Memory only: an incarnation that never saw the first copy acts on the second, which is
/// what a first copy lost with its conductor needs.
/// </summary>
public sealed partial class NodeActor
{
    /// <summary>How many request ids an entity remembers: a gateway resends a write a few times at most, seconds apart.</summary>
    private const int RememberedRequests = 8;

    private Guid[]? _recentRequests;
    private int _nextRecentRequest;

    /// <summary>The write inside <paramref name="copy"/> when this is the first copy to arrive here; null for a copy already acted on.</summary>
    private object? FirstCopy(ResendableNodeMessage copy)
    {
        _recentRequests ??= new Guid[RememberedRequests];
        if (Array.IndexOf(_recentRequests, copy.RequestId) >= 0)
            return null;
        _recentRequests[_nextRecentRequest] = copy.RequestId;
        _nextRecentRequest = (_nextRecentRequest + 1) % RememberedRequests;
        return copy.Message;
    }
}
