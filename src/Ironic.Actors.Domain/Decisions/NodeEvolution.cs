using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Domain.Templates;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>Folds stored events into the node. Pure: no clock, no I/O; the time is in the event.</summary>
public static class NodeEvolution
{
    /// <summary>The node after <paramref name="e"/>; null when the node does not exist (not yet, or deleted).</summary>
    public static Node? Apply(this Node? node, INodeEvent e) => e switch
    {
        NodeEnrolled x => x.Node,
        NodeDeleted => null,
        _ when node is null => null,
        NodeUpdated x => x.Node,
        ProvisionStateChanged x => ApplyProvision(node, x),
        PowerActionStarted x => node with
        {
            TargetPowerState = x.TargetPowerState,
            LastError = null,
            UpdatedAt = x.At,
            DriverInternalInfo = WithoutAgentIf(x.TargetPowerState is PowerStates.PowerOff or PowerStates.SoftPowerOff ||
                                                x.Action is PowerStates.Rebooting or PowerStates.SoftRebooting,
                WithInternal(node, "last_power_state_change", PythonIsoFormat(x.At))),
        },
        PowerStateRecorded x => node with
        {
            PowerState = x.PowerState ?? node.PowerState,
            TargetPowerState = null,
            LastError = x.Error,
            UpdatedAt = x.At,
        },
        PowerStateSynced x => node with { PowerState = x.PowerState, UpdatedAt = x.At },
        MaintenanceChanged x => node with
        {
            Maintenance = x.Maintenance,
            MaintenanceReason = x.Maintenance ? x.Reason : null,
            Fault = x.Maintenance ? x.Fault : null,
            UpdatedAt = x.At,
        },
        InstanceCleared x => node with { InstanceInfo = new JsonObject(), InstanceUuid = null, AllocationUuid = null, UpdatedAt = x.At },
        AllocationReserved x => node with
        {
            AllocationUuid = x.AllocationId,
            InstanceUuid = x.AllocationId.ToString(),
            InstanceInfo = WithTraits(node.InstanceInfo, x.Traits),
            UpdatedAt = x.At,
        },
        AllocationReleased x => node with { AllocationUuid = null, InstanceUuid = null, UpdatedAt = x.At },
        TraitsChanged x => node with { Traits = x.Traits, UpdatedAt = x.At },
        InstanceInfoChanged x => node with { InstanceInfo = x.ApplyTo(node.InstanceInfo), UpdatedAt = x.At },
        ConsoleModeChanged x => node with { ConsoleEnabled = x.Enabled, LastError = null, UpdatedAt = x.At },
        TargetRaidConfigChanged x => node with { TargetRaidConfig = x.Config.Clone(), UpdatedAt = x.At },
        RaidConfigRecorded x => node with { RaidConfig = x.RaidConfig.Clone(), Properties = x.Properties.Clone(), UpdatedAt = x.At },
        DriverInternalInfoChanged x => node with { DriverInternalInfo = x.ApplyTo(node.DriverInternalInfo), UpdatedAt = x.At },
        AgentHeartbeatRecorded x => ApplyHeartbeat(node, x),
        CurrentStepChanged { StepType: "clean" } x => node with { CleanStep = x.Step.Clone(), UpdatedAt = x.At },
        CurrentStepChanged x => node with { DeployStep = x.Step.Clone(), UpdatedAt = x.At },
        INodePartEvent => node, // ports, portgroups and history entries: kept beside the node (NodePorts), not in it
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown node event"),
    };

    private static JsonObject WithTraits(JsonObject instanceInfo, IReadOnlyList<string> traits)
    {
        var info = instanceInfo.Clone();
        info["traits"] = new JsonArray([.. traits.Select(t => (JsonNode?)JsonValue.Create(t))]);
        return info;
    }

    /// <summary>A copy of the node's driver_internal_info with <paramref name="key"/> set (the node's own is not changed).</summary>
    private static JsonObject WithInternal(Node node, string key, JsonNode? value)
    {
        var info = node.DriverInternalInfo.Clone();
        info[key] = value;
        return info;
    }

