namespace Ironic.Actors.Conductor.Registry;

/// <summary>
/// Why a claim cannot be granted: what holds the value asked for (the node <paramref name="NodeId"/>, and the
/// port or portgroup <paramref name="HeldId"/> of it, or the node itself for names and instance UUIDs) and
/// Ironic's 409 message.
/// </summary>
public sealed record ClaimConflict(Guid NodeId, Guid HeldId, string Message)
{
    /// <summary>True when <paramref name="other"/> is in the way because of the same holder.</summary>
    public bool SameHolder(ClaimConflict? other) => other is not null && other.NodeId == NodeId && other.HeldId == HeldId;
}
