using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// What a provisioning request writes to instance_info besides the state change (config drive, rescue
/// password), the instance-traits check of deploys, and the lock rule of driver calls.
/// </summary>
public class ProvisionExtrasDecisionTests
{
    private const string GzippedDrive = "H4sIAAAAAAAAA2NgGAWjYBSMAgAAAP//AwBnbG8nAAQAAA==";

    [TestCase("active", "available")]
    [TestCase("deploy", "available")]
    [TestCase("rebuild", "active")]
    public void A_config_drive_string_is_stored_in_instance_info(string verb, string state)
    {
        var node = Deployed(state);
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest(verb, ConfigDrive: JsonValue.Create(GzippedDrive)), Ctx(3));

        Assert.That(decision.StateChange().To, Is.EqualTo("deploying"));
        var info = decision.Events.OfType<InstanceInfoChanged>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(info.NodeId, Is.EqualTo(Uuid));
            Assert.That(info.Set.ToJsonString(), Is.EqualTo($$"""{"configdrive":"{{GzippedDrive}}"}"""));
            Assert.That(info.Removed, Is.Empty);
            Assert.That(info.At, Is.EqualTo(Ctx(3).Now));
        });

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.InstanceInfo["configdrive"]!.GetValue<string>(), Is.EqualTo(GzippedDrive));
            Assert.That(after.InstanceInfo["image_source"]!.GetValue<string>(), Is.EqualTo("http://images.example.org/img.qcow2"),
                "the rest of instance_info is kept");
            Assert.That(after.ProvisionState, Is.EqualTo("deploying"));
        });
    }

    [Test]
    public void A_config_drive_object_is_stored_as_given()
    {
        var drive = new JsonObject { ["meta_data"] = new JsonObject { ["hostname"] = "web-1" }, ["user_data"] = "#!/bin/sh" };
        var decision = NodeDecisions.RequestProvision(InState("available"), new ProvisionRequest("active", ConfigDrive: drive), Ctx());
        var after = InState("available").Fold(decision);
        Assert.That(JsonNode.DeepEquals(after.InstanceInfo["configdrive"], drive), Is.True);
        Assert.That(after.InstanceInfo["configdrive"], Is.Not.SameAs(drive), "the request's JSON is copied, never shared");
    }

    [Test]
    public void A_rebuild_without_a_config_drive_keeps_the_old_one()
    {
        var node = Deployed() with
        {
            InstanceInfo = new JsonObject { ["image_source"] = "img", ["configdrive"] = GzippedDrive },
        };
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("rebuild"), Ctx());
        Assert.That(decision.Events.OfType<InstanceInfoChanged>(), Is.Empty);
        Assert.That(node.Fold(decision).InstanceInfo["configdrive"]!.GetValue<string>(), Is.EqualTo(GzippedDrive));
    }

    [Test]
    public void A_deploy_without_a_config_drive_only_changes_state()
    {
        var decision = NodeDecisions.RequestProvision(InState("available"), new ProvisionRequest("active"), Ctx());
        Assert.That(decision.Single<ProvisionStateChanged>().To, Is.EqualTo("deploying"));
    }

    [TestCase("active")]
    [TestCase("rescue")]
    public void Rescue_stores_the_rescue_password(string state)
    {
        var node = Deployed(state);
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("rescue", RescuePassword: "s3cret"), Ctx());
        Assert.That(decision.StateChange().To, Is.EqualTo("rescuing"));
        Assert.That(decision.Work?.Kind, Is.EqualTo(WorkKind.Rescue));
        var after = node.Fold(decision);
        Assert.That(after.InstanceInfo["rescue_password"]!.GetValue<string>(), Is.EqualTo("s3cret"));
    }

    [Test]
    public void Rescuing_again_replaces_the_password()
    {
        var node = Deployed("rescue") with { InstanceInfo = new JsonObject { ["rescue_password"] = "old" } };
        var after = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("rescue", RescuePassword: "new"), Ctx()));
        Assert.That(after.InstanceInfo["rescue_password"]!.GetValue<string>(), Is.EqualTo("new"));
    }

    [Test]
    public void Unrescue_removes_the_rescue_password()
    {
        var node = Deployed("rescue") with
        {
            InstanceInfo = new JsonObject { ["image_source"] = "img", ["rescue_password"] = "s3cret" },
        };
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("unrescue"), Ctx());
        Assert.That(decision.StateChange().To, Is.EqualTo("unrescuing"));
        Assert.That(decision.Events.OfType<InstanceInfoChanged>().Single().Removed, Is.EqualTo(new[] { "rescue_password" }));
        var after = node.Fold(decision);
        Assert.That(after.InstanceInfo.ContainsKey("rescue_password"), Is.False);
        Assert.That(after.InstanceInfo["image_source"]!.GetValue<string>(), Is.EqualTo("img"));
    }

    [Test]
    public void Unrescue_without_a_stored_password_only_changes_state()
    {
        var decision = NodeDecisions.RequestProvision(Deployed("rescue"), new ProvisionRequest("unrescue"), Ctx());
        Assert.That(decision.Single<ProvisionStateChanged>().To, Is.EqualTo("unrescuing"));
    }

    [Test]
    public void Refused_requests_write_nothing()
    {
        var request = new ProvisionRequest("active", ConfigDrive: JsonValue.Create(GzippedDrive));
        Assert.That(NodeDecisions.RequestProvision(InState("available"), request, Locked()).Events, Is.Empty);
        Assert.That(NodeDecisions.RequestProvision(InState("enroll"), request, Ctx()).Events, Is.Empty);
        Assert.That(NodeDecisions.RequestProvision(InState("active"), new ProvisionRequest("rescue", RescuePassword: "pw"), Locked()).Events,
            Is.Empty);
    }

    [TestCase("active", "available")]
    [TestCase("rebuild", "active")]
    public void Deploying_with_instance_traits_the_node_lacks_is_400(string verb, string state)
    {
        var node = Deployed(state) with
        {
            Traits = ["CUSTOM_A"],
            InstanceInfo = new JsonObject { ["traits"] = new JsonArray("CUSTOM_A", "CUSTOM_GPU") },
        };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest(verb), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            $"Failed to validate deploy or power info for node {Uuid}. Error: " +
            "Cannot specify instance traits that are not also node traits. Missing traits: CUSTOM_GPU"));
    }

    [Test]
    public void Deploying_with_instance_traits_the_node_has_is_accepted()
    {
        var node = InState("available") with
        {
            Traits = ["CUSTOM_A", "CUSTOM_GPU"],
            InstanceInfo = new JsonObject { ["traits"] = new JsonArray("CUSTOM_GPU") },
        };
        Assert.That(NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Ctx()).StateChange().To, Is.EqualTo("deploying"));
    }

    [Test]
    public void Instance_info_changes_set_then_remove_and_never_touch_the_old_object()
    {
        var before = new JsonObject { ["a"] = 1, ["b"] = 2 };
        var change = new InstanceInfoChanged(Uuid, new JsonObject { ["c"] = new JsonObject { ["d"] = 3 }, ["a"] = 9 }, ["b"], Ctx().Now);
        var node = InState("active") with { InstanceInfo = before };
        var after = node.Apply(change)!;
        Assert.Multiple(() =>
        {
            Assert.That(after.InstanceInfo.ToJsonString(), Is.EqualTo("""{"a":9,"c":{"d":3}}"""));
            Assert.That(before.ToJsonString(), Is.EqualTo("""{"a":1,"b":2}"""));
            Assert.That(after.UpdatedAt, Is.EqualTo(Ctx().Now));
            Assert.That(after.InstanceInfo["c"], Is.Not.SameAs(change.Set["c"]));
        });
    }

    [Test]
    public void Driver_calls_under_lock_are_409_while_the_node_is_locked_and_store_nothing()
    {
        var free = NodeDecisions.ReserveForDriverCall(InState("active"), Ctx());
        Assert.That(free.IsAccepted, Is.True);
        Assert.That(free.Events, Is.Empty);
        var message = NodeDecisions.ReserveForDriverCall(InState("active"), Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }
}

/// <summary>Assertions on provisioning decisions that may carry an instance_info change with their state change.</summary>
internal static class ProvisionDecisionAssertions
{
    /// <summary>The one state change of an accepted decision; any other event must be an instance_info change.</summary>
    public static ProvisionStateChanged StateChange(this Decision decision)
    {
        Assert.That(decision.Rejection, Is.Null, () => $"unexpected rejection: {decision.Rejection}");
        var changes = decision.Events.OfType<ProvisionStateChanged>().ToList();
        Assert.That(changes, Has.Count.EqualTo(1), () => string.Join(", ", decision.Events));
        Assert.That(decision.Events.Where(e => e is not ProvisionStateChanged), Is.All.InstanceOf<InstanceInfoChanged>());
        return changes[0];
    }
}
