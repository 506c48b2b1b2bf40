using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Turns a node view into Ironic's JSON node object for one API version.</summary>
public static class NodeRenderer
{
    /// <summary>
    /// The node with every field the version knows, in the real server's order, or only
    /// <paramref name="fields"/> (in the order asked, already validated) followed by <c>links</c>.
    /// </summary>
    public static JsonObject Render(NodeReplies.NodeView view, ApiVersion version, string baseUrl, IReadOnlyList<string>? fields = null)
    {
        var result = new JsonObject();
        if (fields is null)
        {
            foreach (var (name, since) in NodeFields.All)
                if (version.AtLeast(since))
                    result[name] = Value(name, view, version, baseUrl);
            return result;
        }
        foreach (var name in fields)
            if (NodeFields.Since(name) is { } since && version.AtLeast(since) && !NodeFields.LinkLists.Contains(name))
                result[name] = Value(name, view, version, baseUrl);
        result["links"] = Value("links", view, version, baseUrl);
        return result;
    }

    /// <summary>GET /v1/nodes/{ident}/states.</summary>
    public static JsonObject RenderStates(NodeReplies.NodeView view, ApiVersion version)
    {
        var node = view.Node;
        var result = new JsonObject
        {
            ["console_enabled"] = node.ConsoleEnabled,
            ["last_error"] = node.LastError,
            ["power_state"] = node.PowerState,
            ["provision_state"] = ShownProvisionState(node.ProvisionState, version),
            ["target_power_state"] = node.TargetPowerState,
            ["target_provision_state"] = node.TargetProvisionState,
            ["provision_updated_at"] = Timestamps.ToJson(node.ProvisionUpdatedAt),
        };
        if (version.AtLeast(12))
        {
            result["raid_config"] = node.RaidConfig.DeepClone();
            result["target_raid_config"] = node.TargetRaidConfig.DeepClone();
        }
        if (version.AtLeast(75))
        {
            result["boot_mode"] = node.BootMode;
            result["secure_boot"] = node.SecureBoot;
        }
        return result;
    }

    /// <summary>Older versions do not know some states: <c>available</c> is null before 1.2, <c>inspect wait</c> is <c>inspecting</c> before 1.39.</summary>
    public static string? ShownProvisionState(string state, ApiVersion version) => state switch
    {
        ProvisionStates.Available when !version.AtLeast(2) => null,
        ProvisionStates.InspectWait when !version.AtLeast(39) => ProvisionStates.Inspecting,
        _ => state,
    };

    private static JsonNode? Value(string field, NodeReplies.NodeView view, ApiVersion version, string baseUrl)
    {
        var node = view.Node;
        var uuid = node.Uuid.ToString();
        if (field.EndsWith("_interface", StringComparison.Ordinal))
            return node.Interfaces.Get(field[..^"_interface".Length]);
        return field switch
        {
            "uuid" => uuid,
            "created_at" => Timestamps.ToJson(node.CreatedAt),
            "updated_at" => Timestamps.ToJson(node.UpdatedAt),
            "automated_clean" => node.AutomatedClean,
            "boot_mode" => node.BootMode,
            "clean_step" => node.CleanStep.DeepClone(),
            "conductor_group" => node.ConductorGroup,
            "console_enabled" => node.ConsoleEnabled,
            "deploy_step" => node.DeployStep.DeepClone(),
            "description" => node.Description,
            "driver" => node.Driver,
            "driver_info" => SecretMasker.DriverInfo(node.DriverInfo),
            "driver_internal_info" => SecretMasker.DriverInternalInfo(node.DriverInternalInfo),
            "extra" => node.Extra.DeepClone(),
            "fault" => node.Fault,
            "inspection_finished_at" => Timestamps.ToJson(node.InspectionFinishedAt),
            "inspection_started_at" => Timestamps.ToJson(node.InspectionStartedAt),
            "instance_info" => SecretMasker.InstanceInfo(node.InstanceInfo),
            "instance_uuid" => node.InstanceUuid,
            "last_error" => node.LastError,
            "lessee" => node.Lessee,
            "maintenance" => node.Maintenance,
            "maintenance_reason" => node.MaintenanceReason,
            "name" => node.Name,
            "network_data" => node.NetworkData.DeepClone(),
            "owner" => node.Owner,
            "power_state" => node.PowerState,
            "properties" => node.Properties.DeepClone(),
            "protected" => node.Protected,
            "protected_reason" => node.ProtectedReason,
            "provision_state" => ShownProvisionState(node.ProvisionState, version),
            "provision_updated_at" => Timestamps.ToJson(node.ProvisionUpdatedAt),
            "raid_config" => node.RaidConfig.DeepClone(),
            "reservation" => view.Reservation,
            "resource_class" => node.ResourceClass,
            "retired" => node.Retired,
            "retired_reason" => node.RetiredReason,
            "secure_boot" => node.SecureBoot,
            "shard" => node.Shard,
            "target_power_state" => node.TargetPowerState,
            "target_provision_state" => node.TargetProvisionState,
            "target_raid_config" => node.TargetRaidConfig.DeepClone(),
            "traits" => new JsonArray([.. node.Traits.Select(t => (JsonNode?)JsonValue.Create(t))]),
            "links" => Links.SelfAndBookmark(baseUrl, $"nodes/{uuid}"),
            "conductor" => view.Conductor,
            "allocation_uuid" => null,
            "chassis_uuid" => node.ChassisUuid,
            "ports" or "states" or "portgroups" or "volume" => Links.SelfAndBookmark(baseUrl, $"nodes/{uuid}/{field}"),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a node field"),
        };
    }
}
