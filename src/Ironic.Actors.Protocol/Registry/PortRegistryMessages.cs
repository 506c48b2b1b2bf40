namespace Ironic.Actors.Protocol.Registry;

/// <summary>
/// What the node registry keeps unique for ports and portgroups, and how it finds their node: port UUIDs and
/// MAC addresses, portgroup UUIDs, names and MAC addresses (ports and portgroups have separate address spaces,
/// as in Ironic, where a bond usually shares the MAC of one of its ports). A node entity claims before it
/// stores the port or portgroup, and releases after deleting it.
/// </summary>
public static class PortRegistryMessages
{
    /// <summary>
    /// Claim port <paramref name="PortId"/> with <paramref name="Address"/> for node <paramref name="NodeId"/> (or
    /// re-claim it with a new address). Reply <see cref="RegistryMessages.Claimed"/>, or
    /// <see cref="Replies.Rejected"/> with Ironic's 409 (PortAlreadyExists, MACAlreadyExists).
    /// </summary>
    public sealed record ClaimPort(Guid NodeId, Guid PortId, string Address) : IIronicMessage
    {
        /// <summary>Set when the port moves here from that node, which still holds it until it deletes its copy.</summary>
        public Guid? MovedFrom { get; init; }
    }

    /// <summary>The port was deleted; reply <see cref="RegistryMessages.Released"/>.</summary>
    public sealed record ReleasePort(Guid NodeId, Guid PortId) : IIronicMessage;

    /// <summary>Claim a portgroup with its optional name and address (409: PortgroupAlreadyExists, DuplicateName, MACAlreadyExists).</summary>
    public sealed record ClaimPortgroup(Guid NodeId, Guid PortgroupId, string? Name, string? Address) : IIronicMessage
    {
        /// <summary>Set when the portgroup moves here from that node.</summary>
        public Guid? MovedFrom { get; init; }
    }

    public sealed record ReleasePortgroup(Guid NodeId, Guid PortgroupId) : IIronicMessage;

    /// <summary>Which node holds port <paramref name="PortId"/>; reply <see cref="PortResolved"/>.</summary>
    public sealed record ResolvePort(Guid PortId) : IIronicMessage;

    /// <summary>The node holding the port, or null when no such port exists.</summary>
    public sealed record PortResolved(Guid PortId, Guid? NodeId) : IIronicMessage;

    /// <summary>Find a portgroup by UUID or name; reply <see cref="PortgroupResolved"/>.</summary>
    public sealed record ResolvePortgroup(string Ident) : IIronicMessage;

    /// <summary>The portgroup and its node, or nulls when no such portgroup exists.</summary>
    public sealed record PortgroupResolved(string Ident, Guid? PortgroupId, Guid? NodeId) : IIronicMessage;
}

/// <summary>What the node registry stores about ports and portgroups.</summary>
public static class PortRegistryEvents
{
    public sealed record PortClaimed(Guid NodeId, Guid PortId, string Address) : IIronicMessage;

    public sealed record PortReleased(Guid PortId) : IIronicMessage;

    public sealed record PortgroupClaimed(Guid NodeId, Guid PortgroupId, string? Name, string? Address) : IIronicMessage;

    public sealed record PortgroupReleased(Guid PortgroupId) : IIronicMessage;
}
