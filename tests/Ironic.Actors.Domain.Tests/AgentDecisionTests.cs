using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// The agent's lookup and heartbeat as pure decisions: which states may be looked up, the token handed out once, the
/// heartbeat's refusals, and how a heartbeat in a wait state resumes the work; and how the agent's bookkeeping in
/// driver_internal_info is wiped when the ramdisk is gone.
/// </summary>
public class AgentDecisionTests
{
    private const string Token = "tok-0123456789abcdefghijklmnopqrstuvwxyzABCDE";
    private const string Url = "http://192.0.2.10:9999";

    private static Node Waiting(string state = ProvisionStates.WaitCallBack, string? token = Token, string? agentUrl = null)
    {
        var dii = new JsonObject();
        if (token is not null)
            dii["agent_secret_token"] = token;
        if (agentUrl is not null)
            dii["agent_url"] = agentUrl;
        return InState(state) with
        {
            DriverInternalInfo = dii,
            TargetProvisionState = state is ProvisionStates.WaitCallBack or ProvisionStates.Deploying ? ProvisionStates.Active
                : state is ProvisionStates.CleanWait or ProvisionStates.Cleaning ? ProvisionStates.Available : null,
        };
    }

    [TestCase(ProvisionStates.Deploying)]
    [TestCase(ProvisionStates.WaitCallBack)]
    [TestCase(ProvisionStates.Cleaning)]
    [TestCase(ProvisionStates.CleanWait)]
    [TestCase(ProvisionStates.InspectWait)]
    [TestCase(ProvisionStates.RescueWait)]
    public void The_first_lookup_stores_the_new_token_and_hands_it_out(string state)
    {
        var node = Waiting(state, token: null);
        var answer = NodeDecisions.AgentLookup(node, issueToken: true, Token, Ctx(2));

        Assert.That(answer.Token, Is.EqualTo(Token));
        var stored = answer.Decision.Single<DriverInternalInfoChanged>();
        Assert.That(node.Fold(answer.Decision).DriverInternalInfo["agent_secret_token"]!.GetValue<string>(), Is.EqualTo(Token));
        Assert.That(stored.At, Is.EqualTo(Ctx(2).Now));
    }

    [Test]
    public void A_later_lookup_shows_the_mask_and_keeps_the_stored_token()
    {
        var answer = NodeDecisions.AgentLookup(Waiting(), issueToken: true, "another-token", Ctx());
        Assert.That(answer.Token, Is.EqualTo("******"));
        Assert.That(answer.Decision.Events, Is.Empty);
    }

    [Test]
    public void Below_1_62_no_token_is_issued()
    {
        var answer = NodeDecisions.AgentLookup(Waiting(token: null), issueToken: false, Token, Ctx());
        Assert.That(answer.Token, Is.Null);
        Assert.That(answer.Decision.Events, Is.Empty);
    }

    [TestCase(ProvisionStates.Available)]
    [TestCase(ProvisionStates.Active)]
    [TestCase(ProvisionStates.Manageable)]
    [TestCase(ProvisionStates.DeployFailed)]
    public void A_node_that_expects_no_agent_is_not_found(string state)
    {
        var answer = NodeDecisions.AgentLookup(InState(state), issueToken: true, Token, Ctx());
        Assert.That(answer.Decision.Rejected(RejectionKind.NotFound), Is.EqualTo("Resource could not be found."));
        Assert.That(answer.Token, Is.Null);
    }

