using System.Diagnostics;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Ipmi;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Ipmi;

/// <summary>The ipmitool power and management interfaces against a real BMC (OpenIPMI's ipmi_sim).</summary>
[NonParallelizable]
public class IpmitoolAgainstIpmiSimTests
{
    private IpmiSimulator? _bmc;
    private IpmitoolPower _power = null!;
    private IpmitoolManagement _management = null!;

    private IpmiSimulator Bmc => _bmc!;

    /// <summary>Fast settings: a real deployment keeps Ironic's 5 s gap and 60 s budget.</summary>
    private static IpmiOptions FastOptions() => new()
    {
        MinCommandInterval = 0.05,
        CommandRetryTimeout = 4,
        PowerStateChangeTimeout = 10,
        PowerStatePollInterval = 0.05,
    };

    [OneTimeSetUp]
    public async Task StartBmc()
    {
        if (!IpmiSimulator.ToolsInstalled(out var missing))
            Assert.Fail($"{missing} not installed: these tests need a real BMC simulator (Debian packages openipmi and ipmitool; " +
                        "`bash test.sh` installs them when run as root). A machine without them must not pass these tests silently.");
        _bmc = await IpmiSimulator.StartAsync(TimeSpan.FromSeconds(15));
    }

    [OneTimeTearDown]
    public async Task StopBmc()
    {
        if (_bmc is not null)
            await _bmc.DisposeAsync();
    }

    [SetUp]
    public void FreshDrivers()
    {
        Bmc.Reset();
        var runner = new IpmitoolRunner(FastOptions());
        _power = new IpmitoolPower(runner);
        _management = new IpmitoolManagement(runner);
    }

    [Test]
    public async Task Power_status_reads_what_the_machine_reports()
    {
        Assert.That(await _power.GetPowerStateAsync(Bmc.Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));

        Bmc.PowerOn = true;

        Assert.That(await _power.GetPowerStateAsync(Bmc.Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));
    }

    [Test]
    public async Task Power_on_then_off_through_the_driver()
    {
        var clock = Stopwatch.StartNew();
        var on = await _power.SetPowerStateAsync(Bmc.Node(), PowerStates.PowerOn, null, CancellationToken.None);
        var onTime = clock.Elapsed;

        Assert.That(on, Is.EqualTo(PowerStates.PowerOn));
        Assert.That(Bmc.PowerOn, Is.True);
        TestContext.Out.WriteLine($"power on (command + status poll, min_command_interval 0.05 s) took {onTime.TotalMilliseconds:0} ms");

        var off = await _power.SetPowerStateAsync(Bmc.Node(), PowerStates.PowerOff, null, CancellationToken.None);

        Assert.That(off, Is.EqualTo(PowerStates.PowerOff));
        Assert.That(Bmc.PowerOn, Is.False);
        Assert.That(Bmc.ControlCalls, Does.Contain("set power 1").And.Contain("set power 0"));
    }

