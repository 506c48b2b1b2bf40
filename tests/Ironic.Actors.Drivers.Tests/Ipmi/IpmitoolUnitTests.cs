using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Ipmi;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Ipmi;

/// <summary>driver_info validation, the ipmitool command line, the password file, the per-BMC gap, output parsing.</summary>
public class IpmitoolUnitTests
{
    private static Node NodeWith(JsonObject driverInfo) => TestNodes.FakeNode() with { Driver = "ipmi", DriverInfo = driverInfo };

    private static JsonObject Info(params (string Key, JsonNode? Value)[] entries)
    {
        var info = new JsonObject { ["ipmi_address"] = "10.0.0.5" };
        foreach (var (key, value) in entries)
            info[key] = value;
        return info;
    }

    [Test]
    public void Missing_address_is_reported_with_ironic_text()
    {
        var node = NodeWith(new JsonObject { ["ipmi_username"] = "admin" });
        var power = new IpmitoolPower(new IpmitoolRunner(new IpmiOptions()));

        var result = power.Validate(node);

        Assert.That(result.Result, Is.False);
        Assert.That(result.Reason, Is.EqualTo("Missing the following IPMI credentials in node's driver_info: ['ipmi_address']."));
        Assert.That(new IpmitoolManagement(new IpmitoolRunner(new IpmiOptions())).Validate(node).Reason, Is.EqualTo(result.Reason));
        var error = Assert.ThrowsAsync<DriverException>(() => power.GetPowerStateAsync(node, CancellationToken.None));
        Assert.That(error!.StatusCode, Is.EqualTo(400));
    }

    [TestCase("ipmi_port", "abc", "ipmi_port \"abc\" is not a valid integer.")]
    [TestCase("ipmi_port", "70000", "ipmi_port \"70000\" is out of range. Valid port numbers must be between 1 and 65535.")]
    [TestCase("ipmi_priv_level", "ROOT", "Invalid privilege level value:ROOT, the valid value can be one of ['ADMINISTRATOR', 'CALLBACK', 'OPERATOR', 'USER']")]
    [TestCase("ipmi_protocol_version", "3.0", "Invalid IPMI protocol version value 3.0, the valid value can be one of ('2.0', '1.5')")]
    [TestCase("ipmi_hex_kg_key", "abc", "Number of ipmi_hex_kg_key characters is not even")]
    [TestCase("ipmi_bridging", "triple", "Parameter ipmi_bridging=\"triple\" is not a valid option. Valid options are: ['no', 'single', 'dual']")]
    [TestCase("ipmi_bridging", "single", "['ipmi_target_channel', 'ipmi_target_address'] is required for ipmi_bridging \"single\" (missing in node's driver_info).")]
    public void Bad_values_are_invalid_with_a_clear_reason(string key, string value, string reason)
    {
        var result = new IpmitoolPower(new IpmitoolRunner(new IpmiOptions())).Validate(NodeWith(Info((key, value))));

        Assert.That(result.Result, Is.False);
        Assert.That(result.Reason, Is.EqualTo(reason));
    }

    [Test]
    public void Cipher_suite_must_be_a_number()
    {
        var result = new IpmitoolPower(new IpmitoolRunner(new IpmiOptions())).Validate(NodeWith(Info(("ipmi_cipher_suite", "strong"))));

        Assert.That(result.Reason, Does.Contain("ipmi_cipher_suite"));
    }

    [Test]
    public void Valid_info_passes_and_numbers_may_be_json_numbers()
    {
        var node = NodeWith(Info(("ipmi_port", 623), ("ipmi_priv_level", "OPERATOR"), ("ipmi_cipher_suite", 3)));

        Assert.That(new IpmitoolPower(new IpmitoolRunner(new IpmiOptions())).Validate(node), Is.EqualTo(ValidationResult.Ok));
    }

    [Test]
    public void Command_line_follows_ironic()
    {
        var info = IpmiDriverInfo.Parse(NodeWith(Info(
            ("ipmi_port", "6230"), ("ipmi_username", "admin"), ("ipmi_password", "secret"), ("ipmi_cipher_suite", "3"),
            ("ipmi_hex_kg_key", "0a0b"))));

        Assert.That(info.ConnectionArguments(5), Is.EqualTo(new[]
        {
            "-I", "lanplus", "-H", "10.0.0.5", "-L", "ADMINISTRATOR", "-p", "6230", "-U", "admin", "-C", "3", "-y", "0a0b",
            "-R", "1", "-N", "5",
        }));
    }

