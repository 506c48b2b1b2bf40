using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Redfish;
using Ironic.Actors.TestKit;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Redfish;

/// <summary>The redfish power and management interfaces against <see cref="RedfishBmcEmulator"/>.</summary>
public class RedfishDriverTests
{
    private RedfishBmcEmulator _bmc = null!;
    private RedfishClient _client = null!;
    private RedfishPower _power = null!;
    private RedfishManagement _management = null!;

    private static RedfishOptions FastOptions() => new()
    {
        ConnectionAttempts = 2,
        ConnectionRetryInterval = 0.05,
        RequestTimeout = 10,
        PowerStateChangeTimeout = 5,
        PowerStatePollInterval = 0.05,
    };

    [SetUp]
    public void Start()
    {
        _bmc = new RedfishBmcEmulator();
        _client = new RedfishClient(FastOptions());
        _power = new RedfishPower(_client);
        _management = new RedfishManagement(_client);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _bmc.DisposeAsync();
    }

    private Node Node(Action<JsonObject>? edit = null)
    {
        var info = new JsonObject
        {
            ["redfish_address"] = _bmc.Address,
            ["redfish_username"] = "admin",
            ["redfish_password"] = "password",
        };
        edit?.Invoke(info);
        return TestNodes.FakeNode() with { Driver = "redfish", DriverInfo = info };
    }

    [Test]
    public async Task Power_state_is_read_from_the_only_system()
    {
        Assert.That(await _power.GetPowerStateAsync(Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));
        _bmc.PowerState = "PoweringOn";
        Assert.That(await _power.GetPowerStateAsync(Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));
        _bmc.PowerState = "On";
        Assert.That(await _power.GetPowerStateAsync(Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));
        _bmc.PowerState = "PoweringOff";
        Assert.That(await _power.GetPowerStateAsync(Node(), CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));

        Assert.That(_bmc.Requests.Take(3).Select(r => r.Split(' ')[1]),
            Is.EqualTo(new[] { "/redfish/v1/", "/redfish/v1/Systems", "/redfish/v1/Systems/1" }));
    }

    [Test]
    public async Task Power_on_and_off_use_the_reset_action()
    {
        Assert.That(await _power.SetPowerStateAsync(Node(), PowerStates.PowerOn, null, CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));
        Assert.That(_bmc.PowerState, Is.EqualTo("On"));

        Assert.That(await _power.SetPowerStateAsync(Node(), PowerStates.PowerOff, null, CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));
        Assert.That(_bmc.PowerState, Is.EqualTo("Off"));

        Assert.That(_bmc.Resets, Is.EqualTo(new[] { "On", "ForceOff" }));
        Assert.That(_bmc.Requests, Has.Some.StartsWith("POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset"));
    }

