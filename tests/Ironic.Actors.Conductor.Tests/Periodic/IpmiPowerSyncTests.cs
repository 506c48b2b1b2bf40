using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Ironic.Actors.Conductor.Periodic;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Periodic;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Tests.Ipmi;
using Ironic.Actors.Hosting;
using Ironic.Actors.Protocol.Periodic;
using NUnit.Framework;
using static Ironic.Actors.Protocol.Nodes.NodeCommands;
using static Ironic.Actors.Protocol.Nodes.NodeReplies;

namespace Ironic.Actors.Conductor.Tests.Periodic;

/// <summary>
/// The power-state sync and power-failure recovery of a real conductor (SQLite journal, sharded node entities)
/// with the ipmi hardware type, against a real BMC: OpenIPMI's ipmi_sim, driven by the ipmitool program. Nodes are
/// created and managed through the node region like the API does; the simulated machine is switched behind the
/// conductor's back by writing its power file.
/// </summary>
[NonParallelizable]
public sealed class IpmiPowerSyncTests
{
    private IpmiSimulator? _bmc;
    private string _dataDir = null!;

    private IpmiSimulator Bmc => _bmc!;

    [OneTimeSetUp]
    public async Task StartBmc()
    {
        // CI installs both through test.sh; a machine without them must not pass these tests silently.
        if (!IpmiSimulator.ToolsInstalled(out var missing))
            Assert.Fail($"{missing} not installed: these tests need a real BMC simulator (Debian packages openipmi and ipmitool; " +
                        "test.sh installs them when run as root).");
        _bmc = await IpmiSimulator.StartAsync(TimeSpan.FromSeconds(15));
    }

    [OneTimeTearDown]
    public async Task StopBmc()
    {
        if (_bmc is not null)
            await _bmc.DisposeAsync();
    }

    [SetUp]
    public void SetUp()
    {
        Bmc.Reset();
        _dataDir = Directory.CreateTempSubdirectory("ironic-ipmi-power-sync-tests-").FullName;
    }

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(_dataDir, recursive: true);

    /// <summary>A conductor offering the ipmi hardware type, with fast ipmitool settings (a dead BMC fails in about 3 s).</summary>
    private Task<ConductorHost> StartAsync(Action<IronicOptions>? configure = null) =>
        ConductorHost.StartAsync(_dataDir, options =>
        {
            var hardware = options.Hardware;
            hardware.EnabledHardwareTypes = ["fake-hardware", "ipmi"];
            hardware.EnabledInterfaces["power"] = ["fake", "ipmitool"];
            hardware.EnabledInterfaces["management"] = ["fake", "ipmitool"];
            hardware.Ipmi.MinCommandInterval = 0.05;
            hardware.Ipmi.CommandRetryTimeout = 3;
            hardware.Ipmi.PowerStatePollInterval = 0.05;
            hardware.Ipmi.PowerStateChangeTimeout = 10;
            options.Conductor.PowerStateChangeTimeout = 15;
            configure?.Invoke(options);
        });

    /// <summary>driver_info for the simulator (cipher suite 3: ipmi_sim does not answer ipmitool's default 17).</summary>
    private JsonObject DriverInfo() => Bmc.Node().DriverInfo.DeepClone().AsObject();

    /// <summary>An ipmi node created and managed through the region (verifying reads its power), then powered to <paramref name="power"/>.</summary>
    private async Task<Guid> ManagedIpmiNode(ConductorHost host, string power)
    {
        var id = Guid.NewGuid();
        var created = await host.AskAsync<object>(new CreateNode(id,
            new JsonObject { ["driver"] = "ipmi", ["driver_info"] = DriverInfo() }, ProvisionStates.Enroll));
        Assert.That(created, Is.TypeOf<NodeView>(), $"create: {created}");
        var node = ((NodeView)created).Node;
        Assert.That((node.Interfaces.Power, node.Interfaces.Management), Is.EqualTo(("ipmitool", "ipmitool")));

        await host.ProvisionAsync(id, "manage", ProvisionStates.Manageable);
        var managed = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That(managed.Node.PowerState, Is.EqualTo(PowerStates.PowerOff), "verifying read the simulator's power");

        if (power != PowerStates.PowerOff)
        {
            Assert.That(await host.AskAsync<object>(new ChangePowerState(id, power, null)), Is.TypeOf<Accepted>());
            var powered = await host.EventuallyAsync(id, n => n.TargetPowerState is null);
            Assert.That((powered.PowerState, powered.LastError), Is.EqualTo((power, (string?)null)));
        }
        Assert.That(Bmc.PowerOn, Is.EqualTo(power == PowerStates.PowerOn), "the simulated machine follows the API");
        return id;
    }

