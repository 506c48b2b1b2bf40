using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>Whole fake-driver lifecycles: decisions folded with <see cref="NodeEvolution.Apply"/>.</summary>
public class EvolutionTests
{
    private int _minute;

    [SetUp]
    public void Reset() => _minute = 0;

    private NodeContext Next() => Ctx(++_minute);

    /// <summary>Requests <paramref name="request"/>, folds it, and runs every named work item to a successful end.</summary>
    private Node Run(Node node, ProvisionRequest request, List<string>? trail = null)
    {
        var decision = NodeDecisions.RequestProvision(node, request, Next());
        node = node.Fold(decision);
        trail?.Add(node.ProvisionState);
        var work = decision.Work;
        while (work is not null)
        {
            var done = NodeDecisions.CompleteWork(node, work, WorkOutcome.Ok(), Next());
            node = node.Fold(done);
            trail?.Add(node.ProvisionState);
            work = done.Work;
        }
        return node;
    }

    private static Node Enrolled()
    {
        var body = new JsonObject { ["driver"] = "fake-hardware", ["name"] = "node-1" };
        var decision = NodeDecisions.Enroll(null, Uuid, body, ProvisionStates.Enroll, new FakeInterfaceResolver(), Ctx(0));
        Node? node = null;
        foreach (var e in decision.Events)
            node = node.Apply(e);
        Assert.That(node, Is.Not.Null);
        return node!;
    }

    [Test]
    public void Enroll_manage_verifies_to_manageable()
    {
        var trail = new List<string>();
        var node = Run(Enrolled(), new ProvisionRequest("manage"), trail);
        Assert.That(trail, Is.EqualTo(new[] { "verifying", "manageable" }));
        Assert.That(node.TargetProvisionState, Is.Null);
        Assert.That(node.LastError, Is.Null);
    }

