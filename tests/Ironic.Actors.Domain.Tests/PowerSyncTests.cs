using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// The conductor-side rules of the power-state sync: <see cref="PowerReading"/>, <see cref="PowerSyncSettings"/>,
/// <see cref="PowerSync.Skips"/>, <see cref="PowerSync.NeedsRecovery"/>, <see cref="PowerSync.Assess"/> and
/// <see cref="PowerSync.MaxRetriesExceeded"/> (Ironic 21.4's <c>_sync_power_states</c> / <c>do_sync_power_state</c>).
/// </summary>
public class PowerSyncTests
{
    private const string ErrorStateMessage = "Power driver returned ERROR state while trying to sync power state.";

    private static readonly PowerSyncSettings Defaults = new();

    private static Node On() => InState(ProvisionStates.Active) with { PowerState = PowerStates.PowerOn };

    // --- readings and settings -------------------------------------------------------------------

    [TestCase("power on")]
    [TestCase("power off")]
    public void A_state_read_is_a_successful_reading(string state)
    {
        var reading = PowerReading.Of(state);
        Assert.Multiple(() =>
        {
            Assert.That(reading.PowerState, Is.EqualTo(state));
            Assert.That(reading.Error, Is.Null);
            Assert.That(reading.Succeeded, Is.True);
            Assert.That(reading.Unvalidated, Is.False);
        });
    }

    [Test]
    public void An_error_state_read_is_a_failure_that_keeps_the_state()
    {
        var reading = PowerReading.Of("error");
        Assert.Multiple(() =>
        {
            Assert.That(reading.PowerState, Is.EqualTo("error"));
            Assert.That(reading.Error, Is.EqualTo(ErrorStateMessage));
            Assert.That(reading.Succeeded, Is.False);
            Assert.That(reading.Unvalidated, Is.False);
        });
    }

    [Test]
    public void A_failed_read_has_no_state()
    {
        var reading = PowerReading.Failed("IPMI timeout");
        Assert.Multiple(() =>
        {
            Assert.That(reading.PowerState, Is.Null);
            Assert.That(reading.Error, Is.EqualTo("IPMI timeout"));
            Assert.That(reading.Succeeded, Is.False);
            Assert.That(reading.Unvalidated, Is.False);
        });
    }

    [Test]
    public void A_not_validated_reading_is_flagged_and_not_a_success()
    {
        var reading = PowerReading.NotValidated("Missing ipmi_address");
        Assert.Multiple(() =>
        {
            Assert.That(reading.PowerState, Is.Null);
            Assert.That(reading.Error, Is.EqualTo("Missing ipmi_address"));
            Assert.That(reading.Succeeded, Is.False);
            Assert.That(reading.Unvalidated, Is.True);
        });
    }

    [Test]
    public void Settings_default_to_ironics_three_retries_and_forcing()
    {
        Assert.That(Defaults, Is.EqualTo(new PowerSyncSettings(3, true)));
    }

    [Test]
    public void Excluded_states_are_the_four_of_ironic()
    {
        Assert.That(PowerSync.ExcludedStates, Is.EquivalentTo(new[] { "wait call-back", "clean wait", "enroll", "adopt failed" }));
        Assert.That(PowerSync.PowerFailureFault, Is.EqualTo("power failure"));
    }

    // --- Skips -----------------------------------------------------------------------------------

    [TestCase("wait call-back")]
    [TestCase("clean wait")]
    [TestCase("enroll")]
    [TestCase("adopt failed")]
    public void Excluded_states_are_skipped(string state)
    {
        Assert.That(PowerSync.Skips(InState(state)), Is.True);
    }

    private static IEnumerable<string> SyncedStates() => ProvisionStates.All.Where(s => !PowerSync.ExcludedStates.Contains(s));

    [TestCaseSource(nameof(SyncedStates))]
    public void Every_other_state_is_synced(string state)
    {
        Assert.That(PowerSync.Skips(InState(state)), Is.False);
    }

    [Test]
    public void Twenty_of_the_twenty_four_states_are_synced() => Assert.That(SyncedStates().Count(), Is.EqualTo(20));

    [TestCaseSource(nameof(SyncedStates))]
    public void Maintenance_is_skipped_in_every_state(string state)
    {
        Assert.That(PowerSync.Skips(InState(state) with { Maintenance = true }), Is.True);
    }

    [TestCase("power on")]
    [TestCase("power off")]
    public void A_pending_power_action_is_skipped(string target)
    {
        Assert.That(PowerSync.Skips(On() with { TargetPowerState = target }), Is.True);
    }

    [Test]
    public void A_node_with_no_power_state_is_not_skipped()
    {
        Assert.That(PowerSync.Skips(InState("available") with { PowerState = null }), Is.False);
    }

    // --- NeedsRecovery ---------------------------------------------------------------------------

