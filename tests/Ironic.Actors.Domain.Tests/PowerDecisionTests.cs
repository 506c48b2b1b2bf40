using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary><see cref="NodeDecisions.RequestPower"/> and power work completion.</summary>
public class PowerDecisionTests
{
    [TestCase("power on", "power on")]
    [TestCase("power off", "power off")]
    [TestCase("rebooting", "power on")]
    [TestCase("soft rebooting", "power on")]
    [TestCase("soft power off", "power off")]
    public void Every_target_is_accepted_with_the_right_target_power_state(string target, string targetPowerState)
    {
        var node = InState("active") with { LastError = "previous failure" };
        var decision = NodeDecisions.RequestPower(node, target, null, Ctx());

        var started = decision.Single<PowerActionStarted>();
        Assert.Multiple(() =>
        {
            Assert.That(started.Action, Is.EqualTo(target));
            Assert.That(started.TargetPowerState, Is.EqualTo(targetPowerState));
            Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.Power, target)));
        });

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.TargetPowerState, Is.EqualTo(targetPowerState));
            Assert.That(after.PowerState, Is.EqualTo("power off"), "unchanged until the work ends");
            Assert.That(after.LastError, Is.Null, "a power request clears last_error");
            Assert.That(after.UpdatedAt, Is.EqualTo(Ctx().Now));
            Assert.That(after.ProvisionState, Is.EqualTo("active"));
        });
    }

    [Test]
    public void Power_targets_are_the_five_of_the_spec()
    {
        Assert.That(PowerStates.Targets, Is.EquivalentTo(new[] { "power on", "power off", "rebooting", "soft rebooting", "soft power off" }));
        Assert.That(PowerStates.SoftTargets, Is.EquivalentTo(new[] { "soft rebooting", "soft power off" }));
    }

    [Test]
    public void Timeout_is_carried_in_the_work()
    {
        var decision = NodeDecisions.RequestPower(InState("available"), "soft power off", 30, Ctx());
        Assert.That(decision.Work, Is.EqualTo(new NodeWork(WorkKind.Power, "soft power off", TimeoutSeconds: 30)));
    }

    [TestCase("on")]
    [TestCase("reboot")]
    [TestCase("Power On")]
    [TestCase("error")]
    [TestCase("")]
    public void Unknown_target_is_InvalidStateRequested(string target)
    {
        var message = NodeDecisions.RequestPower(InState("active"), target, null, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(
            $"The requested action \"{target}\" can not be performed on node \"{Uuid}\" while it is in state \"power off\"."));
    }

    [Test]
    public void Refusals_name_the_node_as_the_request_did()
    {
        var message = NodeDecisions.RequestPower(InState("active"), "sideways", null, Ctx(), requestedAs: "compute-7").Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo("The requested action \"sideways\" can not be performed on node \"compute-7\" while it is in state \"power off\"."));
        var cleaning = NodeDecisions.RequestPower(InState("cleaning"), "power on", null, Ctx(), requestedAs: "compute-7").Rejected(RejectionKind.Invalid);
        Assert.That(cleaning, Does.Contain("on node \"compute-7\" while it is in state \"cleaning\""));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void Timeout_below_one_is_refused(int timeout)
    {
        Assert.That(NodeDecisions.RequestPower(InState("active"), "power off", timeout, Ctx()).Rejected(RejectionKind.Invalid),
            Is.EqualTo("timeout has to be positive integer"));
    }

    [TestCase(1)]
    [TestCase(600)]
    public void Positive_timeout_is_accepted(int timeout)
    {
        NodeDecisions.RequestPower(InState("active"), "power off", timeout, Ctx()).Single<PowerActionStarted>();
    }

    [TestCase("cleaning")]
    [TestCase("clean wait")]
    public void Power_changes_are_refused_while_cleaning(string state)
    {
        var message = NodeDecisions.RequestPower(InState(state), "power on", null, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo($"The requested action \"power on\" can not be performed on node \"{Uuid}\" while it is in state \"{state}\"."));
    }

    private static IEnumerable<string> StatesOtherThanCleaning() =>
        ProvisionStates.All.Where(s => s is not ("cleaning" or "clean wait"));

    [TestCaseSource(nameof(StatesOtherThanCleaning))]
    public void Power_changes_are_allowed_in_every_other_state(string state)
    {
        NodeDecisions.RequestPower(InState(state), "rebooting", null, Ctx()).Single<PowerActionStarted>();
    }

    [Test]
    public void Power_changes_are_allowed_in_maintenance()
    {
        NodeDecisions.RequestPower(InState("active") with { Maintenance = true }, "power on", null, Ctx())
            .Single<PowerActionStarted>();
    }

    [Test]
    public void Locked_node_is_409()
    {
        var message = NodeDecisions.RequestPower(InState("active"), "power on", null, Locked()).Rejected(RejectionKind.Conflict);
        Assert.That(message, Is.EqualTo(NodeLockedMessage));
    }

    [Test]
    public void Cleaning_refusal_uses_ironics_wording()
    {
        var message = NodeDecisions.RequestPower(InState("cleaning"), "power on", null, Ctx()).Rejected(RejectionKind.Invalid);
        Assert.That(message, Is.EqualTo(InvalidState("power on", "cleaning")));
    }

    // --- completion ------------------------------------------------------------------------------

    [TestCase("power on", "power off", "power on")]
    [TestCase("power off", "power on", "power off")]
    [TestCase("rebooting", "power on", "power on")]
    [TestCase("rebooting", "power off", "power on")]
    [TestCase("soft rebooting", "power on", "power on")]
    [TestCase("soft power off", "power on", "power off")]
    public void Successful_power_work_records_the_resulting_state(string target, string before, string after)
    {
        var node = InState("active") with { PowerState = before };
        node = node.Fold(NodeDecisions.RequestPower(node, target, null, Ctx(1)));

        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Power, target), WorkOutcome.Ok(), Ctx(2));
        var recorded = decision.Single<PowerStateRecorded>();
        Assert.That(recorded.PowerState, Is.EqualTo(after));
        Assert.That(decision.Work, Is.Null);

        node = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(node.PowerState, Is.EqualTo(after));
            Assert.That(node.TargetPowerState, Is.Null);
            Assert.That(node.LastError, Is.Null);
            Assert.That(node.UpdatedAt, Is.EqualTo(Ctx(2).Now));
        });
    }

    [Test]
    public void Power_state_read_by_the_driver_wins()
    {
        var node = InState("active") with { TargetPowerState = "power on" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Power, "power on"), WorkOutcome.Ok("power off"), Ctx());
        Assert.That(node.Fold(decision).PowerState, Is.EqualTo("power off"));
    }

    [Test]
    public void Failed_power_work_keeps_the_power_state_and_records_the_error()
    {
        var node = InState("active") with { PowerState = "power on" };
        node = node.Fold(NodeDecisions.RequestPower(node, "power off", null, Ctx(1)));

        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Power, "power off"), WorkOutcome.Failed("BMC timeout"), Ctx(2));
        var recorded = decision.Single<PowerStateRecorded>();
        Assert.That(recorded.PowerState, Is.Null);

        node = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(node.PowerState, Is.EqualTo("power on"));
            Assert.That(node.TargetPowerState, Is.Null);
            Assert.That(node.LastError, Does.Contain("BMC timeout").And.Contain("power off"));
            Assert.That(node.Maintenance, Is.False, "a failed power action does not set maintenance");
            Assert.That(node.ProvisionState, Is.EqualTo("active"));
        });
    }

    [Test]
    public void Power_work_completes_whatever_the_provision_state()
    {
        // Power work is not tied to a provision state: no "moved on" check.
        var node = InState("deploying") with { TargetPowerState = "power on" };
        var decision = NodeDecisions.CompleteWork(node, new NodeWork(WorkKind.Power, "power on"), WorkOutcome.Ok(), Ctx());
        Assert.That(decision.Single<PowerStateRecorded>().PowerState, Is.EqualTo("power on"));
    }
}
