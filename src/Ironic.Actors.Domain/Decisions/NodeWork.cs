using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>The driver work an accepted command starts on the conductor hosting the node.</summary>
public enum WorkKind { Verify, Clean, Inspect, Deploy, TearDown, Adopt, Rescue, Unrescue, Power }

/// <summary>
/// One unit of driver work. <paramref name="PowerTarget"/> is set for power work;
/// <paramref name="CleanSteps"/> for manual cleaning (a list of {interface, step, args}).
/// </summary>
public sealed record NodeWork(WorkKind Kind, string? PowerTarget = null, JsonArray? CleanSteps = null, int? TimeoutSeconds = null)
{
    public override string ToString() => PowerTarget is null ? Kind.ToString() : $"{Kind}({PowerTarget})";
}

/// <summary>How driver work ended: success (with the power state read, if any) or an error message.</summary>
public sealed record WorkOutcome(bool Success, string? Error = null, string? PowerState = null)
{
    public static WorkOutcome Ok(string? powerState = null) => new(true, null, powerState);
    public static WorkOutcome Failed(string error) => new(false, error);
}