    private static Node GaveUp(string state = ProvisionStates.Active) =>
        InState(state) with { Maintenance = true, Fault = "power failure", MaintenanceReason = "max retries" };

    [TestCase("active")]
    [TestCase("available")]
    [TestCase("manageable")]
    [TestCase("wait call-back")]
    [TestCase("clean wait")]
    [TestCase("adopt failed")]
    public void A_node_the_sync_gave_up_on_needs_recovery(string state)
    {
        Assert.That(PowerSync.NeedsRecovery(GaveUp(state)), Is.True);
    }

    [Test]
    public void Enroll_is_never_recovered()
    {
        Assert.That(PowerSync.NeedsRecovery(GaveUp("enroll")), Is.False);
    }

    [Test]
    public void A_pending_power_action_blocks_recovery()
    {
        Assert.That(PowerSync.NeedsRecovery(GaveUp() with { TargetPowerState = "power on" }), Is.False);
    }

    [TestCase(null)]
    [TestCase("clean failure")]
    [TestCase("rescue abort failure")]
    [TestCase("Power Failure")]
    public void Other_faults_are_not_recovered(string? fault)
    {
        Assert.That(PowerSync.NeedsRecovery(GaveUp() with { Fault = fault }), Is.False);
    }

    [Test]
    public void A_node_out_of_maintenance_is_not_recovered_even_with_the_fault()
    {
        Assert.That(PowerSync.NeedsRecovery(GaveUp() with { Maintenance = false }), Is.False);
    }

    [TestCaseSource(nameof(SyncedStates))]
    public void Skips_and_NeedsRecovery_never_both_pick_an_idle_node(string state)
    {
        // Recovery only looks at maintenance nodes, and the sync skips them all.
        var node = GaveUp(state);
        Assert.That(PowerSync.Skips(node), Is.True);
        Assert.That(PowerSync.NeedsRecovery(node with { Maintenance = false }), Is.False);
    }

