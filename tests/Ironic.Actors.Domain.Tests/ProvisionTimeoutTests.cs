using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Events;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using NUnit.Framework;
using static Ironic.Actors.Domain.Tests.TestNodes;

namespace Ironic.Actors.Domain.Tests;

/// <summary>
/// <see cref="ProvisionTimeoutSettings"/>, <see cref="ProvisionTimeouts"/> and <see cref="NodeDecisions.TimeOutWait"/>
/// against Ironic 21.4's <c>_check_*_timeouts</c>, <c>_fail_if_in_state</c>, <c>cleanup_after_timeout</c>,
/// <c>cleanup_cleanwait_timeout</c> and <c>cleanup_rescuewait_timeout</c>.
/// </summary>
public class ProvisionTimeoutTests
{
    private static readonly ProvisionTimeoutSettings Defaults = ProvisionTimeoutSettings.Default;
    private static readonly TimeSpan HalfHour = TimeSpan.FromSeconds(1800);

    /// <summary>When the node entered its wait state.</summary>
    private static readonly DateTimeOffset Entered = Created.AddHours(1);

    private static NodeContext At(TimeSpan sinceEntered, string? lockedBy = null) => new(Entered + sinceEntered, lockedBy);

    private static NodeContext Expired(string? lockedBy = null) => At(HalfHour + TimeSpan.FromSeconds(1), lockedBy);

    /// <summary>A node that entered <paramref name="state"/> at <see cref="Entered"/> (inspection also started then).</summary>
    private static Node Waiting(string state) => InState(state) with
    {
        ProvisionUpdatedAt = Entered,
        InspectionStartedAt = state == ProvisionStates.InspectWait ? Entered : null,
        LastError = null,
    };

    private static void AssertNothing(Decision decision)
    {
        Assert.That(decision.IsAccepted, Is.True);
        Assert.That(decision.Events, Is.Empty);
        Assert.That(decision.Work, Is.Null);
    }

    // --- settings --------------------------------------------------------------------------------

    [Test]
    public void Defaults_are_1800_seconds_each()
    {
        Assert.That(Defaults, Is.EqualTo(new ProvisionTimeoutSettings(HalfHour, HalfHour, HalfHour, HalfHour)));
    }

    [Test]
    public void FromSeconds_maps_each_value_to_its_check()
    {
        Assert.That(ProvisionTimeoutSettings.FromSeconds(1, 2, 3, 4), Is.EqualTo(new ProvisionTimeoutSettings(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4))));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void Zero_or_less_switches_a_check_off(int seconds)
    {
        Assert.That(ProvisionTimeoutSettings.FromSeconds(seconds, seconds, seconds, seconds),
            Is.EqualTo(new ProvisionTimeoutSettings(null, null, null, null)));
    }

    [TestCase("wait call-back", 11)]
    [TestCase("clean wait", 22)]
    [TestCase("inspect wait", 33)]
    [TestCase("rescue wait", 44)]
    public void Each_wait_state_has_its_own_timeout(string state, int seconds)
    {
        var settings = ProvisionTimeoutSettings.FromSeconds(11, 22, 33, 44);
        Assert.That(ProvisionTimeouts.TimeoutOf(state, settings), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    private static IEnumerable<string> NonWaitStates() => ProvisionStates.All.Except(ProvisionTimeouts.WaitStates);

    [TestCaseSource(nameof(NonWaitStates))]
    public void Other_states_have_no_timeout(string state)
    {
        Assert.That(ProvisionTimeouts.TimeoutOf(state, Defaults), Is.Null);
    }

    [Test]
    public void The_wait_states_are_the_four_call_back_states()
    {
        Assert.That(ProvisionTimeouts.WaitStates, Is.EquivalentTo(new[] { "wait call-back", "clean wait", "inspect wait", "rescue wait" }));
        Assert.That(NonWaitStates().Count(), Is.EqualTo(20));
    }

    // --- WaitingSince and IsExpired --------------------------------------------------------------

    [Test]
    public void Inspection_waits_from_inspection_started_at()
    {
        var started = Entered.AddMinutes(-5);
        var node = Waiting(ProvisionStates.InspectWait) with { InspectionStartedAt = started };
        Assert.That(ProvisionTimeouts.WaitingSince(node), Is.EqualTo(started));
    }

    [TestCase("wait call-back")]
    [TestCase("clean wait")]
    [TestCase("rescue wait")]
    [TestCase("active")]
    public void The_other_waits_start_at_the_last_provision_change(string state)
    {
        var node = Waiting(state) with { InspectionStartedAt = Entered.AddDays(-3) };
        Assert.That(ProvisionTimeouts.WaitingSince(node), Is.EqualTo(Entered));
    }

    private static IEnumerable<string> WaitStates() => ProvisionTimeouts.WaitStates;

    [TestCaseSource(nameof(WaitStates))]
    public void Exactly_at_the_timeout_is_not_yet_expired(string state)
    {
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered + HalfHour, Defaults), Is.False);
    }

