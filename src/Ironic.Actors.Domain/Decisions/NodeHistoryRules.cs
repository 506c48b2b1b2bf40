using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;

namespace Ironic.Actors.Domain.Decisions;

/// <summary>
/// Which stored changes Ironic 21.4 records in a node's history (its <c>node_history_record(..., error=True)</c> calls):
/// a provisioning step that fails and sets <c>last_error</c> (event type after the activity: deploying, cleaning,
/// verifying, introspection, rescue, unprovision, adoption, else provisioning), a power action that fails
/// ("UNKNOWN", as Ironic names an untyped event) and the power sync giving up on a node (maintenance with the
/// power failure fault: "monitoring"). Pure: the caller gives the conductor's name, the clock is the events' own and
/// ids come from <c>newId</c>.
/// </summary>
public static class NodeHistoryRules
{
    /// <summary>Ironic's <c>[conductor]node_history_max_entries</c> default: older entries are dropped.</summary>
    public const int MaxEntries = 300;

    public const string Error = "ERROR";

    /// <summary>Ironic's event type for a transient state failed by a conductor that finds it interrupted (takeover at start).</summary>
    public const string Transition = "transition";

    /// <summary>
    /// <paramref name="events"/> with a <see cref="NodeHistoryRecorded"/> after each one that Ironic would record,
    /// <paramref name="before"/> being the node before the first of them; <paramref name="eventType"/>, when given,
    /// names the activity instead of the failed state (e.g. <see cref="Transition"/>).
    /// </summary>
    public static IReadOnlyList<INodeEvent> WithHistory(Node? before, IReadOnlyList<INodeEvent> events, string conductor, Func<Guid> newId,
        string? eventType = null)
    {
        List<INodeEvent>? result = null;
        var node = before;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (EntryFor(node, e, conductor, newId) is { } entry)
            {
                result ??= [.. events.Take(i)];
                result.Add(e);
                result.Add(new NodeHistoryRecorded(e.NodeId, eventType is null ? entry : entry with { EventType = eventType }));
            }
            else
                result?.Add(e);
            node = node.Apply(e);
        }
        return result ?? events;
    }

    /// <summary>The history entry <paramref name="e"/> makes on <paramref name="before"/>, or null.</summary>
    public static NodeHistoryEntry? EntryFor(Node? before, INodeEvent e, string conductor, Func<Guid> newId) => e switch
    {
        ProvisionStateChanged x when x.LastError is { } error && (x.Event == ProvisionEvents.Fail || error != before?.LastError) =>
            new(newId(), x.At, Error, EventTypeOf(x.From), error, conductor, null),
        PowerStateRecorded { Error: { } error } x => new(newId(), x.At, Error, "UNKNOWN", error, conductor, null),
        MaintenanceChanged { Maintenance: true, Fault: PowerSync.PowerFailureFault, Reason: { } reason } x =>
            new(newId(), x.At, Error, "monitoring", reason, conductor, null),
        _ => null,
    };

    /// <summary>The activity a failure in provision state <paramref name="state"/> is recorded under.</summary>
    public static string EventTypeOf(string state) => state switch
    {
        ProvisionStates.Deploying or ProvisionStates.WaitCallBack => "deploying",
        ProvisionStates.Cleaning or ProvisionStates.CleanWait => "cleaning",
        ProvisionStates.Verifying => "verifying",
        ProvisionStates.Inspecting or ProvisionStates.InspectWait => "introspection",
        ProvisionStates.Rescuing or ProvisionStates.RescueWait or ProvisionStates.Unrescuing => "rescue",
        ProvisionStates.Deleting => "unprovision",
        ProvisionStates.Adopting => "adoption",
        _ => "provisioning",
    };
}
