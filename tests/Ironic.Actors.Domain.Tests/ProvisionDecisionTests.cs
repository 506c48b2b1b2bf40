using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.RequestProvision"/>: PUT /v1/nodes/{id}/states/provision.</summary>
public class ProvisionDecisionTests
{
    /// <summary>The verb → event mapping of the reference dump, plus "rebuild" (VERBS.get(target, target)).</summary>
    private static readonly IReadOnlyDictionary<string, string> SpecVerbs =
        new Dictionary<string, string>(ReferenceTable.Verbs) { ["rebuild"] = "rebuild" };

    private static JsonArray Steps() =>
        [new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices", ["args"] = new JsonObject() }];

    /// <summary>A request for <paramref name="verb"/> with the parameters it needs.</summary>
    private static ProvisionRequest RequestFor(string verb) => verb switch
    {
        "clean" => new ProvisionRequest(verb, CleanSteps: Steps()),
        "rescue" => new ProvisionRequest(verb, RescuePassword: "s3cret"),
        _ => new ProvisionRequest(verb),
    };

    /// <summary>The driver work each accepted verb starts (spec §4.3, §5.9).</summary>
    private static WorkKind? ExpectedWork(string verb, string from) => verb switch
    {
        "manage" => from == ProvisionStates.Enroll ? WorkKind.Verify : null,
        "provide" or "clean" => WorkKind.Clean,
        "inspect" => WorkKind.Inspect,
        "active" or "deploy" or "rebuild" => WorkKind.Deploy,
        "deleted" or "undeploy" => WorkKind.TearDown,
        "rescue" => WorkKind.Rescue,
        "unrescue" => WorkKind.Unrescue,
        "adopt" => WorkKind.Adopt,
        "abort" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(verb)),
    };

    private static IEnumerable<TestCaseData> VerbsTimesStates()
    {
        foreach (var verb in SpecVerbs.Keys)
            foreach (var state in ProvisionStates.All)
                yield return new TestCaseData(verb, state).SetName($"{verb} from {state}");
    }

    [Test]
    public void Domain_verbs_are_the_spec_verbs()
    {
        Assert.That(ProvisionStateMachine.ApiVerbs, Is.EquivalentTo(SpecVerbs));
    }

    [TestCaseSource(nameof(VerbsTimesStates))]
    public void Verb_is_accepted_exactly_when_the_table_allows_its_event(string verb, string state)
    {
        var node = InState(state);
        var evt = SpecVerbs[verb];
        var to = ReferenceTable.Next(state, evt);

        var decision = NodeDecisions.RequestProvision(node, RequestFor(verb), Ctx());

        if (to is null)
        {
            var message = decision.Rejected(RejectionKind.Invalid);
            Assert.That(message, Is.EqualTo(InvalidState(verb, state)));
            return;
        }

        var changed = decision.StateChange();
        string? expectedTarget = ProvisionStates.Stable.Contains(to) ? null
            : verb == "clean" ? ProvisionStates.Manageable
            : ReferenceTable.Rows.First(r => r.From == to).TargetFrom;
        Assert.Multiple(() =>
        {
            Assert.That(changed.NodeId, Is.EqualTo(Uuid));
            Assert.That(changed.Event, Is.EqualTo(evt));
            Assert.That(changed.From, Is.EqualTo(state));
            Assert.That(changed.To, Is.EqualTo(to));
            Assert.That(changed.Target, Is.EqualTo(expectedTarget));
            Assert.That(changed.At, Is.EqualTo(Ctx().Now));
            Assert.That(decision.Work?.Kind, Is.EqualTo(ExpectedWork(verb, state)));
            if (verb == "abort")
                Assert.That(changed.LastError, Is.Not.Null.And.Contains("abort"));
            else
                Assert.That(changed.LastError, Is.Null);
        });
    }

    [TestCaseSource(nameof(VerbsTimesStates))]
    public void With_the_lock_held_every_verb_is_a_409_NodeLocked(string verb, string state)
    {
        // Disallowed: the API answers 409 instead of 400 while a reservation is held; allowed: the
        // conductor cannot take the exclusive lock.
        var message = NodeDecisions.RequestProvision(InState(state), RequestFor(verb), Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void Disallowed_transition_uses_ironics_exact_message()
    {
        // From ironic-21.4-http-samples.txt.
        var message = NodeDecisions.RequestProvision(InState("active"), new ProvisionRequest("provide"), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "The requested action \"provide\" can not be performed on node \"235a04b7-48cd-434e-b03e-f731e64998f7\" while it is in state \"active\"."));
    }

    [Test]
    public void Unknown_verb_is_InvalidStateRequested()
    {
        var message = NodeDecisions.RequestProvision(InState("active"), new ProvisionRequest("bogus"), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            "The requested action \"bogus\" can not be performed on node \"235a04b7-48cd-434e-b03e-f731e64998f7\" while it is in state \"active\"."));
    }

