using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's driver object: hosts, links, name, properties links (1.14), type (1.30), and with detail (1.30) the interfaces.</summary>
public static class DriverRenderer
{
    /// <summary>Every key a driver object can have, for validating <c>?fields=</c>.</summary>
    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(
        [.. NodeValues.InterfaceTypes.SelectMany(t => new[] { $"default_{t}_interface", $"enabled_{t}_interfaces" }),
         "hosts", "links", "name", "properties", "type"]);

    public static JsonObject Render(DriverEntry driver, ApiVersion version, string baseUrl, bool detail, IReadOnlyCollection<string>? fields = null)
    {
        var result = new JsonObject();
        if (detail && version.AtLeast(Versions.DynamicDrivers))
        {
            var types = NodeValues.InterfaceTypes.Where(t => version.AtLeast(InterfaceSince(t))).ToList();
            foreach (var type in types)
                result[$"default_{type}_interface"] = driver.DefaultInterfaces.GetValueOrDefault(type);
            foreach (var type in types)
                result[$"enabled_{type}_interfaces"] = new JsonArray(
                    [.. driver.EnabledInterfaces.GetValueOrDefault(type, []).Select(i => (JsonNode?)JsonValue.Create(i))]);
        }
        result["hosts"] = new JsonArray([.. driver.Hosts.Select(h => (JsonNode?)JsonValue.Create(h))]);
        result["links"] = Links.SelfAndBookmark(baseUrl, $"drivers/{driver.Name}");
        result["name"] = driver.Name;
        if (version.AtLeast(Versions.DriverPropertiesLink))
            result["properties"] = Links.SelfAndBookmark(baseUrl, $"drivers/{driver.Name}/properties");
        if (version.AtLeast(Versions.DynamicDrivers))
            result["type"] = "dynamic";

        if (fields is not null)
            foreach (var key in result.Select(kv => kv.Key).ToList())
                if (key != "links" && !fields.Contains(key))
                    result.Remove(key);
        return result;
    }

    /// <summary>GET /v1/drivers/{name}/properties: driver_info key → description.</summary>
    public static JsonObject RenderProperties(DriverEntry driver)
    {
        var result = new JsonObject();
        foreach (var (key, description) in driver.Properties)
            result[key] = description;
        return result;
    }

    /// <summary>
    /// GET /v1/drivers/{name}/raid/logical_disk_properties (the same for every RAID interface, no-raid included): the keys
    /// of Ironic's RAID configuration schema (<c>RaidConfigSchema.LogicalDiskKeys</c>) with Ironic 21.4's descriptions.
    /// </summary>
    public static JsonObject RaidLogicalDiskProperties() => new()
    {
        ["raid_level"] = "RAID level for the logical disk. Valid values are 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0' and '6+0'. Required.",
        ["size_gb"] = "Size in GiB (Integer) for the logical disk. Use 'MAX' as size_gb if this logical disk is supposed to use the rest of " +
                      "the space available. Required.",
        ["volume_name"] = "Name of the volume to be created. If this is not specified, it will be auto-generated. Optional.",
        ["is_root_volume"] = "Specifies whether this disk is a root volume. By default, this is False. Optional.",
        ["share_physical_disks"] = "Specifies whether other logical disks can share physical disks with this logical disk. By default, " +
                                   "this is False. Optional.",
        ["disk_type"] = "The type of disk preferred. Valid values are 'hdd' and 'ssd'. If this is not specified, disk type will not be a " +
                        "selection criterion for choosing backing physical disks. Optional.",
        ["interface_type"] = "The interface type of disk. Valid values are 'sata', 'scsi' and 'sas'. If this is not specified, interface " +
                             "type will not be a selection criterion for choosing backing physical disks. Optional.",
        ["number_of_physical_disks"] = "Number of physical disks to use for this logical disk. By default, the driver uses the minimum " +
                                       "number of disks required for that RAID level. Optional.",
        ["controller"] = "Controller to use for this logical disk. If not specified, the driver will choose a suitable RAID controller on " +
                         "the bare metal node. Optional.",
        ["physical_disks"] = "The physical disks to use for this logical disk. If not specified, the driver will choose suitable physical " +
                             "disks to use. Optional.",
    };

    /// <summary>Interface types added after the drivers detail view (1.30): storage 1.33, rescue 1.38, bios 1.40.</summary>
    private static int InterfaceSince(string type) => type switch
    {
        "storage" => Versions.StorageInterface,
        "rescue" => Versions.Rescue,
        "bios" => Versions.Bios,
        _ => Versions.DynamicDrivers,
    };
}
