using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeHistoryRules"/>: the failures Ironic 21.4 records in a node's history, and how they are kept.</summary>
public class NodeHistoryRulesTests
{
    private static readonly Guid Id = Guid.Parse("0d0e0f10-0000-4000-8000-000000000001");

    private static IReadOnlyList<INodeEvent> With(Node? before, params INodeEvent[] events) =>
        NodeHistoryRules.WithHistory(before, events, "conductor-a", () => Id);

    private static ProvisionStateChanged Failed(string from, string to, string? error, string evt = ProvisionEvents.Fail) =>
        new(Uuid, evt, from, to, null, error, Ctx(3).Now);

    [TestCase(ProvisionStates.Deploying, ProvisionStates.DeployFailed, "deploying")]
    [TestCase(ProvisionStates.WaitCallBack, ProvisionStates.DeployFailed, "deploying")]
    [TestCase(ProvisionStates.Cleaning, ProvisionStates.CleanFailed, "cleaning")]
    [TestCase(ProvisionStates.CleanWait, ProvisionStates.CleanFailed, "cleaning")]
    [TestCase(ProvisionStates.Verifying, ProvisionStates.Enroll, "verifying")]
    [TestCase(ProvisionStates.Inspecting, ProvisionStates.InspectFailed, "introspection")]
    [TestCase(ProvisionStates.Rescuing, ProvisionStates.RescueFailed, "rescue")]
    [TestCase(ProvisionStates.Deleting, ProvisionStates.Error, "unprovision")]
    [TestCase(ProvisionStates.Adopting, ProvisionStates.AdoptFailed, "adoption")]
    public void A_failed_provisioning_step_is_recorded_after_its_event_with_its_activity(string from, string to, string eventType)
    {
        var failed = Failed(from, to, "Boom: the step failed");
        var events = With(InState(from), failed);
        Assert.That(events, Has.Count.EqualTo(2));
        Assert.That(events[0], Is.SameAs(failed));
        Assert.That(((NodeHistoryRecorded)events[1]).Entry,
            Is.EqualTo(new NodeHistoryEntry(Id, Ctx(3).Now, "ERROR", eventType, "Boom: the step failed", "conductor-a", null)));
    }

    [Test]
    public void Successes_and_cleared_errors_record_nothing()
    {
        var ok = new ProvisionStateChanged(Uuid, ProvisionEvents.Done, ProvisionStates.Deploying, ProvisionStates.Active, null, null, Ctx().Now);
        IReadOnlyList<INodeEvent> events = [ok, new PowerStateRecorded(Uuid, PowerStates.PowerOn, null, Ctx().Now)];
        Assert.That(NodeHistoryRules.WithHistory(InState("deploying"), events, "c", Guid.NewGuid), Is.SameAs(events));
        var keptError = InState(ProvisionStates.DeployFailed) with { LastError = "old" };
        var carried = new ProvisionStateChanged(Uuid, ProvisionEvents.Deploy, ProvisionStates.DeployFailed, ProvisionStates.Deploying, null, "old", Ctx().Now);
        Assert.That(With(keptError, carried), Has.Count.EqualTo(1), "an error carried over unchanged is not a new failure");
    }

    [Test]
    public void Power_failures_are_UNKNOWN_and_the_power_sync_giving_up_is_monitoring()
    {
        var power = With(InState("available"), new PowerStateRecorded(Uuid, null, "Failed to change power state to power on", Ctx().Now));
        Assert.That(((NodeHistoryRecorded)power[1]).Entry.EventType, Is.EqualTo("UNKNOWN"));
        var sync = With(InState("available"), new MaintenanceChanged(Uuid, true, "During sync_power_state, max retries exceeded", PowerSync.PowerFailureFault, Ctx().Now));
        Assert.That(((NodeHistoryRecorded)sync[1]).Entry, Has.Property("EventType").EqualTo("monitoring")
            .And.Property("Event").EqualTo("During sync_power_state, max retries exceeded"));
        Assert.That(With(InState("available"), new MaintenanceChanged(Uuid, true, "by hand", null, Ctx().Now)), Has.Count.EqualTo(1));
    }

    [Test]
    public void A_takeover_names_its_own_event_type_and_each_event_of_a_write_is_judged_on_the_node_before_it()
    {
        var events = NodeHistoryRules.WithHistory(InState(ProvisionStates.Deploying),
            [Failed(ProvisionStates.Deploying, ProvisionStates.DeployFailed, "interrupted"), new PowerStateRecorded(Uuid, null, "power lost", Ctx().Now)],
            "c", Guid.NewGuid, NodeHistoryRules.Transition);
        Assert.That(events.OfType<NodeHistoryRecorded>().Select(h => (h.Entry.EventType, h.Entry.Event)),
            Is.EqualTo(new[] { ("transition", "interrupted"), ("transition", "power lost") }));
        Assert.That(events.Select(e => e.GetType().Name),
            Is.EqualTo(new[] { "ProvisionStateChanged", "NodeHistoryRecorded", "PowerStateRecorded", "NodeHistoryRecorded" }));
    }

    [Test]
    public void The_history_is_kept_with_the_nodes_parts_oldest_first_and_at_most_300_entries()
    {
        var parts = NodePorts.Empty;
        for (var i = 0; i < NodeHistoryRules.MaxEntries + 5; i++)
            parts = parts.Apply(new NodeHistoryRecorded(Uuid, new NodeHistoryEntry(Guid.NewGuid(), Ctx(i).Now, "ERROR", "UNKNOWN", $"e{i}", "c", null)));
        Assert.That(parts.History, Has.Count.EqualTo(NodeHistoryRules.MaxEntries));
        Assert.That((parts.History[0].Event, parts.History[^1].Event), Is.EqualTo(("e5", "e304")));
        var node = InState("available");
        Assert.That(node.Apply(new NodeHistoryRecorded(Uuid, parts.History[0])), Is.SameAs(node),
            "the node record itself is unchanged");
        Assert.That(parts.Apply(new NodeDeleted(Uuid, Ctx().Now)).History, Is.Empty);
    }
}
