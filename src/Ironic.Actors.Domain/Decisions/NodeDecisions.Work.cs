using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;
using static Ironic.Actors.Domain.States.ProvisionStates;

namespace Ironic.Actors.Domain.Decisions;

public static partial class NodeDecisions
{
    /// <summary>
    /// Driver work ended: fire <c>done</c> (or <c>manage</c>/<c>clean</c> where Ironic does) on success,
    /// <c>fail</c> with <c>last_error</c> on failure. Tear-down continues into cleaning, so it names more work.
    /// </summary>
    /// <remarks>
    /// A successful inspection also records what it found: the merged <c>properties</c>, a port for each MAC in
    /// <paramref name="newPorts"/> (claimed in the registry by the caller; a MAC another node holds is left out, as
    /// Ironic skips a port that already exists) and the inventory.
    /// </remarks>
    public static Decision CompleteWork(Node node, NodeWork work, WorkOutcome outcome, NodeContext ctx,
        IReadOnlyList<(Guid PortId, string Address)>? newPorts = null)
    {
        if (work.Kind == WorkKind.Power)
            return outcome.Success
                ? Decision.Accept(new PowerStateRecorded(node.Uuid, outcome.PowerState ?? PowerStates.ResultOf(work.PowerTarget!), null, ctx.Now))
                : Decision.Accept(new PowerStateRecorded(node.Uuid, null,
                    $"Failed to change power state to '{work.PowerTarget}'. Error: {outcome.Error}", ctx.Now));

        var expected = ExpectedState(work.Kind);
        var events = new List<INodeEvent>();
        if (outcome.BiosSettings is { } bios)
            events.Add(new BiosSettingsCached(node.Uuid, bios, ctx.Now)); // what the BIOS holds now, whatever became of the work
        if (node.ProvisionState != expected)
            return new Decision(events, null, null); // The node moved on (aborted, or failed by takeover): nothing else to record.

        if (outcome.InternalInfo is { Count: > 0 } internalInfo && InternalInfoChange(node, internalInfo, ctx) is { } change &&
            (change.Set.Count > 0 || change.Removed.Count > 0))
            events.Add(change);
        if (outcome.CurrentStep is { } step && work.Kind is WorkKind.ContinueDeploy or WorkKind.ContinueClean)
        {
            var type = work.Kind == WorkKind.ContinueClean ? "clean" : "deploy";
            var current = type == "clean" ? node.CleanStep : node.DeployStep;
            if (!System.Text.Json.Nodes.JsonNode.DeepEquals(current, step))
                events.Add(new CurrentStepChanged(node.Uuid, type, step.Clone(), ctx.Now));
        }
        if (outcome.RaidConfig is { } raid && outcome.Success)
        {
            var (raidConfig, properties) = raid.Count == 0 ? RaidInfo.AfterDelete(node) : RaidInfo.AfterCreate(node, raid, ctx.Now);
            events.Add(new RaidConfigRecorded(node.Uuid, raidConfig, properties, ctx.Now));
        }

        if (!outcome.Success)
        {
            var error = outcome.ErrorIsFinal ? outcome.Error : FailureMessage(node, work, outcome);
            if (outcome.FailedInStep && work.Kind is WorkKind.Clean or WorkKind.ContinueClean)
                // Ironic's cleaning_error_handler: a failed clean step leaves the machine in an unknown state.
                events.Add(new MaintenanceChanged(node.Uuid, true, node.Maintenance ? node.MaintenanceReason : error, "clean failure", ctx.Now));
            events.Add(Fire(node, ProvisionEvents.Fail, ctx, error));
            return new Decision(events, null, null);
        }

        if (outcome.PowerState is { } power && power != node.PowerState)
            events.Add(new PowerStateRecorded(node.Uuid, power, null, ctx.Now));

        if (outcome.Waiting && ProvisionStateMachine.Next(node.ProvisionState, ProvisionEvents.Wait) is not null)
        {
            // The agent finishes the work: release the node in its wait state, keeping where it is headed.
            events.Add(Fire(node, ProvisionEvents.Wait, ctx, null, node.TargetProvisionState));
            return new Decision(events, null, null);
        }

        if (work.Kind == WorkKind.Deploy && NextDeployStep(node) is { } next)
        {
            // One step of the stored plan ran on the conductor: record the next one and run it.
            events.Add(new DriverInternalInfoChanged(node.Uuid, new System.Text.Json.Nodes.JsonObject { [DeployStepPlan.IndexKey] = next.Index }, [], ctx.Now));
            events.Add(new CurrentStepChanged(node.Uuid, "deploy", next.Step.Clone(), ctx.Now));
            return new Decision(events, new NodeWork(WorkKind.Deploy), null);
        }

        switch (work.Kind)
        {
            case WorkKind.TearDown:
                events.Add(new InstanceCleared(node.Uuid, ctx.Now));
                events.Add(Fire(node, ProvisionEvents.Clean, ctx, null, Available));
                return new Decision(events, new NodeWork(WorkKind.Clean), null);
            case WorkKind.Clean or WorkKind.ContinueClean:
                var manual = node.TargetProvisionState == Manageable || node.Retired == true;
                events.Add(Fire(node, manual ? ProvisionEvents.Manage : ProvisionEvents.Done, ctx, null));
                return new Decision(events, null, null);
            case WorkKind.Inspect when outcome.Inspection is { } found:
                events.AddRange(InspectionEvents(node, found, newPorts ?? [], ctx));
                events.Add(Fire(node, ProvisionEvents.Done, ctx, null));
                return new Decision(events, null, null);
            default:
                events.Add(Fire(node, ProvisionEvents.Done, ctx, null));
                return new Decision(events, null, null);
        }
    }

