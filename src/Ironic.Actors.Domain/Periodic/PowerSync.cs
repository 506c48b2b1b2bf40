using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Periodic;

/// <summary>
/// Settings of the power-state sync (Ironic's [conductor]power_state_sync_max_retries and
/// force_power_state_during_sync).
/// </summary>
public sealed record PowerSyncSettings(int MaxRetries = 3, bool Force = true);

/// <summary>What the BMC said when its power state was read: a state, or why none could be read.</summary>
public sealed record PowerReading(string? PowerState, string? Error)
{
    public static PowerReading Of(string? powerState) => powerState == PowerStates.Error
        ? new(PowerStates.Error, "Power driver returned ERROR state while trying to sync power state.")
        : new(powerState, null);

    public static PowerReading Failed(string error) => new(null, error);

    /// <summary>Power validation failed on a node with no recorded power state: Ironic does not sync it at all.</summary>
    public static PowerReading NotValidated(string reason) => new(null, reason) { Unvalidated = true };

    public bool Unvalidated { get; init; }

    public bool Succeeded => Error is null;
}

/// <summary>What the conductor's sync pass does with one node after reading its BMC.</summary>
public enum PowerSyncStep
{
    /// <summary>Nothing to change: the counter of the node is reset.</summary>
    InSync,

    /// <summary>The read failed; the counter grows, the node is not touched (yet).</summary>
    CountFailure,

    /// <summary>The node entity must decide (record, force back, or maintenance): message it.</summary>
    AskNode,
}

/// <summary>
/// The pure rules of Ironic's power-state sync (conductor manager's <c>_sync_power_states</c> and
/// <c>do_sync_power_state</c>), split in two: what the conductor's pass decides from the query model's copy
/// of a node and a BMC reading (<see cref="Assess"/>), and what the node itself decides, against its own
/// current state (<c>NodeDecisions.SyncPower</c>). The pass only messages a node when something must change.
/// </summary>
public static class PowerSync
{
    /// <summary>Provision states in which the sync leaves a node alone (an agent may be calling back, or nothing is known yet).</summary>
    public static readonly IReadOnlySet<string> ExcludedStates = new HashSet<string>
    {
        ProvisionStates.WaitCallBack, ProvisionStates.CleanWait, ProvisionStates.Enroll, ProvisionStates.AdoptFailed,
    };

    /// <summary>The fault Ironic records when the sync gives up on a node.</summary>
    public const string PowerFailureFault = "power failure";

    /// <summary>Whether the sync skips <paramref name="node"/> this pass (maintenance, excluded state, a power action pending).</summary>
    public static bool Skips(Node node) =>
        node.Maintenance || node.TargetPowerState is not null || ExcludedStates.Contains(node.ProvisionState);

    /// <summary>Whether the power-failure recovery looks at <paramref name="node"/>: in maintenance because the sync gave up on it.</summary>
    public static bool NeedsRecovery(Node node) =>
        node.Maintenance && node.Fault == PowerFailureFault && node.TargetPowerState is null
        && node.ProvisionState != ProvisionStates.Enroll;

    /// <summary>
    /// The pass's step for a node whose BMC gave <paramref name="reading"/>, with <paramref name="failures"/>
    /// consecutive failed or mismatched syncs before this one. Returns the step and the counter after it
    /// (Ironic counts this attempt before looking at the result).
    /// </summary>
    public static (PowerSyncStep Step, int Failures) Assess(Node node, PowerReading reading, int failures, PowerSyncSettings settings)
    {
        if (reading.Unvalidated)
            return (PowerSyncStep.InSync, 0);
        var count = failures + 1;
        if (!reading.Succeeded)
            return (count > settings.MaxRetries ? PowerSyncStep.AskNode : PowerSyncStep.CountFailure, count);
        // Equal, or both unknown (the fake interface before any power action): nothing to do.
        if (node.PowerState == reading.PowerState)
            return (PowerSyncStep.InSync, 0);
        return (PowerSyncStep.AskNode, count);
    }

    /// <summary>The maintenance reason Ironic records when the sync gives up (plus the error, when the read failed).</summary>
    public static string MaxRetriesExceeded(Node node, PowerReading reading)
    {
        var actual = reading.PowerState ?? "None";
        var text = $"During sync_power_state, max retries exceeded for node {node.Uuid}, node state {actual} " +
                   $"does not match expected state '{node.PowerState ?? "None"}'. Updating DB state to '{actual}' " +
                   "Switching node to maintenance mode.";
        return reading.Error is { } error ? $"{text} Error: {error}" : text;
    }
}
