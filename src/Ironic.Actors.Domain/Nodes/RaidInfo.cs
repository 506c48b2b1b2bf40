using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// Ironic's RAID bookkeeping (<c>ironic.common.raid</c>): which logical disks of the target configuration a
/// <c>create_configuration</c> asks for, and what a finished RAID step writes back to the node.
/// </summary>
public static class RaidInfo
{
    /// <summary>
    /// The target RAID configuration filtered for a create (<c>filter_target_raid_config</c>): root and/or non-root
    /// volumes dropped as asked; the error is Ironic's when nothing is left or no target is set.
    /// </summary>
    public static (JsonObject? Config, string? Error) FilterTarget(Node node, bool createRootVolume, bool createNonRootVolumes)
    {
        if (node.TargetRaidConfig.Count == 0)
            return (null, $"Node {node.Uuid} has no target RAID configuration.");
        var config = node.TargetRaidConfig.Clone();
        var disks = (config["logical_disks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var skipped = new List<string>();
        if (!createRootVolume)
        {
            disks = disks.Where(d => !IsRoot(d)).ToList();
            skipped.Add("skipping root volume");
        }
        if (!createNonRootVolumes)
        {
            disks = disks.Where(IsRoot).ToList();
            skipped.Add("skipping non-root volumes");
        }
        if (disks.Count == 0)
            return (null, $"Node {node.Uuid} has empty target RAID configuration after {string.Join(" and ", skipped)}.");
        config["logical_disks"] = new JsonArray([.. disks.Select(d => (JsonNode)d.DeepClone())]);
        return (config, null);
    }

    /// <summary>
    /// The node's <c>raid_config</c> and <c>properties</c> after a RAID configuration was built (<c>update_raid_info</c>):
    /// the configuration stamped with <c>last_updated</c>; a root volume sets <c>local_gb</c> (unless MAX),
    /// <c>root_device</c> from its hint, and the <c>raid_level</c> capability.
    /// </summary>
    public static (JsonObject RaidConfig, JsonObject Properties) AfterCreate(Node node, JsonObject current, DateTimeOffset now)
    {
        var raid = current.Clone();
        raid["last_updated"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var properties = node.Properties.Clone();
        var root = (current["logical_disks"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(IsRoot);
        if (root is not null)
        {
            if (root["size_gb"] is JsonValue size && !(size.GetValueKind() == JsonValueKind.String && size.GetValue<string>() == "MAX"))
                properties["local_gb"] = size.DeepClone();
            if (root["root_device_hint"] is { } hint)
                properties["root_device"] = hint.DeepClone();
            if (root["raid_level"] is JsonValue level)
                properties["capabilities"] = WithCapability(properties["capabilities"] is JsonValue c && c.TryGetValue<string>(out var text) ? text : "",
                    "raid_level", level.GetValueKind() == JsonValueKind.String ? level.GetValue<string>() : level.ToJsonString());
        }
        return (raid, properties);
    }

    /// <summary>After a delete: no RAID configuration, and no root device hint from it.</summary>
    public static (JsonObject RaidConfig, JsonObject Properties) AfterDelete(Node node)
    {
        var properties = node.Properties.Clone();
        properties.Remove("root_device");
        return (new JsonObject(), properties);
    }

    private static bool IsRoot(JsonObject disk) => disk["is_root_volume"] is JsonValue v && v.TryGetValue<bool>(out var root) && root;

    /// <summary>A "k1:v1,k2:v2" capabilities string with <paramref name="key"/> set (Ironic's get_updated_capabilities).</summary>
    private static string WithCapability(string capabilities, string key, string value)
    {
        var pairs = capabilities.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':', 2)).Where(p => p.Length == 2 && p[0] != key)
            .Select(p => $"{p[0]}:{p[1]}").ToList();
        pairs.Add($"{key}:{value}");
        return string.Join(",", pairs);
    }
}
