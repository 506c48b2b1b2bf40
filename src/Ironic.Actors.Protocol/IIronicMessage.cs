namespace Ironic.Actors.Protocol;

/// <summary>
/// Marker for every message and event Ironic.Actors sends between actors or stores: all of them are
/// bound to <see cref="Serialization.IronicSerializer"/>, never to the default fallback serializer.
/// </summary>
public interface IIronicMessage;

/// <summary>Routing marker: messages for one node's sharded entity carry its UUID.</summary>
public interface IWithNodeId
{
    Guid NodeId { get; }
}
