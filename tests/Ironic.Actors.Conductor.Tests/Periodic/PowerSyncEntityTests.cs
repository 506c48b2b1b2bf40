using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.Periodic;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Periodic;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Tests.Periodic;

/// <summary>
/// The power-state sync and power-failure recovery of a real conductor (SQLite journal, sharded node entities,
/// query model), against scripted BMCs that tests switch and break behind the conductor's back. Passes are run on
/// request (what the timer sends), except in the one test of the timer itself.
/// </summary>
public sealed class PowerSyncEntityTests
{
    private string _dataDir = null!;
    private ScriptedBmcs _bmcs = null!;

    [SetUp]
    public void SetUp()
    {
        _dataDir = Directory.CreateTempSubdirectory("ironic-power-sync-tests-").FullName;
        _bmcs = new ScriptedBmcs();
    }

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    private Task<ConductorHost> StartAsync(Action<IronicOptions>? configure = null) =>
        ConductorHost.StartAsync(_dataDir, configure, _bmcs.Registry);

    /// <summary>A node in manageable with its power switched to <paramref name="power"/> through the API.</summary>
    private static async Task<Guid> ManageableNode(ConductorHost host, string power)
    {
        var id = Guid.NewGuid();
        await host.AskAsync<NodeView>(new CreateNode(id, new JsonObject { ["driver"] = "fake-hardware" }, ProvisionStates.Enroll));
        await host.ProvisionAsync(id, "manage", ProvisionStates.Manageable);
        Assert.That(await host.AskAsync<object>(new ChangePowerState(id, power, null)), Is.TypeOf<Accepted>());
        await host.EventuallyAsync(id, n => n.PowerState == power && n.TargetPowerState is null);
        return id;
    }

    private static Task<PeriodicCommands.PassCompleted> Pass(ConductorHost host, string pass) =>
        host.PowerSync.Ask<PeriodicCommands.PassCompleted>(new PeriodicCommands.RunPass(pass), TimeSpan.FromSeconds(30));

