using System.Text.Json;
using System.Text.Json.Nodes;
using Ironic.Actors.Gateway.Errors;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Checks the inputs of a node's sub-resources (traits, boot device, vendor passthru) before they reach the
/// cluster. Trait inputs are checked against Ironic's JSON schemas, so errors read like its validator's:
/// <c>Schema error for &lt;name&gt;: &lt;reason&gt;</c>.
/// </summary>
public static class SubResourceBodies
{
    /// <summary>Ironic's answer when PUT /traits has no traits, or PUT /traits/{trait} has them too.</summary>
    public const string TraitsPutMisuse =
        "A single node trait may be added via PUT /v1/nodes/<node identifier>/traits/<trait> with no request body.  " +
        "All traits for a node may be set via PUT /v1/nodes/<node identifier>/traits with a request body containing " +
        "the full set of traits.";

    /// <summary>Ironic's answer to a vendor passthru call without a method name.</summary>
    public const string MethodNotSpecified = "Method not specified";

    /// <summary>The trait of PUT/DELETE /traits/{trait}: a standard or custom trait name.</summary>
    public static ApiError? CheckTrait(string trait) =>
        NodeValues.CheckTrait(trait) is { } reason ? ApiError.BadRequest($"Schema error for trait: {reason}") : null;

    /// <summary>
    /// The body of PUT /traits/{trait}: none, or an object without <c>traits</c> (Ironic ignores the rest of it,
    /// but it must still be an object of the known shape).
    /// </summary>
    public static ApiError? CheckSingleTraitBody(BodyRead body)
    {
        if (body.IsEmpty || body.Node is null)
            return null;
        if (CheckTraitsBodyShape(body.Node) is { } error)
            return error;
        return ((JsonObject)body.Node).ContainsKey("traits") ? ApiError.BadRequest(TraitsPutMisuse) : null;
    }

    /// <summary>The body of PUT /traits: <c>{"traits": [trait, ...]}</c>.</summary>
    public static (IReadOnlyList<string>? Traits, ApiError? Error) ParseTraits(BodyRead body)
    {
        if (body.IsEmpty || body.Node is null)
            return (null, ApiError.BadRequest(TraitsPutMisuse));
        if (CheckTraitsBodyShape(body.Node) is { } error)
            return (null, error);
        if (!((JsonObject)body.Node).TryGetPropertyValue("traits", out var traits))
            return (null, ApiError.BadRequest(TraitsPutMisuse));
        return ((traits as JsonArray)!.Select(t => t!.GetValue<string>()).ToList(), null);
    }

    /// <summary>Ironic's body schema: an object with only <c>traits</c>, a list of valid trait names.</summary>
    private static ApiError? CheckTraitsBodyShape(JsonNode body)
    {
        if (body is not JsonObject fields)
            return SchemaError("body", $"{PyRepr.Of(body)} is not of type 'object'");
        var unexpected = fields.Select(kv => kv.Key).Where(k => k != "traits").ToList();
        if (unexpected.Count > 0)
            return SchemaError("body", "Additional properties are not allowed (" +
                string.Join(", ", unexpected.Select(k => PyRepr.Of(k))) + (unexpected.Count == 1 ? " was" : " were") + " unexpected)");
        if (!fields.TryGetPropertyValue("traits", out var traits))
            return null;
        if (traits is not JsonArray list)
            return SchemaError("body", $"{PyRepr.Of(traits)} is not of type 'array'");
        foreach (var item in list)
        {
            if (item?.GetValueKind() != JsonValueKind.String)
                return SchemaError("body", $"{PyRepr.Of(item)} is not of type 'string'");
            if (NodeValues.CheckTrait(item.GetValue<string>()) is { } reason)
                return SchemaError("body", reason);
        }
        return null;
    }

    /// <summary>PUT /management/boot_device: <c>{"boot_device": str, "persistent": bool (default false)}</c>.</summary>
    public static (string? Device, bool Persistent, ApiError? Error) ParseBootDevice(JsonNode? body)
    {
        if (body is not JsonObject args)
            return (null, false, ApiError.BadRequest(Messages.BodyNotObject));
        if (NodeBodies.Unknown(args, "boot_device", "persistent") is { } unknown)
            return (null, false, unknown);
        if (args["boot_device"] is not { } device)
            return (null, false, ApiError.BadRequest(Messages.MissingArgument("boot_device")));
        if (device.GetValueKind() != JsonValueKind.String)
            return (null, false, ApiError.BadRequest(Messages.ExpectedString("boot_device", PythonValues.Str(device))));

        // args.boolean: oslo's strict bool_from_string, which reads any value through str() (so 1 is true).
        var (persistent, persistentError) = PythonValues.Boolean("persistent", args["persistent"]);
        if (persistentError is not null)
            return (null, false, ApiError.BadRequest(persistentError));
        return (device.GetValue<string>(), persistent ?? false, null);
    }

    /// <summary>
    /// PUT /states/console: <c>{"enabled": bool}</c>, read as Ironic's <c>args.boolean</c> reads it (true/false, or one
    /// of oslo's words; null is let through and asks for nothing). Ironic reads a body that is not an object as no arguments.
    /// </summary>
    public static (bool? Enabled, ApiError? Error) ParseConsole(BodyRead body)
    {
        var args = body.Node as JsonObject ?? [];
        if (NodeBodies.Unknown(args, "enabled") is { } unknown)
            return (null, unknown);
        if (!args.TryGetPropertyValue("enabled", out var enabled))
            return (null, ApiError.BadRequest(Messages.MissingArgument("enabled")));
        var (value, error) = PythonValues.Boolean("enabled", enabled);
        return error is null ? (value, null) : (null, ApiError.BadRequest(error));
    }

    /// <summary>
    /// PUT /states/raid: the body is the target RAID configuration, which must be an object (no body: an empty one,
    /// which clears the target). Its content is checked by the node's RAID interface.
    /// </summary>
    public static (JsonObject? Config, ApiError? Error) ParseTargetRaidConfig(BodyRead body)
    {
        if (body.IsEmpty)
            return ([], null);
        return body.Node is JsonObject config
            ? (config, null)
            : (null, ApiError.BadRequest($"Expected types <class 'dict'> for target_raid_config: {PythonValues.Str(body.Node)}"));
    }

    private static ApiError SchemaError(string name, string reason) => ApiError.BadRequest($"Schema error for {name}: {reason}");
}

/// <summary>How Python's <c>repr</c> shows a JSON value (validator messages quote values this way).</summary>
public static class PyRepr
{
    public static string Of(string value) => NodeValues.TraitRepr(value);

    public static string Of(JsonNode? value) => value switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(kv => $"{Of(kv.Key)}: {Of(kv.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(v => Of(v))) + "]",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => Of(value.GetValue<string>()),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Null => "None",
            _ => value.ToJsonString(),
        },
    };
}
