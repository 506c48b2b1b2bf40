using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Drivers.Abstractions;
using Ironic.Actors.Drivers.Redfish;
using Ironic.Actors.TestKit.Redfish;
using NUnit.Framework;

namespace Ironic.Actors.Drivers.Tests.Redfish;

/// <summary>The redfish inspect interface against <see cref="RedfishBmcEmulator"/>'s processors, memory, NICs and storage.</summary>
public class RedfishInspectTests
{
    private const long GiB = EmulatedHardware.GiB;
    private RedfishBmcEmulator _bmc = null!;
    private RedfishClient _client = null!;
    private RedfishInspect _inspect = null!;

    [SetUp]
    public void Start()
    {
        _bmc = new RedfishBmcEmulator();
        _client = new RedfishClient(new RedfishOptions { ConnectionAttempts = 1, ConnectionRetryInterval = 0.05, RequestTimeout = 10 });
        _inspect = new RedfishInspect(_client);
    }

    [TearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _bmc.DisposeAsync();
    }

    private Node Node(JsonObject? properties = null) => TestNodes.FakeNode() with
    {
        Driver = "redfish",
        Properties = properties ?? new JsonObject(),
        DriverInfo = new JsonObject
        {
            ["redfish_address"] = _bmc.Address,
            ["redfish_username"] = "admin",
            ["redfish_password"] = "password",
        },
    };

    [Test]
    public async Task Cpus_memory_arch_disk_and_boot_mode_become_properties()
    {
        var hw = _bmc.Hardware();
        hw.Processors = [new("x86", TotalThreads: 16), new("x86", TotalThreads: 16)];
        hw.MemoryGiB = 128;
        hw.StorageDrives = [new("big", 960 * GiB), new("boot", 240 * GiB), new("tiny", 1 * GiB)];

        var result = await _inspect.InspectAsync(Node(), CancellationToken.None);

        var p = result.Properties!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(p["cpus"]!.GetValue<int>(), Is.EqualTo(32), "the processors' TotalThreads summed, as sushy counts");
            Assert.That(p["memory_mb"]!.GetValue<string>(), Is.EqualTo("131072"));
            Assert.That(p["cpu_arch"]!.GetValue<string>(), Is.EqualTo("x86_64"));
            Assert.That(p["local_gb"]!.GetValue<string>(), Is.EqualTo("239"), "the smallest disk of at least 4 GiB, less 1 GiB");
            Assert.That(p["capabilities"]!.GetValue<string>(), Is.EqualTo("boot_mode:uefi"));
            Assert.That(result.Macs, Is.EqualTo(new[] { EmulatedHardware.MacOf(1, 0) }));
            Assert.That(result.Inventory!["cpu"]!["count"]!.GetValue<int>(), Is.EqualTo(32));
            Assert.That(result.Inventory["memory"]!["physical_mb"]!.GetValue<long>(), Is.EqualTo(131072));
            Assert.That(result.Inventory["disks"]!.AsArray(), Has.Count.EqualTo(3));
            Assert.That(result.Inventory["interfaces"]![0]!["mac_address"]!.GetValue<string>(), Is.EqualTo(EmulatedHardware.MacOf(1, 0)));
            Assert.That(result.Inventory["boot"]!["current_boot_mode"]!.GetValue<string>(), Is.EqualTo("uefi"));
            Assert.That(result.Inventory["system_vendor"]!["serial_number"]!.GetValue<string>(), Is.EqualTo("EMU-0001"));
        }
    }

    [Test]
    public async Task Simple_storage_and_storage_together_give_the_smaller_disk_and_volumes_win_over_drives()
    {
        var hw = _bmc.Hardware();
        hw.SimpleStorageDevices = [new("sda", 500 * GiB), new("sdb", 100 * GiB, State: "Disabled")];
        hw.StorageDrives = [new("nvme", 2000 * GiB)];
        hw.StorageVolumes = [new("raid1", 300 * GiB)];

        var result = await _inspect.InspectAsync(Node(), CancellationToken.None);

        Assert.That(result.Properties!["local_gb"]!.GetValue<string>(), Is.EqualTo("299"));
    }

    [Test]
    public async Task A_node_without_disks_gets_local_gb_zero()
    {
        _bmc.Hardware().StorageDrives = null;

        var result = await _inspect.InspectAsync(Node(), CancellationToken.None);

        Assert.That(result.Properties!["local_gb"]!.GetValue<string>(), Is.EqualTo("0"));
    }

    [Test]
    public async Task Arm_processors_map_as_ironic_21_4_does_and_legacy_boot_mode_is_bios()
    {
        var hw = _bmc.Hardware();
        hw.Processors = [new("ARM", "ARM-A64", TotalThreads: 80)];
        hw.BootMode = "Legacy";

        var result = await _inspect.InspectAsync(Node(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Properties!["cpu_arch"]!.GetValue<string>(), Is.EqualTo("arm"));
            Assert.That(result.Properties["capabilities"]!.GetValue<string>(), Is.EqualTo("boot_mode:bios"));
        }
    }

    [Test]
    public async Task A_boot_mode_capability_the_node_has_is_kept()
    {
        var result = await _inspect.InspectAsync(Node(new JsonObject { ["capabilities"] = "boot_mode:bios,foo:bar" }), CancellationToken.None);

        Assert.That(result.Properties!.ContainsKey("capabilities"), Is.False);
    }

    [Test]
    public async Task Only_enabled_healthy_nics_with_a_mac_are_reported()
    {
        _bmc.Hardware().Nics =
        [
            new("52:54:00:AA:00:01"),
            new("52:54:00:aa:00:02", State: "Disabled"),
            new("52:54:00:aa:00:03", Health: "Critical"),
            new(null),
        ];

        var result = await _inspect.InspectAsync(Node(), CancellationToken.None);

        Assert.That(result.Macs, Is.EqualTo(new[] { "52:54:00:AA:00:01" }));
    }

    [Test]
    public void Missing_memory_and_cpus_fail_with_ironics_words()
    {
        var hw = _bmc.Hardware();
        hw.MemoryGiB = null;
        hw.Processors = null;
        var node = Node();

        var error = Assert.ThrowsAsync<DriverException>(() => _inspect.InspectAsync(node, CancellationToken.None))!;

        Assert.That(error.Message, Is.EqualTo($"Failed to discover the following properties: memory_mb, cpus, cpu_arch on node {node.Uuid}"));
    }

    [Test]
    public async Task Properties_the_node_already_has_count_as_discovered()
    {
        var hw = _bmc.Hardware();
        hw.Processors = [new("POWER", TotalThreads: 8)];

        var result = await _inspect.InspectAsync(Node(new JsonObject { ["cpu_arch"] = "ppc64le" }), CancellationToken.None);

        Assert.That(result.Properties!.ContainsKey("cpu_arch"), Is.False, "an unknown architecture is not written");
    }

    [Test]
    public void Validate_needs_the_redfish_address()
    {
        var node = Node() with { DriverInfo = new JsonObject() };

        Assert.That(_inspect.Validate(node).Result, Is.False);
    }
}
