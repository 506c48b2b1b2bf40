using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// The node's half of the power sync (<see cref="NodeDecisions.SyncPower"/>), the power-failure recovery
/// (<see cref="NodeDecisions.RecoverFromPowerFailure"/>) and the fold of <see cref="PowerStateSynced"/>,
/// against Ironic 21.4's <c>do_sync_power_state</c>, <c>handle_sync_power_state_max_retries_exceeded</c> and
/// <c>_power_failure_recovery</c>.
/// </summary>
public class PowerSyncNodeDecisionTests
{
    private const string OldError = "Failed to deploy: disk full";
    private static readonly PowerSyncSettings Defaults = new();

    /// <summary>An active node recorded as powered on, with an old last_error the sync must not touch.</summary>
    private static Node On() => InState(ProvisionStates.Active) with { PowerState = PowerStates.PowerOn, LastError = OldError };

    private static PowerSyncDecision Sync(Node node, PowerReading reading, int previous,
        PowerSyncSettings? settings = null, bool canForce = true, NodeContext? ctx = null) =>
        NodeDecisions.SyncPower(node, reading, previous, settings ?? Defaults, canForce, ctx ?? Ctx(5));

    private static string MaxRetries(string actual, string expected, string? error = null) =>
        $"During sync_power_state, max retries exceeded for node {Uuid}, node state {actual} does not match expected state " +
        $"'{expected}'. Updating DB state to '{actual}' Switching node to maintenance mode." + (error is null ? "" : $" Error: {error}");

    private static void AssertNothing(PowerSyncDecision sync)
    {
        Assert.That(sync.Decision.IsAccepted, Is.True);
        Assert.That(sync.Decision.Events, Is.Empty);
        Assert.That(sync.Decision.Work, Is.Null);
    }