    [Test]
    public void Protocol_1_5_and_dual_bridging_arguments()
    {
        var info = IpmiDriverInfo.Parse(NodeWith(Info(
            ("ipmi_protocol_version", "1.5"), ("ipmi_priv_level", "USER"), ("ipmi_bridging", "dual"), ("ipmi_local_address", "0x20"),
            ("ipmi_transit_channel", "0"), ("ipmi_transit_address", "0x82"), ("ipmi_target_channel", "7"), ("ipmi_target_address", "0x72"))));

        Assert.That(info.ConnectionArguments(1), Is.EqualTo(new[]
        {
            "-I", "lan", "-H", "10.0.0.5", "-L", "USER", "-m", "0x20", "-B", "0", "-T", "0x82", "-b", "7", "-t", "0x72", "-R", "1", "-N", "1",
        }));
    }

    [Test]
    public async Task Password_goes_through_a_private_temporary_file_never_the_command_line()
    {
        using var fake = new FakeIpmitool("""
            pw=""; while [ $# -gt 0 ]; do [ "$1" = "-f" ] && pw="$2"; shift; done
            echo "mode=$(stat -c %a "$pw") content=$(cat "$pw") file=$pw" >> "$LOG"
            echo "Chassis Power is on"
            """);
        var power = new IpmitoolPower(new IpmitoolRunner(fake.Options()));

        var state = await power.GetPowerStateAsync(NodeWith(Info(("ipmi_password", "s3cret"), ("ipmi_username", "admin"))), CancellationToken.None);

        Assert.That(state, Is.EqualTo(PowerStates.PowerOn));
        var line = fake.Log.Single(l => l.StartsWith("mode=", StringComparison.Ordinal));
        Assert.That(line, Does.StartWith("mode=600 content=s3cret file="));
        Assert.That(File.Exists(line[(line.IndexOf("file=", StringComparison.Ordinal) + 5)..]), Is.False, "the file is deleted afterwards");
        var args = fake.Log.Single(l => l.StartsWith("args:", StringComparison.Ordinal));
        Assert.That(args, Does.Not.Contain("s3cret"));
        Assert.That(args, Does.Contain("-U admin").And.Contain("power status"));
    }