    [TestCase("done")]
    [TestCase("fail")]
    [TestCase("wait")]
    [TestCase("resume")]
    public void Internal_events_are_not_verbs(string evt)
    {
        // "done" is a real event from deploying, but never accepted from the API.
        foreach (var state in new[] { "deploying", "clean wait" })
            Assert.That(NodeDecisions.RequestProvision(InState(state), new ProvisionRequest(evt), Ctx()).Rejected(RejectionKind.Invalid),
                Is.EqualTo($"The requested action \"{evt}\" can not be performed on node \"{Uuid}\" while it is in state \"{state}\"."));
    }

    [Test]
    public void Unknown_verb_on_a_locked_node_is_409()
    {
        Assert.That(NodeDecisions.RequestProvision(InState("active"), new ProvisionRequest("bogus"), Locked()).Rejected(RejectionKind.Conflict),
            Is.EqualTo(NodeLockedMessage));
    }

    // --- maintenance -----------------------------------------------------------------------------

    [TestCase("active", "available")]
    [TestCase("deploy", "available")]
    [TestCase("active", "deploy failed")]
    [TestCase("rebuild", "active")]
    [TestCase("rebuild", "error")]
    public void Deploy_and_rebuild_are_refused_in_maintenance(string verb, string state)
    {
        var node = InState(state) with { Maintenance = true };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest(verb), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"The provisioning operation can't be performed on node {Uuid} because it's in maintenance mode."));
    }

    [Test]
    public void Maintenance_is_checked_before_the_state_machine()
    {
        // Ironic checks NodeInMaintenance first: even from a state where deploy is impossible.
        var node = InState("enroll") with { Maintenance = true };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"The provisioning operation can't be performed on node {Uuid} because it's in maintenance mode."));
    }

    [Test]
    public void Deploy_in_maintenance_uses_ironics_wording()
    {
        var node = InState("available") with { Maintenance = true };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            $"The provisioning operation can't be performed on node {Uuid} because it's in maintenance mode."));
    }

    [TestCase("manage", "available")]
    [TestCase("provide", "manageable")]
    [TestCase("clean", "manageable")]
    [TestCase("inspect", "manageable")]
    [TestCase("deleted", "active")]
    [TestCase("rescue", "active")]
    public void Other_verbs_are_allowed_in_maintenance_by_default(string verb, string state)
    {
        var node = InState(state) with { Maintenance = true };
        NodeDecisions.RequestProvision(node, RequestFor(verb), Ctx()).StateChange();
    }

    [Test]
    public void Provide_in_maintenance_is_refused_when_provisioning_in_maintenance_is_disallowed()
    {
        var node = InState("manageable") with { Maintenance = true };
        var ctx = Ctx() with { AllowProvisioningInMaintenance = false };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest("provide"), ctx).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            $"The providing operation can't be performed on node {Uuid} because it's in maintenance mode."));
    }

    // --- parameters ------------------------------------------------------------------------------

    [Test]
    public void Clean_requires_clean_steps()
    {
        var message = NodeDecisions.RequestProvision(InState("manageable"), new ProvisionRequest("clean"), Ctx())
            .Rejected(RejectionKind.Invalid);
        const string required = "\"clean_steps\" is required when setting target provision state to clean";
        Assert.That(message, Is.EqualTo(required));
        Assert.That(NodeDecisions.RequestProvision(InState("manageable"), new ProvisionRequest("clean", CleanSteps: []), Ctx())
            .Rejected(RejectionKind.Invalid), Is.EqualTo(required), "an empty list is no steps, as Ironic's `if not clean_steps`");
    }

    [Test]
    public void Clean_steps_are_passed_to_the_clean_work()
    {
        var steps = Steps();
        var decision = NodeDecisions.RequestProvision(InState("manageable"), new ProvisionRequest("clean", CleanSteps: steps), Ctx());
        Assert.That(decision.Work, Is.Not.Null);
        Assert.That(decision.Work!.Kind, Is.EqualTo(WorkKind.Clean));
        Assert.That(decision.Work.CleanSteps?.ToJsonString(), Is.EqualTo(steps.ToJsonString()));
    }

    [Test]
    public void Provide_starts_automated_cleaning_without_steps()
    {
        var decision = NodeDecisions.RequestProvision(InState("manageable"), new ProvisionRequest("provide"), Ctx());
        Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.Clean)));
    }

    [TestCase("provide", "manageable")]
    [TestCase("manage", "available")]
    [TestCase("active", "available")]
    public void Clean_steps_are_only_valid_with_clean(string verb, string state)
    {
        var message = NodeDecisions.RequestProvision(InState(state), new ProvisionRequest(verb, CleanSteps: Steps()), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("\"clean_steps\" is only valid when setting target provision state to clean"));
    }

    [TestCase("[1]")]
    [TestCase("[{\"step\": \"erase_devices\"}]")]
    [TestCase("[{\"interface\": \"deploy\"}]")]
    [TestCase("[{\"interface\": 1, \"step\": \"x\"}]")]
    [TestCase("[{\"interface\": \"deploy\", \"step\": \"x\", \"args\": []}]")]
    public void Malformed_clean_steps_are_refused(string steps)
    {
        var request = new ProvisionRequest("clean", CleanSteps: (JsonArray)JsonNode.Parse(steps)!);
        NodeDecisions.RequestProvision(InState("manageable"), request, Ctx()).Rejected(RejectionKind.Invalid);
    }

    [TestCase(null)]
    [TestCase("")]
    public void Rescue_requires_a_non_empty_password(string? password)
    {
        var message = NodeDecisions.RequestProvision(InState("active"), new ProvisionRequest("rescue", RescuePassword: password), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("A non-empty \"rescue_password\" is required when setting target provision state to rescue"));
    }

    [TestCase("unrescue", "rescue")]
    [TestCase("deleted", "active")]
    public void Rescue_password_is_only_valid_with_rescue(string verb, string state)
    {
        var message = NodeDecisions.RequestProvision(InState(state), new ProvisionRequest(verb, RescuePassword: "pw"), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("\"rescue_password\" is only valid when setting target provision state to rescue"));
    }

    [TestCase("active", "available")]
    [TestCase("deploy", "available")]
    [TestCase("rebuild", "active")]
    public void Config_drive_and_deploy_steps_are_accepted_with_deploy_verbs(string verb, string state)
    {
        var request = new ProvisionRequest(verb, ConfigDrive: JsonValue.Create("H4sIAAAAAAAAA2NgGAWjYBSMAgAAAP//AwBnbG8nAAQAAA=="),
            DeploySteps: [new JsonObject { ["interface"] = "deploy", ["step"] = "deploy", ["args"] = new JsonObject(), ["priority"] = 100 }]);
        var decision = NodeDecisions.RequestProvision(InState(state), request, Ctx());
        Assert.That(decision.StateChange().To, Is.EqualTo("deploying"));
        Assert.That(decision.Work?.Kind, Is.EqualTo(WorkKind.Deploy));
    }

    [TestCase("manage", "available")]
    [TestCase("provide", "manageable")]
    [TestCase("deleted", "active")]
    public void Config_drive_is_refused_with_other_verbs(string verb, string state)
    {
        var request = new ProvisionRequest(verb, ConfigDrive: JsonValue.Create("http://example.org/cd.iso"));
        var message = NodeDecisions.RequestProvision(InState(state), request, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("Adding a config drive is only supported when setting provision state to active, rebuild"));
    }

    [Test]
    public void Deploy_steps_are_refused_with_other_verbs()
    {
        var request = new ProvisionRequest("provide", DeploySteps: []);
        var message = NodeDecisions.RequestProvision(InState("manageable"), request, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("\"deploy_steps\" is only valid when setting target provision state to active or rebuild"));
    }

    [TestCase("rebuild", "active")]
    [TestCase("deleted", "active")]
    [TestCase("undeploy", "active")]
    [TestCase("deleted", "error")]
    [TestCase("rebuild", "deploy failed")]
    public void Protected_nodes_cannot_be_rebuilt_or_undeployed(string verb, string state)
    {
        var node = Deployed(state) with { Protected = true, ProtectedReason = "production" };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest(verb), Ctx()).Rejected(RejectionKind.Forbidden);
        Assert.That(message, Is.EqualTo($"Node {Uuid} is protected and cannot be undeployed, rebuilt or deleted"));
    }

    [Test]
    public void Protected_nodes_may_still_be_rescued()
    {
        var node = Deployed() with { Protected = true };
        var decision = NodeDecisions.RequestProvision(node, new ProvisionRequest("rescue", RescuePassword: "pw"), Ctx());
        Assert.That(decision.StateChange().To, Is.EqualTo("rescuing"));
    }

    [Test]
    public void State_machine_is_checked_before_protection()
    {
        // A protected node in "available" asking for "rebuild": the transition itself is invalid (400).
        var node = InState("available") with { Protected = true };
        Assert.That(NodeDecisions.RequestProvision(node, new ProvisionRequest("rebuild"), Ctx()).Rejected(RejectionKind.Invalid), Is.EqualTo(
            $"The requested action \"rebuild\" can not be performed on node \"{Uuid}\" while it is in state \"available\"."));
    }

    [Test]
    public void Retired_nodes_cannot_be_provided()
    {
        var node = InState("manageable") with { Retired = true, RetiredReason = "end of life" };
        var message = NodeDecisions.RequestProvision(node, new ProvisionRequest("provide"), Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"The providing operation can't be performed on node {Uuid} because it is retired."),
            "Ironic 21.4's NodeIsRetired wording");
    }

    [Test]
    public void A_node_whose_retired_was_removed_is_not_retired()
    {
        // A removed /retired is null, which Ironic's `if node.retired` reads as not retired.
        var node = InState("manageable") with { Retired = null };
        var changed = NodeDecisions.RequestProvision(node, new ProvisionRequest("provide"), Ctx()).Single<ProvisionStateChanged>();
        Assert.That(changed.To, Is.EqualTo(ProvisionStates.Cleaning));
    }

    [Test]
    public void Retired_nodes_may_still_be_cleaned_manually()
    {
        var node = InState("manageable") with { Retired = true };
        NodeDecisions.RequestProvision(node, RequestFor("clean"), Ctx()).Single<ProvisionStateChanged>();
    }

    // --- abort -----------------------------------------------------------------------------------

    [TestCase("clean wait", "clean failed", "available")]
    [TestCase("inspect wait", "inspect failed", "manageable")]
    [TestCase("rescue wait", "rescue failed", "rescue")]
    public void Abort_fails_the_wait_state_and_keeps_the_target(string from, string to, string target)
    {
        var changed = NodeDecisions.RequestProvision(InState(from), new ProvisionRequest("abort"), Ctx()).Single<ProvisionStateChanged>();
        Assert.That((changed.Event, changed.To, changed.Target), Is.EqualTo(("abort", to, target)));
        Assert.That(changed.LastError, Is.Not.Empty);
    }

    [Test]
    public void Aborting_a_manual_clean_keeps_manageable_as_target()
    {
        var node = InState("clean wait") with { TargetProvisionState = ProvisionStates.Manageable };
        var changed = NodeDecisions.RequestProvision(node, new ProvisionRequest("abort"), Ctx()).Single<ProvisionStateChanged>();
        Assert.That(changed.To, Is.EqualTo("clean failed"));
        Assert.That(changed.Target, Is.EqualTo("manageable"));
    }

    [Test]
    public void Abort_is_not_possible_while_actively_deploying()
    {
        var message = NodeDecisions.RequestProvision(InState("wait call-back"), new ProvisionRequest("abort"), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(InvalidState("abort", "wait call-back")));
    }

    [Test]
    public void Deploy_after_a_failed_deploy_clears_last_error()
    {
        var node = InState("deploy failed") with { LastError = "Deploy step failed" };
        var after = node.Fold(NodeDecisions.RequestProvision(node, new ProvisionRequest("active"), Ctx()));
        Assert.That(after.ProvisionState, Is.EqualTo("deploying"));
        Assert.That(after.TargetProvisionState, Is.EqualTo("active"));
        Assert.That(after.LastError, Is.Null);
    }

    [Test]
    public void Delete_from_available_is_not_a_provision_verb()
    {
        // "deleted" tears down an instance; it is not DELETE /v1/nodes.
        var message = NodeDecisions.RequestProvision(InState("available"), new ProvisionRequest("deleted"), Ctx())
            .Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(InvalidState("deleted", "available")));
    }
}