    private static async Task<NodeView> PatchDriverInfo(ConductorHost host, Guid id, string field, string value)
    {
        var reply = await host.AskAsync<object>(new PatchNode(id,
            [new PatchOperation("replace", $"/driver_info/{field}", JsonValue.Create(value), true)], false));
        Assert.That(reply, Is.TypeOf<NodeView>(), $"patch {field}: {reply}");
        return (NodeView)reply;
    }

    private static Task<PeriodicCommands.PassCompleted> Pass(ConductorHost host, string pass) =>
        host.PowerSync.Ask<PeriodicCommands.PassCompleted>(new PeriodicCommands.RunPass(pass), TimeSpan.FromSeconds(60));

    private int PowerOnCommands() => Bmc.ControlCalls.Count(c => c == "set power 1");

    /// <summary>Polls the simulated machine (the power action runs after the node answered the pass).</summary>
    private async Task SimulatorReaches(bool on)
    {
        var deadline = Stopwatch.StartNew();
        while (Bmc.PowerOn != on && deadline.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        Assert.That(Bmc.PowerOn, Is.EqualTo(on), $"simulated machine power; chassis calls: {string.Join(" | ", Bmc.ControlCalls)}");
    }

    [Test]
    public async Task A_machine_switched_off_behind_the_conductors_back_is_switched_on_again_through_ipmitool()
    {
        await using var host = await StartAsync();
        var id = await ManagedIpmiNode(host, PowerStates.PowerOn);
        var onCommands = PowerOnCommands();

        Bmc.PowerOn = false;
        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Nodes, pass.Checked, pass.Changed, pass.Failed), Is.EqualTo((1, 1, 1, 0)));
        await SimulatorReaches(on: true);
        Assert.That(PowerOnCommands(), Is.EqualTo(onCommands + 1), "one ipmitool 'power on' set the machine back");
        var node = await host.EventuallyAsync(id, n => n.TargetPowerState is null);
        Assert.That((node.PowerState, node.Maintenance, node.LastError), Is.EqualTo((PowerStates.PowerOn, false, (string?)null)));

