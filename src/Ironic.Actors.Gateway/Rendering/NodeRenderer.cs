using System.Text;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Rendering;

/// <summary>Turns a node view into Ironic's JSON node object for one API version.</summary>
public static class NodeRenderer
{
    /// <summary>
    /// The node with every field the version knows, in the real server's order, or only
    /// <paramref name="fields"/> (in the order asked, already validated) followed by <c>links</c>, as JSON text.
    /// </summary>
    public static string Text(NodeReplies.NodeView view, ApiVersion version, string baseUrl, IReadOnlyList<string>? fields = null)
    {
        var sb = new StringBuilder(2048);
        Write(sb, view, version, baseUrl, fields);
        return sb.ToString();
    }

    /// <summary>The node as a JSON object (what <see cref="Text"/> writes, parsed).</summary>
    public static JsonObject Render(NodeReplies.NodeView view, ApiVersion version, string baseUrl, IReadOnlyList<string>? fields = null) =>
        (JsonObject)JsonNode.Parse(Text(view, version, baseUrl, fields))!;

    /// <summary>
    /// Writes the node straight to text (no JSON tree in between: a list page writes a thousand of them). Fields newer than
    /// the version are left out.
    /// </summary>
    public static void Write(StringBuilder sb, NodeReplies.NodeView view, ApiVersion version, string baseUrl, IReadOnlyList<string>? fields = null)
    {
        var uuid = view.Node.Uuid.ToString();
        sb.Append('{');
        var first = true;
        if (fields is null)
        {
            foreach (var (name, since) in NodeFields.All)
                if (version.AtLeast(since))
                    WriteField(sb, name, view, uuid, version, baseUrl, ref first);
        }
        else
        {
            foreach (var name in fields)
                if (NodeFields.Since(name) is { } since && version.AtLeast(since) && !NodeFields.LinkLists.Contains(name))
                    WriteField(sb, name, view, uuid, version, baseUrl, ref first);
            WriteField(sb, "links", view, uuid, version, baseUrl, ref first);
        }
        sb.Append('}');
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
        if (version.AtLeast(Versions.Raid))
        {
            result["raid_config"] = node.RaidConfig.DeepClone();
            result["target_raid_config"] = node.TargetRaidConfig.DeepClone();
        }
        if (version.AtLeast(Versions.BootModeFields))
        {
            result["boot_mode"] = node.BootMode;
            result["secure_boot"] = node.SecureBoot;
        }
        return result;
    }

    /// <summary>Older versions do not know some states: <c>available</c> is null before 1.2, <c>inspect wait</c> is <c>inspecting</c> before 1.39.</summary>
    public static string? ShownProvisionState(string state, ApiVersion version) =>
        NodeValues.ShownProvisionState(state, version.AtLeast(Versions.AvailableState), version.AtLeast(Versions.InspectWait));

