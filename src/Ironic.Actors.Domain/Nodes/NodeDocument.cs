using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Ports;

namespace Ironic.Actors.Domain.Nodes;

/// <summary>
/// The node's user-writable fields as a JSON document with Ironic's field names. POST bodies are read
/// through it, and PATCH applies its operations to it, so both share one set of type and value rules.
/// </summary>
public static class NodeDocument
{
    private static readonly string[] ObjectFields = ["driver_info", "properties", "instance_info", "extra", "network_data"];
    private static readonly string[] NullableStringFields =
        ["name", "description", "owner", "lessee", "resource_class", "instance_uuid", "chassis_uuid",
         "protected_reason", "retired_reason", "shard"];

    /// <summary>Root fields a PATCH may touch.</summary>
    public static readonly IReadOnlySet<string> PatchableFields = new HashSet<string>(
        ["automated_clean", "chassis_uuid", "conductor_group", "description", "driver", "driver_info", "extra",
         "instance_info", "instance_uuid", "lessee", "maintenance", "name", "network_data", "owner", "properties",
         "protected", "protected_reason", "resource_class", "retired", "retired_reason", "shard",
         .. NodeInterfaces.Types.Select(t => t + "_interface")]);

    /// <summary>Fields a POST may carry: the patchable ones plus a few set only at creation.</summary>
    public static readonly IReadOnlySet<string> CreatableFields = new HashSet<string>(
        [.. PatchableFields.Except(["protected", "protected_reason"]), "uuid", "console_enabled", "boot_mode", "secure_boot"]);

    /// <summary>The patchable part of <paramref name="node"/> (copies; the node is not shared).</summary>
    public static JsonObject ToDocument(Node node)
    {
        var doc = new JsonObject
        {
            ["automated_clean"] = node.AutomatedClean,
            ["chassis_uuid"] = node.ChassisUuid,
            ["conductor_group"] = node.ConductorGroup,
            ["description"] = node.Description,
            ["driver"] = node.Driver,
            ["driver_info"] = node.DriverInfo.Clone(),
            ["extra"] = node.Extra.Clone(),
            ["instance_info"] = node.InstanceInfo.Clone(),
            ["instance_uuid"] = node.InstanceUuid,
            ["lessee"] = node.Lessee,
            ["maintenance"] = node.Maintenance,
            ["name"] = node.Name,
            ["network_data"] = node.NetworkData.Clone(),
            ["owner"] = node.Owner,
            ["properties"] = node.Properties.Clone(),
            ["protected"] = node.Protected,
            ["protected_reason"] = node.ProtectedReason,
            ["resource_class"] = node.ResourceClass,
            ["retired"] = node.Retired,
            ["retired_reason"] = node.RetiredReason,
            ["shard"] = node.Shard,
        };
        foreach (var type in NodeInterfaces.Types)
            doc[type + "_interface"] = node.Interfaces.Get(type);
        return doc;
    }

    private static readonly string[] BooleanFields = ["maintenance", "protected", "retired", "automated_clean", "console_enabled", "secure_boot"];