        // Back in sync: the next pass reads it and changes nothing.
        var again = await Pass(host, PowerSyncActor.SyncPass);
        Assert.That((again.Checked, again.Changed, again.Failed), Is.EqualTo((1, 0, 0)));
        Assert.That(PowerOnCommands(), Is.EqualTo(onCommands + 1));
    }

    [Test]
    public async Task Without_force_the_node_records_the_power_off_and_the_machine_stays_off()
    {
        await using var host = await StartAsync(o => o.Conductor.ForcePowerStateDuringSync = false);
        var id = await ManagedIpmiNode(host, PowerStates.PowerOn);
        var callsBefore = Bmc.ControlCalls.Count(c => c.StartsWith("set ", StringComparison.Ordinal));

        Bmc.PowerOn = false;
        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Checked, pass.Changed, pass.Failed), Is.EqualTo((1, 1, 0)));
        var node = await host.EventuallyAsync(id, n => n.PowerState == PowerStates.PowerOff);
        Assert.That((node.TargetPowerState, node.Maintenance), Is.EqualTo(((string?)null, false)));
        Assert.That(Bmc.PowerOn, Is.False);
        Assert.That(Bmc.ControlCalls.Count(c => c.StartsWith("set ", StringComparison.Ordinal)), Is.EqualTo(callsBefore),
            "nothing was sent to the machine");
    }

    [Test]
    public async Task A_dead_bmc_puts_the_node_into_power_failure_maintenance_and_recovery_takes_it_out_once_it_answers()
    {
        await using var host = await StartAsync(o => o.Conductor.PowerStateSyncMaxRetries = 0);
        var id = await ManagedIpmiNode(host, PowerStates.PowerOff);

        // The BMC goes away: the node's BMC address is now a UDP port nothing listens on.
        var deadPort = IpmiSimulator.FreeUdpPort();
        await PatchDriverInfo(host, id, "ipmi_port", deadPort.ToString(CultureInfo.InvariantCulture));
        var pass = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((pass.Checked, pass.Changed, pass.Failed), Is.EqualTo((1, 1, 1)));
        var failed = await host.EventuallyAsync(id, n => n.Maintenance);
        Assert.That(failed.Fault, Is.EqualTo(PowerSync.PowerFailureFault));
        Assert.That(failed.MaintenanceReason, Does.StartWith($"During sync_power_state, max retries exceeded for node {id}, node state None"));
        Assert.That(failed.MaintenanceReason, Does.Contain("Error: IPMI call failed: power status."));
        Assert.That(failed.PowerState, Is.Null, "Ironic records the unknown state it read");

        // Still dead: the recovery reads it (validating first) and leaves it in maintenance.
        var stillDown = await Pass(host, PowerSyncActor.RecoveryPass);
        Assert.That((stillDown.Checked, stillDown.Changed, stillDown.Failed), Is.EqualTo((1, 0, 1)));
        Assert.That((await host.AskAsync<NodeView>(new GetNode(id))).Node.Maintenance, Is.True);

        // The BMC is back (the operator fixes driver_info while the node is in maintenance) and the machine is on.
        await PatchDriverInfo(host, id, "ipmi_port", Bmc.Port.ToString(CultureInfo.InvariantCulture));
        Bmc.PowerOn = true;
        var recovery = await Pass(host, PowerSyncActor.RecoveryPass);

        Assert.That((recovery.Checked, recovery.Changed, recovery.Failed), Is.EqualTo((1, 1, 0)));
        var recovered = await host.EventuallyAsync(id, n => !n.Maintenance);
        Assert.That((recovered.Fault, recovered.MaintenanceReason, recovered.PowerState),
            Is.EqualTo(((string?)null, (string?)null, PowerStates.PowerOn)));

        // And the sync looks at it again.
        var synced = await Pass(host, PowerSyncActor.SyncPass);
        Assert.That((synced.Checked, synced.Changed, synced.Failed), Is.EqualTo((1, 0, 0)));
    }

    [Test]
    public async Task Wrong_credentials_are_counted_then_put_the_node_into_maintenance_with_ipmitools_error()
    {
        const string wrongPassword = "not-the-password";
        await using var host = await StartAsync(o => o.Conductor.PowerStateSyncMaxRetries = 1);
        var id = await ManagedIpmiNode(host, PowerStates.PowerOn);
        await PatchDriverInfo(host, id, "ipmi_password", wrongPassword);

        var first = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((first.Checked, first.Changed, first.Failed), Is.EqualTo((1, 0, 1)), "the failed read is only counted");
        var counted = await host.AskAsync<NodeView>(new GetNode(id));
        Assert.That((counted.Node.Maintenance, counted.Node.PowerState), Is.EqualTo((false, PowerStates.PowerOn)));

        var second = await Pass(host, PowerSyncActor.SyncPass);

        Assert.That((second.Checked, second.Changed, second.Failed), Is.EqualTo((1, 1, 1)));
        var failed = await host.EventuallyAsync(id, n => n.Maintenance);
        Assert.That(failed.Fault, Is.EqualTo(PowerSync.PowerFailureFault));
        Assert.That(failed.MaintenanceReason, Does.StartWith($"During sync_power_state, max retries exceeded for node {id}"));
        Assert.That(failed.MaintenanceReason, Does.Contain("Error: IPMI call failed: power status."));
        Assert.That(failed.MaintenanceReason, Does.Contain("Unable to establish IPMI v2 / RMCP+ session"), "ipmitool's own error text");
        Assert.That(failed.MaintenanceReason, Does.Not.Contain(wrongPassword), "the password must never show");
        Assert.That(Bmc.PowerOn, Is.True, "nothing was switched");
    }
}
