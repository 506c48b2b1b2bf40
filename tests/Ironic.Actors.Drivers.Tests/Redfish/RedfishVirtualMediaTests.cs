using System.Net;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Deploy;
using Ironic.Actors.Drivers.Fake;
using Ironic.Actors.Drivers.Redfish;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Redfish;

/// <summary>The ramdisk deploy through the redfish-virtual-media boot interface, against <see cref="RedfishBmcEmulator"/>.</summary>
public class RedfishVirtualMediaTests
{
    private const string Iso = "http://images.example.com/live.iso";

    private RedfishBmcEmulator _bmc = null!;
    private RedfishClient _client = null!;
    private RedfishVirtualMediaBoot _boot = null!;
    private NodeDrivers _drivers = null!;
    private readonly RamdiskDeploy _deploy = new();

    [SetUp]
    public void Start()
    {
        // Power changes land a moment after the reset, as on real hardware.
        _bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(150) };
        _client = new RedfishClient(new RedfishOptions
        {
            ConnectionAttempts = 2, ConnectionRetryInterval = 0.05, RequestTimeout = 10,
            PowerStateChangeTimeout = 5, PowerStatePollInterval = 0.05,
        });
        _boot = new RedfishVirtualMediaBoot(_client);
        _drivers = new NodeDrivers(new RedfishPower(_client), new RedfishManagement(_client), _boot);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _bmc.DisposeAsync();
    }

    private Node Node(string? bootIso = Iso, string deploy = "ramdisk") => TestNodes.FakeNode() with
    {
        Driver = "redfish",
        Interfaces = TestNodes.FakeInterfaces with { Boot = "redfish-virtual-media", Deploy = deploy, Power = "redfish", Management = "redfish" },
        DriverInfo = new JsonObject
        {
            ["redfish_address"] = _bmc.Address,
            ["redfish_username"] = "admin",
            ["redfish_password"] = "password",
        },
        InstanceInfo = bootIso is null ? new JsonObject() : new JsonObject { ["boot_iso"] = bootIso },
    };

    [Test]
    public async Task Deploy_powers_off_inserts_the_iso_boots_from_cd_and_powers_on()
    {
        _bmc.PowerState = "On";
        _bmc.InsertCd("http://old.example.com/previous.iso");

        Assert.That(_deploy.Validate(Node(), _drivers).Result, Is.True);
        var power = await _deploy.DeployAsync(Node(), _drivers, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(power, Is.EqualTo(PowerStates.PowerOn));
            Assert.That(_bmc.PowerState, Is.EqualTo("On"));
            Assert.That(_bmc.Resets, Is.EqualTo(new[] { "ForceOff", "On" }));
            Assert.That(_bmc.CdImage, Is.EqualTo(Iso));
            Assert.That(_bmc.CdInserted, Is.True);
            Assert.That(_bmc.CdWriteProtected, Is.True);
            Assert.That(_bmc.BootTarget, Is.EqualTo("Cd"));
            // Persistent, as Ironic sets it for a ramdisk instance: it boots its ISO again after a reboot.
            Assert.That(_bmc.BootEnabled, Is.EqualTo("Continuous"));
            Assert.That(_bmc.Requests, Has.Some.StartsWith("POST /redfish/v1/Managers/BMC/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia"));
            Assert.That(_bmc.Requests, Has.Some.StartsWith("POST /redfish/v1/Managers/BMC/VirtualMedia/Cd/Actions/VirtualMedia.InsertMedia"));
        }
        // The override is set before the node is powered on.
        var requests = _bmc.Requests.ToList();
        Assert.That(requests.FindIndex(r => r.StartsWith("PATCH /redfish/v1/Systems/1 ", StringComparison.Ordinal)),
            Is.LessThan(requests.FindLastIndex(r => r.Contains("\"ResetType\":\"On\"", StringComparison.Ordinal))));
    }

    [Test]
    public async Task Tear_down_powers_off_and_clean_up_ejects()
    {
        await _deploy.DeployAsync(Node(), _drivers, CancellationToken.None);

        var power = await _deploy.TearDownAsync(Node(), _drivers, CancellationToken.None);
        await _deploy.CleanUpAsync(Node(), _drivers, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(power, Is.EqualTo(PowerStates.PowerOff));
            Assert.That(_bmc.PowerState, Is.EqualTo("Off"));
            Assert.That(_bmc.CdInserted, Is.False);
            Assert.That(_bmc.CdImage, Is.Null);
        }
    }

    [Test]
    public async Task Without_the_actions_the_media_is_patched_as_sushy_does()
    {
        _bmc.VirtualMediaActions = false;

        await _deploy.DeployAsync(Node(), _drivers, CancellationToken.None);
        Assert.That(_bmc.CdImage, Is.EqualTo(Iso));
        Assert.That(_bmc.Requests, Has.Some.StartsWith("PATCH /redfish/v1/Managers/BMC/VirtualMedia/Cd"));

        await _boot.CleanUpInstanceAsync(Node(), CancellationToken.None);
        Assert.That(_bmc.CdInserted, Is.False);
    }

    [Test]
    public void A_refused_insert_fails_with_the_bmc_error()
    {
        _bmc.FailInsertWith = HttpStatusCode.InternalServerError;
        _bmc.FailMessage = "The image server cannot be reached.";

        var error = Assert.ThrowsAsync<DriverException>(() => _deploy.DeployAsync(Node(), _drivers, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"Virtual media mount failed for node {Node().Uuid} with image {Iso}. Error: "));
        Assert.That(error.Message, Does.Contain("returned code 500").And.Contain("The image server cannot be reached."));
        Assert.That(_bmc.PowerState, Is.EqualTo("Off"), "the node is not powered on after a failed insert");
    }

    [Test]
    public void A_bmc_without_virtual_media_fails_clearly()
    {
        _bmc.HasVirtualMedia = false;

        var error = Assert.ThrowsAsync<DriverException>(() => _deploy.DeployAsync(Node(), _drivers, CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith($"No suitable virtual media device found for node {Node().Uuid} to mount image {Iso}"));
    }

    [Test]
    public void Validation_needs_boot_iso_for_the_ramdisk_deploy()
    {
        var missing = _deploy.Validate(Node(bootIso: null), _drivers);
        Assert.That(missing.Result, Is.False);
        Assert.That(missing.Reason, Is.EqualTo(
            "Cannot validate driver deploy. Some parameters were missing in node's instance_info. Missing are: ['boot_iso']"));

        var kernel = Node(bootIso: null) with { InstanceInfo = new JsonObject { ["kernel"] = "http://x/k", ["ramdisk"] = "http://x/r" } };
        Assert.That(_boot.Validate(kernel).Reason, Does.Contain("building a boot ISO from instance_info/kernel and ramdisk is not supported yet"));

        var noAddress = Node() with { DriverInfo = new JsonObject() };
        Assert.That(_boot.Validate(noAddress).Reason, Does.Contain("Missing the following Redfish properties"));
    }

    [Test]
    public void Another_deploy_needs_the_deploy_ramdisk_in_driver_info()
    {
        var result = _boot.Validate(Node(deploy: "fake"));

        Assert.That(result.Reason, Is.EqualTo("Error validating Redfish virtual media. Some parameters were missing in node's driver_info. " +
                                              "Missing are: ['deploy_kernel', 'deploy_ramdisk']"));
    }

    [Test]
    public void Ramdisk_deploy_needs_a_boot_interface_that_can_boot_the_instance()
    {
        var drivers = _drivers with { Boot = new NoRamdiskBoot() };

        var result = _deploy.Validate(Node(), drivers);

        Assert.That(result.Reason, Is.EqualTo("Invalid configuration: The boot interface in use does not support deploy interface " +
                                              "\"ramdisk\". Please select a boot interface which supports this functionality."));
    }

    [Test]
    public async Task Ramdisk_deploy_works_with_fake_boot_and_power()
    {
        var fake = new NodeDrivers(new FakePower(), new FakeManagement(), new FakeBoot());
        var node = TestNodes.FakeNode(PowerStates.PowerOff) with { Interfaces = TestNodes.FakeInterfaces with { Deploy = "ramdisk" } };

        Assert.That(_deploy.Validate(node, fake).Result, Is.True);
        Assert.That(await _deploy.DeployAsync(node, fake, CancellationToken.None), Is.EqualTo(PowerStates.PowerOn));
    }

    private sealed class NoRamdiskBoot : IBootInterface
    {
        public string Name => "plain";
        public string InterfaceType => InterfaceTypes.Boot;
        public ValidationResult Validate(Node node) => ValidationResult.Ok;
    }
}
