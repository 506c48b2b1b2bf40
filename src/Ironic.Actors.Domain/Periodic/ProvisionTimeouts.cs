using Ironic.Actors.Domain.Nodes;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.Periodic;

/// <summary>
/// How long a node may wait for its agent's call-back in each wait state (Ironic's [conductor]
/// deploy_callback_timeout, clean_callback_timeout, inspect_wait_timeout, rescue_callback_timeout).
/// Null (configured as 0) switches that check off.
/// </summary>
public sealed record ProvisionTimeoutSettings(TimeSpan? Deploy, TimeSpan? Clean, TimeSpan? Inspect, TimeSpan? Rescue)
{
    /// <summary>Ironic's defaults: 1800 s each.</summary>
    public static ProvisionTimeoutSettings Default { get; } = FromSeconds(1800, 1800, 1800, 1800);

    /// <summary>Builds the settings from seconds, 0 or less meaning "never time out".</summary>
    public static ProvisionTimeoutSettings FromSeconds(int deploy, int clean, int inspect, int rescue) =>
        new(Span(deploy), Span(clean), Span(inspect), Span(rescue));

    private static TimeSpan? Span(int seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
}

/// <summary>
/// The pure rules of Ironic's provisioning time-out checks (<c>_check_deploy_timeouts</c>,
/// <c>_check_cleanwait_timeouts</c>, <c>_check_inspect_wait_timeouts</c>, <c>_check_rescuewait_timeouts</c>):
/// which nodes have waited too long, in which order they are failed, and how many per pass.
/// </summary>
public static class ProvisionTimeouts
{
    /// <summary>The states a time-out applies to.</summary>
    public static readonly IReadOnlyList<string> WaitStates = [WaitCallBack, CleanWait, InspectWait, RescueWait];

    /// <summary>The time-out of <paramref name="state"/>, or null when it has none (or it is switched off).</summary>
    public static TimeSpan? TimeoutOf(string state, ProvisionTimeoutSettings settings) => state switch
    {
        WaitCallBack => settings.Deploy,
        CleanWait => settings.Clean,
        InspectWait => settings.Inspect,
        RescueWait => settings.Rescue,
        _ => null,
    };

    /// <summary>When the wait of <paramref name="node"/> began: inspection counts from its start, the others from the last provision change.</summary>
    public static DateTimeOffset? WaitingSince(Node node) =>
        node.ProvisionState == InspectWait ? node.InspectionStartedAt : node.ProvisionUpdatedAt;

    /// <summary>True when <paramref name="node"/> is out of maintenance in a wait state and has waited longer than its time-out at <paramref name="now"/>.</summary>
    public static bool IsExpired(Node node, DateTimeOffset now, ProvisionTimeoutSettings settings) =>
        !node.Maintenance
        && TimeoutOf(node.ProvisionState, settings) is { } timeout
        && WaitingSince(node) is { } since
        && since < now - timeout;

    /// <summary>
    /// The nodes one pass fails: per wait state, the expired ones oldest first, at most
    /// <paramref name="maxPerState"/> of each (Ironic's periodic_max_workers), the rest left to the next pass.
    /// </summary>
    public static IReadOnlyList<Node> Expired(IEnumerable<Node> nodes, DateTimeOffset now, ProvisionTimeoutSettings settings, int maxPerState) =>
        nodes.Where(n => IsExpired(n, now, settings))
            .GroupBy(n => n.ProvisionState)
            .SelectMany(g => g.OrderBy(WaitingSince).ThenBy(n => n.Uuid).Take(maxPerState))
            .ToList();
}
