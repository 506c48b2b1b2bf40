using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>The driver work an accepted command starts on the conductor hosting the node.</summary>
public enum WorkKind
{
    Verify, Clean, Inspect, Deploy, TearDown, Adopt, Rescue, Unrescue, Power,

    /// <summary>The agent heartbeated in <c>wait call-back</c>: check on its step and run the next ones.</summary>
    ContinueDeploy,

    /// <summary>The agent heartbeated in <c>clean wait</c>: check on its step and run the next ones.</summary>
    ContinueClean,
}

/// <summary>
/// One unit of driver work. <paramref name="PowerTarget"/> is set for power work;
/// <paramref name="CleanSteps"/> for manual cleaning (a list of {interface, step, args}).
/// </summary>
public sealed record NodeWork(WorkKind Kind, string? PowerTarget = null, JsonArray? CleanSteps = null, int? TimeoutSeconds = null)
{
    public override string ToString() => PowerTarget is null ? Kind.ToString() : $"{Kind}({PowerTarget})";
}

/// <summary>
/// How driver work ended: success (with the power state read, if any), an error message, or
/// <paramref name="Waiting"/>: the interface handed the rest to an agent on the machine, so the node waits in
/// its wait state (<c>wait call-back</c>, <c>clean wait</c>, <c>inspect wait</c>, <c>rescue wait</c>) for a call-back
/// or for its provisioning time-out.
/// </summary>
/// <remarks>
/// <paramref name="InternalInfo"/> holds <c>driver_internal_info</c> keys to set (a JSON null removes the key): where an
/// agent-driven step stands, so that the next heartbeat carries on from there. <paramref name="CurrentStep"/>, when set,
/// is the step the node is now on (its <c>deploy_step</c> or <c>clean_step</c>; empty for none).
/// <paramref name="RaidConfig"/>, when set, is the node's new <c>raid_config</c> that a RAID step produced (empty: the
/// configuration was deleted). <paramref name="ErrorIsFinal"/>: <paramref name="Error"/> is already the whole
/// <c>last_error</c> (worded by the step's owner as Ironic words it), not to be wrapped again.
/// </remarks>
public sealed record WorkOutcome(bool Success, string? Error = null, string? PowerState = null, bool Waiting = false,
    JsonObject? InternalInfo = null, JsonObject? CurrentStep = null, JsonObject? RaidConfig = null, bool ErrorIsFinal = false)
{
    /// <summary>What a synchronous inspection found (properties, NIC MACs, inventory); null for other work.</summary>
    public InspectionFindings? Inspection { get; init; }

    /// <summary>
    /// The BIOS settings the node's bios interface reported during the work (after <c>apply_configuration</c> or
    /// <c>factory_reset</c>, or when caching them): they become the node's cached settings, also when the work failed
    /// later (Ironic stores them as the step ends). Null: the cache stays as it is.
    /// </summary>
    public IReadOnlyList<Nodes.BiosSetting>? BiosSettings { get; init; }

    /// <summary>The work failed while a clean step ran on the conductor: Ironic then also puts the node in maintenance.</summary>
    public bool FailedInStep { get; init; }

    public static WorkOutcome Ok(string? powerState = null) => new(true, null, powerState);
    public static WorkOutcome Failed(string error) => new(false, error);
    public static WorkOutcome WaitForCallback() => new(true, null, null, true);
}

/// <summary>
/// What an inspection found: <paramref name="Properties"/> to merge into <c>node.properties</c>, the MAC addresses
/// of enabled NICs (ports are created for those the node does not have yet), and an <paramref name="Inventory"/>
/// document in the agent's shape (served at <c>/v1/nodes/{id}/inventory</c>), or null when the interface has none.
/// </summary>
public sealed record InspectionFindings(JsonObject Properties, IReadOnlyList<string> Macs, JsonObject? Inventory);