    /// <summary>
    /// The MAC addresses among <paramref name="macs"/> that need a new port on the node: valid ones, lower case, once
    /// each, that none of its ports has yet. Invalid ones are skipped (Ironic logs and ignores them).
    /// </summary>
    public static IReadOnlyList<string> MacsNeedingPorts(NodePorts parts, IEnumerable<string> macs) =>
        macs.Select(MacAddress.Normalize).OfType<string>().Distinct()
            .Where(mac => parts.PortWithAddress(mac, Guid.Empty) is null)
            .ToList();

    private static IEnumerable<INodeEvent> InspectionEvents(Node node, InspectionFindings found,
        IReadOnlyList<(Guid PortId, string Address)> newPorts, NodeContext ctx)
    {
        var properties = (System.Text.Json.Nodes.JsonObject)node.Properties.DeepClone();
        foreach (var (key, value) in found.Properties)
            properties[key] = value?.DeepClone();
        if (!System.Text.Json.Nodes.JsonNode.DeepEquals(properties, node.Properties))
            yield return new NodeUpdated(node with { Properties = properties, UpdatedAt = ctx.Now }, ctx.Now);
        foreach (var (portId, address) in newPorts)
            yield return new PortCreated(new Port { Uuid = portId, NodeId = node.Uuid, Address = address, CreatedAt = ctx.Now });
        if (found.Inventory is { } inventory)
            yield return new NodeInventoryStored(node.Uuid, (System.Text.Json.Nodes.JsonObject)inventory.DeepClone(), new(), ctx.Now);
    }

