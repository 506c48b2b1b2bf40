using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Tests.Infrastructure;
using NUnit.Framework;

namespace Ironic.Actors.Gateway.Tests;

/// <summary>
/// GET /v1/drivers/{name}/properties and /raid/logical_disk_properties for every hardware type, on a server that enables
/// fake-hardware, ipmi and redfish (with the ipmitool and redfish power and management interfaces).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DriverPropertiesTests
{
    // Ironic 21.4's keys of the default interfaces that are read here (DriverReferenceTests compares the descriptions).
    private static readonly string[] AgentDeployKeys = ["deploy_kernel", "deploy_ramdisk", "deploy_forces_oob_reboot", "agent_verify_ca"];

    private static readonly string[] IpmiKeys =
    [
        "ipmi_address", "ipmi_bridging", "ipmi_cipher_suite", "ipmi_disable_boot_timeout", "ipmi_hex_kg_key", "ipmi_local_address",
        "ipmi_password", "ipmi_port", "ipmi_priv_level", "ipmi_protocol_version", "ipmi_target_address", "ipmi_target_channel",
        "ipmi_transit_address", "ipmi_transit_channel", "ipmi_username",
        // ipmi's default boot interface is ipxe and its default deploy direct: the agent ramdisk's keys.
        .. AgentDeployKeys,
    ];

    private static readonly string[] RedfishKeys =
    [
        "redfish_address", "redfish_auth_type", "redfish_password", "redfish_system_id", "redfish_username", "redfish_verify_ca",
        // redfish boots the agent from virtual media by default (deploy_iso, or an ISO built from the kernel and ramdisk).
        "deploy_iso", .. AgentDeployKeys,
    ];

    private ServerProcess _server = null!;
    private IronicClient _api = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _server = new ServerProcess(extraArguments:
        [
            "--Ironic:Hardware:EnabledHardwareTypes:0", "fake-hardware",
            "--Ironic:Hardware:EnabledHardwareTypes:1", "ipmi",
            "--Ironic:Hardware:EnabledHardwareTypes:2", "redfish",
            "--Ironic:Hardware:EnabledInterfaces:power:0", "fake",
            "--Ironic:Hardware:EnabledInterfaces:power:1", "ipmitool",
            "--Ironic:Hardware:EnabledInterfaces:power:2", "redfish",
            "--Ironic:Hardware:EnabledInterfaces:management:0", "fake",
            "--Ironic:Hardware:EnabledInterfaces:management:1", "ipmitool",
            "--Ironic:Hardware:EnabledInterfaces:management:2", "redfish",
        ]);
        try
        {
            await _server.StartAsync();
            _api = new IronicClient(_server.BaseAddress);
        }
        catch (Exception e) when (e is not AssertionException)
        {
            await TestContext.Progress.WriteLineAsync(_server.LogTail(400));
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        _api?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task<JsonObject> PropertiesAsync(string driver, string? version = IronicClient.DefaultVersion)
    {
        var response = await _api.GetAsync($"/v1/drivers/{driver}/properties", version);
        Expect.Status(response, 200);
        return response.Object;
    }

    [Test]
    public async Task Each_hardware_type_lists_the_driver_info_keys_its_default_interfaces_read()
    {
        var ipmi = await PropertiesAsync("ipmi");
        var redfish = await PropertiesAsync("redfish", "1.1");
        var fake = await PropertiesAsync("fake-hardware");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ipmi.Select(p => p.Key), Is.EquivalentTo(IpmiKeys));
            Assert.That(redfish.Select(p => p.Key), Is.EquivalentTo(RedfishKeys));
            Assert.That(fake.ToJsonString(), Is.EqualTo("""{"B1":"B1 description. Required.","B2":"B2 description. Required."}"""),
                "the fake vendor interface's keys, as Ironic's");
            Assert.That(Str(ipmi, "ipmi_address"), Does.EndWith(" Required."));
            Assert.That(Str(redfish, "redfish_address"), Does.EndWith(" Required"), "Ironic's, without a full stop");
            Assert.That(Str(ipmi, "ipmi_target_channel"), Does.EndWith("Required only if ipmi_bridging is set to \"single\" or \"dual\"."));
            Assert.That(Str(ipmi, "ipmi_transit_channel"), Does.EndWith("Required only if ipmi_bridging is set to \"dual\"."));
            Assert.That(Str(redfish, "deploy_kernel"), Does.EndWith("Required if deploy_iso is not set."), "the boot interface's wording wins");
        }
    }

    [Test]
    public async Task An_unknown_driver_is_Ironics_driver_not_found()
    {
        Expect.Error(await _api.GetAsync("/v1/drivers/no-such/properties"), 404, "The driver 'no-such' is unknown.");
        Expect.Error(await _api.GetAsync("/v1/drivers/no-such/properties", "1.1"), 404, "The driver 'no-such' is unknown.");
        Expect.Error(await _api.PostAsync("/v1/drivers/ipmi/properties", new JsonObject()), 405);
    }

    [TestCase("ipmi")]
    [TestCase("redfish")]
    [TestCase("fake-hardware")]
    public async Task Raid_logical_disk_properties_answer_for_every_driver_even_with_no_raid(string driver)
    {
        var response = await _api.GetAsync($"/v1/drivers/{driver}/raid/logical_disk_properties");

        Expect.Status(response, 200);
        Assert.That(response.Object.Select(p => p.Key), Is.EqualTo(new[]
        {
            "raid_level", "size_gb", "volume_name", "is_root_volume", "share_physical_disks", "disk_type", "interface_type",
            "number_of_physical_disks", "controller", "physical_disks",
        }));
        Expect.Error(await _api.GetAsync($"/v1/drivers/{driver}/raid/logical_disk_properties", "1.11"), 406);
    }

    private static string Str(JsonObject o, string key) => o[key]!.GetValue<string>();
}