    [Test]
    public async Task Power_on_waits_until_powering_on_settles()
    {
        _bmc.PowerTransition = TimeSpan.FromMilliseconds(400);
        var clock = Stopwatch.StartNew();

        var result = await _power.SetPowerStateAsync(Node(), PowerStates.PowerOn, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerStates.PowerOn));
        Assert.That(_bmc.PowerState, Is.EqualTo("On"));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350)));
    }

    [Test]
    public async Task Reboot_is_force_off_then_on()
    {
        _bmc.PowerState = "On";

        var result = await _power.SetPowerStateAsync(Node(), PowerStates.Rebooting, null, CancellationToken.None);

        Assert.That(result, Is.EqualTo(PowerStates.PowerOn));
        Assert.That(_bmc.Resets, Is.EqualTo(new[] { "ForceOff", "On" }));
    }

    [Test]
    public async Task Reboot_of_a_system_that_is_off_only_powers_on()
    {
        await _power.SetPowerStateAsync(Node(), PowerStates.Rebooting, null, CancellationToken.None);

        Assert.That(_bmc.Resets, Is.EqualTo(new[] { "On" }));
    }

    [Test]
    public async Task Soft_actions_are_graceful_resets()
    {
        _bmc.PowerState = "On";

        Assert.That(await _power.SetPowerStateAsync(Node(), PowerStates.SoftPowerOff, null, CancellationToken.None), Is.EqualTo(PowerStates.PowerOff));
        _bmc.PowerState = "On";
        Assert.That(await _power.SetPowerStateAsync(Node(), PowerStates.SoftRebooting, null, CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));

        Assert.That(_bmc.Resets, Is.EqualTo(new[] { "GracefulShutdown", "GracefulRestart" }));
    }

    [Test]
    public void Power_action_fails_when_the_state_is_never_reached()
    {
        _bmc.PowerState = "On";
        _bmc.IgnoreGracefulShutdown = true;

        var error = Assert.ThrowsAsync<DriverException>(
            () => _power.SetPowerStateAsync(Node(), PowerStates.SoftPowerOff, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Failed to set node power state to soft power off."));
        Assert.That(error.Message, Does.Contain("PowerState On"));
    }

    [TestCase("pxe", false, "Pxe", "Once")]
    [TestCase("disk", true, "Hdd", "Continuous")]
    [TestCase("cdrom", false, "Cd", "Once")]
    [TestCase("bios", true, "BiosSetup", "Continuous")]
    public async Task Boot_device_is_patched_and_read_back(string device, bool persistent, string target, string enabled)
    {
        await _management.SetBootDeviceAsync(Node(), device, persistent, CancellationToken.None);

        Assert.That(_bmc.BootTarget, Is.EqualTo(target));
        Assert.That(_bmc.BootEnabled, Is.EqualTo(enabled));
        Assert.That(_bmc.Requests, Has.Some.StartsWith("PATCH /redfish/v1/Systems/1 {\"Boot\":"));
        Assert.That(await _management.GetBootDeviceAsync(Node(), CancellationToken.None), Is.EqualTo(new BootDeviceInfo(device, persistent)));
    }

    [Test]
    public async Task No_override_reads_as_unknown()
    {
        Assert.That(await _management.GetBootDeviceAsync(Node(), CancellationToken.None), Is.EqualTo(new BootDeviceInfo(null, null)));
    }

    [Test]
    public void Unsupported_boot_device_is_a_400()
    {
        var error = Assert.ThrowsAsync<DriverException>(() => _management.SetBootDeviceAsync(Node(), "safe", false, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(400));
        Assert.That(_bmc.Requests, Is.Empty);
    }

    [Test]
    public void Wrong_credentials_give_a_401_error()
    {
        var error = Assert.ThrowsAsync<DriverException>(
            () => _power.GetPowerStateAsync(Node(i => i["redfish_password"] = "wrong"), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"Redfish exception occurred. Error: HTTP GET {_bmc.Address}/redfish/v1/ returned code 401"));
        Assert.That(error.Message, Does.Contain("insufficient privileges"));
        Assert.That(error.Message, Does.Not.Contain("wrong"));
    }

    [Test]
    public void Server_error_carries_the_redfish_message()
    {
        _bmc.FailWith = HttpStatusCode.InternalServerError;
        _bmc.FailMessage = "Power supply 2 reports a fault.";

        var error = Assert.ThrowsAsync<DriverException>(() => _power.SetPowerStateAsync(Node(), PowerStates.PowerOn, null, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(500));
        Assert.That(error.Message, Does.Contain("returned code 500 (Internal Server Error)."));
        Assert.That(error.Message, Does.Contain("Base.1.8.GeneralError: A general error has occurred. See ExtendedInfo for more information. Power supply 2 reports a fault."));
    }

    [Test]
    public void Hanging_bmc_is_cancelled_within_the_budget()
    {
        _bmc.Hang = true;
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(() => _power.GetPowerStateAsync(Node(), budget.Token));

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test]
    public void Hanging_bmc_fails_after_the_request_timeout_and_the_retries()
    {
        _bmc.Hang = true;
        var options = FastOptions();
        options.RequestTimeout = 0.3;
        using var client = new RedfishClient(options);
        var clock = Stopwatch.StartNew();

        var error = Assert.ThrowsAsync<DriverException>(() => new RedfishPower(client).GetPowerStateAsync(Node(), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"Redfish connection failed for node {TestNodes.FakeNode().Uuid}: HTTP GET"));
        Assert.That(error.Message, Does.Contain("no answer within 0.3 seconds (after 2 attempt(s))"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(_bmc.Requests.Count, Is.EqualTo(2));
    }

    [Test]
    public void Unreachable_bmc_is_retried_then_reported()
    {
        var node = Node(i => i["redfish_address"] = $"http://127.0.0.1:{FreePort.NextTcp()}");

        var error = Assert.ThrowsAsync<DriverException>(() => _power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("Redfish connection failed for node"));
        Assert.That(error.Message, Does.Contain("(after 2 attempt(s))"));
    }

    [Test]
    public void Budget_running_out_between_connection_attempts_keeps_the_connection_error()
    {
        var options = FastOptions();
        options.ConnectionAttempts = 5;
        options.ConnectionRetryInterval = 2;
        using var client = new RedfishClient(options);
        using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var node = Node(i => i["redfish_address"] = $"http://127.0.0.1:{FreePort.NextTcp()}");

        var error = Assert.ThrowsAsync<DriverException>(() => new RedfishPower(client).GetPowerStateAsync(node, budget.Token));

        Assert.That(error!.Message, Does.StartWith("Redfish connection failed for node"));
        Assert.That(error.Message, Does.EndWith("(after 1 attempt(s); the operation was then cancelled)."));
    }

    [Test]
    public async Task Verify_ca_false_accepts_a_self_signed_certificate_for_that_node_only()
    {
        await using var tls = new TlsRedfishStub();
        void Https(JsonObject info) => info["redfish_address"] = tls.Address;
        void SystemOne(JsonObject info) => info["redfish_system_id"] = "/redfish/v1/Systems/1";

        var trusting = Node(i => { Https(i); SystemOne(i); i["redfish_verify_ca"] = false; });
        Assert.That(await _power.GetPowerStateAsync(trusting, CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));

        // Same client, same BMC, but this node verifies certificates: the self-signed one is refused.
        var verifying = Node(i => { Https(i); SystemOne(i); });
        var error = Assert.ThrowsAsync<DriverException>(() => _power.GetPowerStateAsync(verifying, CancellationToken.None));
        Assert.That(error!.Message, Does.StartWith("Redfish connection failed for node"));
        Assert.That(error.Message, Does.Contain("SSL").IgnoreCase);
    }

    [Test]
    public async Task System_id_picks_one_of_several_systems()
    {
        await using var bmc = new RedfishBmcEmulator(systems: 2);
        var node = Node(i =>
        {
            i["redfish_address"] = bmc.Address;
            i["redfish_system_id"] = "/redfish/v1/Systems/2";
        });

        await _power.SetPowerStateAsync(node, PowerStates.PowerOn, null, CancellationToken.None);

        Assert.That(bmc.Requests, Has.Some.StartsWith("POST /redfish/v1/Systems/2/Actions/ComputerSystem.Reset"));
        Assert.That(bmc.Requests, Has.None.StartsWith("GET /redfish/v1/Systems "));
    }

    [Test]
    public async Task Several_systems_without_system_id_is_an_error()
    {
        await using var bmc = new RedfishBmcEmulator(systems: 2);

        var error = Assert.ThrowsAsync<DriverException>(
            () => _power.GetPowerStateAsync(Node(i => i["redfish_address"] = bmc.Address), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("set driver_info/redfish_system_id"));
    }

    [Test]
    public void Missing_address_is_reported_with_ironic_text()
    {
        var node = TestNodes.FakeNode() with { Driver = "redfish", DriverInfo = new JsonObject { ["redfish_username"] = "u" } };

        var result = _power.Validate(node);

        Assert.That(result.Result, Is.False);
        Assert.That(result.Reason, Is.EqualTo($"Missing the following Redfish properties in node {node.Uuid} driver_info: ['redfish_address']"));
        Assert.That(_management.Validate(node), Is.EqualTo(result));
    }

    [TestCase("http://", "Invalid Redfish address http:// set in driver_info/redfish_address on node")]
    [TestCase("ftp://bmc.example.com", "Invalid Redfish address ftp://bmc.example.com set in driver_info/redfish_address on node")]
    [TestCase("not a url", "Invalid Redfish address not a url set in driver_info/redfish_address on node")]
    public void Address_must_be_a_url(string address, string reason)
    {
        var result = _power.Validate(Node(i => i["redfish_address"] = address));

        Assert.That(result.Result, Is.False);
        Assert.That(result.Reason, Does.StartWith(reason));
    }

    [Test]
    public void Other_invalid_values()
    {
        Assert.That(_power.Validate(Node(i => i["redfish_verify_ca"] = "maybe")).Reason,
            Does.StartWith("Invalid value type set in driver_info/redfish_verify_ca on node"));
        Assert.That(_power.Validate(Node(i => i["redfish_auth_type"] = "kerberos")).Reason,
            Does.Contain("The value should be one of \"basic\", \"session\" or \"auto\"."));
        Assert.That(_power.Validate(Node(i => i["redfish_system_id"] = 7)).Reason,
            Does.Contain("The value should be a path (string) to the resource"));
    }

    [Test]
    public void Address_parsing_follows_ironic()
    {
        var bare = RedfishDriverInfo.Parse(Node(i => i["redfish_address"] = "10.1.2.3:8000"));
        Assert.That(bare.BaseAddress, Is.EqualTo(new Uri("https://10.1.2.3:8000")));
        Assert.That(bare.RootPath, Is.EqualTo("/redfish/v1/"));

        var prefixed = RedfishDriverInfo.Parse(Node(i =>
        {
            i["redfish_address"] = "https://bmc.example.com/custom/root";
            i["redfish_verify_ca"] = "false";
        }));
        Assert.That(prefixed.RootPath, Is.EqualTo("/custom/root/"));
        Assert.That(prefixed.VerifyCa, Is.False);

        Assert.That(RedfishDriverInfo.Parse(Node(i => i["redfish_verify_ca"] = false)).VerifyCa, Is.False);
        Assert.That(RedfishDriverInfo.Parse(Node()).VerifyCa, Is.True);
    }

    [Test]
    public void Redfish_error_bodies_are_summarised()
    {
        Assert.That(RedfishClient.RedfishErrorText("""{"error": {"code": "Base.1.0.GeneralError", "message": "Boom"}}"""),
            Is.EqualTo("Base.1.0.GeneralError: Boom"));
        Assert.That(RedfishClient.RedfishErrorText("<html>oops</html>"), Is.Empty);
        Assert.That(RedfishClient.RedfishErrorText(""), Is.Empty);
    }
}
