using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Nodes;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Api;

/// <summary>A checked POST /v1/nodes body: the node's UUID, its fields, and the state it starts in.</summary>
/// <param name="IdGenerated">True when the body gave no uuid and <paramref name="NodeId"/> was generated here.</param>
public sealed record NodeCreation(Guid NodeId, JsonObject Body, string InitialState, bool IdGenerated);

/// <summary>
/// Parses node request bodies: JSON shape, argument types and version gates. Rules about the node itself
/// (names, states, interfaces) are the domain's, applied by the node entity.
/// </summary>
public static class NodeBodies
{
    /// <summary>POST /v1/nodes. <paramref name="newId"/> supplies the UUID when the body has none.</summary>
    public static (NodeCreation? Creation, ApiError? Error) ParseCreate(JsonNode? body, ApiVersion version, Func<Guid> newId)
    {
        if (body is not JsonObject fields)
            return (null, ApiError.BadRequest(Messages.BodyNotObject));
        var unknown = fields.Select(kv => kv.Key).Where(k => !NodeValues.CreatableFields.Contains(k)).ToList();
        if (unknown.Count > 0)
            return (null, ApiError.BadRequest(
                $"Schema error for node: Additional properties are not allowed ({string.Join(", ", unknown.Select(k => $"'{k}'"))} " +
                $"{(unknown.Count == 1 ? "was" : "were")} unexpected)"));
        if (fields.Any(kv => !version.AtLeast(NodeFields.CreateSince(kv.Key))))
            return (null, ApiError.NotAcceptable());

        var copy = (JsonObject)fields.DeepClone();
        var id = newId();
        var generated = true;
        if (copy.TryGetPropertyValue("uuid", out var uuidNode) && uuidNode is not null)
        {
            var text = uuidNode.GetValueKind() == JsonValueKind.String ? uuidNode.GetValue<string>() : uuidNode.ToJsonString();
            if (Identifiers.NormalizeUuid(text) is not { } uuid)
                return (null, ApiError.BadRequest(Messages.InvalidUuid("uuid", text)));
            id = Guid.Parse(uuid);
            generated = false;
        }
        copy.Remove("uuid");
        var initial = NodeValues.InitialProvisionState(version.AtLeast(Versions.EnrollState));
        return (new NodeCreation(id, copy, initial, generated), null);
    }

    /// <summary>Ironic's PATCH_ALLOWED_FIELDS for nodes, in its (sorted) order, as its "Cannot patch" error lists them.</summary>
    public static readonly IReadOnlyList<string> PatchAllowedFields =
        NodeValues.PatchableFields.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// PATCH /v1/nodes/{ident}: a JSON array of <c>{"op", "path"[, "value"]}</c> objects (Ironic's patch schema), on
    /// patchable root fields only, and none newer than <paramref name="version"/>.
    /// </summary>
    public static (PatchRequest? Patch, ApiError? Error) ParsePatch(BodyRead body, ApiVersion version)
    {
        var (patch, error) = PortBodies.ParsePatch(body, PatchAllowedFields);
        if (patch is null)
            return (null, error);
        foreach (var op in patch.Operations)
        {
            var root = op.Path.TrimStart('/').Split('/')[0];
            if (NodeFields.Since(root) is { } since && !version.AtLeast(since))
                return (null, ApiError.NotAcceptable());
            // Taking a node out of its chassis needs 1.25 (Ironic checks that the node had one; a removal is close enough).
            if (op.Path == "/chassis_uuid" && (op.Op == "remove" || (op.HasValue && op.Value is null)) && !version.AtLeast(Versions.UnsetChassis))
                return (null, ApiError.NotAcceptable());
        }
        return (patch, null);
    }

    /// <summary>PUT /v1/nodes/{ident}/states/provision.</summary>
    public static (Func<Guid, NodeCommands.ChangeProvisionState>? Command, ApiError? Error) ParseProvision(JsonNode? body, ApiVersion version)
    {
        if (body is not JsonObject args)
            return (null, ApiError.BadRequest(Messages.BodyNotObject));
        if (Unknown(args, "target", "configdrive", "clean_steps", "deploy_steps", "rescue_password", "disable_ramdisk") is { } unknown)
            return (null, unknown);
        if (!args.TryGetPropertyValue("target", out var targetNode) || targetNode is null)
            return (null, ApiError.BadRequest(Messages.MissingArgument("target")));
        if (targetNode.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest(Messages.ExpectedString("target", PythonValues.Str(targetNode))));
        var target = targetNode.GetValue<string>();
        if (NodeValues.VerbMinVersion.TryGetValue(target, out var verbSince) && !version.AtLeast(verbSince))
            return (null, ApiError.NotAcceptable());

        var configDrive = args["configdrive"];
        if (configDrive is not null)
        {
            if (configDrive.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Object))
                return (null, ApiError.BadRequest(PythonValues.WrongType("configdrive", configDrive, "str or dict")));
            if (configDrive is JsonObject drive && (!version.AtLeast(Versions.ConfigDriveJson) || (drive.ContainsKey("vendor_data") && !version.AtLeast(Versions.ConfigDriveVendorData))))
                return (null, ApiError.NotAcceptable());
            if (target == "rebuild" && !version.AtLeast(Versions.RebuildConfigDrive))
                return (null, ApiError.NotAcceptable());
        }