    [Test]
    public void Verifying_shows_manageable_as_target()
    {
        var node = Enrolled();
        node = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("manage"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("verifying", "manageable")));
        Assert.That(node.ProvisionUpdatedAt, Is.EqualTo(Ctx(1).Now));
    }

    [Test]
    public void Full_fake_lifecycle_enroll_to_active_and_back_to_available()
    {
        var trail = new List<string>();
        var node = Enrolled();
        node = Run(node, new ProvisionRequest("manage"), trail);
        node = Run(node, new ProvisionRequest("provide"), trail);
        Assert.That(node.ProvisionState, Is.EqualTo("available"));

        node = node.Fold(NodeDecisions.Patch(node,
            [Add("/instance_uuid", InstanceA.ToString()), Add("/instance_info/image_source", "http://img")],
            false, new FakeInterfaceResolver(), Next()));
        node = Run(node, new ProvisionRequest("active"), trail);
        Assert.That(node.ProvisionState, Is.EqualTo("active"));
        Assert.That(node.InstanceUuid, Is.EqualTo(InstanceA.ToString()));

        node = Run(node, new ProvisionRequest("deleted"), trail);

        Assert.That(trail, Is.EqualTo(new[]
        {
            "verifying", "manageable",
            "cleaning", "available",
            "deploying", "active",
            "deleting", "cleaning", "available",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(node.TargetProvisionState, Is.Null);
            Assert.That(node.InstanceUuid, Is.Null);
            Assert.That(node.InstanceInfo, Is.Empty);
            Assert.That(node.LastError, Is.Null);
            Assert.That(node.ProvisionUpdatedAt, Is.EqualTo(Ctx(_minute).Now));
            Assert.That(node.UpdatedAt, Is.EqualTo(Ctx(_minute).Now));
            Assert.That(node.CreatedAt, Is.EqualTo(Ctx(0).Now));
        });
    }

    [Test]
    public void Undeploy_and_deploy_verbs_behave_like_deleted_and_active()
    {
        var trail = new List<string>();
        var node = Run(InState("available"), new ProvisionRequest("deploy"), trail);
        node = Run(node, new ProvisionRequest("undeploy"), trail);
        Assert.That(trail, Is.EqualTo(new[] { "deploying", "active", "deleting", "cleaning", "available" }));
    }

    [Test]
    public void Tear_down_shows_available_as_target_throughout()
    {
        var node = Deployed();
        var targets = new List<string?>();
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("deleted"), Next());
        node = node.Fold(decision);
        targets.Add(node.TargetProvisionState);
        var done = NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Ok(), Next());
        node = node.Fold(done);
        targets.Add(node.TargetProvisionState);
        Assert.That(node.ProvisionState, Is.EqualTo("cleaning"));
        Assert.That(targets, Is.EqualTo(new[] { "available", "available" }));
    }

    [Test]
    public void Rebuild_redeploys_an_active_node()
    {
        var trail = new List<string>();
        var node = Run(Deployed(), new ProvisionRequest("rebuild"), trail);
        Assert.That(trail, Is.EqualTo(new[] { "deploying", "active" }));
        Assert.That(node.InstanceUuid, Is.EqualTo(InstanceA.ToString()), "rebuild keeps the instance");
    }

    [Test]
    public void Manual_clean_ends_manageable()
    {
        var steps = new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices", ["args"] = new JsonObject() });
        var trail = new List<string>();
        var node = InState("manageable");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("clean", CleanSteps: steps), Next());
        node = node.Fold(decision);
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("cleaning", "manageable")));

        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Ok(), Next()));
        trail.Add(node.ProvisionState);
        Assert.That(node.ProvisionState, Is.EqualTo("manageable"));
        Assert.That(node.TargetProvisionState, Is.Null);
    }

    [Test]
    public void Inspection_sets_started_and_finished_timestamps()
    {
        var node = InState("manageable") with { InspectionFinishedAt = Created };
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("inspect"), Ctx(1));
        node = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("inspecting", "manageable")));
            Assert.That(node.InspectionStartedAt, Is.EqualTo(Ctx(1).Now));
            Assert.That(node.InspectionFinishedAt, Is.Null, "entering inspecting clears the finish time");
        });

        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Ok(), Ctx(2)));
        Assert.Multiple(() =>
        {
            Assert.That(node.ProvisionState, Is.EqualTo("manageable"));
            Assert.That(node.InspectionStartedAt, Is.EqualTo(Ctx(1).Now));
            Assert.That(node.InspectionFinishedAt, Is.EqualTo(Ctx(2).Now));
        });
    }

    [Test]
    public void Leaving_inspect_wait_to_manageable_sets_the_finish_time()
    {
        var node = InState("inspect wait") with { InspectionStartedAt = Created };
        var after = node.Apply(new ProvisionStateChanged(Uuid, "done", "inspect wait", "manageable", null, null, Ctx(4).Now))!;
        Assert.That(after.InspectionFinishedAt, Is.EqualTo(Ctx(4).Now));
        Assert.That(after.InspectionStartedAt, Is.EqualTo(Created));
    }

    [Test]
    public void Reaching_manageable_from_elsewhere_does_not_touch_inspection_times()
    {
        var node = InState("available");
        var after = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("manage"), Ctx()));
        Assert.That(after.InspectionFinishedAt, Is.Null);
        Assert.That(after.InspectionStartedAt, Is.Null);
    }

    [Test]
    public void Failed_inspection_can_be_retried()
    {
        var node = InState("manageable");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("inspect"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("no BMC"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("inspect failed", "manageable")));
        Assert.That(node.InspectionFinishedAt, Is.Null);
        Assert.That(node.LastError, Does.Contain("no BMC"));

        node = Run(node, new ProvisionRequest("inspect"));
        Assert.That(node.ProvisionState, Is.EqualTo("manageable"));
        Assert.That(node.LastError, Is.Null);
    }

    [Test]
    public void Rescue_and_unrescue()
    {
        var trail = new List<string>();
        var node = Run(Deployed(), new ProvisionRequest("rescue", RescuePassword: "pw"), trail);
        Assert.That(node.TargetProvisionState, Is.Null);
        node = Run(node, new ProvisionRequest("rescue", RescuePassword: "pw2"), trail);
        node = Run(node, new ProvisionRequest("unrescue"), trail);
        Assert.That(trail, Is.EqualTo(new[] { "rescuing", "rescue", "rescuing", "rescue", "unrescuing", "active" }));
        Assert.That(node.InstanceUuid, Is.EqualTo(InstanceA.ToString()));
    }

    [Test]
    public void Rescuing_shows_rescue_and_unrescuing_shows_active_as_target()
    {
        var node = Deployed();
        node = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("rescue", RescuePassword: "pw"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("rescuing", "rescue")));
        node = InState("rescue");
        node = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("unrescue"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("unrescuing", "active")));
    }

    [Test]
    public void Adopt_takes_over_a_manageable_node_as_active()
    {
        var trail = new List<string>();
        var node = InState("manageable");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("adopt"), Next());
        node = node.Fold(decision);
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("adopting", "active")));
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Ok(), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("active", (string?)null)));
    }

    [Test]
    public void Failed_adoption_can_be_retried_or_abandoned()
    {
        var node = InState("manageable");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("adopt"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("no image"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("adopt failed", "active")));

        Assert.That(Run(node, new ProvisionRequest("adopt")).ProvisionState, Is.EqualTo("active"));
        Assert.That(Run(node, new ProvisionRequest("manage")).ProvisionState, Is.EqualTo("manageable"));
    }

    [Test]
    public void Failed_verification_returns_to_enroll_with_last_error()
    {
        var node = Enrolled();
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("manage"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("bad credentials"), Next()));
        Assert.Multiple(() =>
        {
            Assert.That(node.ProvisionState, Is.EqualTo("enroll"));
            Assert.That(node.TargetProvisionState, Is.Null);
            Assert.That(node.LastError, Does.Contain("bad credentials"));
        });

        node = Run(node, new ProvisionRequest("manage"));
        Assert.That(node.ProvisionState, Is.EqualTo("manageable"));
        Assert.That(node.LastError, Is.Null);
    }

    [Test]
    public void Failed_deploy_keeps_active_as_target_and_can_be_undeployed()
    {
        var node = Deployed("available");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("image corrupt"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("deploy failed", "active")));
        Assert.That(node.LastError, Does.Contain("image corrupt"));

        var trail = new List<string>();
        node = Run(node, new ProvisionRequest("deleted"), trail);
        Assert.That(trail, Is.EqualTo(new[] { "deleting", "cleaning", "available" }));
        Assert.That(node.InstanceUuid, Is.Null);
    }

    [Test]
    public void Failed_tear_down_leaves_the_node_in_error_and_rebuild_or_delete_recover_it()
    {
        var node = Deployed();
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("deleted"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("disk stuck"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("error", (string?)null)));
        Assert.That(node.LastError, Does.Contain("disk stuck"));
        Assert.That(node.InstanceUuid, Is.Not.Null);

        Assert.That(Run(node, new ProvisionRequest("rebuild")).ProvisionState, Is.EqualTo("active"));
        Assert.That(Run(node, new ProvisionRequest("deleted")).ProvisionState, Is.EqualTo("available"));
    }

    [Test]
    public void Failed_automated_clean_then_manage()
    {
        var node = InState("manageable");
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("provide"), Next());
        node = node.Fold(decision);
        node = node.Fold(NodeDecisions.CompleteWork(node, decision.Work!, WorkOutcome.Failed("erase failed"), Next()));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("clean failed", "available")));
        node = Run(node, new ProvisionRequest("manage"));
        Assert.That((node.ProvisionState, node.TargetProvisionState), Is.EqualTo(("manageable", (string?)null)));
    }

    [Test]
    public void Work_completing_after_an_abort_produces_nothing()
    {
        var node = InState("rescue wait");
        node = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("abort"), Next()));
        Assert.That(node.ProvisionState, Is.EqualTo("rescue failed"));
        Assert.That(node.LastError, Is.Not.Null);

        var late = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Rescue), WorkOutcome.Ok(), Next());
        Assert.That(late.Events, Is.Empty);
    }

    [Test]
    public void Work_completing_after_takeover_failed_the_node_produces_nothing()
    {
        var node = InState("deploying");
        node = node.Fold(NodeDecisions.ResolveInterrupted(node, Next()));
        Assert.That(node.ProvisionState, Is.EqualTo("deploy failed"));
        var late = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Deploy), WorkOutcome.Ok(), Next());
        Assert.That(late.Events, Is.Empty);
    }

    // --- event folding ---------------------------------------------------------------------------

    [Test]
    public void Enrolled_creates_and_deleted_removes_the_node()
    {
        var node = InState("enroll");
        Assert.That(((Node?)null).Apply(new NodeEnrolled(node)), Is.SameAs(node));
        Assert.That(node.Apply(new NodeDeleted(Uuid, Ctx().Now)), Is.Null);
    }

    [Test]
    public void Events_for_a_missing_node_keep_it_missing()
    {
        INodeEvent[] events =
        [
            new NodeUpdated(InState("enroll"), Ctx().Now),
            new ProvisionStateChanged(Uuid, "manage", "enroll", "verifying", "manageable", null, Ctx().Now),
            new PowerActionStarted(Uuid, "power on", "power on", Ctx().Now),
            new PowerStateRecorded(Uuid, "power on", null, Ctx().Now),
            new MaintenanceChanged(Uuid, true, "x", null, Ctx().Now),
            new InstanceCleared(Uuid, Ctx().Now),
        ];
        foreach (var e in events)
            Assert.That(((Node?)null).Apply(e), Is.Null, e.GetType().Name);
    }

    [Test]
    public void Updated_replaces_the_node()
    {
        var updated = InState("manageable") with { Description = "new" };
        Assert.That(InState("manageable").Apply(new NodeUpdated(updated, Ctx().Now)), Is.SameAs(updated));
    }

    private sealed record StrangeEvent(Guid NodeId, DateTimeOffset At) : INodeEvent;

    [Test]
    public void Unknown_events_are_an_error()
    {
        Assert.That(() => InState("enroll").Apply(new StrangeEvent(Uuid, Ctx().Now)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Maintenance_on_records_reason_and_off_clears_reason_and_fault()
    {
        var node = InState("active");
        node = node.Fold(NodeDecisions.SetMaintenance(node, true, "disk swap", Ctx(1)));
        Assert.That((node.Maintenance, node.MaintenanceReason), Is.EqualTo((true, "disk swap")));
        Assert.That(node.UpdatedAt, Is.EqualTo(Ctx(1).Now));

        node = node with { Fault = "power failure" };
        node = node.Fold(NodeDecisions.SetMaintenance(node, false, "ignored", Ctx(2)));
        Assert.Multiple(() =>
        {
            Assert.That(node.Maintenance, Is.False);
            Assert.That(node.MaintenanceReason, Is.Null);
            Assert.That(node.Fault, Is.Null);
        });
    }

    [Test]
    public void Maintenance_change_on_a_locked_node_is_409()
    {
        var message = NodeDecisions.SetMaintenance(InState("active"), true, null, Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void Fault_recorded_with_maintenance_is_kept()
    {
        var after = InState("active").Apply(new MaintenanceChanged(Uuid, true, "power sync", "power failure", Ctx().Now))!;
        Assert.That(after.Fault, Is.EqualTo("power failure"));
    }

    [Test]
    public void Folding_never_mutates_the_previous_node()
    {
        var before = Deployed("deleting");
        var infoBefore = before.InstanceInfo.ToJsonString();
        _ = before.Apply(new InstanceCleared(Uuid, Ctx().Now));
        Assert.That(before.InstanceUuid, Is.EqualTo(InstanceA.ToString()));
        Assert.That(before.InstanceInfo.ToJsonString(), Is.EqualTo(infoBefore));
    }
}