    // --- left alone ------------------------------------------------------------------------------

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(7)]
    public void A_locked_node_is_left_for_the_next_pass_with_its_count(int previous)
    {
        var sync = Sync(On(), PowerReading.Of("power off"), previous, ctx: Locked(5));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Locked, previous)));
        AssertNothing(sync);
    }

    [Test]
    public void A_locked_node_is_left_alone_even_past_max_retries()
    {
        var sync = Sync(On(), PowerReading.Failed("no answer"), 3, ctx: Locked(5));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Locked, 3)));
        AssertNothing(sync);
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(5)]
    public void A_pending_power_action_is_skipped_keeping_the_count(int previous)
    {
        var node = On() with { TargetPowerState = PowerStates.PowerOff };
        var sync = Sync(node, PowerReading.Of("power off"), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, previous)));
        AssertNothing(sync);
    }

    [TestCase(0)]
    [TestCase(2)]
    [TestCase(5)]
    public void A_node_in_maintenance_is_skipped_and_its_count_reset(int previous)
    {
        var node = On() with { Maintenance = true, MaintenanceReason = "operator" };
        var sync = Sync(node, PowerReading.Failed("no answer"), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)));
        AssertNothing(sync);
    }

    [TestCase("wait call-back")]
    [TestCase("clean wait")]
    [TestCase("enroll")]
    [TestCase("adopt failed")]
    public void Excluded_states_are_skipped_and_the_count_reset(string state)
    {
        var node = InState(state) with { PowerState = PowerStates.PowerOn };
        foreach (var reading in new[] { PowerReading.Of("power off"), PowerReading.Failed("x"), PowerReading.Of("error") })
        {
            var sync = Sync(node, reading, 3);
            Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)), reading.ToString());
            AssertNothing(sync);
        }
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(6)]
    public void A_reading_that_did_not_validate_is_skipped_with_count_zero(int previous)
    {
        var node = On() with { PowerState = null };
        var sync = Sync(node, PowerReading.NotValidated("Missing the following IPMI credentials"), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)));
        AssertNothing(sync);
    }

    // --- in sync ---------------------------------------------------------------------------------

    [TestCase("power on", 0)]
    [TestCase("power on", 3)]
    [TestCase("power on", 9)]
    [TestCase("power off", 2)]
    public void A_matching_read_is_in_sync_and_resets_the_count(string state, int previous)
    {
        var node = On() with { PowerState = state };
        var sync = Sync(node, PowerReading.Of(state), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.InSync, 0)));
        AssertNothing(sync);
    }

    // --- failed reads ----------------------------------------------------------------------------

    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(2, 3)]
    public void A_failed_read_is_counted_without_touching_the_node(int previous, int count)
    {
        var sync = Sync(On(), PowerReading.Failed("IPMI timeout"), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Counted, count)));
        AssertNothing(sync);
    }

    [TestCase(0, 1)]
    [TestCase(2, 3)]
    public void An_error_state_read_is_counted_like_a_failure(int previous, int count)
    {
        var sync = Sync(On(), PowerReading.Of("error"), previous);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Counted, count)));
        AssertNothing(sync);
    }

    [Test]
    public void A_failed_read_of_a_node_with_no_recorded_state_is_counted()
    {
        var sync = Sync(On() with { PowerState = null }, PowerReading.Failed("x"), 1);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Counted, 2)));
        AssertNothing(sync);
    }

    [TestCase(3, 4)]
    [TestCase(4, 5)]
    [TestCase(10, 11)]
    public void The_failure_that_exceeds_max_retries_puts_the_node_in_maintenance(int previous, int count)
    {
        var node = On();
        var sync = Sync(node, PowerReading.Failed("IPMI timeout"), previous, ctx: Ctx(7));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Maintenance, count)));
        Assert.That(sync.Decision.Work, Is.Null);
        Assert.That(sync.Decision.Events.Select(e => e.GetType()),
            Is.EqualTo(new[] { typeof(PowerStateSynced), typeof(MaintenanceChanged) }));
        Assert.That(sync.Decision.Events[0], Is.EqualTo(new PowerStateSynced(Uuid, null, Ctx(7).Now)));
        Assert.That(sync.Decision.Events[1], Is.EqualTo(new MaintenanceChanged(Uuid, true,
            MaxRetries("None", "power on", "IPMI timeout"), "power failure", Ctx(7).Now)));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.Null, "Ironic stores what was read: None on an exception");
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.Maintenance, Is.True);
            Assert.That(after.Fault, Is.EqualTo("power failure"));
            Assert.That(after.MaintenanceReason, Is.EqualTo(MaxRetries("None", "power on", "IPMI timeout")));
            Assert.That(after.LastError, Is.EqualTo(OldError), "the sync does not write last_error");
            Assert.That(after.ProvisionState, Is.EqualTo("active"));
            Assert.That(after.TargetProvisionState, Is.Null);
            Assert.That(after.UpdatedAt, Is.EqualTo(Ctx(7).Now));
            Assert.That(PowerSync.Skips(after), Is.True);
            Assert.That(PowerSync.NeedsRecovery(after), Is.True);
        });
    }

    [Test]
    public void An_error_state_read_past_max_retries_records_error_as_the_power_state()
    {
        var node = On() with { PowerState = PowerStates.PowerOff };
        var sync = Sync(node, PowerReading.Of("error"), 3);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Maintenance, 4)));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo("error"));
            Assert.That(after.Maintenance, Is.True);
            Assert.That(after.Fault, Is.EqualTo("power failure"));
            Assert.That(after.MaintenanceReason, Is.EqualTo(MaxRetries("error", "power off",
                "Power driver returned ERROR state while trying to sync power state.")));
            Assert.That(after.LastError, Is.EqualTo(OldError));
        });
    }

    [Test]
    public void A_failure_past_max_retries_on_a_node_with_no_state_stores_only_maintenance()
    {
        var node = On() with { PowerState = null };
        var sync = Sync(node, PowerReading.Failed("boom"), 3);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Maintenance, 4)));
        var changed = sync.Decision.Single<MaintenanceChanged>();
        Assert.That(changed.Reason, Is.EqualTo(MaxRetries("None", "None", "boom")));
        Assert.That(node.Fold(sync.Decision).PowerState, Is.Null);
    }

    // --- no recorded state -----------------------------------------------------------------------

    [TestCase("power on", 0)]
    [TestCase("power off", 2)]
    [TestCase("power on", 3)]
    [TestCase("power off", 12)]
    public void A_node_with_no_recorded_state_records_the_read_and_resets_the_count(string read, int previous)
    {
        var node = On() with { PowerState = null, Name = "fresh" };
        var sync = Sync(node, PowerReading.Of(read), previous, ctx: Ctx(11));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Recorded, 0)));
        Assert.That(sync.Decision.Work, Is.Null);
        Assert.That(sync.Decision.Single<PowerStateSynced>(), Is.EqualTo(new PowerStateSynced(Uuid, read, Ctx(11).Now)));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo(read));
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.Maintenance, Is.False);
            Assert.That(after.LastError, Is.EqualTo(OldError));
            Assert.That(after.UpdatedAt, Is.EqualTo(Ctx(11).Now));
        });
    }

    // --- mismatch --------------------------------------------------------------------------------

    [TestCase("power on", "power off", 0, 1)]
    [TestCase("power off", "power on", 0, 1)]
    [TestCase("power on", "power off", 2, 3)]
    public void A_mismatch_with_force_sets_the_hardware_back_to_the_recorded_state(string recorded, string read, int previous, int count)
    {
        var node = On() with { PowerState = recorded };
        var sync = Sync(node, PowerReading.Of(read), previous, ctx: Ctx(3));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Forced, count)));
        Assert.That(sync.Decision.Work, Is.EqualTo(new NodeWork(WorkKind.Power, recorded)));
        Assert.That(sync.Decision.Single<PowerActionStarted>(), Is.EqualTo(new PowerActionStarted(Uuid, recorded, recorded, Ctx(3).Now)));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo(recorded), "the DB state is pushed to the hardware, not changed");
            Assert.That(after.TargetPowerState, Is.EqualTo(recorded));
            Assert.That(after.Maintenance, Is.False);
            Assert.That(after.Fault, Is.Null);
            Assert.That(after.LastError, Is.Null, "a power action clears last_error, as node_power_action does");
            Assert.That(PowerSync.Skips(after), Is.True, "the next pass waits for the action");
        });
    }

    [TestCase(0, 1)]
    [TestCase(2, 3)]
    public void A_mismatch_without_force_records_the_hardware_state(int previous, int count)
    {
        var node = On();
        var sync = Sync(node, PowerReading.Of("power off"), previous, new PowerSyncSettings(3, Force: false), ctx: Ctx(4));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Recorded, count)));
        Assert.That(sync.Decision.Work, Is.Null);
        Assert.That(sync.Decision.Single<PowerStateSynced>(), Is.EqualTo(new PowerStateSynced(Uuid, "power off", Ctx(4).Now)));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo("power off"));
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.LastError, Is.EqualTo(OldError));
            Assert.That(after.Maintenance, Is.False);
        });
    }

    [Test]
    public void A_mismatch_on_a_power_interface_that_cannot_force_records_the_hardware_state()
    {
        var sync = Sync(On(), PowerReading.Of("power off"), 1, canForce: false);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Recorded, 2)));
        Assert.That(sync.Decision.Single<PowerStateSynced>().PowerState, Is.EqualTo("power off"));
        Assert.That(sync.Decision.Work, Is.Null);
    }

    [Test]
    public void A_recorded_error_state_is_not_forced_but_replaced_by_the_read()
    {
        // "error" is no power action target: there is nothing to push back to the hardware.
        var node = On() with { PowerState = PowerStates.Error };
        var sync = Sync(node, PowerReading.Of("power on"), 0);
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Recorded, 1)));
        Assert.That(node.Fold(sync.Decision).PowerState, Is.EqualTo("power on"));
        Assert.That(sync.Decision.Work, Is.Null);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void The_mismatch_that_exceeds_max_retries_records_the_read_and_enters_maintenance(bool force)
    {
        var node = On();
        var sync = Sync(node, PowerReading.Of("power off"), 3, new PowerSyncSettings(3, force), ctx: Ctx(8));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Maintenance, 4)));
        Assert.That(sync.Decision.Work, Is.Null, "no power action once retries ran out");
        Assert.That(sync.Decision.Events, Is.EqualTo(new INodeEvent[]
        {
            new PowerStateSynced(Uuid, "power off", Ctx(8).Now),
            new MaintenanceChanged(Uuid, true, MaxRetries("power off", "power on"), "power failure", Ctx(8).Now),
        }));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo("power off"));
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.Maintenance, Is.True);
            Assert.That(after.MaintenanceReason, Is.EqualTo(MaxRetries("power off", "power on")));
            Assert.That(after.MaintenanceReason, Does.Not.Contain("Error:"));
            Assert.That(after.Fault, Is.EqualTo("power failure"));
            Assert.That(after.LastError, Is.EqualTo(OldError));
        });
    }

    [TestCase(0, 0, PowerSyncOutcome.Maintenance)]
    [TestCase(1, 0, PowerSyncOutcome.Forced)]
    [TestCase(1, 1, PowerSyncOutcome.Maintenance)]
    [TestCase(6, 5, PowerSyncOutcome.Forced)]
    [TestCase(6, 6, PowerSyncOutcome.Maintenance)]
    public void Max_retries_is_configurable_for_mismatches(int maxRetries, int previous, PowerSyncOutcome outcome)
    {
        var sync = Sync(On(), PowerReading.Of("power off"), previous, new PowerSyncSettings(maxRetries));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((outcome, previous + 1)));
    }

    // --- sequences across passes -----------------------------------------------------------------

    [Test]
    public void Four_failed_passes_put_the_node_in_maintenance_and_a_later_good_read_recovers_it()
    {
        var node = On();
        var failures = 0;
        var outcomes = new List<(PowerSyncOutcome, int)>();
        for (var pass = 1; pass <= 4; pass++)
        {
            var sync = Sync(node, PowerReading.Failed("IPMI timeout"), failures, ctx: Ctx(pass));
            node = node.Fold(sync.Decision);
            failures = sync.Failures;
            outcomes.Add((sync.Outcome, failures));
        }
        Assert.That(outcomes, Is.EqualTo(new[]
        {
            (PowerSyncOutcome.Counted, 1), (PowerSyncOutcome.Counted, 2), (PowerSyncOutcome.Counted, 3), (PowerSyncOutcome.Maintenance, 4),
        }));
        Assert.That((node.Maintenance, node.Fault, node.PowerState), Is.EqualTo((true, "power failure", (string?)null)));

        // Further passes leave it alone, resetting the count.
        var skipped = Sync(node, PowerReading.Failed("IPMI timeout"), failures, ctx: Ctx(5));
        Assert.That((skipped.Outcome, skipped.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)));
        AssertNothing(skipped);

        // The BMC answers again: the recovery records the state and lifts maintenance.
        var recovered = NodeDecisions.RecoverFromPowerFailure(node, PowerReading.Of("power on"), Ctx(6));
        Assert.That((recovered.Outcome, recovered.Failures), Is.EqualTo((PowerSyncOutcome.Recovered, 0)));
        node = node.Fold(recovered.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(node.PowerState, Is.EqualTo("power on"));
            Assert.That(node.Maintenance, Is.False);
            Assert.That(node.MaintenanceReason, Is.Null);
            Assert.That(node.Fault, Is.Null);
            Assert.That(node.LastError, Is.EqualTo(OldError));
        });

        var next = Sync(node, PowerReading.Of("power on"), 0, ctx: Ctx(7));
        Assert.That((next.Outcome, next.Failures), Is.EqualTo((PowerSyncOutcome.InSync, 0)));
    }

    [Test]
    public void A_forced_action_that_works_brings_the_node_back_in_sync()
    {
        var node = On();
        var first = Sync(node, PowerReading.Of("power off"), 0, ctx: Ctx(1));
        Assert.That((first.Outcome, first.Failures), Is.EqualTo((PowerSyncOutcome.Forced, 1)));
        node = node.Fold(first.Decision);

        // While the action runs the sync keeps its hands off, and keeps the count.
        var during = Sync(node, PowerReading.Of("power off"), first.Failures, ctx: Ctx(2));
        Assert.That((during.Outcome, during.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 1)));

        node = node.Fold(NodeDecisions.CompleteWork(node, first.Decision.Work!, WorkOutcome.Ok(), Ctx(3)));
        Assert.That((node.PowerState, node.TargetPowerState), Is.EqualTo(("power on", (string?)null)));

        var after = Sync(node, PowerReading.Of("power on"), during.Failures, ctx: Ctx(4));
        Assert.That((after.Outcome, after.Failures), Is.EqualTo((PowerSyncOutcome.InSync, 0)));
    }

    [Test]
    public void A_machine_that_refuses_the_forced_action_ends_in_maintenance_on_the_fourth_mismatch()
    {
        var node = On();
        var failures = 0;
        for (var pass = 1; pass <= 3; pass++)
        {
            var sync = Sync(node, PowerReading.Of("power off"), failures, ctx: Ctx(pass * 10));
            Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Forced, pass)));
            node = node.Fold(sync.Decision);
            node = node.Fold(NodeDecisions.CompleteWork(node, sync.Decision.Work!, WorkOutcome.Failed("BMC refused"), Ctx(pass * 10 + 1)));
            Assert.That((node.PowerState, node.TargetPowerState), Is.EqualTo(("power on", (string?)null)));
            failures = sync.Failures;
        }
        var lastError = node.LastError;
        Assert.That(lastError, Is.EqualTo("Failed to change power state to 'power on'. Error: BMC refused"));

        var last = Sync(node, PowerReading.Of("power off"), failures, ctx: Ctx(40));
        Assert.That((last.Outcome, last.Failures), Is.EqualTo((PowerSyncOutcome.Maintenance, 4)));
        node = node.Fold(last.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(node.PowerState, Is.EqualTo("power off"));
            Assert.That(node.Maintenance, Is.True);
            Assert.That(node.Fault, Is.EqualTo("power failure"));
            Assert.That(node.MaintenanceReason, Is.EqualTo(MaxRetries("power off", "power on")));
            Assert.That(node.LastError, Is.EqualTo(lastError), "left as the failed action wrote it");
        });
    }

    // --- properties ------------------------------------------------------------------------------

    private static readonly string?[] RecordedStates = [null, PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Error];

    private static readonly PowerReading[] AllReadings =
    [
        PowerReading.Of(PowerStates.PowerOn), PowerReading.Of(PowerStates.PowerOff), PowerReading.Of(PowerStates.Error),
        PowerReading.Failed("BMC unreachable"),
    ];

    [Test]
    public void Property_sync_never_throws_never_forces_into_maintenance_and_counts_consistently()
    {
        var checkedCases = 0;
        foreach (var state in new[] { ProvisionStates.Active, ProvisionStates.WaitCallBack, ProvisionStates.InspectWait, ProvisionStates.AdoptFailed })
        foreach (var recorded in RecordedStates)
            foreach (var reading in AllReadings)
                foreach (var maintenance in new[] { false, true })
                    foreach (var force in new[] { true, false })
                        for (var previous = 0; previous <= 6; previous++)
                        {
                            var node = On() with { ProvisionState = state, PowerState = recorded, Maintenance = maintenance };
                            var excluded = PowerSync.ExcludedStates.Contains(state);
                            var label = $"state={state} recorded={recorded ?? "null"} read={reading} maintenance={maintenance} force={force} previous={previous}";
                            PowerSyncDecision sync = null!;
                            Assert.DoesNotThrow(() => sync = Sync(node, reading, previous, new PowerSyncSettings(3, force), ctx: Ctx(2)), label);
                            checkedCases++;

                            var events = sync.Decision.Events;
                            var entersMaintenance = events.OfType<MaintenanceChanged>().Any(m => m.Maintenance);
                            var forces = sync.Decision.Work is not null || events.OfType<PowerActionStarted>().Any();
                            Assert.That(entersMaintenance && forces, Is.False, label);
                            Assert.That(entersMaintenance, Is.EqualTo(sync.Outcome == PowerSyncOutcome.Maintenance), label);
                            Assert.That(forces, Is.EqualTo(sync.Outcome == PowerSyncOutcome.Forced), label);
                            Assert.That(sync.Decision.IsAccepted, Is.True, label);
                            Assert.That(events.All(e => e.NodeId == Uuid && e.At == Ctx(2).Now), Is.True, label);

                            var zeroExpected = sync.Outcome == PowerSyncOutcome.InSync
                                               || (sync.Outcome == PowerSyncOutcome.Recorded && recorded is null)
                                               || (sync.Outcome == PowerSyncOutcome.Skipped && (maintenance || excluded));
                            Assert.That(sync.Failures == 0, Is.EqualTo(zeroExpected), label);
                            if (!zeroExpected)
                                Assert.That(sync.Failures, Is.EqualTo(previous + 1), label);
                            if (maintenance || excluded)
                                Assert.That(sync.Outcome, Is.EqualTo(PowerSyncOutcome.Skipped), label);
                            else
                                Assert.That(sync.Outcome, Is.Not.EqualTo(PowerSyncOutcome.Skipped), label);

                            // What the node looks like afterwards.
                            var after = node.Fold(sync.Decision);
                            Assert.That(after.LastError, Is.EqualTo(forces ? null : OldError), label);
                            Assert.That(after.ProvisionState, Is.EqualTo(state), label);
                            if (sync.Outcome == PowerSyncOutcome.Maintenance)
                                Assert.That((after.PowerState, after.Fault, after.MaintenanceReason),
                                    Is.EqualTo((reading.PowerState, "power failure", PowerSync.MaxRetriesExceeded(node, reading))), label);
                            if (sync.Outcome is PowerSyncOutcome.InSync or PowerSyncOutcome.Counted or PowerSyncOutcome.Skipped)
                                Assert.That(after, Is.EqualTo(node), label);
                            if (sync.Outcome == PowerSyncOutcome.Recorded)
                                Assert.That(after.PowerState, Is.EqualTo(reading.PowerState), label);
                            if (sync.Outcome == PowerSyncOutcome.Forced)
                                Assert.That((after.PowerState, after.TargetPowerState), Is.EqualTo((recorded, recorded)), label);
                        }
        Assert.That(checkedCases, Is.EqualTo(4 * 4 * 4 * 2 * 2 * 7));
    }

    [Test]
    public void Property_the_conductor_and_the_node_agree_on_the_count()
    {
        // The pass asks the node only when Assess says so; the node, seeing the same state, returns the same count
        // unless it records a first state (count 0), and never contradicts an InSync.
        foreach (var recorded in RecordedStates)
            foreach (var reading in AllReadings.Append(PowerReading.NotValidated("bad")))
                for (var previous = 0; previous <= 6; previous++)
                {
                    var node = On() with { PowerState = recorded };
                    var label = $"recorded={recorded ?? "null"} read={reading} previous={previous}";
                    var (step, count) = PowerSync.Assess(node, reading, previous, Defaults);
                    var sync = Sync(node, reading, previous);
                    switch (step)
                    {
                        case PowerSyncStep.InSync:
                            Assert.That(sync.Failures, Is.Zero, label);
                            Assert.That(sync.Decision.Events, Is.Empty, label);
                            break;
                        case PowerSyncStep.CountFailure:
                            Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Counted, count)), label);
                            break;
                        default:
                            Assert.That(sync.Outcome, Is.AnyOf(PowerSyncOutcome.Forced, PowerSyncOutcome.Recorded, PowerSyncOutcome.Maintenance), label);
                            Assert.That(sync.Failures, Is.EqualTo(sync.Outcome == PowerSyncOutcome.Recorded && recorded is null ? 0 : count), label);
                            break;
                    }
                }
    }

    // --- recovery --------------------------------------------------------------------------------

    private static Node GaveUp(string? power = null) => On() with
    {
        PowerState = power,
        Maintenance = true,
        MaintenanceReason = MaxRetries("None", "power on", "IPMI timeout"),
        Fault = "power failure",
    };

    [TestCase(null, "power on")]
    [TestCase("power off", "power on")]
    [TestCase("error", "power off")]
    public void A_good_read_records_the_state_and_lifts_maintenance(string? before, string read)
    {
        var node = GaveUp(before);
        var sync = NodeDecisions.RecoverFromPowerFailure(node, PowerReading.Of(read), Ctx(9));
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Recovered, 0)));
        Assert.That(sync.Decision.Work, Is.Null);
        Assert.That(sync.Decision.Events, Is.EqualTo(new INodeEvent[]
        {
            new PowerStateSynced(Uuid, read, Ctx(9).Now),
            new MaintenanceChanged(Uuid, false, null, null, Ctx(9).Now),
        }));

        var after = node.Fold(sync.Decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.PowerState, Is.EqualTo(read));
            Assert.That(after.TargetPowerState, Is.Null);
            Assert.That(after.Maintenance, Is.False);
            Assert.That(after.MaintenanceReason, Is.Null);
            Assert.That(after.Fault, Is.Null);
            Assert.That(after.LastError, Is.EqualTo(OldError));
            Assert.That(after.ProvisionState, Is.EqualTo("active"));
            Assert.That(after.UpdatedAt, Is.EqualTo(Ctx(9).Now));
            Assert.That(PowerSync.NeedsRecovery(after), Is.False);
            Assert.That(PowerSync.Skips(after), Is.False);
        });
    }

    [Test]
    public void A_good_read_matching_the_record_only_lifts_maintenance()
    {
        var node = GaveUp("power on");
        var sync = NodeDecisions.RecoverFromPowerFailure(node, PowerReading.Of("power on"), Ctx(9));
        Assert.That(sync.Outcome, Is.EqualTo(PowerSyncOutcome.Recovered));
        Assert.That(sync.Decision.Single<MaintenanceChanged>(), Is.EqualTo(new MaintenanceChanged(Uuid, false, null, null, Ctx(9).Now)));
        var after = node.Fold(sync.Decision);
        Assert.That((after.PowerState, after.Maintenance, after.MaintenanceReason, after.Fault),
            Is.EqualTo(("power on", false, (string?)null, (string?)null)));
    }

    private static IEnumerable<TestCaseData> BadRecoveryReads()
    {
        yield return new TestCaseData(PowerReading.Failed("still down")).SetName("Recovery ignores a failed read");
        yield return new TestCaseData(PowerReading.Of("error")).SetName("Recovery ignores an error state");
        yield return new TestCaseData(PowerReading.NotValidated("bad credentials")).SetName("Recovery ignores a failed validation");
    }

    [TestCaseSource(nameof(BadRecoveryReads))]
    public void A_bad_read_changes_nothing(PowerReading reading)
    {
        var sync = NodeDecisions.RecoverFromPowerFailure(GaveUp("power on"), reading, Ctx());
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)));
        AssertNothing(sync);
    }

    private static IEnumerable<TestCaseData> NotRecoverable()
    {
        yield return new TestCaseData(GaveUp() with { Maintenance = false, MaintenanceReason = null }).SetName("Recovery ignores a node out of maintenance");
        yield return new TestCaseData(GaveUp() with { Fault = "clean failure" }).SetName("Recovery ignores another fault");
        yield return new TestCaseData(GaveUp() with { Fault = null }).SetName("Recovery ignores an operator's maintenance");
        yield return new TestCaseData(GaveUp() with { ProvisionState = "enroll" }).SetName("Recovery ignores enroll");
        yield return new TestCaseData(GaveUp() with { TargetPowerState = "power on" }).SetName("Recovery ignores a pending power action");
    }

    [TestCaseSource(nameof(NotRecoverable))]
    public void Nodes_the_recovery_does_not_look_at_are_left_alone(Node node)
    {
        var sync = NodeDecisions.RecoverFromPowerFailure(node, PowerReading.Of("power on"), Ctx());
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Skipped, 0)));
        AssertNothing(sync);
    }

    [Test]
    public void A_locked_node_is_not_recovered_this_pass()
    {
        var sync = NodeDecisions.RecoverFromPowerFailure(GaveUp(), PowerReading.Of("power on"), Locked());
        Assert.That((sync.Outcome, sync.Failures), Is.EqualTo((PowerSyncOutcome.Locked, 0)));
        AssertNothing(sync);
    }

    // --- the PowerStateSynced fold ---------------------------------------------------------------

    [Test]
    public void PowerStateSynced_sets_only_the_power_state_and_updated_at()
    {
        var node = On() with { TargetPowerState = "power off", Maintenance = true, MaintenanceReason = "r", Fault = "f" };
        var after = node.Apply(new PowerStateSynced(Uuid, "power off", Ctx(4).Now))!;
        Assert.That(after, Is.EqualTo(node with { PowerState = "power off", UpdatedAt = Ctx(4).Now }));
        Assert.That((after.LastError, after.TargetPowerState), Is.EqualTo((OldError, "power off")));
    }

    [Test]
    public void PowerStateSynced_stores_a_null_state_where_PowerStateRecorded_keeps_the_old_one()
    {
        var node = On();
        var synced = node.Apply(new PowerStateSynced(Uuid, null, Ctx(4).Now))!;
        var recorded = node.Apply(new PowerStateRecorded(Uuid, null, null, Ctx(4).Now))!;
        Assert.That(synced.PowerState, Is.Null);
        Assert.That(synced.LastError, Is.EqualTo(OldError));
        Assert.That(recorded.PowerState, Is.EqualTo("power on"));
        Assert.That(recorded.LastError, Is.Null);
    }

    [Test]
    public void PowerStateSynced_of_a_missing_node_is_still_no_node()
    {
        Node? none = null;
        Assert.That(none.Apply(new PowerStateSynced(Uuid, "power on", Ctx().Now)), Is.Null);
    }
}
