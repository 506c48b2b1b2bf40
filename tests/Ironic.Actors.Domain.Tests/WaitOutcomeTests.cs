using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// <see cref="NodeDecisions.CompleteWork"/> with <see cref="WorkOutcome.WaitForCallback"/>: the work ended but the
/// agent on the machine carries on, so the node is released into its wait state (event <c>wait</c>), keeping its
/// target, and from there either the agent calls back or the provisioning time-out fails it.
/// </summary>
public class WaitOutcomeTests
{
    // kind, state the work runs in, target while running, wait state
    private static readonly object[] Waits =
    [
        new object[] { WorkKind.Deploy, "deploying", "active", "wait call-back" },
        new object[] { WorkKind.Clean, "cleaning", "available", "clean wait" },
        new object[] { WorkKind.Clean, "cleaning", "manageable", "clean wait" },
        new object[] { WorkKind.Inspect, "inspecting", "manageable", "inspect wait" },
        new object[] { WorkKind.Rescue, "rescuing", "rescue", "rescue wait" },
    ];

    [Test]
    public void WaitForCallback_is_a_successful_waiting_outcome_without_a_power_state()
    {
        Assert.That(WorkOutcome.WaitForCallback(), Is.EqualTo(new WorkOutcome(true, null, null, true)));
        Assert.That(WorkOutcome.Ok().Waiting, Is.False);
        Assert.That(WorkOutcome.Failed("x").Waiting, Is.False);
    }

