namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// What a decision needs besides the node and the command: the time, who holds the node's lock
/// (the hostname of the conductor running work on it, or null), and the conductor settings that change outcomes.
/// (Whether cleaning runs steps is the conductor's concern: the node passes through "cleaning" either way.)
/// <see cref="ConductorGroups"/> are the (lower-case) conductor groups served, which a node's conductor_group must
/// name (Ironic's hash ring has no conductor for another group: "No valid host"); null accepts any group.
/// </summary>
public sealed record NodeContext(
    DateTimeOffset Now,
    string? LockedBy = null,
    bool AllowDeletingAvailableNodes = true,
    bool AllowProvisioningInMaintenance = true,
    IReadOnlySet<string>? ConductorGroups = null);