    [Test]
    public void A_heartbeat_in_wait_call_back_is_recorded_and_resumes_the_deploy()
    {
        var node = Waiting() with { ProvisionUpdatedAt = Created };
        var decision = NodeDecisions.AgentHeartbeat(node, Url, "9.4.1", Token, busy: false, Ctx(5));

        Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.ContinueDeploy)));
        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(ProvisionStates.Deploying));
            Assert.That(after.TargetProvisionState, Is.EqualTo(ProvisionStates.Active));
            Assert.That(after.DriverInternalInfo["agent_url"]!.GetValue<string>(), Is.EqualTo(Url));
            Assert.That(after.DriverInternalInfo["agent_version"]!.GetValue<string>(), Is.EqualTo("9.4.1"));
            Assert.That(after.DriverInternalInfo["agent_last_heartbeat"]!.GetValue<string>(), Is.EqualTo("2024-03-01T12:05:00"));
            Assert.That(after.DriverInternalInfo["agent_secret_token"]!.GetValue<string>(), Is.EqualTo(Token), "resuming keeps the token");
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(Ctx(5).Now));
        });
    }

    [Test]
    public void A_heartbeat_in_clean_wait_resumes_cleaning_towards_the_same_target()
    {
        var node = Waiting(ProvisionStates.CleanWait) with { TargetProvisionState = ProvisionStates.Manageable };
        var decision = NodeDecisions.AgentHeartbeat(node, Url, null, Token, busy: false, Ctx());
        Assert.That(decision.Work!.Kind, Is.EqualTo(WorkKind.ContinueClean));
        var after = node.Fold(decision);
        Assert.That(after.ProvisionState, Is.EqualTo(ProvisionStates.Cleaning));
        Assert.That(after.TargetProvisionState, Is.EqualTo(ProvisionStates.Manageable));
    }

    [Test]
    public void A_heartbeat_while_work_runs_is_only_recorded()
    {
        var decision = NodeDecisions.AgentHeartbeat(Waiting(), Url, null, Token, busy: true, Ctx());
        Assert.That(decision.Work, Is.Null);
        Assert.That(decision.Events.Single(), Is.InstanceOf<AgentHeartbeatRecorded>());
    }

    [Test]
    public void A_heartbeat_with_another_token_is_refused()
    {
        var decision = NodeDecisions.AgentHeartbeat(Waiting(), Url, null, "not-the-token", busy: false, Ctx());
        Assert.That(decision.Rejected(RejectionKind.Invalid), Is.EqualTo("Invalid or missing agent token received."));
    }

    [Test]
    public void A_heartbeat_before_any_token_was_issued_is_refused()
    {
        var decision = NodeDecisions.AgentHeartbeat(Waiting(token: null), Url, null, Token, busy: false, Ctx());
        Assert.That(decision.Rejected(RejectionKind.Invalid), Is.EqualTo("Invalid or missing agent token received."));
    }

    [Test]
    public void A_heartbeat_from_another_callback_url_is_refused()
    {
        var decision = NodeDecisions.AgentHeartbeat(Waiting(agentUrl: Url), "http://192.0.2.99:9999", null, Token, busy: false, Ctx());
        Assert.That(decision.Rejected(RejectionKind.Invalid), Is.EqualTo("Detected change in ramdisk provided \"callback_url\""));
    }

    [Test]
    public void A_heartbeat_in_a_state_that_expects_no_agent_stores_nothing()
    {
        var node = InState(ProvisionStates.Active) with { DriverInternalInfo = new JsonObject { ["agent_secret_token"] = Token } };
        var decision = NodeDecisions.AgentHeartbeat(node, Url, null, Token, busy: false, Ctx());
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
    }

    [Test]
    public void An_agent_step_left_running_sends_the_node_back_to_wait_with_its_progress()
    {
        var node = Waiting(ProvisionStates.Deploying);
        var outcome = new WorkOutcome(true, Waiting: true, InternalInfo: new JsonObject { [AgentStepKeys.DeployStep] = "write_image" });
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.ContinueDeploy), outcome, Ctx());
        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(ProvisionStates.WaitCallBack));
            Assert.That(after.TargetProvisionState, Is.EqualTo(ProvisionStates.Active));
            Assert.That(after.DriverInternalInfo[AgentStepKeys.DeployStep]!.GetValue<string>(), Is.EqualTo("write_image"));
            Assert.That(after.DriverInternalInfo["agent_secret_token"]!.GetValue<string>(), Is.EqualTo(Token));
        });
    }

    [Test]
    public void The_agents_step_is_shown_as_the_deploy_step_while_the_node_waits_and_cleared_when_the_deploy_ends()
    {
        var node = Waiting(ProvisionStates.Deploying);
        var step = new JsonObject { ["interface"] = "deploy", ["step"] = "write_image", ["args"] = new JsonObject(), ["priority"] = 80 };
        var waiting = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.ContinueDeploy),
            new WorkOutcome(true, Waiting: true, CurrentStep: step), Ctx()));
        Assert.That(waiting.DeployStep.ToJsonString(), Is.EqualTo(step.ToJsonString()));
        Assert.That(waiting.CleanStep, Is.Empty);

        var resumed = waiting.Fold(NodeDecisions.AgentHeartbeat(waiting, Url, null, Token, busy: false, Ctx(2)));
        Assert.That(resumed.DeployStep.ToJsonString(), Is.EqualTo(step.ToJsonString()), "resuming keeps the step");

        var again = NodeDecisions.CompleteWork(resumed, new NodeWork(WorkKind.ContinueDeploy),
            new WorkOutcome(true, Waiting: true, CurrentStep: step), Ctx(3));
        Assert.That(again.Events.OfType<CurrentStepChanged>(), Is.Empty, "an unchanged step is not stored again");

        var done = resumed.Fold(NodeDecisions.CompleteWork(resumed, new NodeWork(WorkKind.ContinueDeploy),
            new WorkOutcome(true, null, PowerStates.PowerOn, CurrentStep: new JsonObject()), Ctx(4)));
        Assert.That(done.ProvisionState, Is.EqualTo(ProvisionStates.Active));
        Assert.That(done.DeployStep, Is.Empty);
    }

    [Test]
    public void A_failed_agent_step_does_not_stay_shown()
    {
        var node = Waiting(ProvisionStates.Cleaning) with
        {
            CleanStep = new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices", ["priority"] = 10 },
        };
        var failed = node.Fold(NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.ContinueClean), WorkOutcome.Failed("disk on fire"), Ctx()));
        Assert.That(failed.ProvisionState, Is.EqualTo(ProvisionStates.CleanFailed));
        Assert.That(failed.CleanStep, Is.Empty);
        Assert.That(failed.LastError, Is.EqualTo($"Failed to clean node {Uuid}: disk on fire"));
    }

    [Test]
    public void An_agent_error_fails_the_deploy_with_its_message_and_wipes_the_agent()
    {
        var node = Waiting(ProvisionStates.Deploying, agentUrl: Url);
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.ContinueDeploy),
            WorkOutcome.Failed("Agent returned error for deploy step write_image: checksum mismatch"), Ctx());
        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo(ProvisionStates.DeployFailed));
            Assert.That(after.LastError, Is.EqualTo($"Deploy step failed on node {Uuid}: Agent returned error for deploy step write_image: checksum mismatch"));
            Assert.That(after.DriverInternalInfo.ContainsKey("agent_url"), Is.False);
            Assert.That(after.DriverInternalInfo.ContainsKey("agent_secret_token"), Is.False);
        });
    }

    [Test]
    public void Agent_cleaning_that_ends_makes_the_node_available_without_agent_keys()
    {
        var node = Waiting(ProvisionStates.Cleaning) with
        {
            DriverInternalInfo = new JsonObject { ["agent_secret_token"] = Token, [AgentStepKeys.CleanStepIndex] = 0 },
        };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.ContinueClean),
            new WorkOutcome(true, null, PowerStates.PowerOff, InternalInfo: new JsonObject { [AgentStepKeys.CleanStepIndex] = null }), Ctx());
        var after = node.Fold(decision);
        Assert.That(after.ProvisionState, Is.EqualTo(ProvisionStates.Available));
        Assert.That(after.PowerState, Is.EqualTo(PowerStates.PowerOff));
        Assert.That(after.DriverInternalInfo.ContainsKey("agent_secret_token"), Is.False);
        Assert.That(after.DriverInternalInfo.ContainsKey(AgentStepKeys.CleanStepIndex), Is.False);
    }

    [TestCase(PowerStates.PowerOff, PowerStates.PowerOff, true)]
    [TestCase(PowerStates.Rebooting, PowerStates.PowerOn, true)]
    [TestCase(PowerStates.PowerOn, PowerStates.PowerOn, false)]
    public void Powering_off_or_rebooting_wipes_the_agent_url_token_and_CA(string action, string target, bool wiped)
    {
        var node = Waiting(agentUrl: Url);
        node.DriverInternalInfo["agent_verify_ca"] = "/var/lib/ironic/certificates/x.crt";
        var after = node.Apply(new PowerActionStarted(Uuid, action, target, Ctx().Now))!;
        Assert.That(after.DriverInternalInfo.ContainsKey("agent_url"), Is.EqualTo(!wiped));
        Assert.That(after.DriverInternalInfo.ContainsKey("agent_secret_token"), Is.EqualTo(!wiped));
        Assert.That(after.DriverInternalInfo.ContainsKey("agent_verify_ca"), Is.EqualTo(!wiped), "the ramdisk makes a new CA each boot");
    }

    [Test]
    public void A_heartbeat_records_where_the_agents_CA_was_saved()
    {
        const string path = "/var/lib/ironic/certificates/node.crt";
        var node = Waiting();
        var after = node.Fold(NodeDecisions.AgentHeartbeat(node, "https://192.0.2.10:9999", "9.4.1", Token, busy: false, Ctx(), verifyCaPath: path));
        Assert.That(after.DriverInternalInfo["agent_verify_ca"]!.GetValue<string>(), Is.EqualTo(path));
        Assert.That(NodeDecisions.SavedAgentCa(after), Is.EqualTo(path));

        var again = NodeDecisions.AgentHeartbeat(after, "https://192.0.2.10:9999", "9.4.1", Token, busy: true, Ctx(), verifyCaPath: path);
        Assert.That(again.Events.OfType<DriverInternalInfoChanged>(), Is.Empty, "an unchanged path is not stored again");
    }

    [Test]
    public void With_require_tls_a_plain_http_callback_is_refused_after_the_token_check()
    {
        Assert.That(NodeDecisions.AgentHeartbeat(Waiting(), Url, null, Token, busy: false, Ctx(), requireTls: true).Rejected(RejectionKind.Invalid),
            Is.EqualTo("TLS is required by configuration"));
        Assert.That(NodeDecisions.HeartbeatRefusal(Waiting(), Url, "wrong", requireTls: true)!.Message,
            Is.EqualTo("Invalid or missing agent token received."));
        Assert.That(NodeDecisions.HeartbeatRefusal(Waiting(), "https://192.0.2.10:9999", Token, requireTls: true), Is.Null);
        Assert.That(NodeDecisions.AgentCaChanged().Message, Is.EqualTo("Detected change in ramdisk provided \"agent_verify_ca\""));
    }

    [Test]
    public void A_new_deploy_starts_without_the_previous_agent()
    {
        var node = InState(ProvisionStates.Available) with
        {
            DriverInternalInfo = new JsonObject { ["agent_secret_token"] = Token, ["agent_url"] = Url, ["other"] = 1 },
        };
        var after = node.Apply(new ProvisionStateChanged(Uuid, ProvisionEvents.Deploy, ProvisionStates.Available,
            ProvisionStates.Deploying, ProvisionStates.Active, null, Ctx().Now))!;
        Assert.That(after.DriverInternalInfo.ToJsonString(), Is.EqualTo("""{"other":1}"""));
    }
}