    private static void WriteField(StringBuilder sb, string field, NodeReplies.NodeView view, string uuid, ApiVersion version, string baseUrl, ref bool first)
    {
        if (!first)
            sb.Append(", ");
        first = false;
        PyJson.AppendString(sb, field);
        sb.Append(": ");
        var node = view.Node;
        if (field.EndsWith("_interface", StringComparison.Ordinal))
        {
            PyJson.AppendString(sb, node.Interfaces.Get(field[..^"_interface".Length]));
            return;
        }
        switch (field)
        {
            case "uuid": PyJson.AppendString(sb, uuid); break;
            case "created_at": Time(sb, node.CreatedAt); break;
            case "updated_at": Time(sb, node.UpdatedAt); break;
            case "automated_clean": PyJson.AppendBool(sb, node.AutomatedClean); break;
            case "boot_mode": PyJson.AppendString(sb, node.BootMode); break;
            case "clean_step": PyJson.Append(sb, node.CleanStep); break;
            case "conductor_group": PyJson.AppendString(sb, node.ConductorGroup); break;
            case "console_enabled": PyJson.AppendBool(sb, node.ConsoleEnabled); break;
            case "deploy_step": PyJson.Append(sb, node.DeployStep); break;
            case "description": PyJson.AppendString(sb, node.Description); break;
            case "driver": PyJson.AppendString(sb, node.Driver); break;
            case "driver_info": SecretMasker.WriteDriverInfo(sb, node.DriverInfo); break;
            case "driver_internal_info": SecretMasker.WriteDriverInternalInfo(sb, node.DriverInternalInfo); break;
            case "extra": PyJson.Append(sb, node.Extra); break;
            case "fault": PyJson.AppendString(sb, node.Fault); break;
            case "inspection_finished_at": Time(sb, node.InspectionFinishedAt); break;
            case "inspection_started_at": Time(sb, node.InspectionStartedAt); break;
            case "instance_info": SecretMasker.WriteInstanceInfo(sb, node.InstanceInfo); break;
            case "instance_uuid": PyJson.AppendString(sb, node.InstanceUuid); break;
            case "last_error": PyJson.AppendString(sb, node.LastError); break;
            case "lessee": PyJson.AppendString(sb, node.Lessee); break;
            case "maintenance": PyJson.AppendBool(sb, node.Maintenance); break;
            case "maintenance_reason": PyJson.AppendString(sb, node.MaintenanceReason); break;
            case "name": PyJson.AppendString(sb, node.Name); break;
            case "network_data": PyJson.Append(sb, node.NetworkData); break;
            case "owner": PyJson.AppendString(sb, node.Owner); break;
            case "power_state": PyJson.AppendString(sb, node.PowerState); break;
            case "properties": PyJson.Append(sb, node.Properties); break;
            case "protected": PyJson.AppendBool(sb, node.Protected); break;
            case "protected_reason": PyJson.AppendString(sb, node.ProtectedReason); break;
            case "provision_state": PyJson.AppendString(sb, ShownProvisionState(node.ProvisionState, version)); break;
            case "provision_updated_at": Time(sb, node.ProvisionUpdatedAt); break;
            case "raid_config": PyJson.Append(sb, node.RaidConfig); break;
            case "reservation": PyJson.AppendString(sb, view.Reservation); break;
            case "resource_class": PyJson.AppendString(sb, node.ResourceClass); break;
            case "retired": PyJson.AppendBool(sb, node.Retired); break;
            case "retired_reason": PyJson.AppendString(sb, node.RetiredReason); break;
            case "secure_boot": PyJson.AppendBool(sb, node.SecureBoot); break;
            case "shard": PyJson.AppendString(sb, node.Shard); break;
            case "target_power_state": PyJson.AppendString(sb, node.TargetPowerState); break;
            case "target_provision_state": PyJson.AppendString(sb, node.TargetProvisionState); break;
            case "target_raid_config": PyJson.Append(sb, node.TargetRaidConfig); break;
            case "traits": Strings(sb, node.Traits); break;
            case "links": Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid); break;
            case "conductor": PyJson.AppendString(sb, view.Conductor); break;
            case "allocation_uuid": PyJson.AppendString(sb, node.AllocationUuid?.ToString()); break;
            case "chassis_uuid": PyJson.AppendString(sb, node.ChassisUuid); break;
            case "ports" or "states" or "portgroups" or "volume": Links.WriteSelfAndBookmark(sb, baseUrl, "nodes", uuid, field); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a node field");
        }
    }

    private static void Time(StringBuilder sb, DateTimeOffset? time) => Timestamps.AppendJson(sb, time);

    private static void Strings(StringBuilder sb, IEnumerable<string> values)
    {
        sb.Append('[');
        var first = true;
        foreach (var value in values)
        {
            if (!first)
                sb.Append(", ");
            first = false;
            PyJson.AppendString(sb, value);
        }
        sb.Append(']');
    }
}