    [Test]
    public async Task Reboot_powers_off_then_on_without_power_reset()
    {
        Bmc.PowerOn = true;

        var result = await _power.SetPowerStateAsync(Bmc.Node(), PowerStates.Rebooting, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerStates.PowerOn));
        var sets = Bmc.ControlCalls.Where(c => c.StartsWith("set ", StringComparison.Ordinal)).ToList();
        Assert.That(sets, Is.EqualTo(new[] { "set power 0", "set power 1" }));
        Assert.That(Bmc.PowerOn, Is.True);
    }

    [Test]
    public async Task Reboot_of_a_machine_that_is_off_only_powers_on()
    {
        var result = await _power.SetPowerStateAsync(Bmc.Node(), PowerStates.Rebooting, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerStates.PowerOn));
        Assert.That(Bmc.ControlCalls.Where(c => c.StartsWith("set ", StringComparison.Ordinal)), Is.EqualTo(new[] { "set power 1" }));
    }

    [Test]
    public async Task Soft_power_off_sends_power_soft_and_waits_for_off()
    {
        Bmc.PowerOn = true;

        var result = await _power.SetPowerStateAsync(Bmc.Node(), PowerStates.SoftPowerOff, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerStates.PowerOff));
        Assert.That(Bmc.ControlCalls, Does.Contain("set shutdown 1"));
    }

    [TestCase("pxe", "pxe")]
    [TestCase("disk", "default")]
    [TestCase("cdrom", "cdrom")]
    [TestCase("bios", "bios")]
    public async Task Boot_device_is_set_and_read_back(string device, string simulatorValue)
    {
        await _management.SetBootDeviceAsync(Bmc.Node(), device, persistent: false, CancellationToken.None);

        Assert.That(Bmc.BootDevice, Is.EqualTo(simulatorValue));
        var read = await _management.GetBootDeviceAsync(Bmc.Node(), CancellationToken.None);
        Assert.That(read.BootDevice, Is.EqualTo(device));
        // ipmi_sim does not keep the persistence flag; the parser's handling of it is covered by IpmitoolUnitTests.
        Assert.That(read.Persistent, Is.False);
    }

    [Test]
    public async Task Persistent_boot_device_is_accepted()
    {
        await _management.SetBootDeviceAsync(Bmc.Node(), "pxe", persistent: true, CancellationToken.None);

        Assert.That((await _management.GetBootDeviceAsync(Bmc.Node(), CancellationToken.None)).BootDevice, Is.EqualTo("pxe"));
    }

    [Test]
    public void Unsupported_boot_device_is_a_400_without_contacting_the_bmc()
    {
        var error = Assert.ThrowsAsync<DriverException>(() => _management.SetBootDeviceAsync(Bmc.Node(), "floppy", false, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(error.Message, Is.EqualTo("Invalid boot device floppy specified."));
        Assert.That(Bmc.ControlCalls, Is.Empty);
    }

    [Test]
    public void Wrong_password_fails_with_ipmitool_message_within_the_retry_budget()
    {
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<DriverException>(() => _power.GetPowerStateAsync(Bmc.Node(password: "wrong"), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("IPMI call failed: power status."));
        Assert.That(error.Message, Does.Contain("Unable to establish IPMI v2 / RMCP+ session"));
        Assert.That(error.Message, Does.Not.Contain("wrong"), "the password must never show");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(FastOptions().CommandRetryTimeout + 5)));
    }

    [Test]
    public void Bmc_not_running_fails_within_the_configured_budget()
    {
        var options = FastOptions();
        options.CommandRetryTimeout = 3;
        var power = new IpmitoolPower(new IpmitoolRunner(options));
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<DriverException>(
            () => power.GetPowerStateAsync(Bmc.Node(port: IpmiSimulator.FreeUdpPort()), CancellationToken.None));

        TestContext.Out.WriteLine($"unreachable BMC gave up after {clock.Elapsed.TotalSeconds:0.0} s: {error!.Message}");
        Assert.That(error.Message, Does.StartWith("IPMI call failed: power status."));
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1.5)));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(options.CommandRetryTimeout + 4)));
    }

    [Test]
    public void Cancellation_stops_the_command_long_before_the_retry_budget()
    {
        var options = FastOptions();
        options.CommandRetryTimeout = 30;
        var power = new IpmitoolPower(new IpmitoolRunner(options));
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(
            () => power.GetPowerStateAsync(Bmc.Node(port: IpmiSimulator.FreeUdpPort()), budget.Token));

        // Without the kill the driver would keep retrying for 30 s (bound kept loose for loaded CI machines).
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Power_action_times_out_when_the_machine_never_reaches_the_target()
    {
        // The driver asks for a soft power off, but this machine ignores ACPI shutdown requests.
        Bmc.PowerOn = true;
        Bmc.IgnoreShutdown = true;
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<DriverException>(
            () => _power.SetPowerStateAsync(Bmc.Node(), PowerStates.SoftPowerOff, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Failed to set node power state to soft power off."));
        Assert.That(error.Message, Does.Contain("still reported power on"));
        // Loose bound: each status poll is an ipmitool run, slow on a loaded machine; the point is it does not hang.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Protocol_1_5_uses_the_lan_interface()
    {
        var node = Bmc.Node(edit: info =>
        {
            info["ipmi_protocol_version"] = "1.5";
            info.Remove("ipmi_cipher_suite");
        });

        Assert.That(await _power.GetPowerStateAsync(node, CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));
    }
}
