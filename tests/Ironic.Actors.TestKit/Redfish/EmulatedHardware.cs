using System.Globalization;
using System.Text.Json.Nodes;

namespace Ironic.Actors.TestKit.Redfish;

/// <summary>A processor as the emulator describes it (DMTF Processor: ProcessorArchitecture, InstructionSet, TotalThreads).</summary>
public sealed record EmulatedProcessor(string? Architecture = "x86", string? InstructionSet = "x86-64", int? TotalThreads = 8,
    int TotalCores = 4, string Model = "Emulated CPU", int MaxSpeedMHz = 2400);

/// <summary>An Ethernet interface (DMTF EthernetInterface: MACAddress, Status.State/Health).</summary>
public sealed record EmulatedNic(string? Mac, string State = "Enabled", string Health = "OK", int SpeedMbps = 10000);

/// <summary>A disk: a SimpleStorage device or a Storage drive/volume (CapacityBytes, Status.State).</summary>
public sealed record EmulatedDisk(string Name, long? CapacityBytes, string State = "Enabled");

/// <summary>
/// The hardware one emulated ComputerSystem reports: its processors, memory summary, NICs and storage. A null list
/// means the system has no such collection at all (no link from the system). Change it before a test reads it.
/// </summary>
public sealed class EmulatedHardware
{
    public const long GiB = 1024L * 1024 * 1024;

    public List<EmulatedProcessor>? Processors { get; set; } = [new(), new()];

    /// <summary>MemorySummary.TotalSystemMemoryGiB; null leaves MemorySummary out.</summary>
    public double? MemoryGiB { get; set; } = 64;

    public List<EmulatedNic>? Nics { get; set; }
    public List<EmulatedDisk>? SimpleStorageDevices { get; set; }
    public List<EmulatedDisk>? StorageDrives { get; set; }
    public List<EmulatedDisk>? StorageVolumes { get; set; }

    /// <summary>Boot.BootSourceOverrideMode ("UEFI", "Legacy"), or null to leave it out.</summary>
    public string? BootMode { get; set; } = "UEFI";

    /// <summary>The defaults of system <paramref name="number"/>: two 8-thread x86 CPUs, 64 GiB, one NIC, a 100 GiB drive.</summary>
    public static EmulatedHardware Default(int number) => new()
    {
        Nics = [new(MacOf(number, 0))],
        StorageDrives = [new("Drive 0", 100 * GiB), new("Drive 1 (small)", 2 * GiB)],
    };

    /// <summary>A MAC address unique per system and NIC index: 52:54:00:xx:xx:nn.</summary>
    public static string MacOf(int system, int nic) => string.Format(CultureInfo.InvariantCulture,
        "52:54:00:{0:x2}:{1:x2}:{2:x2}", (system >> 8) & 0xff, system & 0xff, nic & 0xff);

    /// <summary>Adds the hardware links to a ComputerSystem body.</summary>
    internal void Describe(JsonObject system, string path)
    {
        if (Processors is not null)
        {
            system["Processors"] = new JsonObject { ["@odata.id"] = path + "/Processors" };
            system["ProcessorSummary"] = new JsonObject
            {
                ["Count"] = Processors.Count,
                ["LogicalProcessorCount"] = Processors.Sum(p => p.TotalThreads ?? 0),
                ["Model"] = Processors.FirstOrDefault()?.Model,
            };
        }
        if (MemoryGiB is { } memory)
            system["MemorySummary"] = new JsonObject { ["TotalSystemMemoryGiB"] = memory, ["Status"] = new JsonObject { ["HealthRollup"] = "OK" } };
        if (Nics is not null)
            system["EthernetInterfaces"] = new JsonObject { ["@odata.id"] = path + "/EthernetInterfaces" };
        if (SimpleStorageDevices is not null)
            system["SimpleStorage"] = new JsonObject { ["@odata.id"] = path + "/SimpleStorage" };
        if (StorageDrives is not null || StorageVolumes is not null)
            system["Storage"] = new JsonObject { ["@odata.id"] = path + "/Storage" };
        if (BootMode is not null && system["Boot"] is JsonObject boot)
            boot["BootSourceOverrideMode"] = BootMode;
        else if (system["Boot"] is JsonObject noMode)
            noMode.Remove("BootSourceOverrideMode");
    }