    /// <summary>
    /// The <c>driver_internal_info</c> change a work outcome asks for: keys with a JSON null are removed (when present),
    /// the others set.
    /// </summary>
    private static DriverInternalInfoChanged InternalInfoChange(Node node, System.Text.Json.Nodes.JsonObject changes, NodeContext ctx)
    {
        var set = new System.Text.Json.Nodes.JsonObject();
        var removed = new List<string>();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                if (node.DriverInternalInfo.ContainsKey(key))
                    removed.Add(key);
            }
            else
                set[key] = value.DeepClone();
        }
        return new DriverInternalInfoChanged(node.Uuid, set, removed, ctx.Now);
    }

    /// <summary>
    /// A node recovered in a state that needs running work, with none running (its conductor died or
    /// restarted): fail it, as Ironic's start-up and takeover do, and drop any pending power target.
    /// </summary>
    public static Decision ResolveInterrupted(Node node, NodeContext ctx)
    {
        var events = new List<INodeEvent>();
        if (node.TargetPowerState is not null)
            events.Add(new PowerStateRecorded(node.Uuid, null,
                $"Pending power operation to '{node.TargetPowerState}' was aborted due to conductor take over.", ctx.Now));
        if (Stuck.Contains(node.ProvisionState))
            events.Add(Fire(node, ProvisionEvents.Fail, ctx,
                $"{NodeDecisions.Operation(node.ProvisionState)} was interrupted: the conductor working on node {node.Uuid} " +
                $"stopped while it was in state \"{node.ProvisionState}\", and this state can't be resumed."));
        return new Decision(events, null, null);
    }

    /// <summary>True when <paramref name="node"/> shows work in progress that a fresh actor is not running.</summary>
    public static bool NeedsResolution(Node node) => node.TargetPowerState is not null || Stuck.Contains(node.ProvisionState);

    private static string ExpectedState(WorkKind kind) => kind switch
    {
        WorkKind.Verify => Verifying,
        WorkKind.Clean => Cleaning,
        WorkKind.Inspect => Inspecting,
        WorkKind.Deploy or WorkKind.ContinueDeploy => Deploying,
        WorkKind.ContinueClean => Cleaning,
        WorkKind.TearDown => Deleting,
        WorkKind.Adopt => Adopting,
        WorkKind.Rescue => Rescuing,
        WorkKind.Unrescue => Unrescuing,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The step after the current one in the node's stored deploy plan, or null when the plan is done (or absent).</summary>
    private static (int Index, System.Text.Json.Nodes.JsonObject Step)? NextDeployStep(Node node) =>
        DeployStepPlan.Index(node) is { } index && DeployStepPlan.StepAt(node, index + 1) is { } step ? (index + 1, step) : null;

    private static string FailureMessage(Node node, NodeWork work, WorkOutcome outcome) =>
        // A step of the plan failed on the conductor: Ironic's do_next_deploy_step wording. (An empty current step in the
        // outcome: the deploy failed before its steps, e.g. validation.)
        work.Kind == WorkKind.Deploy && node.DeployStep.ContainsKey("step") && outcome.CurrentStep is not { Count: 0 }
            ? $"Deploy step {DeployStepPlan.StepId(node.DeployStep)} failed: {outcome.Error}."
            : FailureMessage(node, work, outcome.Error);

    private static string FailureMessage(Node node, NodeWork work, string? error) => work.Kind switch
    {
        WorkKind.Verify => $"Failed to verify node {node.Uuid}: {error}",
        WorkKind.Clean => $"Failed to clean node {node.Uuid}: {error}",
        WorkKind.Inspect => $"Failed to inspect hardware. Reason: {error}",
        WorkKind.Deploy or WorkKind.ContinueDeploy => $"Deploy step failed on node {node.Uuid}: {error}",
        WorkKind.ContinueClean => $"Failed to clean node {node.Uuid}: {error}",
        WorkKind.TearDown => $"Failed to tear down. Error: {error}",
        WorkKind.Adopt => $"Error while attempting to adopt node {node.Uuid}: {error}",
        WorkKind.Rescue => $"Failed to rescue node {node.Uuid}: {error}",
        WorkKind.Unrescue => $"Failed to unrescue node {node.Uuid}: {error}",
        _ => error ?? "unknown error",
    };

    /// <summary>Fires an internal event; the target becomes the new state's default (null when stable).</summary>
    private static ProvisionStateChanged Fire(Node node, string evt, NodeContext ctx, string? lastError, string? target = null)
    {
        var to = ProvisionStateMachine.Next(node.ProvisionState, evt)
                 ?? throw new InvalidOperationException($"no '{evt}' transition from '{node.ProvisionState}'");
        var keepTarget = evt == ProvisionEvents.Fail && node.TargetProvisionState is not null && !ProvisionStates.Stable.Contains(to);
        var newTarget = ProvisionStates.Stable.Contains(to) ? null
            : target ?? (keepTarget ? node.TargetProvisionState : ProvisionStateMachine.DefaultTarget(to));
        return new ProvisionStateChanged(node.Uuid, evt, node.ProvisionState, to, newTarget, lastError, ctx.Now);
    }
}
