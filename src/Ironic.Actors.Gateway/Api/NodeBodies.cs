using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Domain.Decisions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.States;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Gateway.Rendering;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Api;

/// <summary>A checked POST /v1/nodes body: the node's UUID, its fields, and the state it starts in.</summary>
public sealed record NodeCreation(Guid NodeId, JsonObject Body, string InitialState);

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
        var unknown = fields.Select(kv => kv.Key).Where(k => !NodeDocument.CreatableFields.Contains(k)).ToList();
        if (unknown.Count > 0)
            return (null, ApiError.BadRequest(
                $"Schema error for node: Additional properties are not allowed ({string.Join(", ", unknown.Select(k => $"'{k}'"))} " +
                $"{(unknown.Count == 1 ? "was" : "were")} unexpected)"));
        if (fields.Any(kv => !version.AtLeast(NodeFields.CreateSince(kv.Key))))
            return (null, ApiError.NotAcceptable());

        var copy = (JsonObject)fields.DeepClone();
        var id = newId();
        if (copy.TryGetPropertyValue("uuid", out var uuidNode) && uuidNode is not null)
        {
            var text = uuidNode.GetValueKind() == JsonValueKind.String ? uuidNode.GetValue<string>() : uuidNode.ToJsonString();
            if (FieldRules.NormalizeUuid(text) is not { } uuid)
                return (null, ApiError.BadRequest(Messages.InvalidUuid("uuid", text)));
            id = Guid.Parse(uuid);
        }
        copy.Remove("uuid");
        var initial = version.AtLeast(11) ? ProvisionStates.Enroll : ProvisionStates.Available;
        return (new NodeCreation(id, copy, initial), null);
    }

    /// <summary>PATCH /v1/nodes/{ident}: a JSON array of <c>{"op", "path"[, "value"]}</c> objects.</summary>
    public static (IReadOnlyList<PatchOperation>? Operations, ApiError? Error) ParsePatch(JsonNode? body, ApiVersion version)
    {
        if (body is not JsonArray array)
            return (null, ApiError.BadRequest("The request body must be a JSON array of patch operations."));
        var operations = new List<PatchOperation>();
        foreach (var item in array)
        {
            if (item is not JsonObject op)
                return (null, ApiError.BadRequest($"Invalid patch operation {item?.ToJsonString() ?? "null"}: it must be a JSON object."));
            if (op["op"] is not JsonValue opValue || opValue.GetValueKind() != JsonValueKind.String)
                return (null, ApiError.BadRequest($"Invalid patch operation {op.ToJsonString()}: \"op\" must be a string."));
            if (op["path"] is not JsonValue pathValue || pathValue.GetValueKind() != JsonValueKind.String)
                return (null, ApiError.BadRequest($"Invalid patch operation {op.ToJsonString()}: \"path\" must be a string."));
            var hasValue = op.TryGetPropertyValue("value", out var value);
            var path = pathValue.GetValue<string>();
            var root = path.TrimStart('/').Split('/')[0];
            if (NodeFields.Since(root) is { } since && !version.AtLeast(since))
                return (null, ApiError.NotAcceptable());
            // Taking a node out of its chassis needs 1.25 (Ironic checks that the node had one; a removal is close enough).
            if (path == "/chassis_uuid" && (opValue.GetValue<string>() == "remove" || (hasValue && value is null)) && !version.AtLeast(25))
                return (null, ApiError.NotAcceptable());
            operations.Add(new PatchOperation(opValue.GetValue<string>(), path, value?.DeepClone(), hasValue));
        }
        return (operations, null);
    }

    /// <summary>PUT /v1/nodes/{ident}/states/provision.</summary>
    public static (ProvisionRequest? Request, ApiError? Error) ParseProvision(JsonNode? body, ApiVersion version)
    {
        if (body is not JsonObject args)
            return (null, ApiError.BadRequest(Messages.BodyNotObject));
        if (Unknown(args, "target", "configdrive", "clean_steps", "deploy_steps", "rescue_password", "disable_ramdisk") is { } unknown)
            return (null, unknown);
        if (!args.TryGetPropertyValue("target", out var targetNode) || targetNode is null)
            return (null, ApiError.BadRequest(Messages.MissingArgument("target")));
        if (targetNode.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest(FieldRules.WrongType("target", targetNode, "str")));
        var target = targetNode.GetValue<string>();
        if (ProvisionStateMachine.VerbMinVersion.TryGetValue(target, out var verbSince) && !version.AtLeast(verbSince))
            return (null, ApiError.NotAcceptable());

        var configDrive = args["configdrive"];
        if (configDrive is not null)
        {
            if (configDrive.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Object))
                return (null, ApiError.BadRequest(FieldRules.WrongType("configdrive", configDrive, "str or dict")));
            if (configDrive is JsonObject drive && (!version.AtLeast(56) || (drive.ContainsKey("vendor_data") && !version.AtLeast(59))))
                return (null, ApiError.NotAcceptable());
            if (target == "rebuild" && !version.AtLeast(35))
                return (null, ApiError.NotAcceptable());
        }

        var cleanSteps = args["clean_steps"];
        if (cleanSteps is not null and not JsonArray)
            return (null, ApiError.BadRequest(FieldRules.WrongType("clean_steps", cleanSteps, "list")));
        var deploySteps = args["deploy_steps"];
        if (deploySteps is not null && !version.AtLeast(69))
            return (null, ApiError.NotAcceptable());
        if (deploySteps is not null and not JsonArray)
            return (null, ApiError.BadRequest(FieldRules.WrongType("deploy_steps", deploySteps, "list")));
        var rescuePassword = args["rescue_password"];
        if (rescuePassword is not null && rescuePassword.GetValueKind() != JsonValueKind.String)
            return (null, ApiError.BadRequest(FieldRules.WrongType("rescue_password", rescuePassword, "str")));
        var disableRamdisk = args["disable_ramdisk"];
        if (disableRamdisk is not null && !version.AtLeast(70))
            return (null, ApiError.NotAcceptable());
        if (disableRamdisk is not null && disableRamdisk.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return (null, ApiError.BadRequest(FieldRules.WrongType("disable_ramdisk", disableRamdisk, "bool")));

        return (new ProvisionRequest(
            target,
            configDrive?.DeepClone(),
            (JsonArray?)cleanSteps?.DeepClone(),
            (JsonArray?)deploySteps?.DeepClone(),
            rescuePassword?.GetValue<string>(),
            disableRamdisk?.GetValue<bool>()), null);
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
            return (null, null, ApiError.BadRequest(FieldRules.WrongType("target", targetNode, "str")));
        var target = targetNode.GetValue<string>();

        int? timeout = null;
        if (args["timeout"] is { } timeoutNode)
        {
            if (timeoutNode.GetValueKind() != JsonValueKind.Number || !timeoutNode.AsValue().TryGetValue<int>(out var seconds))
                return (null, null, ApiError.BadRequest(FieldRules.WrongType("timeout", timeoutNode, "int")));
            timeout = seconds;
        }
        if ((timeout is not null || PowerStates.SoftTargets.Contains(target)) && !version.AtLeast(27))
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
            return (null, ApiError.BadRequest(FieldRules.WrongType("reason", reason, "str")));
        return (reason.GetValue<string>(), null);
    }

    private static ApiError? Unknown(JsonObject args, params string[] known) =>
        args.Select(kv => kv.Key).FirstOrDefault(k => !known.Contains(k)) is { } key
            ? ApiError.BadRequest(Messages.UnknownArgument(key))
            : null;
}