    /// <summary>A GET below the system (<paramref name="rest"/> starts with "/"), or null when there is no such resource.</summary>
    internal JsonObject? Get(string path, string rest)
    {
        switch (rest.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            case ["Processors"] when Processors is not null:
                return Collection(path + "/Processors", "#ProcessorCollection.ProcessorCollection", Processors.Count);
            case ["Processors", var id] when Processors is not null && Index(id, Processors.Count) is { } i:
                var cpu = Processors[i];
                return new JsonObject
                {
                    ["@odata.type"] = "#Processor.v1_9_0.Processor",
                    ["@odata.id"] = $"{path}/Processors/{id}",
                    ["Id"] = id,
                    ["ProcessorType"] = "CPU",
                    ["ProcessorArchitecture"] = cpu.Architecture,
                    ["InstructionSet"] = cpu.InstructionSet,
                    ["Model"] = cpu.Model,
                    ["MaxSpeedMHz"] = cpu.MaxSpeedMHz,
                    ["TotalCores"] = cpu.TotalCores,
                    ["TotalThreads"] = cpu.TotalThreads,
                    ["Status"] = new JsonObject { ["State"] = "Enabled", ["Health"] = "OK" },
                };
            case ["EthernetInterfaces"] when Nics is not null:
                return Collection(path + "/EthernetInterfaces", "#EthernetInterfaceCollection.EthernetInterfaceCollection", Nics.Count);
            case ["EthernetInterfaces", var id] when Nics is not null && Index(id, Nics.Count) is { } i:
                var nic = Nics[i];
                return new JsonObject
                {
                    ["@odata.type"] = "#EthernetInterface.v1_6_0.EthernetInterface",
                    ["@odata.id"] = $"{path}/EthernetInterfaces/{id}",
                    ["Id"] = id,
                    ["Name"] = $"NIC {id}",
                    ["MACAddress"] = nic.Mac,
                    ["PermanentMACAddress"] = nic.Mac,
                    ["SpeedMbps"] = nic.SpeedMbps,
                    ["LinkStatus"] = "LinkUp",
                    ["Status"] = new JsonObject { ["State"] = nic.State, ["Health"] = nic.Health },
                };
            case ["SimpleStorage"] when SimpleStorageDevices is not null:
                return Collection(path + "/SimpleStorage", "#SimpleStorageCollection.SimpleStorageCollection", 1);
            case ["SimpleStorage", "1"] when SimpleStorageDevices is not null:
                return new JsonObject
                {
                    ["@odata.type"] = "#SimpleStorage.v1_2_0.SimpleStorage",
                    ["@odata.id"] = path + "/SimpleStorage/1",
                    ["Id"] = "1",
                    ["Name"] = "Simple Storage Controller",
                    ["Devices"] = new JsonArray([.. SimpleStorageDevices.Select(d => (JsonNode)new JsonObject
                    {
                        ["Name"] = d.Name,
                        ["CapacityBytes"] = d.CapacityBytes,
                        ["Status"] = new JsonObject { ["State"] = d.State, ["Health"] = "OK" },
                    })]),
                };
            case ["Storage"] when StorageDrives is not null || StorageVolumes is not null:
                return Collection(path + "/Storage", "#StorageCollection.StorageCollection", 1);
            case ["Storage", "1"] when StorageDrives is not null || StorageVolumes is not null:
                var storage = new JsonObject
                {
                    ["@odata.type"] = "#Storage.v1_8_0.Storage",
                    ["@odata.id"] = path + "/Storage/1",
                    ["Id"] = "1",
                    ["Name"] = "Storage Controller",
                    ["Drives"] = new JsonArray([.. (StorageDrives ?? []).Select((_, i) =>
                        (JsonNode)new JsonObject { ["@odata.id"] = $"{path}/Storage/1/Drives/{i + 1}" })]),
                };
                if (StorageVolumes is not null)
                    storage["Volumes"] = new JsonObject { ["@odata.id"] = path + "/Storage/1/Volumes" };
                return storage;
            case ["Storage", "1", "Drives", var id] when StorageDrives is not null && Index(id, StorageDrives.Count) is { } i:
                return Disk($"{path}/Storage/1/Drives/{id}", "#Drive.v1_9_0.Drive", id, StorageDrives[i]);
            case ["Storage", "1", "Volumes"] when StorageVolumes is not null:
                return Collection(path + "/Storage/1/Volumes", "#VolumeCollection.VolumeCollection", StorageVolumes.Count);
            case ["Storage", "1", "Volumes", var id] when StorageVolumes is not null && Index(id, StorageVolumes.Count) is { } i:
                return Disk($"{path}/Storage/1/Volumes/{id}", "#Volume.v1_4_0.Volume", id, StorageVolumes[i]);
            default:
                return null;
        }
    }

    private static JsonObject Disk(string path, string type, string id, EmulatedDisk disk) => new()
    {
        ["@odata.type"] = type,
        ["@odata.id"] = path,
        ["Id"] = id,
        ["Name"] = disk.Name,
        ["CapacityBytes"] = disk.CapacityBytes,
        ["Status"] = new JsonObject { ["State"] = disk.State, ["Health"] = "OK" },
    };

    private static JsonObject Collection(string path, string type, int count) => new()
    {
        ["@odata.type"] = type,
        ["@odata.id"] = path,
        ["Name"] = type[(type.LastIndexOf('.') + 1)..],
        ["Members@odata.count"] = count,
        ["Members"] = new JsonArray([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject { ["@odata.id"] = $"{path}/{i}" })]),
    };

    private static int? Index(string id, int count) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= count ? n - 1 : null;
}
