using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.CompleteWork"/> and <see cref="NodeDecisions.ResolveInterrupted"/>.</summary>
public class WorkCompletionTests
{
    // kind, state the work runs in, target while running, state after success, target after success
    private static readonly object[] Successes =
    [
        new object?[] { WorkKind.Verify, "verifying", "manageable", "manageable", null },
        new object?[] { WorkKind.Clean, "cleaning", "available", "available", null },
        new object?[] { WorkKind.Clean, "cleaning", "manageable", "manageable", null },
        new object?[] { WorkKind.Inspect, "inspecting", "manageable", "manageable", null },
        new object?[] { WorkKind.Deploy, "deploying", "active", "active", null },
        new object?[] { WorkKind.TearDown, "deleting", "available", "cleaning", "available" },
        new object?[] { WorkKind.Adopt, "adopting", "active", "active", null },
        new object?[] { WorkKind.Rescue, "rescuing", "rescue", "rescue", null },
        new object?[] { WorkKind.Unrescue, "unrescuing", "active", "active", null },
    ];

    [TestCaseSource(nameof(Successes))]
    public void Successful_work_moves_the_node_on(WorkKind kind, string state, string target, string to, string? newTarget)
    {
        var node = InState(state) with { TargetProvisionState = target, LastError = "old error" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.Ok(), Ctx(5));
        var after = node.Fold(decision);

        var changed = decision.Events.OfType<ProvisionStateChanged>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(changed.From, Is.EqualTo(state));
            Assert.That(changed.To, Is.EqualTo(to));
            Assert.That(ReferenceTable.Next(state, changed.Event), Is.EqualTo(to), "a table transition");
            Assert.That(after.ProvisionState, Is.EqualTo(to));
            Assert.That(after.TargetProvisionState, Is.EqualTo(newTarget));
            Assert.That(after.LastError, Is.Null);
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(Ctx(5).Now));
        });
    }

    [TestCase("available", "done", "available")]
    [TestCase("manageable", "manage", "manageable")]
    public void Cleaning_ends_with_done_or_manage_depending_on_the_target(string target, string evt, string to)
    {
        var node = InState("cleaning") with { TargetProvisionState = target };
        var changed = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Ok(), Ctx()).Single<ProvisionStateChanged>();
        Assert.That((changed.Event, changed.To), Is.EqualTo((evt, to)));
    }

    [Test]
    public void Automated_cleaning_of_a_retired_node_ends_manageable()
    {
        var node = InState("cleaning") with { Retired = true };
        var changed = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Clean), WorkOutcome.Ok(), Ctx()).Single<ProvisionStateChanged>();
        Assert.That((changed.Event, changed.To), Is.EqualTo(("manage", "manageable")));
    }

    [Test]
    public void Tear_down_clears_the_instance_then_cleans()
    {
        var node = Deployed("deleting") with { TargetProvisionState = "available" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.TearDown), WorkOutcome.Ok(), Ctx());

        Assert.That(decision.Events.Select(e => e.GetType()), Is.EqualTo(new[] { typeof(InstanceCleared), typeof(ProvisionStateChanged) }));
        var changed = (ProvisionStateChanged)decision.Events[1];
        Assert.That((changed.Event, changed.From, changed.To, changed.Target), Is.EqualTo(("clean", "deleting", "cleaning", "available")));
        Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.Clean)));

        var after = node.Fold(decision);
        Assert.That(after.InstanceUuid, Is.Null);
        Assert.That(after.InstanceInfo, Is.Empty);
    }

    [Test]
    public void Success_records_a_changed_power_state_first()
    {
        var node = InState("verifying") with { PowerState = null };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Verify), WorkOutcome.Ok("power on"), Ctx());
        Assert.That(decision.Events.Select(e => e.GetType()), Is.EqualTo(new[] { typeof(PowerStateRecorded), typeof(ProvisionStateChanged) }));
        var after = node.Fold(decision);
        Assert.That(after.PowerState, Is.EqualTo("power on"));
        Assert.That(after.ProvisionState, Is.EqualTo("manageable"));
    }

    [Test]
    public void Success_does_not_record_an_unchanged_power_state()
    {
        var node = InState("deploying") with { PowerState = "power on" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Deploy), WorkOutcome.Ok("power on"), Ctx());
        Assert.That(decision.Events.Single(), Is.InstanceOf<ProvisionStateChanged>());
    }

    // kind, state, target while running, failed state, target after failure (the table's fail row)
    private static readonly object[] Failures =
    [
        new object?[] { WorkKind.Verify, "verifying", "manageable", "enroll", null },
        new object?[] { WorkKind.Clean, "cleaning", "available", "clean failed", "available" },
        new object?[] { WorkKind.Clean, "cleaning", "manageable", "clean failed", "manageable" },
        new object?[] { WorkKind.Inspect, "inspecting", "manageable", "inspect failed", "manageable" },
        new object?[] { WorkKind.Deploy, "deploying", "active", "deploy failed", "active" },
        new object?[] { WorkKind.TearDown, "deleting", "available", "error", null },
        new object?[] { WorkKind.Adopt, "adopting", "active", "adopt failed", "active" },
        new object?[] { WorkKind.Rescue, "rescuing", "rescue", "rescue failed", "rescue" },
        new object?[] { WorkKind.Unrescue, "unrescuing", "active", "unrescue failed", "active" },
    ];

    [TestCaseSource(nameof(Failures))]
    public void Failed_work_fails_the_node_with_last_error(WorkKind kind, string state, string target, string failed, string? newTarget)
    {
        var node = Deployed(state) with { TargetProvisionState = target };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(kind), WorkOutcome.Failed("boom 42"), Ctx(3));

        var changed = decision.Single<ProvisionStateChanged>();
        Assert.That(decision.Work, Is.Null);
        Assert.That(changed.Event, Is.EqualTo("fail"));
        Assert.That(ReferenceTable.Next(state, "fail"), Is.EqualTo(failed));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(failed));
            Assert.That(after.TargetProvisionState, Is.EqualTo(newTarget));
            Assert.That(after.LastError, Does.Contain("boom 42"));
            Assert.That(after.InstanceUuid, Is.EqualTo(InstanceA.ToString()), "a failure clears nothing");
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(Ctx(3).Now));
        });
    }

    private static IEnumerable<TestCaseData> WorkAfterTheNodeMovedOn()
    {
        var kinds = new (WorkKind Kind, string Running)[]
        {
            (WorkKind.Verify, "verifying"), (WorkKind.Clean, "cleaning"), (WorkKind.Inspect, "inspecting"),
            (WorkKind.Deploy, "deploying"), (WorkKind.TearDown, "deleting"), (WorkKind.Adopt, "adopting"),
            (WorkKind.Rescue, "rescuing"), (WorkKind.Unrescue, "unrescuing"),
        };
        foreach (var (kind, running) in kinds)
            foreach (var state in ProvisionStates.All.Where(s => s != running))
                foreach (var ok in new[] { true, false })
                    yield return new TestCaseData(kind, state, ok).SetName($"{kind} ({(ok ? "ok" : "failed")}) in {state}");
    }

    [TestCaseSource(nameof(WorkAfterTheNodeMovedOn))]
    public void Work_ending_after_the_node_moved_on_changes_nothing(WorkKind kind, string state, bool ok)
    {
        var outcome = ok ? WorkOutcome.Ok("power on") : WorkOutcome.Failed("late");
        var decision = NodeDecisions.CompleteWork(InState(state), new NodeWork(kind), outcome, Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
    }

    // --- interrupted work ------------------------------------------------------------------------

    private static IEnumerable<string> StuckStates() => ProvisionStates.Stuck.OrderBy(s => s);

    [TestCaseSource(nameof(StuckStates))]
    public void Interrupted_work_fails_each_stuck_state_per_the_table(string state)
    {
        var node = InState(state) with { TargetPowerState = "power on" };
        Assert.That(NodeDecisions.NeedsResolution(node), Is.True);

        var decision = NodeDecisions.ResolveInterrupted(node, Ctx(9));
        Assert.That(decision.Work, Is.Null);
        var changed = decision.Events.OfType<ProvisionStateChanged>().Single();
        Assert.That(changed.Event, Is.EqualTo("fail"));

        var failed = ReferenceTable.Next(state, "fail")!;
        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(failed));
            Assert.That(after.TargetProvisionState,
                Is.EqualTo(ProvisionStates.Stable.Contains(failed) ? null : node.TargetProvisionState));
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.LastError, Does.Contain(state));
            Assert.That(NodeDecisions.NeedsResolution(after), Is.False);
        });
    }

    [Test]
    public void Interrupted_manual_clean_keeps_manageable_as_target()
    {
        var node = InState("cleaning") with { TargetProvisionState = "manageable" };
        var after = node.Fold(NodeDecisions.ResolveInterrupted(node, Ctx()));
        Assert.That((after.ProvisionState, after.TargetProvisionState), Is.EqualTo(("clean failed", "manageable")));
    }

    [Test]
    public void Interrupted_power_action_alone_clears_target_power_state_with_last_error()
    {
        var node = InState("active") with { TargetPowerState = "power off", PowerState = "power on" };
        Assert.That(NodeDecisions.NeedsResolution(node), Is.True);

        var decision = NodeDecisions.ResolveInterrupted(node, Ctx());
        var recorded = decision.Single<PowerStateRecorded>();
        Assert.That(recorded.PowerState, Is.Null);

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.PowerState, Is.EqualTo("power on"));
            Assert.That(after.LastError, Does.Contain("power off"));
            Assert.That(after.ProvisionState, Is.EqualTo("active"));
        });
    }

    private static IEnumerable<string> RestingStates() => ProvisionStates.All.Where(s => !ProvisionStates.Stuck.Contains(s));

    [TestCaseSource(nameof(RestingStates))]
    public void Nothing_to_resolve_outside_stuck_states(string state)
    {
        var node = InState(state);
        Assert.That(NodeDecisions.NeedsResolution(node), Is.False);
        Assert.That(NodeDecisions.ResolveInterrupted(node, Ctx()).Events, Is.Empty);
    }

    [Test]
    public void Clean_work_carries_steps_and_the_outcome_is_a_table_transition_from_clean_wait_too()
    {
        // Clean work reported for a node that meanwhile went to "clean wait" is stale: no events.
        var steps = new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices" });
        var decision = NodeDecisions.CompleteWork(InState("clean wait"), new NodeWork(WorkKind.Clean, CleanSteps: steps), WorkOutcome.Ok(), Ctx());
        Assert.That(decision.Events, Is.Empty);
    }
}