    [TestCaseSource(nameof(Waits))]
    public void Waiting_work_moves_the_node_into_its_wait_state_keeping_the_target(WorkKind kind, string state, string target, string wait)
    {
        var started = Created.AddMinutes(-10);
        var node = Deployed(state) with { TargetProvisionState = target, InspectionStartedAt = started, PowerState = "power on" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx(6));

        Assert.That(decision.Work, Is.Null, "the agent does the rest: no more work on the conductor");
        Assert.That(decision.Single<ProvisionStateChanged>(), Is.EqualTo(new ProvisionStateChanged(Uuid, "wait", state, wait, target, null, Ctx(6).Now)));
        Assert.That(ReferenceTable.Next(state, "wait"), Is.EqualTo(wait), "a table transition");

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(wait));
            Assert.That(after.TargetProvisionState, Is.EqualTo(target));
            Assert.That(after.LastError, Is.Null);
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(Ctx(6).Now), "the time-out clock starts here");
            Assert.That(after.InspectionStartedAt, Is.EqualTo(started), "entering a wait state does not restart inspection");
            Assert.That(after.InspectionFinishedAt, Is.Null);
            Assert.That(after.PowerState, Is.EqualTo("power on"));
            Assert.That(after.InstanceUuid, Is.EqualTo(InstanceA.ToString()));
            Assert.That(after.Maintenance, Is.False);
            Assert.That(ProvisionTimeouts.WaitStates, Does.Contain(after.ProvisionState));
        });
    }

    [TestCaseSource(nameof(Waits))]
    public void A_node_in_its_wait_state_has_nothing_to_resolve_after_a_restart(WorkKind kind, string state, string target, string wait)
    {
        // The agent keeps working without the conductor: a restart must not fail the node (only the time-out may).
        var node = InState(state) with { TargetProvisionState = target };
        Assert.That(NodeDecisions.NeedsResolution(node), Is.True, "while the conductor runs the work");
        node = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx()));
        Assert.That(node.ProvisionState, Is.EqualTo(wait));
        Assert.That(NodeDecisions.NeedsResolution(node), Is.False);
        Assert.That(NodeDecisions.ResolveInterrupted(node, Ctx(2)).Events, Is.Empty);
    }

    [TestCaseSource(nameof(Waits))]
    public void Waiting_work_of_a_node_without_a_target_gets_the_wait_states_default(WorkKind kind, string state, string target, string wait)
    {
        var node = InState(state) with { TargetProvisionState = null };
        var after = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx()));
        Assert.That((after.ProvisionState, after.TargetProvisionState), Is.EqualTo((wait, ProvisionStateMachine.DefaultTarget(wait))));
    }

    [Test]
    public void Manual_cleaning_waits_with_manageable_as_target_where_automated_has_available()
    {
        Assert.That(ProvisionStateMachine.DefaultTarget("clean wait"), Is.EqualTo("available"));
        var node = InState("cleaning") with { TargetProvisionState = "manageable" };
        var after = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.WaitForCallback(), Ctx()));
        Assert.That((after.ProvisionState, after.TargetProvisionState), Is.EqualTo(("clean wait", "manageable")));
    }

    [Test]
    public void A_waiting_outcome_that_read_a_new_power_state_records_it_first()
    {
        var node = InState("deploying") with { PowerState = "power off" };
        var outcome = new WorkOutcome(true, null, "power on", true);
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Deploy), outcome, Ctx(2));
        Assert.That(decision.Events, Is.EqualTo(new INodeEvent[]
        {
            new PowerStateRecorded(Uuid, "power on", null, Ctx(2).Now),
            new ProvisionStateChanged(Uuid, "wait", "deploying", "wait call-back", "active", null, Ctx(2).Now),
        }));
        var after = node.Fold(decision);
        Assert.That((after.PowerState, after.ProvisionState), Is.EqualTo(("power on", "wait call-back")));
    }

    private static IEnumerable<TestCaseData> MovedOn()
    {
        yield return new TestCaseData(WorkKind.Deploy, "deploy failed");
        yield return new TestCaseData(WorkKind.Deploy, "wait call-back");
        yield return new TestCaseData(WorkKind.Clean, "clean failed");
        yield return new TestCaseData(WorkKind.Clean, "clean wait");
        yield return new TestCaseData(WorkKind.Inspect, "inspect failed");
        yield return new TestCaseData(WorkKind.Rescue, "rescue failed");
        yield return new TestCaseData(WorkKind.Rescue, "active");
    }

    [TestCaseSource(nameof(MovedOn))]
    public void Waiting_work_of_a_node_that_moved_on_changes_nothing(WorkKind kind, string state)
    {
        var decision = NodeDecisions.CompleteWork(InState(state), new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
    }

    // kind, state, target: work whose state has no wait transition ends as a plain success
    private static readonly object[] NoWaitState =
    [
        new object[] { WorkKind.Verify, "verifying", "manageable" },
        new object[] { WorkKind.Adopt, "adopting", "active" },
        new object[] { WorkKind.TearDown, "deleting", "available" },
        new object[] { WorkKind.Unrescue, "unrescuing", "active" },
    ];

    [TestCaseSource(nameof(NoWaitState))]
    public void Waiting_work_where_the_state_cannot_wait_ends_like_success(WorkKind kind, string state, string target)
    {
        Assert.That(ProvisionStateMachine.Next(state, "wait"), Is.Null);
        var node = Deployed(state) with { TargetProvisionState = target };
        var waited = NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx(4));
        var ok = NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.Ok(), Ctx(4));
        Assert.That(waited.Events, Is.EqualTo(ok.Events));
        Assert.That(waited.Work, Is.EqualTo(ok.Work));
        Assert.That(waited.Events.OfType<ProvisionStateChanged>().Any(e => e.Event == "wait"), Is.False);
    }

    [TestCase("power on", "power on")]
    [TestCase("soft power off", "power off")]
    public void Waiting_power_work_still_records_the_power_state(string target, string result)
    {
        var node = InState("active") with { TargetPowerState = result };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Power, target), WorkOutcome.WaitForCallback(), Ctx(3));
        Assert.That(decision.Single<PowerStateRecorded>(), Is.EqualTo(new PowerStateRecorded(Uuid, result, null, Ctx(3).Now)));
        var after = node.Fold(decision);
        Assert.That((after.PowerState, after.TargetPowerState, after.ProvisionState), Is.EqualTo((result, (string?)null, "active")));
    }

    // --- from the wait to the time-out -----------------------------------------------------------

    private static NodeContext AtSeconds(DateTimeOffset from, int seconds) => new(from.AddSeconds(seconds));

    [TestCaseSource(nameof(Waits))]
    public void A_node_released_into_its_wait_times_out_1800_seconds_later(WorkKind kind, string state, string target, string wait)
    {
        var node = Deployed(state) with { TargetProvisionState = target, InspectionStartedAt = Ctx(0).Now };
        var released = Ctx(0).Now; // for inspection this is also when it started
        node = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), new NodeContext(released)));
        Assert.That(node.ProvisionState, Is.EqualTo(wait));

        var settings = ProvisionTimeoutSettings.Default;
        Assert.That(NodeDecisions.TimeOutWait(node, settings, AtSeconds(released, 1800)).Events, Is.Empty, "exactly at the timeout");
        var decision = NodeDecisions.TimeOutWait(node, settings, AtSeconds(released, 1801));
        var after = node.Fold(decision);

        var failed = ProvisionStateMachine.Next(wait, "fail");
        Assert.That(failed, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(failed));
            Assert.That(after.TargetProvisionState, Is.EqualTo(target));
            Assert.That(after.LastError, Is.Not.Null.And.Not.Empty);
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(released.AddSeconds(1801)));
            Assert.That(after.Maintenance, Is.False, "no clean step was recorded");
        });
    }

    [Test]
    public void Inspection_times_out_from_its_start_not_from_entering_inspect_wait()
    {
        var node = InState("manageable");
        var start = NodeDecisions.RequestProvision(node, new ProvisionRequest("inspect"), Ctx(0));
        node = node.Fold(start);
        Assert.That((node.ProvisionState, node.InspectionStartedAt), Is.EqualTo(("inspecting", (DateTimeOffset?)Ctx(0).Now)));

        // The driver takes ten minutes before handing over to the agent.
        node = node.Fold(NodeDecisions.CompleteWork(node, start.Work!, WorkOutcome.WaitForCallback(), Ctx(10)));
        Assert.That((node.ProvisionState, node.ProvisionUpdatedAt), Is.EqualTo(("inspect wait", (DateTimeOffset?)Ctx(10).Now)));

        var settings = ProvisionTimeoutSettings.Default;
        Assert.That(ProvisionTimeouts.IsExpired(node, AtSeconds(Ctx(0).Now, 1800).Now, settings), Is.False);
        var decision = NodeDecisions.TimeOutWait(node, settings, AtSeconds(Ctx(0).Now, 1801));
        var after = node.Fold(decision);
        Assert.That((after.ProvisionState, after.TargetProvisionState, after.LastError),
            Is.EqualTo(("inspect failed", "manageable", "timeout reached while inspecting the node")));
    }

    [Test]
    public void A_deploy_that_waits_then_times_out_keeps_its_instance_and_reads_ironics_error()
    {
        var node = InState("available");
        var deploy = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Ctx(0));
        node = node.Fold(deploy);
        Assert.That(deploy.Work, Is.EqualTo(new NodeWork(WorkKind.Deploy)));
        node = node.Fold(NodeDecisions.CompleteWork(node, deploy.Work!, WorkOutcome.WaitForCallback(), Ctx(1)));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("wait call-back", "active")));

        // The power sync leaves a node waiting for its agent alone.
        Assert.That(PowerSync.Skips(node), Is.True);
        var sync = NodeDecisions.SyncPower(node, PowerReading.Of("power on"), 2, new PowerSyncSettings(), true, Ctx(2));
        Assert.That((sync.Outcome, sync.Failures, sync.Decision.Events.Count), Is.EqualTo((PowerSyncOutcome.Skipped, 0, 0)));

        var after = node.Fold(NodeDecisions.TimeOutWait(node, ProvisionTimeoutSettings.Default, Ctx(32)));
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("deploy failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo("active"));
            Assert.That(after.LastError, Is.EqualTo($"Timeout reached while waiting for callback for node {Uuid}"));
            Assert.That(PowerSync.Skips(after), Is.False, "deploy failed is synced again");
        });
    }

    [TestCase("inspecting", WorkKind.Inspect, "inspect wait", false)]
    [TestCase("rescuing", WorkKind.Rescue, "rescue wait", false)]
    [TestCase("cleaning", WorkKind.Clean, "clean wait", true)]
    [TestCase("deploying", WorkKind.Deploy, "wait call-back", true)]
    public void Only_deploy_and_clean_waits_are_excluded_from_the_power_sync(string state, WorkKind kind, string wait, bool skipped)
    {
        var node = InState(state) with { PowerState = "power on" };
        node = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.WaitForCallback(), Ctx()));
        Assert.That(node.ProvisionState, Is.EqualTo(wait));
        Assert.That(PowerSync.Skips(node), Is.EqualTo(skipped));
        var sync = NodeDecisions.SyncPower(node, PowerReading.Of("power on"), 1, new PowerSyncSettings(), true, Ctx(2));
        Assert.That(sync.Outcome, Is.EqualTo(skipped ? PowerSyncOutcome.Skipped : PowerSyncOutcome.InSync));
        Assert.That(sync.Failures, Is.Zero);
    }
}
