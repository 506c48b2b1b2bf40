using Ironic.Actors.Client.Tests.Infrastructure;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Client.Tests;

/// <summary>
/// <c>baremetal node inspect</c> on a redfish node (inspect interface <c>redfish</c>, the redfish hardware type's default)
/// against <see cref="RedfishBmcEmulator"/>: properties, ports and the stored inventory, with the server's shipped
/// configuration.
/// </summary>
[TestFixture]
public sealed class ClientRedfishInspectTests : CliFixture
{
    private async Task<string> CreateRedfishNodeAsync(string name, RedfishBmcEmulator bmc, params string[] more)
    {
        var node = await Cli.ObjectAsync([
            "node", "create", "--driver", "redfish", "--name", name,
            "--driver-info", $"redfish_address={bmc.Address}", "--driver-info", "redfish_system_id=/redfish/v1/Systems/1",
            "--driver-info", $"redfish_username={bmc.Username}", "--driver-info", $"redfish_password={bmc.Password}", .. more]);
        Assert.That(Str(node, "inspect_interface"), Is.EqualTo("redfish"), "Ironic's first supported and enabled inspect interface for redfish");
        await Cli.OkAsync("node", "manage", name, "--wait", "60");
        return Str(node, "uuid");
    }

    [Test]
    public async Task Inspect_sets_properties_creates_ports_once_and_stores_the_inventory()
    {
        await using var bmc = new RedfishBmcEmulator();
        var hw = bmc.Hardware();
        hw.Processors = [new("x86", TotalThreads: 24)];
        hw.MemoryGiB = 96;
        hw.StorageDrives = [new("os", 480 * EmulatedHardware.GiB)];
        var known = EmulatedHardware.MacOf(1, 0);
        var fresh = EmulatedHardware.MacOf(1, 1);
        hw.Nics = [new(known), new(fresh.ToUpperInvariant()), new(EmulatedHardware.MacOf(1, 2), State: "Disabled")];
        var name = UniqueName("cli-inspect");
        var uuid = await CreateRedfishNodeAsync(name, bmc);
        await Cli.OkAsync("port", "create", known, "--node", uuid, "--pxe-enabled", "false");

        await Cli.OkAsync("node", "inspect", name, "--wait", "60");

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "properties", "inspection_started_at",
            "inspection_finished_at", "last_error");
        var properties = node["properties"]!.AsObject();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Str(node, "provision_state"), Is.EqualTo("manageable"), () => node.ToJsonString());
            Assert.That(node["inspection_started_at"], Is.Not.Null);
            Assert.That(node["inspection_finished_at"], Is.Not.Null);
            Assert.That(properties["cpus"]!.GetValue<int>(), Is.EqualTo(24));
            Assert.That(Str(properties, "memory_mb"), Is.EqualTo("98304"));
            Assert.That(Str(properties, "cpu_arch"), Is.EqualTo("x86_64"));
            Assert.That(Str(properties, "local_gb"), Is.EqualTo("479"));
            Assert.That(Str(properties, "capabilities"), Is.EqualTo("boot_mode:uefi"));
        }

        var ports = await Cli.RowsAsync("port", "list", "--node", uuid, "--fields", "address", "pxe_enabled");
        Assert.That(ports.Select(p => Str(p, "Address")).Order(), Is.EqualTo(new[] { known, fresh }),
            "the enabled NIC without a port got one (lower case); the known one was not duplicated");
        Assert.That(ports.Single(p => Str(p, "Address") == fresh)["PXE boot enabled"]!.GetValue<bool>(), Is.True, "a new port's default");
        Assert.That(ports.Single(p => Str(p, "Address") == known)["PXE boot enabled"]!.GetValue<bool>(), Is.False, "an existing port is left alone");

        // Debian's python3-ironicclient 5.0.1 has no "node inventory save": read it over HTTP.
        var inventory = await Api.GetAsync($"/v1/nodes/{uuid}/inventory", "1.81");
        Assert.That(inventory.StatusCode, Is.EqualTo(200), inventory.ToString);
        Assert.That(inventory.Object["inventory"]!["cpu"]!["count"]!.GetValue<int>(), Is.EqualTo(24));
        Assert.That(inventory.Object["inventory"]!["interfaces"]!.AsArray().Select(i => i!["mac_address"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { known, fresh }));
        Assert.That(inventory.Object["plugin_data"]!.AsObject(), Is.Empty);

        // A second inspection finds the same NICs: no new port.
        await Cli.OkAsync("node", "inspect", name, "--wait", "60");
        Assert.That(await Cli.RowsAsync("port", "list", "--node", uuid), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_bmc_without_memory_or_processors_fails_inspection_with_ironics_reason()
    {
        await using var bmc = new RedfishBmcEmulator();
        bmc.Hardware().MemoryGiB = null;
        bmc.Hardware().Processors = null;
        var name = UniqueName("cli-inspect-missing");
        var uuid = await CreateRedfishNodeAsync(name, bmc);

        await Cli.FailAsync("node", "inspect", name, "--wait", "60");

        var node = await Cli.ObjectAsync("node", "show", name, "--fields", "provision_state", "last_error");
        Assert.That(Str(node, "provision_state"), Is.EqualTo("inspect failed"));
        Assert.That(Str(node, "last_error"), Is.EqualTo(
            $"Failed to inspect hardware. Reason: Failed to discover the following properties: memory_mb, cpus, cpu_arch on node {uuid}"));
        var inventory = await Api.GetAsync($"/v1/nodes/{uuid}/inventory", "1.81");
        Assert.That(inventory.StatusCode, Is.EqualTo(404), inventory.ToString);
    }
}
