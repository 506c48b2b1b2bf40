namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// What a decision needs besides the node and the command: the time, who holds the node's lock
/// (the hostname of the conductor running work on it, or null), and the conductor settings that change outcomes.
/// (Whether cleaning runs steps is the conductor's concern: the node passes through "cleaning" either way.)
/// <see cref="CanHost"/> says whether a live conductor serves a (lower-case) conductor group and hardware type, which a
/// node's conductor_group and driver must find (Ironic's hash ring has no conductor for them: "No valid host"); null
/// accepts any.
/// </summary>
public sealed record NodeContext(
    DateTimeOffset Now,
    string? LockedBy = null,
    bool AllowDeletingAvailableNodes = true,
    bool AllowProvisioningInMaintenance = true,
    Func<string, string, bool>? CanHost = null);
