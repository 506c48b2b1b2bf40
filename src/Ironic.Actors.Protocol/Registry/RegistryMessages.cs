namespace Ironic.Actors.Protocol.Registry;

/// <summary>
/// The node registry owns what must be unique across all nodes (UUID, name, instance UUID) and
/// resolves names to UUIDs. It is a persistent cluster singleton.
/// </summary>
public static class RegistryMessages
{
    /// <summary>Look up a node by UUID or name; reply <see cref="Resolved"/>.</summary>
    public sealed record Resolve(string Ident) : IIronicMessage;

    /// <summary>The node's UUID, or null when no such node exists.</summary>
    public sealed record Resolved(string Ident, Guid? NodeId) : IIronicMessage;

    /// <summary>
    /// Claim (or re-claim after a change) the node's unique identity. Reply <see cref="Claimed"/> or
    /// <see cref="Replies.Rejected"/> with Ironic's 409 message.
    /// </summary>
    public sealed record Claim(Guid NodeId, string? Name, string? InstanceUuid, bool IsNew) : IIronicMessage;

    public sealed record Claimed(Guid NodeId) : IIronicMessage;

    /// <summary>The node was deleted: free its name and instance UUID.</summary>
    public sealed record Release(Guid NodeId) : IIronicMessage;

    public sealed record Released(Guid NodeId) : IIronicMessage;
}