    /// <summary>UTC time as Python's <c>datetime.isoformat()</c> of a naive UTC datetime prints it (microseconds only when not 0).</summary>
    private static string PythonIsoFormat(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var micros = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return micros == 0 ? text : text + "." + micros.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What the agent's bookkeeping in <c>driver_internal_info</c> is made of: Ironic wipes its URL and token when the
    /// machine is powered off or rebooted (the ramdisk is gone), and so are the steps it was running.
    /// </summary>
    public static readonly IReadOnlyList<string> AgentKeys =
    [
        "agent_url", "agent_secret_token", "agent_version", "agent_last_heartbeat", "agent_verify_ca",
        Templates.FinalDeploySteps.CachedAgentStepsKey,
        AgentStepKeys.DeployStep, AgentStepKeys.CleanSteps, AgentStepKeys.CleanStepIndex, AgentStepKeys.ManualCleanSteps,
    ];

    private static JsonObject WithoutAgentIf(bool wipe, JsonObject info)
    {
        if (!wipe)
            return info;
        foreach (var key in AgentKeys)
            info.Remove(key);
        return info;
    }

    private static Node ApplyHeartbeat(Node node, AgentHeartbeatRecorded x)
    {
        var info = node.DriverInternalInfo.Clone();
        info["agent_url"] = x.CallbackUrl;
        if (x.AgentVersion is not null)
            info["agent_version"] = x.AgentVersion;
        info["agent_last_heartbeat"] = PythonIsoFormat(x.At);
        var waiting = node.ProvisionState is ProvisionStates.WaitCallBack or ProvisionStates.CleanWait or ProvisionStates.RescueWait;
        return node with
        {
            DriverInternalInfo = info,
            ProvisionUpdatedAt = waiting ? x.At : node.ProvisionUpdatedAt,
            UpdatedAt = x.At,
        };
    }

    private static Node ApplyProvision(Node node, ProvisionStateChanged x)
    {
        var updated = node with
        {
            ProvisionState = x.To,
            TargetProvisionState = x.Target,
            LastError = x.LastError,
            ProvisionUpdatedAt = x.At,
            UpdatedAt = x.At,
        };
        // Ironic wipes the steps it ran from driver_internal_info when cleaning or deploying ends (keeping the key, null);
        // a failed cleaning keeps them (its error handler does not wipe them).
        if (x.From is ProvisionStates.Cleaning or ProvisionStates.CleanWait &&
            x.To is not (ProvisionStates.Cleaning or ProvisionStates.CleanWait or ProvisionStates.CleanFailed))
            updated = updated with { DriverInternalInfo = WithInternal(updated, "clean_steps", null) };
        if (x.From is ProvisionStates.Deploying or ProvisionStates.WaitCallBack && x.To is not (ProvisionStates.Deploying or ProvisionStates.WaitCallBack))
        {
            updated = updated with { DriverInternalInfo = WithInternal(updated, "deploy_steps", null) };
            updated.DriverInternalInfo.Remove(DeployStepPlan.IndexKey);
            updated.DriverInternalInfo.Remove(Templates.FinalDeploySteps.PendingKey);
            updated.DriverInternalInfo.Remove(Templates.FinalDeploySteps.ValidatedKey);
        }
        // A deploy or cleaning that starts afresh boots a new ramdisk, and one that ends leaves none running: the agent's
        // URL, token and step bookkeeping go (a wait state resuming keeps them).
        var agentWork = new[] { ProvisionStates.Deploying, ProvisionStates.WaitCallBack, ProvisionStates.Cleaning, ProvisionStates.CleanWait };
        var resumed = x.From is ProvisionStates.WaitCallBack or ProvisionStates.CleanWait && x.Event == ProvisionEvents.Resume;
        var waits = x.Event == ProvisionEvents.Wait;
        if ((agentWork.Contains(x.To) && !resumed && !waits) || (agentWork.Contains(x.From) && !agentWork.Contains(x.To)))
        {
            updated = updated with { DriverInternalInfo = WithoutAgentIf(true, updated.DriverInternalInfo.Clone()) };
            // ...and the step it was on (only an agent's step is ever recorded).
            if (updated.DeployStep.Count > 0)
                updated = updated with { DeployStep = new JsonObject() };
            if (updated.CleanStep.Count > 0)
                updated = updated with { CleanStep = new JsonObject() };
        }
        if (x.To == ProvisionStates.Inspecting)
            updated = updated with { InspectionStartedAt = x.At, InspectionFinishedAt = null };
        else if (x.To == ProvisionStates.Manageable && x.From is ProvisionStates.Inspecting or ProvisionStates.InspectWait)
            updated = updated with { InspectionFinishedAt = x.At };
        return updated;
    }
}