    // --- Assess ----------------------------------------------------------------------------------

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(10)]
    public void A_matching_read_is_in_sync_and_resets_the_count(int failures)
    {
        Assert.That(PowerSync.Assess(On(), PowerReading.Of("power on"), failures, Defaults), Is.EqualTo((PowerSyncStep.InSync, 0)));
    }

    [TestCase(0, PowerSyncStep.CountFailure, 1)]
    [TestCase(1, PowerSyncStep.CountFailure, 2)]
    [TestCase(2, PowerSyncStep.CountFailure, 3)]
    [TestCase(3, PowerSyncStep.AskNode, 4)]
    [TestCase(4, PowerSyncStep.AskNode, 5)]
    [TestCase(9, PowerSyncStep.AskNode, 10)]
    public void A_failed_read_is_counted_until_the_count_exceeds_max_retries(int failures, PowerSyncStep step, int count)
    {
        Assert.That(PowerSync.Assess(On(), PowerReading.Failed("no answer"), failures, Defaults), Is.EqualTo((step, count)));
    }

    [TestCase(0, PowerSyncStep.CountFailure, 1)]
    [TestCase(2, PowerSyncStep.CountFailure, 3)]
    [TestCase(3, PowerSyncStep.AskNode, 4)]
    public void An_error_state_read_counts_like_a_failed_read(int failures, PowerSyncStep step, int count)
    {
        Assert.That(PowerSync.Assess(On(), PowerReading.Of("error"), failures, Defaults), Is.EqualTo((step, count)));
    }

    [Test]
    public void An_error_state_read_is_a_failure_even_when_the_node_records_error()
    {
        var node = On() with { PowerState = "error" };
        Assert.That(PowerSync.Assess(node, PowerReading.Of("error"), 0, Defaults), Is.EqualTo((PowerSyncStep.CountFailure, 1)));
    }

    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(3, 4)]
    [TestCase(7, 8)]
    public void A_mismatch_always_asks_the_node_with_the_incremented_count(int failures, int count)
    {
        Assert.That(PowerSync.Assess(On(), PowerReading.Of("power off"), failures, Defaults), Is.EqualTo((PowerSyncStep.AskNode, count)));
    }

    [TestCase("power on", 0, 1)]
    [TestCase("power off", 5, 6)]
    public void No_recorded_state_asks_the_node(string read, int failures, int count)
    {
        var node = On() with { PowerState = null };
        Assert.That(PowerSync.Assess(node, PowerReading.Of(read), failures, Defaults), Is.EqualTo((PowerSyncStep.AskNode, count)));
    }

    [Test]
    public void No_recorded_state_and_a_failed_read_is_just_counted()
    {
        var node = On() with { PowerState = null };
        Assert.That(PowerSync.Assess(node, PowerReading.Failed("x"), 1, Defaults), Is.EqualTo((PowerSyncStep.CountFailure, 2)));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(8)]
    public void A_not_validated_reading_resets_the_count_without_asking(int failures)
    {
        var node = On() with { PowerState = null };
        Assert.That(PowerSync.Assess(node, PowerReading.NotValidated("bad driver_info"), failures, Defaults),
            Is.EqualTo((PowerSyncStep.InSync, 0)));
    }

    [TestCase(0, 0, PowerSyncStep.AskNode)]
    [TestCase(1, 0, PowerSyncStep.CountFailure)]
    [TestCase(1, 1, PowerSyncStep.AskNode)]
    [TestCase(5, 4, PowerSyncStep.CountFailure)]
    [TestCase(5, 5, PowerSyncStep.AskNode)]
    public void Max_retries_is_configurable(int maxRetries, int failures, PowerSyncStep step)
    {
        var (actual, count) = PowerSync.Assess(On(), PowerReading.Failed("x"), failures, new PowerSyncSettings(maxRetries));
        Assert.That((actual, count), Is.EqualTo((step, failures + 1)));
    }

    [Test]
    public void Assess_does_not_look_at_force()
    {
        var forced = PowerSync.Assess(On(), PowerReading.Of("power off"), 1, new PowerSyncSettings(3, true));
        var unforced = PowerSync.Assess(On(), PowerReading.Of("power off"), 1, new PowerSyncSettings(3, false));
        Assert.That(unforced, Is.EqualTo(forced));
    }

    private static readonly string?[] Recorded = [null, PowerStates.PowerOn, PowerStates.PowerOff, PowerStates.Error];

    private static IEnumerable<PowerReading> Readings() =>
    [
        PowerReading.Of(PowerStates.PowerOn), PowerReading.Of(PowerStates.PowerOff), PowerReading.Of(PowerStates.Error),
        PowerReading.Failed("BMC unreachable"), PowerReading.NotValidated("no address"),
    ];

    [Test]
    public void Assess_property_the_count_is_zero_exactly_when_in_sync_and_otherwise_one_more()
    {
        foreach (var recorded in Recorded)
            foreach (var reading in Readings())
                for (var failures = 0; failures <= 6; failures++)
                {
                    var node = On() with { PowerState = recorded };
                    var (step, count) = PowerSync.Assess(node, reading, failures, Defaults);
                    var label = $"recorded={recorded ?? "null"} read={reading} failures={failures}";
                    Assert.That(count == 0, Is.EqualTo(step == PowerSyncStep.InSync), label);
                    if (step != PowerSyncStep.InSync)
                        Assert.That(count, Is.EqualTo(failures + 1), label);
                    if (step == PowerSyncStep.CountFailure)
                        Assert.That(reading.Succeeded || count > Defaults.MaxRetries, Is.False, label);
                    if (reading.Succeeded && recorded is not null && recorded != reading.PowerState)
                        Assert.That(step, Is.EqualTo(PowerSyncStep.AskNode), label);
                }
    }

    // --- MaxRetriesExceeded ----------------------------------------------------------------------

    [Test]
    public void Max_retries_message_for_a_mismatch_has_no_error_part()
    {
        Assert.That(PowerSync.MaxRetriesExceeded(On(), PowerReading.Of("power off")), Is.EqualTo(
            $"During sync_power_state, max retries exceeded for node {Uuid}, node state power off does not match " +
            "expected state 'power on'. Updating DB state to 'power off' Switching node to maintenance mode."));
    }

    [Test]
    public void Max_retries_message_for_a_failed_read_shows_None_and_the_error()
    {
        Assert.That(PowerSync.MaxRetriesExceeded(On(), PowerReading.Failed("IPMI timeout")), Is.EqualTo(
            $"During sync_power_state, max retries exceeded for node {Uuid}, node state None does not match " +
            "expected state 'power on'. Updating DB state to 'None' Switching node to maintenance mode. Error: IPMI timeout"));
    }

    [Test]
    public void Max_retries_message_for_an_error_state_read_shows_error_and_the_drivers_complaint()
    {
        Assert.That(PowerSync.MaxRetriesExceeded(On() with { PowerState = "power off" }, PowerReading.Of("error")), Is.EqualTo(
            $"During sync_power_state, max retries exceeded for node {Uuid}, node state error does not match " +
            "expected state 'power off'. Updating DB state to 'error' Switching node to maintenance mode. " +
            "Error: Power driver returned ERROR state while trying to sync power state."));
    }

    [Test]
    public void Max_retries_message_for_a_node_with_no_recorded_state_quotes_None()
    {
        Assert.That(PowerSync.MaxRetriesExceeded(On() with { PowerState = null }, PowerReading.Failed("boom")), Is.EqualTo(
            $"During sync_power_state, max retries exceeded for node {Uuid}, node state None does not match " +
            "expected state 'None'. Updating DB state to 'None' Switching node to maintenance mode. Error: boom"));
    }
}
