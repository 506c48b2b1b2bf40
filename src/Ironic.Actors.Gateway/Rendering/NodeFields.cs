namespace Ironic.Actors.Gateway.Rendering;

/// <summary>
/// Every field of Ironic's node object in the order the real server prints it (see the POST /v1/nodes
/// sample at 1.78), each with the minor version that introduced it. Fields newer than the request's
/// version are left out of responses; asking for them (fields, sort_key, create) gets 406.
/// </summary>
public static class NodeFields
{
    public static readonly IReadOnlyList<(string Name, int Since)> All =
    [
        ("uuid", 1), ("created_at", 1), ("updated_at", 1), ("automated_clean", 47), ("bios_interface", 40),
        ("boot_interface", 31), ("boot_mode", 75), ("clean_step", 7), ("conductor_group", 46), ("console_enabled", 1),
        ("console_interface", 31), ("deploy_interface", 31), ("deploy_step", 44), ("description", 51), ("driver", 1),
        ("driver_info", 1), ("driver_internal_info", 3), ("extra", 1), ("fault", 42), ("inspection_finished_at", 6),
        ("inspection_started_at", 6), ("inspect_interface", 31), ("instance_info", 1), ("instance_uuid", 1),
        ("last_error", 1), ("lessee", 65), ("maintenance", 1), ("maintenance_reason", 1), ("management_interface", 31),
        ("name", 5), ("network_data", 66), ("network_interface", 20), ("owner", 50), ("power_interface", 31),
        ("power_state", 1), ("properties", 1), ("protected", 48), ("protected_reason", 48), ("provision_state", 1),
        ("provision_updated_at", 1), ("raid_config", 12), ("raid_interface", 31), ("rescue_interface", 38),
        ("reservation", 1), ("resource_class", 21), ("retired", 61), ("retired_reason", 61), ("secure_boot", 75),
        ("shard", 82), ("storage_interface", 33), ("target_power_state", 1), ("target_provision_state", 1),
        ("target_raid_config", 12), ("traits", 37), ("vendor_interface", 31),
        ("links", 1), ("conductor", 49), ("allocation_uuid", 52), ("chassis_uuid", 1),
        ("ports", 1), ("states", 14), ("portgroups", 24), ("volume", 32),
    ];

    /// <summary>Link lists that follow the fields; never selectable with <c>?fields=</c>.</summary>
    public static readonly IReadOnlySet<string> LinkLists = new HashSet<string> { "links", "ports", "states", "portgroups", "volume" };

    /// <summary>Fields of the list view without <c>detail</c>, in Ironic's order.</summary>
    public static readonly IReadOnlyList<string> ListDefault =
        ["uuid", "name", "instance_uuid", "power_state", "provision_state", "maintenance"];

    /// <summary>JSON columns Ironic refuses to sort by.</summary>
    public static readonly IReadOnlySet<string> Unsortable = new HashSet<string>
    {
        "properties", "driver_info", "extra", "instance_info", "driver_internal_info", "clean_step", "deploy_step",
        "raid_config", "target_raid_config", "traits", "network_data",
    };

    /// <summary>Computed fields that are not columns, so they cannot be sorted by either.</summary>
    private static readonly IReadOnlySet<string> Computed = new HashSet<string> { "conductor", "allocation_uuid" };

    private static readonly Dictionary<string, int> SinceByName = All.ToDictionary(f => f.Name, f => f.Since);

    /// <summary>The minor version that introduced <paramref name="field"/>, or null for an unknown field.</summary>
    public static int? Since(string field) => SinceByName.TryGetValue(field, out var since) ? since : null;

    public static bool IsSelectable(string field) => SinceByName.ContainsKey(field) && !LinkLists.Contains(field);

    public static bool IsSortable(string field) =>
        field == "id" || (IsSelectable(field) && !Unsortable.Contains(field) && !Computed.Contains(field));

    /// <summary>The minor version that introduced each field a POST body may carry.</summary>
    public static int CreateSince(string field) => field switch
    {
        "uuid" or "console_enabled" => 1,
        _ => Since(field) ?? 1,
    };
}
