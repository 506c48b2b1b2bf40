namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// What a decision needs besides the node and the command: the time, who holds the node's lock
/// (the hostname of the conductor running work on it, or null), and the conductor settings that change outcomes.
/// (Whether cleaning runs steps is the conductor's concern: the node passes through "cleaning" either way.)
/// </summary>
public sealed record NodeContext(
    DateTimeOffset Now,
    string? LockedBy = null,
    bool AllowDeletingAvailableNodes = true,
    bool AllowProvisioningInMaintenance = true);