    [Test]
    public async Task A_machine_in_the_state_recorded_is_read_and_left_alone()
    {
        await using var host = await StartAsync();
        var id = await ManageableNode(host, PowerStates.PowerOn);
        var before = await host.AskAsync<NodeView>(new GetNode(id));

        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Nodes, pass.Checked, pass.Changed, pass.Failed), Is.EqualTo((1, 1, 0, 0)));
        Assert.That(_bmcs.ReadsOf(id), Is.GreaterThanOrEqualTo(1));
        var after = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That(after.Version, Is.EqualTo(before.Version), "nothing was stored for a node in sync");
    }

    [Test]
    public async Task A_machine_switched_off_behind_the_conductors_back_is_switched_on_again()
    {
        await using var host = await StartAsync();
        var id = await ManageableNode(host, PowerStates.PowerOn);
        _bmcs.Flip(id, PowerStates.PowerOff);
        var actionsBefore = _bmcs.Actions.Count;

        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That(pass.Changed, Is.EqualTo(1));
        var node = await host.EventuallyAsync(id, n => n.TargetPowerState is null);
        Assert.That(node.PowerState, Is.EqualTo(PowerStates.PowerOn), "the recorded state wins (force_power_state_during_sync)");
        Assert.That(_bmcs.PowerOf(id), Is.EqualTo(PowerStates.PowerOn));
        Assert.That(_bmcs.Actions.Skip(actionsBefore), Is.EqualTo(new[] { (id, PowerStates.PowerOn) }));
    }

    [Test]
    public async Task Without_force_the_sync_records_what_the_machine_reports_and_keeps_last_error()
    {
        await using var host = await StartAsync(o => o.Conductor.ForcePowerStateDuringSync = false);
        var id = await ManageableNode(host, PowerStates.PowerOn);
        _bmcs.Flip(id, PowerStates.PowerOff);

        await Pass(host, PowerSyncActor.SyncPass);

        var node = await host.EventuallyAsync(id, n => n.PowerState == PowerStates.PowerOff);
        Assert.That(node.TargetPowerState, Is.Null);
        Assert.That(_bmcs.Actions.Count(a => a.Node == id), Is.EqualTo(1), "only the API's power on was sent to the machine");
    }

    [Test]
    public async Task A_bmc_that_keeps_failing_puts_the_node_into_maintenance_and_recovery_takes_it_out()
    {
        await using var host = await StartAsync();
        var id = await ManageableNode(host, PowerStates.PowerOn);
        await ManageableNode(host, PowerStates.PowerOn); // a healthy node beside it
        _bmcs.Fail(id, "IPMI session timed out");

        // Ironic's default of three retries: the first three failures are only counted.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var pass = await Pass(host, PowerSyncActor.SyncPass);
            Assert.That((pass.Nodes, pass.Failed), Is.EqualTo((2, 1)), $"attempt {attempt}");
            var counted = await host.AskAsync<NodeView>(new GetNode(id));
            Assert.That(counted.Node.Maintenance, Is.False, $"attempt {attempt}");
        }

        await Pass(host, PowerSyncActor.SyncPass);
        var failed = await host.EventuallyAsync(id, n => n.Maintenance);
        Assert.That(failed.Fault, Is.EqualTo(PowerSync.PowerFailureFault));
        Assert.That(failed.MaintenanceReason, Does.StartWith($"During sync_power_state, max retries exceeded for node {id}"));
        Assert.That(failed.MaintenanceReason, Does.EndWith("Error: IPMI session timed out"));

        // In maintenance the sync no longer reads it; the recovery does, and lets it go once the BMC answers.
        var readsInMaintenance = _bmcs.ReadsOf(id);
        var skipped = await Pass(host, PowerSyncActor.SyncPass);
        Assert.That((skipped.Checked, _bmcs.ReadsOf(id)), Is.EqualTo((1, readsInMaintenance)), "only the healthy node is read");
        var stillDown = await Pass(host, PowerSyncActor.RecoveryPass);
        Assert.That((stillDown.Checked, stillDown.Changed), Is.EqualTo((1, 0)));
        Assert.That(stillDown.Nodes, Is.EqualTo(1), "the recovery lists only the nodes in maintenance for a power failure");

        _bmcs.Fail(id, null);
        _bmcs.Flip(id, PowerStates.PowerOff);
        var recovery = await Pass(host, PowerSyncActor.RecoveryPass);
        Assert.That(recovery.Changed, Is.EqualTo(1));
        var recovered = await host.EventuallyAsync(id, n => !n.Maintenance);
        Assert.That((recovered.Fault, recovered.MaintenanceReason, recovered.PowerState),
            Is.EqualTo(((string?)null, (string?)null, PowerStates.PowerOff)));
    }

    [Test]
    public async Task A_node_that_answers_again_before_retries_run_out_starts_counting_from_zero()
    {
        await using var host = await StartAsync(o => o.Conductor.PowerStateSyncMaxRetries = 1);
        var id = await ManageableNode(host, PowerStates.PowerOn);

        _bmcs.Fail(id, "BMC busy");
        await Pass(host, PowerSyncActor.SyncPass); // count 1, not above 1
        _bmcs.Fail(id, null);
        await Pass(host, PowerSyncActor.SyncPass); // in sync: count back to 0
        _bmcs.Fail(id, "BMC busy");
        await Pass(host, PowerSyncActor.SyncPass); // count 1 again, so still no maintenance

        var node = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That(node.Node.Maintenance, Is.False);
        await Pass(host, PowerSyncActor.SyncPass); // count 2 > 1
        await host.EventuallyAsync(id, n => n.Maintenance && n.Fault == PowerSync.PowerFailureFault);
    }

    [Test]
    public async Task Nodes_in_maintenance_are_not_read_and_deleted_nodes_are_forgotten()
    {
        await using var host = await StartAsync();
        var kept = await ManageableNode(host, PowerStates.PowerOff);
        var resting = await ManageableNode(host, PowerStates.PowerOff);
        var deleted = await ManageableNode(host, PowerStates.PowerOff);
        Assert.That(await host.AskAsync<object>(new SetMaintenance(resting, true, "disk swap")), Is.TypeOf<Accepted>());
        Assert.That(await host.AskAsync<object>(new DeleteNode(deleted)), Is.TypeOf<Deleted>());
        var readsBefore = (_bmcs.ReadsOf(kept), _bmcs.ReadsOf(resting), _bmcs.ReadsOf(deleted));

        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Nodes, pass.Checked), Is.EqualTo((2, 1)));
        Assert.That((_bmcs.ReadsOf(kept), _bmcs.ReadsOf(resting), _bmcs.ReadsOf(deleted)),
            Is.EqualTo((readsBefore.Item1 + 1, readsBefore.Item2, readsBefore.Item3)));
    }

    [Test]
    public async Task A_hanging_bmc_is_given_up_on_after_the_power_time_out_without_holding_up_the_others()
    {
        await using var host = await StartAsync(o =>
        {
            o.Conductor.PowerStateChangeTimeout = 1;
            o.Conductor.SyncPowerStateWorkers = 2;
        });
        var hanging = await ManageableNode(host, PowerStates.PowerOn);
        var others = new List<Guid>();
        for (var i = 0; i < 4; i++)
            others.Add(await ManageableNode(host, PowerStates.PowerOn));
        _bmcs.Hang(hanging);
        foreach (var id in others)
            _bmcs.Flip(id, PowerStates.PowerOff);

        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Checked, pass.Failed, pass.Changed), Is.EqualTo((5, 1, 4)));
        foreach (var id in others)
            await host.EventuallyAsync(id, n => n.TargetPowerState is null);
        Assert.That(others.Select(_bmcs.PowerOf), Has.All.EqualTo(PowerStates.PowerOn), "the other machines were set back");
        var stuck = await host.AskAsync<NodeView>(new GetNode(hanging));
        Assert.That((stuck.Node.Maintenance, stuck.Node.PowerState), Is.EqualTo((false, PowerStates.PowerOn)), "one failed read is only counted");
    }

    [Test]
    public async Task The_timer_runs_the_sync_without_being_asked()
    {
        await using var host = await StartAsync(o => o.Conductor.SyncPowerStateInterval = 1);
        var id = await ManageableNode(host, PowerStates.PowerOn);

        _bmcs.Flip(id, PowerStates.PowerOff);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_bmcs.PowerOf(id) != PowerStates.PowerOn && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.That(_bmcs.PowerOf(id), Is.EqualTo(PowerStates.PowerOn), "a timed pass set the machine back");
    }
}
