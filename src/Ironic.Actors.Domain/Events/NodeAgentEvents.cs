using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;

namespace Ironic.Actors.Domain.Events;

/// <summary>
/// Keys of <c>driver_internal_info</c> were set (<paramref name="Set"/>) or removed (<paramref name="Removed"/>):
/// the agent token handed out at lookup, and the progress of the steps an agent runs (which step it was asked to run,
/// the clean steps chosen), kept in the journal so that the next heartbeat, at whichever conductor, carries on.
/// </summary>
public sealed record DriverInternalInfoChanged(Guid NodeId, JsonObject Set, IReadOnlyList<string> Removed, DateTimeOffset At) : INodeEvent
{
    /// <summary><paramref name="info"/> with this change made (a new object; the argument is not touched).</summary>
    public JsonObject ApplyTo(JsonObject info)
    {
        var result = info.Clone();
        foreach (var (key, value) in Set)
            result[key] = value.CloneValue();
        foreach (var key in Removed)
            result.Remove(key);
        return result;
    }
}

/// <summary>
/// The agent on the machine heartbeated: <c>driver_internal_info</c> records its <c>agent_url</c>,
/// <c>agent_version</c> and <c>agent_last_heartbeat</c>, and a node waiting for it has its <c>provision_updated_at</c>
/// touched (so its call-back time-out starts again), as Ironic's heartbeat does.
/// </summary>
public sealed record AgentHeartbeatRecorded(Guid NodeId, string CallbackUrl, string? AgentVersion, DateTimeOffset At) : INodeEvent;

/// <summary>
/// The step the node is on changed (<c>deploy_step</c> when <paramref name="StepType"/> is "deploy", <c>clean_step</c>
/// when "clean"): the agent's step it waits for, shown as Ironic shows it while the node waits; an empty
/// <paramref name="Step"/> when none.
/// </summary>
public sealed record CurrentStepChanged(Guid NodeId, string StepType, JsonObject Step, DateTimeOffset At) : INodeEvent;
