using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Ironic's driver object: hosts, links, name, properties links (1.14), type (1.30), and with detail (1.30) the interfaces.</summary>
public static class DriverRenderer
{
    /// <summary>Every key a driver object can have, for validating <c>?fields=</c>.</summary>
    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(
        [.. NodeInterfaces.Types.SelectMany(t => new[] { $"default_{t}_interface", $"enabled_{t}_interfaces" }),
         "hosts", "links", "name", "properties", "type"]);

    public static JsonObject Render(DriverEntry driver, ApiVersion version, string baseUrl, bool detail, IReadOnlyCollection<string>? fields = null)
    {
        var result = new JsonObject();
        if (detail && version.AtLeast(Versions.DynamicDrivers))
        {
            var types = NodeInterfaces.Types.Where(t => version.AtLeast(InterfaceSince(t))).ToList();
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
    /// of Ironic's RAID configuration schema (<c>RaidConfigSchema.LogicalDiskKeys</c>), each with a description (our
    /// wording) that ends in Required/Optional.
    /// </summary>
    public static JsonObject RaidLogicalDiskProperties() => new()
    {
        ["raid_level"] = "RAID level of the logical disk: 'JBOD', '0', '1', '2', '5', '6', '1+0', '5+0' or '6+0'. Required.",
        ["size_gb"] = "Size of the logical disk in GiB (an integer), or 'MAX' for the space that is left. Required.",
        ["volume_name"] = "Name of the volume; a name is generated when none is given. Optional.",
        ["is_root_volume"] = "Whether the logical disk is the root volume (false when not given). Optional.",
        ["share_physical_disks"] = "Whether other logical disks may use the same physical disks (false when not given). Optional.",
        ["disk_type"] = "Preferred kind of physical disk: 'hdd' or 'ssd'; any kind when not given. Optional.",
        ["interface_type"] = "Preferred disk interface: 'sata', 'scsi' or 'sas'; any interface when not given. Optional.",
        ["number_of_physical_disks"] = "How many physical disks the logical disk uses; the least the RAID level needs when not given. Optional.",
        ["controller"] = "RAID controller that holds the logical disk; the driver picks one when not given. Optional.",
        ["physical_disks"] = "Physical disks the logical disk uses; the driver picks them when not given. Optional.",
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