    [TestCaseSource(nameof(WaitStates))]
    public void One_tick_past_the_timeout_is_expired(string state)
    {
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered + HalfHour + TimeSpan.FromTicks(1), Defaults), Is.True);
    }

    [TestCaseSource(nameof(WaitStates))]
    public void Before_the_timeout_is_not_expired(string state)
    {
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered + HalfHour - TimeSpan.FromSeconds(1), Defaults), Is.False);
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered, Defaults), Is.False);
    }

    [TestCaseSource(nameof(WaitStates))]
    public void Maintenance_never_expires(string state)
    {
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state) with { Maintenance = true }, Entered.AddDays(10), Defaults), Is.False);
    }

    [TestCaseSource(nameof(WaitStates))]
    public void A_switched_off_check_never_expires(string state)
    {
        var off = ProvisionTimeoutSettings.FromSeconds(0, 0, 0, 0);
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered.AddDays(10), off), Is.False);
    }

    [TestCase("wait call-back", 0, 60, 60, 60)]
    [TestCase("clean wait", 60, 0, 60, 60)]
    [TestCase("inspect wait", 60, 60, 0, 60)]
    [TestCase("rescue wait", 60, 60, 60, 0)]
    public void Switching_one_check_off_leaves_the_others_on(string off, int deploy, int clean, int inspect, int rescue)
    {
        var settings = ProvisionTimeoutSettings.FromSeconds(deploy, clean, inspect, rescue);
        foreach (var state in ProvisionTimeouts.WaitStates)
            Assert.That(ProvisionTimeouts.IsExpired(Waiting(state), Entered.AddMinutes(2), settings), Is.EqualTo(state != off), state);
    }

    [TestCaseSource(nameof(NonWaitStates))]
    public void Nodes_not_waiting_never_expire(string state)
    {
        Assert.That(ProvisionTimeouts.IsExpired(Waiting(state) with { InspectionStartedAt = Entered }, Entered.AddDays(10), Defaults), Is.False);
    }

    [TestCaseSource(nameof(WaitStates))]
    public void No_start_time_never_expires(string state)
    {
        var node = Waiting(state) with { ProvisionUpdatedAt = null, InspectionStartedAt = null };
        Assert.That(ProvisionTimeouts.IsExpired(node, Entered.AddDays(10), Defaults), Is.False);
    }

    [Test]
    public void Inspect_wait_ignores_a_recent_provision_change_when_inspection_started_long_ago()
    {
        var node = Waiting(ProvisionStates.InspectWait) with
        {
            InspectionStartedAt = Entered - HalfHour - TimeSpan.FromSeconds(1),
            ProvisionUpdatedAt = Entered,
        };
        Assert.That(ProvisionTimeouts.IsExpired(node, Entered, Defaults), Is.True);
    }

    [Test]
    public void Inspect_wait_ignores_an_old_provision_change_when_inspection_started_recently()
    {
        var node = Waiting(ProvisionStates.InspectWait) with { ProvisionUpdatedAt = Entered.AddDays(-1), InspectionStartedAt = Entered };
        Assert.That(ProvisionTimeouts.IsExpired(node, Entered.AddMinutes(29), Defaults), Is.False);
    }

    [Test]
    public void Inspect_wait_without_inspection_started_at_never_expires()
    {
        var node = Waiting(ProvisionStates.InspectWait) with { ProvisionUpdatedAt = Entered.AddDays(-1), InspectionStartedAt = null };
        Assert.That(ProvisionTimeouts.IsExpired(node, Entered.AddDays(1), Defaults), Is.False);
    }

    // --- Expired ---------------------------------------------------------------------------------

    private static Node WaitingSinceMinutes(string state, int minutesBeforeEntered, int id) =>
        Waiting(state) with
        {
            Uuid = Guid.Parse($"00000000-0000-0000-0000-{id:D12}"),
            ProvisionUpdatedAt = Entered.AddMinutes(-minutesBeforeEntered),
            InspectionStartedAt = state == ProvisionStates.InspectWait ? Entered.AddMinutes(-minutesBeforeEntered) : null,
        };

    [Test]
    public void Expired_takes_the_oldest_per_state_up_to_the_limit()
    {
        var now = Entered.AddMinutes(31); // anything that entered before Entered + 1 min has expired
        var nodes = new[]
        {
            WaitingSinceMinutes("wait call-back", 10, 1),
            WaitingSinceMinutes("wait call-back", 50, 2),
            WaitingSinceMinutes("wait call-back", 30, 3),
            WaitingSinceMinutes("wait call-back", -5, 4), // entered 5 min after: 26 min, not expired
            WaitingSinceMinutes("clean wait", 5, 5),
            WaitingSinceMinutes("clean wait", 7, 6) with { Maintenance = true },
            WaitingSinceMinutes("inspect wait", 1, 7),
            WaitingSinceMinutes("inspect wait", 2, 8),
            WaitingSinceMinutes("inspect wait", 3, 9),
            WaitingSinceMinutes("active", 300, 10),
            WaitingSinceMinutes("deploying", 300, 11),
        };

        var expired = ProvisionTimeouts.Expired(nodes, now, Defaults, maxPerState: 2);
        var ids = expired.Select(n => n.Uuid.ToString()[^2..]).ToList();
        Assert.That(ids, Is.EquivalentTo(new[] { "02", "03", "05", "09", "08" }));
        Assert.That(expired.Where(n => n.ProvisionState == "wait call-back").Select(n => n.Uuid.ToString()[^2..]),
            Is.EqualTo(new[] { "02", "03" }), "oldest first");
        Assert.That(expired.Where(n => n.ProvisionState == "inspect wait").Select(n => n.Uuid.ToString()[^2..]),
            Is.EqualTo(new[] { "09", "08" }), "oldest first");
    }

    [Test]
    public void Expired_with_ties_orders_by_uuid()
    {
        var nodes = new[] { 3, 1, 2 }.Select(i => WaitingSinceMinutes("rescue wait", 60, i)).ToList();
        var expired = ProvisionTimeouts.Expired(nodes, Entered, Defaults, 2);
        Assert.That(expired.Select(n => n.Uuid.ToString()[^1..]), Is.EqualTo(new[] { "1", "2" }));
    }

    [Test]
    public void Expired_with_a_limit_of_one_takes_one_per_state()
    {
        var nodes = ProvisionTimeouts.WaitStates.SelectMany((s, i) => new[]
        {
            WaitingSinceMinutes(s, 100, i * 10 + 1), WaitingSinceMinutes(s, 200, i * 10 + 2),
        }).ToList();
        var expired = ProvisionTimeouts.Expired(nodes, Entered, Defaults, 1);
        Assert.That(expired, Has.Count.EqualTo(4));
        Assert.That(expired.Select(n => n.ProvisionState), Is.EquivalentTo(ProvisionTimeouts.WaitStates));
        Assert.That(expired.All(n => n.Uuid.ToString().EndsWith('2')), Is.True, "the older of each pair");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(8)]
    public void Property_expired_is_the_oldest_expired_nodes_per_state_capped(int maxPerState)
    {
        var random = new Random(20240301 + maxPerState);
        var states = ProvisionTimeouts.WaitStates.Concat(new[] { "active", "deploying", "clean failed" }).ToArray();
        var settings = ProvisionTimeoutSettings.FromSeconds(1800, 900, 600, 0);
        for (var round = 0; round < 50; round++)
        {
            var nodes = Enumerable.Range(1, random.Next(0, 30)).Select(i => WaitingSinceMinutes(states[random.Next(states.Length)], random.Next(-5, 60), i)
                with { Maintenance = random.Next(5) == 0 }).ToList();
            var now = Entered.AddMinutes(random.Next(0, 40));
            var expired = ProvisionTimeouts.Expired(nodes, now, settings, maxPerState);

            Assert.That(expired.Select(n => n.Uuid).Distinct().Count(), Is.EqualTo(expired.Count));
            foreach (var state in states)
            {
                var candidates = nodes.Where(n => n.ProvisionState == state && ProvisionTimeouts.IsExpired(n, now, settings)).ToList();
                var picked = expired.Where(n => n.ProvisionState == state).ToList();
                var label = $"round {round} state {state}";
                Assert.That(picked, Has.Count.EqualTo(Math.Min(maxPerState, candidates.Count)), label);
                Assert.That(picked.All(candidates.Contains), Is.True, label);
                Assert.That(picked.All(n => !n.Maintenance), Is.True, label);
                Assert.That(picked.Select(ProvisionTimeouts.WaitingSince), Is.Ordered, label);
                var newestPicked = picked.Select(ProvisionTimeouts.WaitingSince).DefaultIfEmpty(null).Max();
                Assert.That(candidates.Except(picked).All(n => ProvisionTimeouts.WaitingSince(n) >= newestPicked), Is.True, label);
                if (state == "rescue wait" || ProvisionTimeouts.TimeoutOf(state, settings) is null)
                    Assert.That(picked, Is.Empty, label);
            }
        }
    }

    [Test]
    public void Expired_of_nothing_is_empty()
    {
        Assert.That(ProvisionTimeouts.Expired([], Entered, Defaults, 8), Is.Empty);
        Assert.That(ProvisionTimeouts.Expired([Waiting("clean wait")], Entered + HalfHour, Defaults, 8), Is.Empty);
    }

    [Test]
    public void Expired_respects_switched_off_checks()
    {
        var nodes = ProvisionTimeouts.WaitStates.Select((s, i) => WaitingSinceMinutes(s, 100, i)).ToList();
        var expired = ProvisionTimeouts.Expired(nodes, Entered, ProvisionTimeoutSettings.FromSeconds(0, 60, 0, 60), 8);
        Assert.That(expired.Select(n => n.ProvisionState), Is.EquivalentTo(new[] { "clean wait", "rescue wait" }));
    }

    // --- TimeOutWait: deploy, inspect, rescue -----------------------------------------------------

    [Test]
    public void Wait_call_back_times_out_to_deploy_failed()
    {
        var node = Deployed(ProvisionStates.WaitCallBack) with { ProvisionUpdatedAt = Entered, PowerState = "power on" };
        var ctx = Expired();
        var decision = NodeDecisions.TimeOutWait(node, Defaults, ctx);
        var changed = decision.Single<ProvisionStateChanged>();
        Assert.That(decision.Work, Is.Null);
        Assert.That(changed, Is.EqualTo(new ProvisionStateChanged(Uuid, "fail", "wait call-back", "deploy failed", "active",
            $"Timeout reached while waiting for callback for node {Uuid}", ctx.Now)));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("deploy failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo("active"));
            Assert.That(after.LastError, Is.EqualTo($"Timeout reached while waiting for callback for node {Uuid}"));
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(ctx.Now));
            Assert.That(after.Maintenance, Is.False);
            Assert.That(after.PowerState, Is.EqualTo("power on"));
            Assert.That(after.InstanceUuid, Is.EqualTo(InstanceA.ToString()), "the instance stays for a retry or tear-down");
            Assert.That(ProvisionTimeouts.IsExpired(after, ctx.Now.AddDays(1), Defaults), Is.False, "deploy failed does not time out");
        });
    }

    [Test]
    public void Inspect_wait_times_out_to_inspect_failed_measured_from_inspection_start()
    {
        var node = Waiting(ProvisionStates.InspectWait) with
        {
            InspectionStartedAt = Entered,
            ProvisionUpdatedAt = Entered + HalfHour, // a recent provision change does not restart the clock
        };
        var ctx = Expired();
        var decision = NodeDecisions.TimeOutWait(node, Defaults, ctx);
        var changed = decision.Single<ProvisionStateChanged>();
        Assert.That(changed, Is.EqualTo(new ProvisionStateChanged(Uuid, "fail", "inspect wait", "inspect failed", "manageable",
            "timeout reached while inspecting the node", ctx.Now)));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("inspect failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo("manageable"));
            Assert.That(after.LastError, Is.EqualTo("timeout reached while inspecting the node"));
            Assert.That(after.InspectionStartedAt, Is.EqualTo(Entered));
            Assert.That(after.InspectionFinishedAt, Is.Null);
        });
    }

    [Test]
    public void Inspect_wait_is_not_timed_out_by_an_old_provision_change_alone()
    {
        var node = Waiting(ProvisionStates.InspectWait) with { InspectionStartedAt = Entered + HalfHour, ProvisionUpdatedAt = Entered };
        AssertNothing(NodeDecisions.TimeOutWait(node, Defaults, Expired()));
    }

    [TestCase("rescue")]
    public void Rescue_wait_times_out_to_rescue_failed_keeping_the_target(string target)
    {
        var node = Deployed(ProvisionStates.RescueWait) with { ProvisionUpdatedAt = Entered, TargetProvisionState = target };
        var ctx = Expired();
        var decision = NodeDecisions.TimeOutWait(node, Defaults, ctx);
        Assert.That(decision.Single<ProvisionStateChanged>(), Is.EqualTo(new ProvisionStateChanged(Uuid, "fail", "rescue wait", "rescue failed",
            target, "Timeout reached while waiting for rescue ramdisk callback for node", ctx.Now)));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("rescue failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo(target));
            Assert.That(after.LastError, Is.EqualTo("Timeout reached while waiting for rescue ramdisk callback for node"));
            Assert.That(after.Maintenance, Is.False);
            Assert.That(after.InstanceUuid, Is.EqualTo(InstanceA.ToString()));
        });
    }

    [TestCase("rescue wait", "rescue failed", "rescue")]
    [TestCase("clean wait", "clean failed", "available")]
    [TestCase("wait call-back", "deploy failed", "active")]
    [TestCase("inspect wait", "inspect failed", "manageable")]
    public void A_node_with_no_target_gets_the_failed_states_default_target(string state, string failed, string target)
    {
        // Ironic's process_event('fail', target_state=None) falls back to the state machine's target.
        var node = Waiting(state) with { TargetProvisionState = null };
        var after = node.Fold(NodeDecisions.TimeOutWait(node, Defaults, Expired()));
        Assert.That((after.ProvisionState, after.TargetProvisionState), Is.EqualTo((failed, target)));
    }

    // --- TimeOutWait: cleaning ------------------------------------------------------------------

    private static string CleanTimeout(string step) =>
        "Timeout reached while cleaning the node. Please check if the ramdisk responsible for the cleaning is running " +
        $"on the node. Failed on step {step}.";

    [TestCase("available")]
    [TestCase("manageable")]
    public void Clean_wait_between_steps_times_out_to_clean_failed_keeping_the_target(string target)
    {
        var node = Waiting(ProvisionStates.CleanWait) with { TargetProvisionState = target };
        var ctx = Expired();
        var decision = NodeDecisions.TimeOutWait(node, Defaults, ctx);
        Assert.That(decision.Single<ProvisionStateChanged>(), Is.EqualTo(new ProvisionStateChanged(Uuid, "fail", "clean wait", "clean failed",
            target, CleanTimeout("{}"), ctx.Now)));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("clean failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo(target));
            Assert.That(after.LastError, Is.EqualTo(CleanTimeout("{}")));
            Assert.That(after.Maintenance, Is.False, "no step was running: no maintenance");
            Assert.That(after.MaintenanceReason, Is.Null);
            Assert.That(after.Fault, Is.Null);
        });
    }

    private static JsonObject EraseStep() => new()
    {
        ["interface"] = "deploy",
        ["step"] = "erase_devices",
        ["abortable"] = true,
        ["priority"] = 10,
        ["args"] = new JsonObject(),
    };

    private const string EraseStepText = "{'interface': 'deploy', 'step': 'erase_devices', 'abortable': True, 'priority': 10, 'args': {}}";

    [TestCase("available")]
    [TestCase("manageable")]
    public void Clean_wait_in_a_step_also_enters_maintenance_with_clean_failure(string target)
    {
        var node = Waiting(ProvisionStates.CleanWait) with { TargetProvisionState = target, CleanStep = EraseStep(), Name = "n1" };
        var ctx = Expired();
        var decision = NodeDecisions.TimeOutWait(node, Defaults, ctx);
        Assert.That(decision.Work, Is.Null);
        var changed = decision.Events.OfType<ProvisionStateChanged>().Single();
        Assert.That((changed.Event, changed.From, changed.To, changed.Target), Is.EqualTo(("fail", "clean wait", "clean failed", target)));
        var maintenance = decision.Events.OfType<MaintenanceChanged>().Single();
        Assert.That(maintenance, Is.EqualTo(new MaintenanceChanged(Uuid, true, CleanTimeout(EraseStepText), "clean failure", ctx.Now)));

        var after = node.Fold(decision);
        Assert.Multiple(() =>
        {
            Assert.That(after.ProvisionState, Is.EqualTo("clean failed"));
            Assert.That(after.TargetProvisionState, Is.EqualTo(target));
            Assert.That(after.LastError, Is.EqualTo(CleanTimeout(EraseStepText)), "the step as Python prints the dict");
            Assert.That(after.Maintenance, Is.True);
            Assert.That(after.Fault, Is.EqualTo("clean failure"));
            Assert.That(after.MaintenanceReason, Is.EqualTo(CleanTimeout(EraseStepText)));
            Assert.That(after.CleanStep, Is.Empty, "the step is cleared");
            Assert.That(after.Name, Is.EqualTo("n1"));
            Assert.That(after.PowerState, Is.EqualTo("power off"));
            Assert.That(after.ProvisionUpdatedAt, Is.EqualTo(ctx.Now));
            Assert.That(after.UpdatedAt, Is.EqualTo(ctx.Now));
            Assert.That(node.CleanStep, Has.Count.EqualTo(5), "the original node is not mutated");
        });
    }

    [Test]
    public void Clean_wait_step_text_quotes_strings_like_python()
    {
        var node = Waiting(ProvisionStates.CleanWait) with
        {
            CleanStep = new JsonObject { ["interface"] = "raid", ["step"] = "delete_configuration", ["args"] = new JsonObject { ["force"] = false, ["name"] = null } },
        };
        var after = node.Fold(NodeDecisions.TimeOutWait(node, Defaults, Expired()));
        Assert.That(after.LastError, Is.EqualTo(CleanTimeout(
            "{'interface': 'raid', 'step': 'delete_configuration', 'args': {'force': False, 'name': None}}")));
    }

    // --- TimeOutWait: left alone -----------------------------------------------------------------

    [TestCaseSource(nameof(WaitStates))]
    public void A_locked_node_is_left_alone(string state)
    {
        AssertNothing(NodeDecisions.TimeOutWait(Waiting(state), Defaults, Expired(Host)));
    }

    [TestCaseSource(nameof(WaitStates))]
    public void A_node_in_maintenance_is_left_alone(string state)
    {
        AssertNothing(NodeDecisions.TimeOutWait(Waiting(state) with { Maintenance = true }, Defaults, At(TimeSpan.FromDays(2))));
    }

    [TestCaseSource(nameof(WaitStates))]
    public void A_node_exactly_at_its_timeout_is_left_alone(string state)
    {
        AssertNothing(NodeDecisions.TimeOutWait(Waiting(state), Defaults, At(HalfHour)));
    }

    [TestCaseSource(nameof(WaitStates))]
    public void A_node_whose_check_is_switched_off_is_left_alone(string state)
    {
        AssertNothing(NodeDecisions.TimeOutWait(Waiting(state), ProvisionTimeoutSettings.FromSeconds(0, 0, 0, 0), At(TimeSpan.FromDays(2))));
    }

    [TestCaseSource(nameof(NonWaitStates))]
    public void A_node_not_waiting_is_left_alone(string state)
    {
        AssertNothing(NodeDecisions.TimeOutWait(Waiting(state) with { InspectionStartedAt = Entered }, Defaults, At(TimeSpan.FromDays(2))));
    }

    [TestCaseSource(nameof(WaitStates))]
    public void Timing_out_twice_changes_nothing_the_second_time(string state)
    {
        var node = Waiting(state);
        node = node.Fold(NodeDecisions.TimeOutWait(node, Defaults, Expired()));
        Assert.That(node.ProvisionState, Is.Not.EqualTo(state));
        AssertNothing(NodeDecisions.TimeOutWait(node, Defaults, At(TimeSpan.FromDays(2))));
    }

    [TestCase(1799, false)]
    [TestCase(1800, false)]
    [TestCase(1801, true)]
    public void A_shorter_configured_timeout_is_used(int secondsWaited, bool fails)
    {
        var settings = ProvisionTimeoutSettings.FromSeconds(1800, 60, 1800, 1800);
        var node = Waiting(ProvisionStates.CleanWait);
        Assert.That(NodeDecisions.TimeOutWait(node, settings, At(TimeSpan.FromSeconds(61))).Events, Is.Not.Empty);
        Assert.That(NodeDecisions.TimeOutWait(Waiting(ProvisionStates.WaitCallBack), settings, At(TimeSpan.FromSeconds(secondsWaited))).Events,
            Has.Count.EqualTo(fails ? 1 : 0));
    }
}
