using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ironic.Actors.Gateway.Versioning;
using Ironic.Actors.Protocol.Requests;

namespace Ironic.Actors.Gateway.Api;

/// <summary>
/// Request bodies of ports, portgroups and chassis, checked as Ironic 21.4 checks them before anything reaches
/// the cluster: the JSON shape (with jsonschema's wording), the fields a PATCH may touch, version gates, and
/// ident forms. Bodies are read once through the protocol (<see cref="PatchRequest"/>,
/// <see cref="Protocol.Ports.PortRequests"/>); rules about the objects themselves are the domain's.
/// </summary>
public static partial class PortBodies
{
    /// <summary>A POST body must be a JSON object: Ironic's schema error otherwise.</summary>
    public static (JsonObject? Body, ApiError? Error) Object(BodyRead body, string schemaName)
    {
        if (body.Error is not null)
            return (null, body.Error);
        return body.Node is JsonObject o
            ? ((JsonObject)o.DeepClone(), null)
            : (null, ApiError.BadRequest(SchemaErrors.NotOfType(schemaName, body.Node, "object")));
    }

    /// <summary>
    /// A PATCH body, read once (<see cref="PatchRequest.Read"/>: Ironic's <c>args.patch</c> schema), whose paths name
    /// only <paramref name="patchable"/> root fields (null: the resource checks its fields itself).
    /// </summary>
    public static (PatchRequest? Patch, ApiError? Error) ParsePatch(BodyRead body, IReadOnlyList<string>? patchable)
    {
        if (body.Error is not null)
            return (null, body.Error);
        var (patch, error) = PatchRequest.Read(body.Node, patchable);
        return patch is null ? (null, ApiError.BadRequest(error!)) : (patch, null);
    }

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
        Identifiers.NormalizeUuid(value) is { } uuid
            ? (Guid.Parse(uuid), null)
            : (null, ApiError.BadRequest($"Expected UUID for {name}: {value}"));

    /// <summary>Ironic's <c>args.uuid_or_name</c>: 400 <c>Expected UUID or name for &lt;name&gt;: X</c>.</summary>
    public static ApiError? UuidOrName(string name, string value) =>
        Identifiers.IsUuidLike(value) || IsLogicalName(value)
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
