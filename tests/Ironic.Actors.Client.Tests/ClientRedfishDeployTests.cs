using System.Net;
using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// The ramdisk deploy of a redfish node through Redfish virtual media, driven by the <c>baremetal</c> CLI against the
/// server with its shipped configuration (nothing but driver_info and instance_info is set), with
/// <see cref="RedfishBmcEmulator"/> as the node's BMC.
/// </summary>
[TestFixture]
public sealed class ClientRedfishDeployTests : CliFixture
{
    private const string Iso = "http://images.example.com/ramdisk/live.iso";

    private async Task<string> CreateRedfishNodeAsync(string name, RedfishBmcEmulator bmc)
    {
        var node = await Cli.ObjectAsync(
            "node", "create", "--driver", "redfish", "--name", name,
            "--deploy-interface", "ramdisk", "--boot-interface", "redfish-virtual-media",
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}");
        Assert.That(Str(node, "power_interface"), Is.EqualTo("redfish"));
        Assert.That(Str(node, "management_interface"), Is.EqualTo("redfish"));
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        await Cli.OkAsync("node", "provide", name, "--wait", "60");
        await Cli.OkAsync("node", "set", name, "--instance-info", $"boot_iso={Iso}");
        return Str(node, "uuid");
    }

    [Test]
    public async Task Ramdisk_deploy_mounts_the_iso_boots_from_cd_and_undeploy_ejects_it()
    {
        await using var bmc = new RedfishBmcEmulator { PowerTransition = TimeSpan.FromMilliseconds(200) };
        var name = UniqueName("cli-vmedia");
        await CreateRedfishNodeAsync(name, bmc);

        var validated = await Cli.RowsAsync("node", "validate", name);
        Assert.That(validated.Where(r => Str(r, "Interface") is "boot" or "deploy" or "power" or "management")
            .Select(r => r["Result"]!.GetValue<bool>()), Is.All.True, () => string.Join(" ", validated.Select(r => r.ToJsonString())));

        await Cli.OkAsync("node", "deploy", name, "--wait", "120");

        var deployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "last_error");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(deployed, "provision_state"), Is.EqualTo("active"), () => deployed.ToJsonString());
            Assert.That(Str(deployed, "power_state"), Is.EqualTo("power on"));
            Assert.That(bmc.CdImage, Is.EqualTo(Iso));
            Assert.That(bmc.CdInserted, Is.True);
            Assert.That(bmc.BootTarget, Is.EqualTo("Cd"));
            Assert.That(bmc.BootEnabled, Is.EqualTo("Continuous"));
            Assert.That(bmc.PowerState, Is.EqualTo("On"));
        }

        await Cli.OkAsync("node", "undeploy", name, "--wait", "120");

        var undeployed = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "power_state", "instance_info");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(undeployed, "provision_state"), Is.EqualTo("available"), () => undeployed.ToJsonString());
            Assert.That(Str(undeployed, "power_state"), Is.EqualTo("power off"));
            Assert.That(bmc.CdInserted, Is.False);
            Assert.That(bmc.CdImage, Is.Null);
            Assert.That(bmc.PowerState, Is.EqualTo("Off"));
        }
    }

    [Test]
    public async Task A_bmc_that_refuses_the_iso_leaves_the_node_in_deploy_failed_with_the_reason()
    {
        await using var bmc = new RedfishBmcEmulator { FailInsertWith = HttpStatusCode.InternalServerError, FailMessage = "Image server unreachable." };
        var name = UniqueName("cli-vmedia-refused");
        var uuid = await CreateRedfishNodeAsync(name, bmc);

        var failed = await Cli.FailAsync("node", "deploy", name, "--wait", "120");
        Assert.That(failed.StdErr, Does.Contain("deploy failed"), failed.ToString);

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        Assert.That(Str(node, "provision_state"), Is.EqualTo("deploy failed"));
        Assert.That(Str(node, "last_error"), Does.StartWith($"Deploy step deploy.deploy failed: Virtual media mount failed for node {uuid} with image {Iso}.")
            .And.Contain("Image server unreachable."));
        Assert.That(bmc.PowerState, Is.EqualTo("Off"), "never powered on");
    }
}
