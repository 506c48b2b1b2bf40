using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>How a node answered the power-state sync.</summary>
public enum PowerSyncOutcome
{
    /// <summary>The node already shows what the BMC read: nothing stored.</summary>
    InSync,

    /// <summary>The node is busy (its lock is held): left for the next pass.</summary>
    Locked,

    /// <summary>The node went into maintenance, a wait state, or a power action since it was read: left alone.</summary>
    Skipped,

    /// <summary>The failed read was counted; nothing stored yet.</summary>
    Counted,

    /// <summary>The BMC's power state was recorded on the node.</summary>
    Recorded,

    /// <summary>A power action sets the BMC back to the node's recorded state (force_power_state_during_sync).</summary>
    Forced,

    /// <summary>Retries ran out: the node is in maintenance with fault "power failure".</summary>
    Maintenance,

    /// <summary>A node in maintenance for a power failure answered again: maintenance and fault cleared.</summary>
    Recovered,
}

/// <summary>The node's part of a power sync: what to store (and the power work to run), the new failure count, and why.</summary>
public sealed record PowerSyncDecision(Decision Decision, int Failures, PowerSyncOutcome Outcome);

public static partial class NodeDecisions
{
    /// <summary>
    /// The node's own half of Ironic's <c>do_sync_power_state</c>, taken under its lock after the conductor read
    /// <paramref name="reading"/> from the BMC: every check is repeated against the node's current state, since it
    /// may have changed since the read. <paramref name="previousFailures"/> is the conductor's count of consecutive
    /// failed or mismatched syncs of this node; <paramref name="canForce"/> says whether the power interface
    /// can set the state back.
    /// </summary>
    public static PowerSyncDecision SyncPower(
        Node node, PowerReading reading, int previousFailures, PowerSyncSettings settings, bool canForce, NodeContext ctx)
    {
        if (ctx.LockedBy is not null)
            return new(Decision.Accept(), previousFailures, PowerSyncOutcome.Locked);
        if (node.TargetPowerState is not null)
            return new(Decision.Accept(), previousFailures, PowerSyncOutcome.Skipped);
        if (node.Maintenance || PowerSync.ExcludedStates.Contains(node.ProvisionState) || reading.Unvalidated)
            return new(Decision.Accept(), 0, PowerSyncOutcome.Skipped);

        // The counting and comparing are the conductor's pre-check again, now against the node's own state.
        var (step, count) = PowerSync.Assess(node, reading, previousFailures, settings);
        if (step == PowerSyncStep.InSync)
            return new(Decision.Accept(), 0, PowerSyncOutcome.InSync);
        if (step == PowerSyncStep.CountFailure)
            return new(Decision.Accept(), count, PowerSyncOutcome.Counted);
        if (!reading.Succeeded)
            return new(GiveUp(node, reading, ctx), count, PowerSyncOutcome.Maintenance);
        if (node.PowerState is null)
            return new(Decision.Accept(new PowerStateSynced(node.Uuid, reading.PowerState, ctx.Now)), 0, PowerSyncOutcome.Recorded);
        if (count > settings.MaxRetries)
            return new(GiveUp(node, reading, ctx), count, PowerSyncOutcome.Maintenance);
        if (settings.Force && canForce && PowerStates.Targets.Contains(node.PowerState))
            return new(Decision.Accept(
                new NodeWork(WorkKind.Power, node.PowerState),
                new PowerActionStarted(node.Uuid, node.PowerState, PowerStates.ResultOf(node.PowerState), ctx.Now)),
                count, PowerSyncOutcome.Forced);
        return new(Decision.Accept(new PowerStateSynced(node.Uuid, reading.PowerState, ctx.Now)), count, PowerSyncOutcome.Recorded);
    }

