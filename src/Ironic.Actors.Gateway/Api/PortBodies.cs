using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ironic.Actors.Domain.Nodes;
using Ironic.Actors.Domain.Ports;
using Ironic.Actors.Gateway.Versioning;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Request bodies of ports, portgroups and chassis, checked as Ironic 21.4 checks them before anything reaches
/// the cluster: the JSON shape (with jsonschema's wording), the fields a PATCH may touch, version gates, and
/// ident forms. Rules about the objects themselves are the domain's.
/// </summary>
public static partial class PortBodies
{
    [GeneratedRegex("^(/[\\w-]+)+$")]
    private static partial Regex PatchPath();

    /// <summary>A POST body must be a JSON object: Ironic's schema error otherwise.</summary>
    public static (JsonObject? Body, ApiError? Error) Object(BodyRead body, string schemaName)
    {
        if (body.Error is not null)
            return (null, body.Error);
        return body.Node is JsonObject o
            ? ((JsonObject)o.DeepClone(), null)
            : (null, ApiError.BadRequest(SchemaCheck.Fail(schemaName, PythonText.NotOfType(body.Node, "object"))));
    }

    /// <summary>
    /// A PATCH body: an array of <c>{"op", "path"[, "value"]}</c> (Ironic's <c>args.patch</c> schema), whose
    /// paths name only <paramref name="patchable"/> root fields (Ironic's "Cannot patch" error otherwise; null: the
    /// resource checks its fields itself, after looking the object up, as Ironic's volume controllers do).
    /// </summary>
    public static (IReadOnlyList<PatchOperation>? Operations, ApiError? Error) ParsePatch(BodyRead body, IReadOnlyList<string>? patchable)
    {
        if (body.Error is not null)
            return (null, body.Error);
        if (body.Node is not JsonArray array)
            return Fail(PythonText.NotOfType(body.Node, "array"));
        var operations = new List<PatchOperation>();
        foreach (var item in array)
        {
            if (item is not JsonObject op)
                return Fail(PythonText.NotOfType(item, "object"));
            if (op.Select(kv => kv.Key).Where(k => k is not ("op" or "path" or "value")).ToList() is { Count: > 0 } extra)
                return Fail($"Additional properties are not allowed ({string.Join(", ", extra.Select(PythonText.Of))} {(extra.Count == 1 ? "was" : "were")} unexpected)");
            foreach (var required in new[] { "op", "path" })
                if (!op.ContainsKey(required))
                    return Fail($"{PythonText.Of(required)} is a required property");
            if (!PythonText.HasType(op["path"], "string"))
                return Fail(PythonText.NotOfType(op["path"], "string"));
            if (!PythonText.HasType(op["op"], "string"))
                return Fail(PythonText.NotOfType(op["op"], "string"));
            var path = op["path"]!.GetValue<string>();
            var verb = op["op"]!.GetValue<string>();
            if (!PatchPath().IsMatch(path))
                return Fail($"{PythonText.Of(path)} does not match {PythonText.Of("^(/[\\w-]+)+$")}");
            if (verb is not ("add" or "replace" or "remove"))
                return Fail($"{PythonText.Of(verb)} is not one of ['add', 'replace', 'remove']");
            operations.Add(new PatchOperation(verb, path, op["value"]?.DeepClone(), op.ContainsKey("value")));
        }
        foreach (var op in operations)
            if (patchable is not null && !patchable.Contains(op.Path.Split('/')[1]))
                return (null, ApiError.BadRequest($"Cannot patch {op.Path}. Only the following can be updated: {string.Join(", ", patchable)}"));
        return (operations, null);

        static (IReadOnlyList<PatchOperation>?, ApiError?) Fail(string message) =>
            (null, ApiError.BadRequest(SchemaCheck.Fail("patch", message)));
    }

    /// <summary>Root fields a patch adds, replaces or removes.</summary>
    public static IEnumerable<string> Touched(IEnumerable<PatchOperation> ops) => ops.Select(o => o.Path.Split('/')[1]).Distinct();

    /// <summary>Values the patch gives <paramref name="path"/> with add or replace (Ironic's get_patch_values).</summary>
    public static IEnumerable<JsonNode?> ValuesOf(IEnumerable<PatchOperation> ops, string path) =>
        ops.Where(o => o.Op is "add" or "replace" && o.Path == path).Select(o => o.Value);

    /// <summary>
    /// 406 when a port body (or patched fields) uses fields newer than the version: pxe_enabled and
    /// local_link_connection 1.19, portgroup_uuid 1.24, physical_network 1.34, is_smartnic 1.53, and a
    /// local_link_connection with network_type 1.64.
    /// </summary>
    public static bool PortFieldsTooNew(IEnumerable<string> fields, bool mentionsNetworkType, ApiVersion version) =>
        fields.Any(f => Rendering.ResourceFields.Port.Since(f) is { } since && !version.AtLeast(since)) ||
        (mentionsNetworkType && !version.AtLeast(Versions.LocalLinkNetworkType));

    /// <summary>Whether a local_link_connection value (or patch) names <c>network_type</c>.</summary>
    public static bool NamesNetworkType(JsonNode? localLink) => localLink is JsonObject o && o.ContainsKey("network_type");

    /// <summary>Ironic's <c>args.uuid</c> for a path segment: 400 <c>Expected UUID for &lt;name&gt;: X</c>.</summary>
    public static (Guid? Id, ApiError? Error) Uuid(string name, string value) =>
        FieldRules.NormalizeUuid(value) is { } uuid
            ? (Guid.Parse(uuid), null)
            : (null, ApiError.BadRequest($"Expected UUID for {name}: {value}"));

    /// <summary>Ironic's <c>args.uuid_or_name</c>: 400 <c>Expected UUID or name for &lt;name&gt;: X</c>.</summary>
    public static ApiError? UuidOrName(string name, string value) =>
        FieldRules.IsUuidLike(value) || IsLogicalName(value)
            ? null
            : ApiError.BadRequest($"Expected UUID or name for {name}: {value}");

    /// <summary>Ironic's logical names (1 to 255 of A-Za-z0-9-._~), as its portgroups and arguments take them.</summary>
    public static bool IsLogicalName(string value) => LogicalName().IsMatch(value);

    /// <summary>Names before 1.10 had to be host names (Ironic's is_hostname_safe).</summary>
    public static bool IsValidPortgroupName(string name, ApiVersion version) =>
        version.AtLeast(Versions.LogicalNames) ? IsLogicalName(name) : name.Length <= 255 && HostName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9\\-._~]{1,255}$")]
    private static partial Regex LogicalName();

    [GeneratedRegex("^[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?(\\.[a-z0-9\\-_]{0,62}[a-z0-9])*\\.?$")]
    private static partial Regex HostName();

    /// <summary>A JSON string's text, or null.</summary>
    public static string? Text(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