    [Test]
    public async Task Commands_to_one_bmc_are_serialised_and_kept_apart()
    {
        using var fake = new FakeIpmitool("""
            echo "start $(date +%s.%N)" >> "$LOG"; sleep 0.1; echo "Chassis Power is off"
            """);
        var options = fake.Options();
        options.MinCommandInterval = 0.3;
        var power = new IpmitoolPower(new IpmitoolRunner(options));
        var node = NodeWith(Info());

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => power.GetPowerStateAsync(node, CancellationToken.None)));

        var starts = fake.Log.Where(l => l.StartsWith("start ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[6..], CultureInfo.InvariantCulture)).Order().ToList();
        Assert.That(starts, Has.Count.EqualTo(3));
        // Each command starts at least min_command_interval after the previous one ended (0.1 s run + 0.3 s gap).
        Assert.That(starts[1] - starts[0], Is.GreaterThanOrEqualTo(0.39));
        Assert.That(starts[2] - starts[1], Is.GreaterThanOrEqualTo(0.39));
    }

    [Test]
    public async Task Failed_commands_are_retried_until_they_succeed()
    {
        using var fake = new FakeIpmitool("""
            n=$(grep -c '^args:' "$LOG")
            if [ "$n" -lt 3 ]; then echo "Error: Node busy" >&2; exit 1; fi
            echo "Chassis Power is off"
            """);

        var state = await new IpmitoolPower(new IpmitoolRunner(fake.Options())).GetPowerStateAsync(NodeWith(Info()), CancellationToken.None);

        Assert.That(state, Is.EqualTo(PowerStates.PowerOff));
        Assert.That(fake.Log.Count(l => l.StartsWith("args:", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public void Errors_carry_the_ipmitool_stderr_text()
    {
        using var fake = new FakeIpmitool("""
            echo "Set Chassis Power Control to Up/On failed: Command not supported in present state" >&2; exit 1
            """);
        var options = fake.Options();
        options.CommandRetryTimeout = 0.3;

        var error = Assert.ThrowsAsync<DriverException>(
            () => new IpmitoolPower(new IpmitoolRunner(options)).SetPowerStateAsync(NodeWith(Info()), PowerStates.PowerOn, null, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("IPMI call failed: power on. ipmitool exited with code 1: " +
            "Set Chassis Power Control to Up/On failed: Command not supported in present state"));
    }

    [Test]
    public void Running_out_of_the_callers_budget_while_retrying_keeps_the_ipmitool_message()
    {
        using var fake = new FakeIpmitool("""
            echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2; exit 1
            """);
        var options = fake.Options();
        options.CommandRetryTimeout = 30;
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        var error = Assert.ThrowsAsync<DriverException>(
            () => new IpmitoolPower(new IpmitoolRunner(options)).GetPowerStateAsync(NodeWith(Info()), budget.Token));

        Assert.That(error!.Message, Does.StartWith("IPMI call failed: power status. ipmitool exited with code 1: Error: Unable to establish IPMI v2 / RMCP+ session (still failing after"));
        Assert.That(error.Message, Does.Contain("when the operation was cancelled"));
    }

    [Test]
    public void Cancellation_kills_the_running_ipmitool()
    {
        using var fake = new FakeIpmitool("""
            echo "pid $$" >> "$LOG"; exec sleep 30
            """);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(
            () => new IpmitoolPower(new IpmitoolRunner(fake.Options())).GetPowerStateAsync(NodeWith(Info()), budget.Token));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        var pid = fake.Log.Single(l => l.StartsWith("pid ", StringComparison.Ordinal))[4..];
        Assert.That(() => Directory.Exists($"/proc/{pid}"), Is.False.After(2000, 50), "the ipmitool process is killed, not left running");
    }

    [Test]
    public async Task Boot_device_commands_follow_ironic()
    {
        using var fake = new FakeIpmitool("true");
        var management = new IpmitoolManagement(new IpmitoolRunner(fake.Options()));
        var uefi = NodeWith(Info()) with { BootMode = "uefi" };

        await management.SetBootDeviceAsync(uefi, "pxe", persistent: true, CancellationToken.None);
        await management.SetBootDeviceAsync(NodeWith(Info(("ipmi_disable_boot_timeout", "false"))), "disk", persistent: false, CancellationToken.None);

        // What follows the password file is the command.
        var commands = fake.Log.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^.* -f \S+ ", "")).ToList();
        Assert.That(commands, Is.EqualTo(new[]
        {
            "raw 0x00 0x08 0x03 0x08",
            "chassis bootdev pxe options=persistent,efiboot",
            "chassis bootdev disk",
        }));
    }

    [Test]
    public void Unexpected_status_output_is_an_error_state()
    {
        Assert.That(IpmitoolPower.ParsePowerStatus("Chassis Power is on\n"), Is.EqualTo(PowerStates.PowerOn));
        Assert.That(IpmitoolPower.ParsePowerStatus("Chassis Power is off\n"), Is.EqualTo(PowerStates.PowerOff));
        Assert.That(IpmitoolPower.ParsePowerStatus("Chassis Power is unknown\n"), Is.EqualTo(PowerStates.Error));
    }

    [TestCase("Force PXE", "pxe")]
    [TestCase("Force Boot from default Hard-Drive", "disk")]
    [TestCase("Force Boot from default Hard-Drive, request Safe-Mode", "safe")]
    [TestCase("Force Boot from CD/DVD", "cdrom")]
    [TestCase("Force Boot into BIOS Setup", "bios")]
    [TestCase("No override", null)]
    public void Boot_parameter_output_is_parsed_like_ironic(string selector, string? device)
    {
        var output = $"""
            Boot parameter version: 1
            Boot parameter 5 is valid/unlocked
            Boot parameter data: c004000000
             Boot Flags :
               - Boot Flag Valid
               - Options apply to all future boots
               - BIOS PC Compatible (legacy) boot
               - Boot Device Selector : {selector}
               - BIOS verbosity : System Default

            """;

        Assert.That(IpmitoolManagement.ParseBootParameter(output), Is.EqualTo(new BootDeviceInfo(device, true)));
    }

    [Test]
    public void Missing_ipmitool_is_a_driver_error()
    {
        var options = new IpmiOptions { IpmitoolPath = "/nonexistent/ipmitool", CommandRetryTimeout = 0.2, MinCommandInterval = 0 };

        var error = Assert.ThrowsAsync<DriverException>(
            () => new IpmitoolPower(new IpmitoolRunner(options)).GetPowerStateAsync(NodeWith(Info()), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("is ipmitool installed?"));
    }

    /// <summary>A shell script standing in for ipmitool: logs its arguments to $LOG, then runs <c>body</c>.</summary>
    private sealed class FakeIpmitool : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "fake-ipmitool-" + Guid.NewGuid().ToString("N")[..12]);

        public FakeIpmitool(string body)
        {
            if (OperatingSystem.IsWindows())
                Assert.Ignore("needs a POSIX shell");
            Directory.CreateDirectory(_directory);
            LogPath = Path.Combine(_directory, "log");
            File.WriteAllText(LogPath, "");
            Script = Path.Combine(_directory, "ipmitool");
            File.WriteAllText(Script, $"#!/bin/sh\nLOG='{LogPath}'\necho \"args: $*\" >> \"$LOG\"\n{body}\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        public string Script { get; }
        public string LogPath { get; }
        public IReadOnlyList<string> Log => File.ReadAllLines(LogPath);

        public IpmiOptions Options() => new()
        {
            IpmitoolPath = Script,
            MinCommandInterval = 0,
            CommandRetryTimeout = 5,
            PowerStatePollInterval = 0.05,
        };

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