        var cleanSteps = args["clean_steps"];
        if (cleanSteps is not null and not JsonArray)
            return (null, ApiError.BadRequest(PythonValues.WrongType("clean_steps", cleanSteps, "list")));
        var deploySteps = args["deploy_steps"];
        if (deploySteps is not null && !version.AtLeast(Versions.DeploySteps))
            return (null, ApiError.NotAcceptable());
        if (deploySteps is not null and not JsonArray)
            return (null, ApiError.BadRequest(PythonValues.WrongType("deploy_steps", deploySteps, "list")));
        var rescuePassword = args["rescue_password"];
        if (rescuePassword is not null && rescuePassword.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest(Messages.ExpectedString("rescue_password", PythonValues.Str(rescuePassword))));
        var disableRamdisk = args["disable_ramdisk"];
        if (disableRamdisk is not null && !version.AtLeast(Versions.DisableRamdisk))
            return (null, ApiError.NotAcceptable());
        var (ramdiskFlag, ramdiskError) = PythonValues.Boolean("disable_ramdisk", disableRamdisk);
        if (ramdiskError is not null)
            return (null, ApiError.BadRequest(ramdiskError));

        var configDriveCopy = configDrive?.DeepClone();
        var cleanStepsCopy = (JsonArray?)cleanSteps?.DeepClone();
        var deployStepsCopy = (JsonArray?)deploySteps?.DeepClone();
        var password = rescuePassword?.GetValue<string>();
        return (nodeId => NodeCommands.ChangeProvisionState.Of(
            nodeId, target, configDriveCopy, cleanStepsCopy, deployStepsCopy, password, ramdiskFlag), null);
    }

    /// <summary>PUT /v1/nodes/{ident}/states/power: <c>target</c> and an optional integer <c>timeout</c>.</summary>
    public static (string? Target, int? Timeout, ApiError? Error) ParsePower(JsonNode? body, ApiVersion version)
    {
        if (body is not JsonObject args)
            return (null, null, ApiError.BadRequest(Messages.BodyNotObject));
        if (Unknown(args, "target", "timeout") is { } unknown)
            return (null, null, unknown);
        if (!args.TryGetPropertyValue("target", out var targetNode) || targetNode is null)
            return (null, null, ApiError.BadRequest(Messages.MissingArgument("target")));
        if (targetNode.GetValueKind() != JsonValueKind.String)
            return (null, null, ApiError.BadRequest(Messages.ExpectedString("target", PythonValues.Str(targetNode))));
        var target = targetNode.GetValue<string>();

        int? timeout = null;
        if (args["timeout"] is { } timeoutNode)
        {
            // args.integer: int(value), so an integer or a string of one.
            int seconds;
            var ok = timeoutNode.GetValueKind() == JsonValueKind.Number
                ? timeoutNode.AsValue().TryGetValue(out seconds)
                : int.TryParse(PythonValues.Str(timeoutNode).Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out seconds) && timeoutNode.GetValueKind() == JsonValueKind.String;
            if (!ok)
                return (null, null, ApiError.BadRequest(Messages.InvalidInt("timeout", PythonValues.Str(timeoutNode))));
            timeout = seconds;
        }
        if ((timeout is not null || NodeValues.SoftPowerTargets.Contains(target)) && !version.AtLeast(Versions.SoftPowerAndTimeout))
            return (null, null, ApiError.NotAcceptable());
        return (target, timeout, null);
    }

    /// <summary>PUT /v1/nodes/{ident}/maintenance: optional <c>{"reason": str}</c> (or <c>?reason=</c>).</summary>
    public static (string? Reason, ApiError? Error) ParseMaintenance(BodyRead body, string? queryReason)
    {
        if (body.IsEmpty || body.Node is null)
            return (queryReason, null);
        if (body.Node is not JsonObject args)
            return (null, ApiError.BadRequest(Messages.BodyNotObject));
        if (Unknown(args, "reason") is { } unknown)
            return (null, unknown);
        if (args["reason"] is not { } reason)
            return (queryReason, null);
        if (reason.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest(Messages.ExpectedString("reason", PythonValues.Str(reason))));
        return (reason.GetValue<string>(), null);
    }

    /// <summary>Ironic's "Unexpected arguments" (args.validate) when <paramref name="args"/> has keys besides <paramref name="known"/>.</summary>
    internal static ApiError? Unknown(JsonObject args, params string[] known) =>
        args.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList() is { Count: > 0 } keys
            ? ApiError.BadRequest(Messages.UnknownArguments(keys))
            : null;
}
