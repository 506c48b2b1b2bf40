using System.Globalization;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Drivers.Redfish;

/// <summary>
/// What a Redfish BMC tells about a system's hardware: the ComputerSystem and the members of its Processors,
/// EthernetInterfaces, SimpleStorage and Storage collections (with their drives and volumes), as read.
/// </summary>
public sealed record RedfishHardwareFacts(
    JsonObject System,
    IReadOnlyList<JsonObject> Processors,
    IReadOnlyList<JsonObject> EthernetInterfaces,
    IReadOnlyList<JsonObject> SimpleStorage,
    IReadOnlyList<JsonObject> StorageDrives,
    IReadOnlyList<JsonObject> StorageVolumes);

/// <summary>What <see cref="RedfishInspection.Evaluate"/> concluded: properties to merge, enabled NIC MACs, inventory.</summary>
public sealed record RedfishInspectionFindings(JsonObject Properties, IReadOnlyList<string> Macs, JsonObject Inventory);

/// <summary>
/// Turns <see cref="RedfishHardwareFacts"/> into node properties the way Ironic 21.4's redfish inspect does (through
/// sushy): <c>cpus</c> is the sum of the processors' TotalThreads; <c>cpu_arch</c> maps the first processor
/// architecture given (x86 → x86_64, IA-64 → ia64, ARM → arm, MIPS → mips, OEM → oem; others are left out);
/// <c>memory_mb</c> is MemorySummary.TotalSystemMemoryGiB × 1024; <c>local_gb</c> is the smallest disk of at least
/// 4 GiB (SimpleStorage devices that are Enabled; Storage volumes, else drives; the smaller of both when both have one),
/// in GiB minus one, "0" for none; the <c>boot_mode</c> capability comes from Boot.BootSourceOverrideMode unless the
/// node has one. NICs count when their Status is Enabled and healthy. Pure.
/// </summary>
public static class RedfishInspection
{
    /// <summary>The properties an inspection must leave set (Ironic's <c>ESSENTIAL_PROPERTIES</c>).</summary>
    public static readonly IReadOnlyList<string> EssentialProperties = ["memory_mb", "local_gb", "cpus", "cpu_arch"];

    private const long GiB = 1024L * 1024 * 1024;

    private static readonly Dictionary<string, string> Architectures = new(StringComparer.Ordinal)
    {
        ["x86"] = "x86_64",
        ["IA-64"] = "ia64",
        ["ARM"] = "arm",
        ["MIPS"] = "mips",
        ["OEM"] = "oem",
    };

    private static readonly Dictionary<string, string> BootModes = new(StringComparer.Ordinal)
    {
        ["UEFI"] = "uefi",
        ["Legacy"] = "bios",
    };