    /// <summary>
    /// Ironic's power-failure recovery: a node the sync put into maintenance whose BMC now answers gets the
    /// power state read and leaves maintenance (reason and fault cleared). Anything else is left as it is.
    /// </summary>
    public static PowerSyncDecision RecoverFromPowerFailure(Node node, PowerReading reading, NodeContext ctx)
    {
        if (ctx.LockedBy is not null)
            return new(Decision.Accept(), 0, PowerSyncOutcome.Locked);
        if (!PowerSync.NeedsRecovery(node) || !reading.Succeeded || reading.PowerState == PowerStates.Error)
            return new(Decision.Accept(), 0, PowerSyncOutcome.Skipped);
        var events = new List<INodeEvent>();
        if (node.PowerState != reading.PowerState)
            events.Add(new PowerStateSynced(node.Uuid, reading.PowerState, ctx.Now));
        events.Add(new MaintenanceChanged(node.Uuid, false, null, null, ctx.Now));
        return new(new Decision(events, null, null), 0, PowerSyncOutcome.Recovered);
    }

    /// <summary>
    /// A provisioning time-out check found the node waiting too long for its agent: fail it as Ironic does
    /// (deploy failed, clean failed keeping its target, inspect failed, rescue failed keeping its target), with
    /// <c>last_error</c> saying so. Re-checked here: a node that moved on, went into maintenance or is busy is left alone.
    /// </summary>
    public static Decision TimeOutWait(Node node, ProvisionTimeoutSettings settings, NodeContext ctx)
    {
        if (ctx.LockedBy is not null || !ProvisionTimeouts.IsExpired(node, ctx.Now, settings))
            return Decision.Accept();

        switch (node.ProvisionState)
        {
            case WaitCallBack:
                return Decision.Accept(Fire(node, ProvisionEvents.Fail, ctx,
                    $"Timeout reached while waiting for callback for node {node.Uuid}"));
            case InspectWait:
                return Decision.Accept(Fire(node, ProvisionEvents.Fail, ctx, "timeout reached while inspecting the node"));
            case RescueWait:
                return Decision.Accept(FailKeepingTarget(node, ctx,
                    "Timeout reached while waiting for rescue ramdisk callback for node"));
            case CleanWait:
                return CleanWaitTimedOut(node, ctx);
            default:
                return Decision.Accept();
        }
    }

    /// <summary>
    /// clean wait → clean failed, target kept. A node that was in the middle of a clean step also goes into
    /// maintenance with fault "clean failure" (the step's effect on the machine is unknown); the step is cleared.
    /// </summary>
    private static Decision CleanWaitTimedOut(Node node, NodeContext ctx)
    {
        // Ironic formats the step dict with %s: Python's repr ({'interface': 'deploy', ...}), not JSON.
        var step = PythonText.Of(node.CleanStep);
        var error = "Timeout reached while cleaning the node. Please check if the ramdisk responsible for the cleaning " +
                    $"is running on the node. Failed on step {step}.";
        var events = new List<INodeEvent>();
        var inStep = node.CleanStep.Count > 0;
        if (inStep)
        {
            events.Add(new NodeUpdated(node with { CleanStep = new(), UpdatedAt = ctx.Now }, ctx.Now));
            events.Add(new MaintenanceChanged(node.Uuid, true, node.MaintenanceReason ?? error, "clean failure", ctx.Now));
        }
        events.Add(FailKeepingTarget(node, ctx, error));
        return new Decision(events, null, null);
    }

    /// <summary>
    /// Fires <c>fail</c> but keeps the node's target provision state, as Ironic's time-out checks for cleaning and
    /// rescue do; with no target to keep, the state machine's default applies (Ironic's process_event ignores a null target_state).
    /// </summary>
    private static ProvisionStateChanged FailKeepingTarget(Node node, NodeContext ctx, string lastError) =>
        Fire(node, ProvisionEvents.Fail, ctx, lastError, node.TargetProvisionState);

    /// <summary>Max retries exceeded: record what was read and put the node into maintenance with fault "power failure".</summary>
    private static Decision GiveUp(Node node, PowerReading reading, NodeContext ctx)
    {
        var events = new List<INodeEvent>();
        if (node.PowerState != reading.PowerState)
            events.Add(new PowerStateSynced(node.Uuid, reading.PowerState, ctx.Now));
        events.Add(new MaintenanceChanged(node.Uuid, true, PowerSync.MaxRetriesExceeded(node, reading), PowerSync.PowerFailureFault, ctx.Now));
        return new Decision(events, null, null);
    }
}
