namespace Ironic.Actors.Protocol.Registry;

/// <summary>What the node registry stores.</summary>
public static class RegistryEvents
{
    /// <summary>The node holds this name and instance UUID (both optional) from now on.</summary>
    public sealed record IdentityClaimed(Guid NodeId, string? Name, string? InstanceUuid) : IIronicMessage;

    /// <summary>The node was deleted.</summary>
    public sealed record IdentityReleased(Guid NodeId) : IIronicMessage;

    /// <summary>
    /// Every live node's identity, with every port and portgroup claim (null in snapshots written before
    /// ports existed: none).
    /// </summary>
    public sealed record RegistrySnapshot(IReadOnlyList<IdentityClaimed> Nodes) : IIronicMessage
    {
        public IReadOnlyList<PortRegistryEvents.PortClaimed>? Ports { get; init; }

        public IReadOnlyList<PortRegistryEvents.PortgroupClaimed>? Portgroups { get; init; }

        /// <summary>Volume connector claims (null in snapshots written before volumes existed: none).</summary>
        public IReadOnlyList<VolumeRegistryEvents.ConnectorClaimed>? VolumeConnectors { get; init; }

        /// <summary>Volume target claims (null in snapshots written before volumes existed: none).</summary>
        public IReadOnlyList<VolumeRegistryEvents.TargetClaimed>? VolumeTargets { get; init; }
    }
}