    /// <summary>
    /// The findings for a node whose properties are <paramref name="current"/>, or the error text (Ironic's
    /// "Failed to discover the following properties: ... on node ...") when an essential property stays unknown.
    /// </summary>
    public static (RedfishInspectionFindings? Findings, string? Error) Evaluate(Guid nodeUuid, JsonObject current, RedfishHardwareFacts facts)
    {
        var found = new JsonObject();
        var memoryGib = Integer(facts.System["MemorySummary"]?["TotalSystemMemoryGiB"]);
        if (memoryGib is > 0)
            found["memory_mb"] = (memoryGib.Value * 1024).ToString(CultureInfo.InvariantCulture);

        var threads = facts.Processors.Select(p => Integer(p["TotalThreads"])).Where(t => t is not null).Sum(t => t!.Value);
        if (threads > 0)
            found["cpus"] = (int)threads;
        var redfishArch = facts.Processors.Select(p => Text(p["ProcessorArchitecture"])).FirstOrDefault(a => a is not null);
        string? arch = null;
        if (redfishArch is not null && Architectures.TryGetValue(redfishArch, out arch))
            found["cpu_arch"] = arch;

        var (localBytes, disks) = LocalDisk(facts);
        var localGb = Math.Max(0, (long)(localBytes / (double)GiB - 1));
        found["local_gb"] = localGb.ToString(CultureInfo.InvariantCulture);

        var bootMode = Text(facts.System["Boot"]?["BootSourceOverrideMode"]) is { } mode && BootModes.TryGetValue(mode, out var m) ? m : null;
        var capabilities = Text(current["capabilities"]) ?? "";
        if (bootMode is not null && !HasCapability(capabilities, "boot_mode"))
            found["capabilities"] = WithCapability(capabilities, "boot_mode", bootMode);

        var missing = EssentialProperties.Where(key => !current.ContainsKey(key) && !found.ContainsKey(key)).ToList();
        if (missing.Count > 0)
            return (null, $"Failed to discover the following properties: {string.Join(", ", missing)} on node {nodeUuid}");

        var nics = facts.EthernetInterfaces
            .Where(n => Text(n["MACAddress"]) is { Length: > 0 } && Text(n["Status"]?["State"]) == "Enabled" &&
                        Text(n["Status"]?["Health"]) is null or "OK")
            .ToList();
        var macs = nics.Select(n => Text(n["MACAddress"])!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var inventory = Inventory(facts, found["cpus"]?.GetValue<int>(), arch, memoryGib, nics, disks, bootMode);
        return (new RedfishInspectionFindings(found, macs, inventory), null);
    }

    /// <summary>Ironic's choice of the local disk, in bytes (0: none), and every disk seen with its size, for the inventory.</summary>
    private static (long Bytes, List<(string Name, long Size)> Disks) LocalDisk(RedfishHardwareFacts facts)
    {
        var disks = new List<(string Name, long Size)>();
        var simple = new List<long>();
        foreach (var controller in facts.SimpleStorage)
        {
            foreach (var device in controller["Devices"] as JsonArray ?? [])
            {
                if (Long(device?["CapacityBytes"]) is not { } size || Text(device?["Status"]?["State"]) != "Enabled")
                    continue;
                simple.Add(size);
                disks.Add((Text(device?["Name"]) ?? "", size));
            }
        }
        var volumes = facts.StorageVolumes.Select(v => Long(v["CapacityBytes"])).OfType<long>().ToList();
        var drives = new List<long>();
        foreach (var drive in facts.StorageDrives)
        {
            if (Long(drive["CapacityBytes"]) is not { } size)
                continue;
            drives.Add(size);
            disks.Add((Text(drive["Name"]) ?? Text(drive["Id"]) ?? "", size));
        }

        var simpleSize = SmallestUsable(simple);
        var storageSize = SmallestUsable(volumes);
        if (storageSize == 0)
            storageSize = SmallestUsable(drives);
        var bytes = simpleSize > 0 && storageSize > 0 ? Math.Min(simpleSize, storageSize) : Math.Max(simpleSize, storageSize);
        return (bytes, disks);
    }

    private static long SmallestUsable(IEnumerable<long> sizes) => sizes.Where(s => s >= 4 * GiB).DefaultIfEmpty(0).Min();

    /// <summary>The inventory document, in the shape the agent reports (cpu, memory, interfaces, disks, boot, system_vendor).</summary>
    private static JsonObject Inventory(RedfishHardwareFacts facts, int? cpus, string? arch, long? memoryGib,
        List<JsonObject> nics, List<(string Name, long Size)> disks, string? bootMode)
    {
        var first = facts.Processors.FirstOrDefault();
        var system = facts.System;
        return new JsonObject
        {
            ["cpu"] = new JsonObject
            {
                ["model_name"] = Text(first?["Model"]),
                ["frequency"] = Long(first?["MaxSpeedMHz"])?.ToString(CultureInfo.InvariantCulture),
                ["count"] = cpus,
                ["architecture"] = arch,
                ["flags"] = new JsonArray(),
            },
            ["memory"] = new JsonObject
            {
                ["total"] = memoryGib * GiB,
                ["physical_mb"] = memoryGib * 1024,
            },
            ["interfaces"] = new JsonArray([.. nics.Select(n => (JsonNode)new JsonObject
            {
                ["name"] = Text(n["Id"]),
                ["mac_address"] = Text(n["MACAddress"])!.ToLowerInvariant(),
                ["ipv4_address"] = null,
                ["ipv6_address"] = null,
                ["has_carrier"] = Text(n["LinkStatus"]) is null or "LinkUp",
                ["speed_mbps"] = Long(n["SpeedMbps"]),
            })]),
            ["disks"] = new JsonArray([.. disks.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["size"] = d.Size })]),
            ["boot"] = new JsonObject { ["current_boot_mode"] = bootMode, ["pxe_interface"] = null },
            ["system_vendor"] = new JsonObject
            {
                ["product_name"] = Text(system["Model"]),
                ["serial_number"] = Text(system["SerialNumber"]),
                ["manufacturer"] = Text(system["Manufacturer"]),
            },
        };
    }

    private static bool HasCapability(string capabilities, string key) =>
        capabilities.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(c => c.Split(':')[0].Trim() == key);

    /// <summary>Ironic's <c>get_updated_capabilities</c>: "key:value" pairs joined with commas, the new one added last.</summary>
    private static string WithCapability(string capabilities, string key, string value)
    {
        var pairs = capabilities.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        pairs.Add($"{key}:{value}");
        return string.Join(",", pairs);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Long(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<long>(out var l) ? l : v.TryGetValue<double>(out var d) ? (long)d : null
        : null;

    /// <summary>sushy's <c>int_or_none</c>: an integer, a float cut to one, or null.</summary>
    private static long? Integer(JsonNode? node) => Long(node);
}
