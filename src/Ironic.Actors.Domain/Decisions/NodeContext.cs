namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// What a decision needs besides the node and the command: the time, who holds the node's lock
/// (the hostname of the conductor running work on it, or null), and the conductor settings that change outcomes.
/// </summary>
public sealed record NodeContext(
    DateTimeOffset Now,
    string? LockedBy = null,
    bool AutomatedClean = true,
    bool AllowDeletingAvailableNodes = true,
    bool AllowProvisioningInMaintenance = true);
