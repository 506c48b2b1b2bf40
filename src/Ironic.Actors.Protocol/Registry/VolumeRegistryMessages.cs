namespace Ironic.Actors.Protocol.Registry;

/// <summary>
/// What the node registry keeps unique for volume connectors and targets (their UUIDs, and a connector's type and
/// connector_id over all nodes, as Ironic's unique constraint does), and how the gateway finds their node. A node entity
/// claims before it stores, and releases after deleting; a deleted node frees all of its claims.
/// </summary>
public static class VolumeRegistryMessages
{
    /// <summary>
    /// Claim connector <paramref name="ConnectorId"/> with (<paramref name="Type"/>, <paramref name="Value"/>) for node
    /// <paramref name="NodeId"/>. Reply <see cref="RegistryMessages.Claimed"/> or a 409 Rejected in Ironic's words.
    /// </summary>
    public sealed record ClaimConnector(Guid NodeId, Guid ConnectorId, string Type, string Value) : IIronicMessage
    {
        /// <summary>Set when the connector moves here from that node, which still holds it until it deletes its copy.</summary>
        public Guid? MovedFrom { get; init; }
    }

    public sealed record ReleaseConnector(Guid NodeId, Guid ConnectorId) : IIronicMessage;

    /// <summary>Claim target <paramref name="TargetId"/>'s UUID for the node.</summary>
    public sealed record ClaimTarget(Guid NodeId, Guid TargetId) : IIronicMessage
    {
        /// <summary>Set when the target moves here from that node.</summary>
        public Guid? MovedFrom { get; init; }
    }

    public sealed record ReleaseTarget(Guid NodeId, Guid TargetId) : IIronicMessage;

    /// <summary>Which node holds connector <paramref name="ConnectorId"/>; reply <see cref="ConnectorResolved"/>.</summary>
    public sealed record ResolveConnector(Guid ConnectorId) : IIronicMessage;

    public sealed record ConnectorResolved(Guid ConnectorId, Guid? NodeId) : IIronicMessage;

    public sealed record ResolveTarget(Guid TargetId) : IIronicMessage;

    public sealed record TargetResolved(Guid TargetId, Guid? NodeId) : IIronicMessage;
}

/// <summary>What the node registry stores about volume connectors and targets.</summary>
public static class VolumeRegistryEvents
{
    public sealed record ConnectorClaimed(Guid NodeId, Guid ConnectorId, string Type, string Value) : IIronicMessage;

    public sealed record ConnectorReleased(Guid ConnectorId) : IIronicMessage;

    public sealed record TargetClaimed(Guid NodeId, Guid TargetId) : IIronicMessage;

    public sealed record TargetReleased(Guid TargetId) : IIronicMessage;
}