    /// <summary>
    /// Reads the document's fields into <paramref name="node"/>, checking each value's type and form.
    /// Interfaces are not resolved here (see <see cref="RequestedInterfaces"/>). <paramref name="patching"/> words
    /// errors as Ironic's PATCH does ("Schema error for patch", the name change message) instead of its POST.
    /// </summary>
    public static (Node? Node, string? Error) Read(JsonObject doc, Node node, bool patching = false)
    {
        var schemaName = patching ? "patch" : "node";
        foreach (var key in ObjectFields)
        {
            if (doc.TryGetPropertyValue(key, out var v) && v is not null and not JsonObject)
                return (null, SchemaCheck.Fail(schemaName, key == "network_data"
                    ? $"{PythonText.Of(v)} is not valid under any of the given schemas. Possible root cause: {PythonText.NotOfType(v, "null")}"
                    : PythonText.NotOfType(v, "object", "null")));
            if (FieldRules.DepthOf(v) > FieldRules.MaxJsonDepth)
                return (null, $"Value for field '{key}' is nested too deeply: at most {FieldRules.MaxJsonDepth} levels are allowed.");
        }
        foreach (var key in NullableStringFields.Append("driver").Append("conductor_group")
                     .Concat(NodeInterfaces.Types.Select(t => t + "_interface")).Append("boot_mode"))
            if (doc.TryGetPropertyValue(key, out var v) && v is not null && v.GetValueKind() != JsonValueKind.String)
                return (null, SchemaCheck.Fail(schemaName, key == "driver" ? PythonText.NotOfType(v, "string") : PythonText.NotOfType(v, "string", "null")));
        // Ironic's schema lets booleans be strings too (the CLI sends "True"), read by oslo's strict bool_from_string.
        var booleans = new Dictionary<string, bool?>();
        foreach (var key in BooleanFields)
        {
            if (!doc.TryGetPropertyValue(key, out var v))
                continue;
            if (!PythonText.HasType(v, "string", "boolean", "null"))
                return (null, SchemaCheck.Fail(schemaName, PythonText.NotOfType(v, "string", "boolean", "null")));
            var (value, boolError) = PythonText.Boolean(key, v);
            if (boolError is not null)
                return (null, boolError);
            booleans[key] = value;
        }

        string? Str(string key, string? current) => doc.TryGetPropertyValue(key, out var v) ? v?.GetValue<string>() : current;
        bool? Bool(string key, bool? current) => booleans.TryGetValue(key, out var v) ? v : current;
        JsonObject Obj(string key, JsonObject current) =>
            doc.TryGetPropertyValue(key, out var v) ? (v as JsonObject)?.Clone() ?? new JsonObject() : current;

        var driver = Str("driver", node.Driver);
        if (string.IsNullOrEmpty(driver))
            return (null, SchemaCheck.Fail(schemaName, "'driver' is a required property"));

        var name = Str("name", node.Name);
        if (name is not null && name != node.Name && FieldRules.CheckName(name, patching) is { } nameError)
            return (null, patching && FieldRules.IsLogicalName(name) is false ? $"Node {node.Uuid}: {nameError}" : nameError);

        var description = Str("description", node.Description);
        if (description is { Length: > 4096 })
            return (null, SchemaCheck.Fail(schemaName, $"{PythonText.Of(description)} is too long"));

        var resourceClass = Str("resource_class", node.ResourceClass);
        if (resourceClass is { Length: > 80 })
            return (null, SchemaCheck.Fail(schemaName, $"{PythonText.Of(resourceClass)} is too long"));

        var group = Str("conductor_group", node.ConductorGroup) ?? "";
        if (!FieldRules.IsConductorGroup(group))
            return (null, $"Expected a conductor group but received {group}."); // Ironic's InvalidConductorGroup

        // A UUID field as given (null when unset), in canonical form, or the error when it is not a UUID.
        (string? Value, string? Error) Uuid(string key, string? current) =>
            Str(key, current) is not { } raw ? (null, null)
            : FieldRules.NormalizeUuid(raw) is { } uuid ? (uuid, null)
            : (null, $"Expected UUID for {key}: {raw}");

        var (instanceUuid, instanceError) = Uuid("instance_uuid", node.InstanceUuid);
        if (instanceError is not null)
            return (null, instanceError);
        var (chassisUuid, chassisError) = Uuid("chassis_uuid", node.ChassisUuid);
        if (chassisError is not null)
            return (null, chassisError);

        var isProtected = Bool("protected", node.Protected) ?? false;
        var protectedReason = Str("protected_reason", node.ProtectedReason);
        if (!isProtected && protectedReason is not null && protectedReason != node.ProtectedReason)
            return (null, "The protected_reason field can only be set when protected is True");
        if (!isProtected)
            protectedReason = null; // unprotecting clears the reason, as Ironic does

        // A create stores false for null, as Ironic's does; a patch keeps null (a removed /retired is null in Ironic 21.4).
        var retired = patching ? Bool("retired", node.Retired) : Bool("retired", node.Retired) ?? false;
        var retiredReason = Str("retired_reason", node.RetiredReason);
        // Ironic checks and clears the reason on updates only: a create may give a reason without retiring the node.
        if (patching && retired != true && retiredReason is not null && retiredReason != node.RetiredReason)
            return (null, "The retired_reason field can only be set when retired is True");
        if (patching && retired != true)
            retiredReason = null; // unretiring clears the reason, as Ironic does

        var maintenance = Bool("maintenance", node.Maintenance) ?? false;

        return (node with
        {
            Name = name,
            Driver = driver,
            DriverInfo = Obj("driver_info", node.DriverInfo),
            Properties = Obj("properties", node.Properties),
            InstanceInfo = Obj("instance_info", node.InstanceInfo),
            Extra = Obj("extra", node.Extra),
            NetworkData = Obj("network_data", node.NetworkData),
            InstanceUuid = instanceUuid,
            ChassisUuid = chassisUuid,
            ConductorGroup = group.ToLowerInvariant(),
            Description = description,
            ResourceClass = resourceClass,
            Owner = Str("owner", node.Owner),
            Lessee = Str("lessee", node.Lessee),
            Shard = Str("shard", node.Shard),
            AutomatedClean = Bool("automated_clean", node.AutomatedClean),
            Protected = isProtected,
            ProtectedReason = protectedReason,
            Retired = retired,
            RetiredReason = retiredReason,
            Maintenance = maintenance,
            MaintenanceReason = maintenance ? node.MaintenanceReason : null,
            Fault = maintenance ? node.Fault : null,
            ConsoleEnabled = Bool("console_enabled", node.ConsoleEnabled) ?? false,
            BootMode = Str("boot_mode", node.BootMode),
            SecureBoot = Bool("secure_boot", node.SecureBoot),
        }, null);
    }

    /// <summary>The interface implementations the document names explicitly (null entries mean "default").</summary>
    public static IReadOnlyDictionary<string, string?> RequestedInterfaces(JsonObject doc) =>
        NodeInterfaces.Types.ToDictionary(t => t, t => StringOrNull(doc[t + "_interface"]));

    /// <summary>The value when it is a JSON string, else null (type errors are reported by <see cref="Read"/>).</summary>
    public static string? StringOrNull(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

}
